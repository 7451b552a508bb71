/** `vip-care kpi` as users run it: the built CLI on an embedded store seeded with the KPI fixture. */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KpiReportSchema } from '../../core/kpi/report.js';
import { openStore } from '../../server/store/db.js';
import { migrateToLatest } from '../../server/store/migrate.js';
import { repoRoot, tempDir, type TempDir, runCli, type CliResult } from '../helpers.js';
import { FROM, KPI_TENANT, TO, seedKpiTenant } from './fixtures.js';

const run = promisify(execFile);
const CJK = /[\u4e00-\u9fff]/;


describe('vip-care kpi (built CLI, embedded store)', () => {
  let dir: TempDir;
  let env: NodeJS.ProcessEnv;

  const cli = (...args: string[]): Promise<CliResult> => runCli(env, args);

  beforeAll(async () => {
    await run(process.execPath, ['scripts/build.mjs', 'cli'], { cwd: repoRoot });
    dir = await tempDir('vip-care-kpi-cli-');
    env = { ...process.env, VIP_CARE_DATA_DIR: dir.file('data'), VIP_CARE_LOCALE: 'en' };
    delete env.DATABASE_URL;
    // Seed the data directory in-process, then close it so the CLI can open it.
    const store = await openStore({ dataDir: dir.file('data') });
    await migrateToLatest(store);
    await seedKpiTenant(store);
    await store.close();
  });
  afterAll(async () => {
    await dir?.remove();
  });

  it('--json prints the KpiReport', async () => {
    const r = await cli('kpi', '--tenant', KPI_TENANT, '--from', FROM, '--to', TO, '--by', 'month', '--json');
    expect(r.code, r.stderr).toBe(0);
    const report = KpiReportSchema.parse(JSON.parse(r.stdout));
    expect(report).toMatchObject({ tenantId: KPI_TENANT, by: 'month', groups: ['2026-01', '2026-02'] });
    expect(report.satisfaction.overall.nps).toMatchObject({ n: 10, value: 20 });
    expect(report.retention.months).toHaveLength(2);
  });

  it('prints readable sections with intervals', async () => {
    const r = await cli('kpi', '--tenant', KPI_TENANT, '--from', FROM, '--to', TO, '--by', 'tier');
    expect(r.code, r.stderr).toBe(0);
    const out = r.stdout;
    expect(out).toContain(`KPIs for ${KPI_TENANT}: ${FROM} to ${TO} (Asia/Shanghai)`);
    expect(out).toMatch(/^ {2}NPS +\+20 \(95% CI -?\+?\d+\.\.\+\d+, n=10\)$/m);
    expect(out).toMatch(/^ {4}Diamond +\+100 \(95% CI .*, n=2\)$/m);
    expect(out).toMatch(/^ {2}CSAT \(4-5 of 5\) +60\.0% \(95% CI \d+\.\d\.\.\d+\.\d, n=5\)$/m);
    expect(out).toMatch(/^ {2}First response +50\.0% \(95% CI .*, n=4\); 1 still running$/m);
    expect(out).toContain('median 60 min, p90 84 min');
    expect(out).toContain('Tier migration: 2025-12-31 → 2026-02-28');
    expect(out).toContain('5 customers: 2 stayed, 2 up, 1 down');
    expect(out).toMatch(/^ {2}Reported back +50\.0% /m);
    // Aligned: values start in column 24, for overall lines and indented group lines alike.
    const lines = out.split('\n').filter((l) => /^ {2,4}(NPS|CES \(1-7\)|Diamond|None|Repeat buyers|Completed|On time) .*[(%]/.test(l));
    expect(lines.length).toBeGreaterThan(8);
    for (const l of lines) expect(l.slice(22, 25), l).toMatch(/^ {2}\S$/);
  });

  it('speaks Chinese with --locale zh-CN', async () => {
    const r = await cli('kpi', '--tenant', KPI_TENANT, '--from', FROM, '--to', TO, '--locale', 'zh-CN');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('满意度');
    expect(r.stdout).toMatch(/NPS +\+20（95% 置信区间/);
    const help = await cli('kpi', '--help', '--locale', 'zh-CN');
    expect(help.stdout).toMatch(CJK);
  });

  it('--to before --from, a bad date, an unknown grouping and an unknown tenant fail clearly', async () => {
    const reversed = await cli('kpi', '--tenant', KPI_TENANT, '--from', TO, '--to', FROM);
    expect(reversed.code).toBe(1);
    expect(reversed.stderr).toContain(`--to ${FROM} is before --from ${TO}`);
    const bad = await cli('kpi', '--tenant', KPI_TENANT, '--from', '2026-02-30', '--to', TO);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('expected a date as YYYY-MM-DD');
    const by = await cli('kpi', '--tenant', KPI_TENANT, '--from', FROM, '--to', TO, '--by', 'week');
    expect(by.code).toBe(1);
    expect(by.stderr).toContain('expected one of: tier, month');
    const unknown = await cli('kpi', '--tenant', 'nobody', '--from', FROM, '--to', TO);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('nobody');
  });
});
