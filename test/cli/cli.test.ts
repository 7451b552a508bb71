/**
 * The built CLI (dist/cli.mjs) as users run it: a child process on an embedded store in a fresh
 * data directory. Steps run in order and build on each other (import, score, then read).
 */
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CDNOW_CUSTOMERS, CDNOW_ORDERS, CDNOW_SAMPLE, repoRoot, tempDir, type TempDir, runCli, type CliResult } from '../helpers.js';

const run = promisify(execFile);
const RETAIL = path.join(repoRoot, 'core', 'program', 'examples', 'retail.yaml');
const B2B = 'core/program/examples/b2b-accounts.yaml';
const CJK = /[\u4e00-\u9fff]/;


interface TiersJson {
  asOf: string | null;
  customers: number;
  tiers: { name: string; customers: number }[];
  notVip: number;
  flags: { potentialVip: number; atRisk: number };
}

interface ExplainJson {
  customerId: string;
  asOf: string;
  score: number;
  tier: string | null;
  tierSince: string;
  contributions: { measure: string; value: number | null; normalized: number; weight: number; points: number }[];
  reasons: { code: string; text: string; params: Record<string, unknown> }[];
  flags: unknown[];
  changes: unknown;
}

interface PreviewJson {
  asOf: string;
  customers: number;
  matrix: { from: string | null; to: string | null; customers: number }[];
  moves: { customerId: string; from: string | null; to: string | null; currentScore: number | null; score: number }[];
  tiers: { name: string; current: number; candidate: number }[];
}

describe('the vip-care CLI (built, on an embedded store)', () => {
  let dir: TempDir;
  let env: NodeJS.ProcessEnv;

  const cli = (...args: string[]): Promise<CliResult> => runCli(env, args);

  function parseJson<T>(r: CliResult): T {
    expect(r.code, r.stderr).toBe(0);
    return JSON.parse(r.stdout) as T;
  }

  beforeAll(async () => {
    await run(process.execPath, ['scripts/build.mjs', 'cli'], { cwd: repoRoot });
    dir = await tempDir('vip-care-cli-');
    // The user's environment, on a fresh embedded store, with English messages unless asked otherwise.
    env = { ...process.env, VIP_CARE_DATA_DIR: dir.file('data'), VIP_CARE_LOCALE: 'en' };
    delete env.DATABASE_URL;
  });
  afterAll(async () => {
    await dir?.remove();
  });

  it('imports the CDNOW sample into a new tenant', async () => {
    const r = await cli('import', 'orders', CDNOW_SAMPLE, '--tenant', 'demo', '--format', 'cdnow');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Created tenant "demo" with the default program.');
    expect(r.stdout).toContain(
      `${CDNOW_ORDERS} rows read: ${CDNOW_ORDERS} accepted (${CDNOW_ORDERS} new, 0 updated, 0 unchanged), 0 rejected; ${CDNOW_CUSTOMERS} customers created from orders.`,
    );
    expect(r.stderr).toBe('');
  });

  it('importing the same file again changes nothing', async () => {
    const r = await cli('import', 'orders', CDNOW_SAMPLE, '--tenant', 'demo', '--format', 'cdnow');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).not.toContain('Created tenant');
    expect(r.stdout).toContain(`${CDNOW_ORDERS} accepted (0 new, 0 updated, ${CDNOW_ORDERS} unchanged), 0 rejected; 0 customers created`);
  });

  it('reports bad rows as file:line field, keeps the good ones, and exits 2', async () => {
    const file = dir.file('bad-orders.csv');
    await writeFile(
      file,
      [
        'order_id,customer_id,ordered_at,amount',
        'X1,K1,2024-03-01,10.00',
        'X2,K1,2024-13-45,5.00',
        'X3,K2,2024-03-02,-5.00',
        'X4,K2,2024-03-03,12abc',
        ',K3,2024-03-04,7.00',
        'X6,K3,2024-03-05,8.00',
      ].join('\n'),
    );
    const r = await cli('import', 'orders', file, '--tenant', 'bad-input');
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('6 rows read: 2 accepted (2 new, 0 updated, 0 unchanged), 4 rejected');
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(new RegExp(`^${escape(file)}:3 ordered_at "2024-13-45": `));
    expect(lines[1]).toBe(`${file}:4 amount "-5.00": must not be negative`);
    expect(lines[2]).toMatch(new RegExp(`^${escape(file)}:5 amount "12abc": `));
    expect(lines[3]).toBe(`${file}:6 order_id: is required`);

    // The JSON report lists the same problems; the good rows are already stored, so nothing is new.
    const again = await cli('import', 'orders', file, '--tenant', 'bad-input', '--json');
    expect(again.code).toBe(2);
    const report = JSON.parse(again.stdout) as { accepted: number; rejected: number; inserted: number; unchanged: number; problems: { line: number; field?: string }[] };
    expect(report).toMatchObject({ accepted: 2, rejected: 4, inserted: 0, unchanged: 2 });
    expect(report.problems.map((p) => `${p.line} ${p.field}`)).toEqual(['3 ordered_at', '4 amount', '5 amount', '6 order_id']);
  });

  it('scores the tenant as of a date', async () => {
    const r = await cli('score', '--tenant', 'demo', '--as-of', '1998-06-30');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^Full scoring run \\d+ as of 1998-06-30 \\(program v1\\): ${CDNOW_CUSTOMERS} customers scored, ${CDNOW_CUSTOMERS} changed, \\d+ tier changes, in [\\d.]+ s\\.\\n$`));
  });

  it('tiers --json has the documented shape, and the counts add up', async () => {
    const t = parseJson<TiersJson>(await cli('tiers', '--tenant', 'demo', '--json'));
    expect(Object.keys(t)).toEqual(expect.arrayContaining(['asOf', 'customers', 'tiers']));
    expect(t.asOf).toBe('1998-06-30');
    expect(t.customers).toBe(CDNOW_CUSTOMERS);
    expect(t.tiers.map((x) => x.name)).toEqual(['diamond', 'platinum', 'gold']);
    for (const tier of t.tiers) {
      expect(Object.keys(tier).sort()).toEqual(['customers', 'name']);
      expect(tier.customers).toBeGreaterThan(0);
    }
    expect(t.tiers.reduce((s, x) => s + x.customers, 0) + t.notVip).toBe(t.customers);
    expect(t.notVip).toBeGreaterThan(t.customers / 2);
  });

  it('explain --json: contributions whose points sum to the score', async () => {
    const id = await topSpender();
    const e = parseJson<ExplainJson>(await cli('explain', id, '--tenant', 'demo', '--json'));
    expect(e).toMatchObject({ customerId: id, asOf: '1998-06-30', changes: null });
    expect(e.tier).not.toBeNull();
    expect(e.contributions.length).toBeGreaterThan(0);
    for (const c of e.contributions) expect(Object.keys(c).sort()).toEqual(['measure', 'normalized', 'points', 'value', 'weight']);
    expect(e.contributions.reduce((s, c) => s + Math.round(c.points * 100), 0)).toBe(Math.round(e.score * 100));
    expect(e.reasons.length).toBeGreaterThan(0);
    expect(e.reasons.every((r) => typeof r.code === 'string' && r.text.length > 0)).toBe(true);

  });

  it('program validate names the file, line and path of each problem, and exits 1', async () => {
    const source = await readFile(RETAIL, 'utf8');
    // Gold's entry line above Platinum's.
    const broken = source.replace(/(id: gold, [^\n]*enter: )60/, '$175');
    expect(broken).not.toBe(source);
    const file = dir.file('bad-program.yaml');
    await writeFile(file, broken);
    const line = broken.split('\n').findIndex((l) => l.includes('id: platinum')) + 1;

    const r = await cli('program', 'validate', file);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${file} is not a valid program (1 problems):`);
    expect(r.stderr).toContain(`${file}:${line} tiers[1].enter: must be above tiers[2].enter`);

    const ok = await cli('program', 'validate', B2B);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain(`${B2B} is valid: "B2B key-account program"`);
  });

  it('program preview --json gives the migration matrix without publishing', async () => {
    const p = parseJson<PreviewJson>(await cli('program', 'preview', B2B, '--tenant', 'demo', '--json'));
    expect(p.asOf).toBe('1998-06-30');
    expect(p.customers).toBe(CDNOW_CUSTOMERS);
    expect(p.matrix.length).toBeGreaterThan(1);
    expect(p.matrix.reduce((s, m) => s + m.customers, 0)).toBe(CDNOW_CUSTOMERS);
    // Everyone in a retail tier today moves, since the B2B program has other tiers.
    const retailTiers = new Set(['diamond', 'platinum', 'gold']);
    expect(p.matrix.filter((m) => m.from !== null).every((m) => retailTiers.has(m.from as string) && !retailTiers.has(m.to as string))).toBe(true);
    expect(p.tiers.map((t) => t.name)).toEqual(expect.arrayContaining(['strategic', 'key', 'growth', 'diamond', 'platinum', 'gold']));
    expect(p.moves.length).toBe(p.matrix.filter((m) => m.from !== m.to).reduce((s, m) => s + m.customers, 0));
    // Nothing was published: the next test still sees the retail tiers.
  });

  it('simulate --json runs the playbooks over simulated days on a copy, and changes nothing', async () => {
    const before = parseJson<TiersJson>(await cli('tiers', '--tenant', 'demo', '--json'));
    const r = parseJson<{
      days: number;
      enrolments: number;
      tasks: number;
      messages: number;
      byTier: { key: string; tasks: number; messages: number }[];
      byPlaybook: { key: string; tasks: number }[];
      byWeek: { key: string; tasks: number }[];
      decisions: { outcome: string; reason: string; count: number }[];
    }>(await cli('simulate', '--tenant', 'demo', '--from', '1998-07-01', '--to', '1998-07-02', '--json'));
    expect(r.days).toBe(2);
    // 1 July starts a new month: every Diamond gets its monthly check-in (plus quarterly Gold, bi-monthly Platinum).
    expect(r.byPlaybook.find((p) => p.key === 'regular_check_in')?.tasks).toBeGreaterThan(0);
    const sum = (rows: { tasks: number }[]) => rows.reduce((n, x) => n + x.tasks, 0);
    expect(sum(r.byTier)).toBe(r.tasks);
    expect(sum(r.byPlaybook)).toBe(r.tasks);
    expect(sum(r.byWeek)).toBe(r.tasks);
    expect(r.byWeek.map((w) => w.key)).toEqual(['1998-W27']);
    // CDNOW customers have no e-mail address: welcome notes are dropped and recorded as such.
    expect(r.messages).toBe(0);
    expect(r.decisions.some((d) => d.outcome === 'suppressed' && d.reason === 'no_address' && d.count > 0)).toBe(true);
    const after = parseJson<TiersJson>(await cli('tiers', '--tenant', 'demo', '--json'));
    expect(after).toEqual(before);
  }, 120_000);

  it('simulate refuses a bad program file with its path and line, and a reversed date range', async () => {
    const bad = dir.file('bad.yaml');
    await writeFile(bad, (await readFile(RETAIL, 'utf8')).replace('duration: 30d', 'duration: 30x'));
    const r = await cli('simulate', '--tenant', 'demo', '--from', '1998-07-01', '--to', '1998-07-02', '--program', bad);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/bad\.yaml:\d+ playbooks\[0\]\.steps\[2\]\.duration: must be a number with h, d, w or m/);
    const reversed = await cli('simulate', '--tenant', 'demo', '--from', '1998-07-02', '--to', '1998-07-01');
    expect(reversed.code).toBe(1);
    expect(reversed.stderr).toContain('--to 1998-07-01 is before --from 1998-07-02');
  });

  it('an unknown tenant is a plain-language error with exit code 1', async () => {
    const r = await cli('tiers', '--tenant', 'nope');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim()).toBe('There is no tenant "nope"');
  });

  it('--locale zh-CN speaks Chinese', async () => {
    const t = await cli('tiers', '--tenant', 'demo', '--locale', 'zh-CN');
    expect(t.code, t.stderr).toBe(0);
    expect(t.stdout).toContain(`截至 1998-06-30 的等级（共 ${CDNOW_CUSTOMERS} 位客户）：`);
    // The retail tiers (the preview above published nothing).
    expect(t.stdout).toContain('钻石');
    expect(t.stdout).toContain('黄金');
    expect(t.stdout).toContain('非 VIP');
    const missing = await cli('tiers', '--tenant', 'nope', '--locale', 'zh-CN');
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim()).toBe('租户 "nope" 不存在');
    const invalid = await cli('program', 'validate', dir.file('bad-program.yaml'), '--locale=zh-CN');
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toMatch(CJK);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The customer with the most spend in the year up to 1998-06-30 (a VIP under any sensible program). */
async function topSpender(): Promise<string> {
  const spend = new Map<string, number>();
  for (const line of (await readFile(CDNOW_SAMPLE, 'utf8')).split('\n')) {
    const [, id, date, , amount] = line.trim().split(/\s+/);
    if (!id || !date || !amount || date < '19970701' || date > '19980630') continue;
    const key = String(Number(id));
    spend.set(key, (spend.get(key) ?? 0) + Number(amount));
  }
  return [...spend].sort((a, b) => b[1] - a[1])[0]?.[0] as string;
}
