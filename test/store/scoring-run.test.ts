import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Selectable } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VipCareError } from '../../core/errors.js';
import { parseProgram, validateProgram } from '../../core/program/load.js';
import type { Program } from '../../core/program/schema.js';
import { REASON_CODES } from '../../core/scoring/tiers.js';
import { generateSyntheticTenant } from '../../server/demo/synthetic-tenant.js';
import { previewProgram } from '../../server/scoring/preview.js';
import { explainCustomer, tierSummary } from '../../server/scoring/read-models.js';
import { runScoring, type RunScoringOptions, type ScoringSummary } from '../../server/scoring/score-run.js';
import type { Store } from '../../server/store/db.js';
import type { Database } from '../../server/store/schema.js';
import { createOverride } from '../../server/store/repositories/overrides.js';
import { activeProgram, publishProgram } from '../../server/store/repositories/programs.js';
import { storeTargets } from '../store-harness.js';
import { CDNOW_CUSTOMERS, CDNOW_SAMPLE, cdnowTenant, importOrders, provisionUsdTenant, repoRoot, tempDir, type TempDir } from '../helpers.js';

const AS_OF = '1998-06-30';
const RETAIL = path.join(repoRoot, 'core', 'program', 'examples', 'retail.yaml');

type ScoreRow = Omit<Selectable<Database['customer_scores']>, 'updated_at'>;

async function scores(store: Store, tenantId: string): Promise<ScoreRow[]> {
  const rows = await store.db.selectFrom('customer_scores').selectAll().where('tenant_id', '=', tenantId).orderBy('customer_id').execute();
  return rows.map(({ updated_at: _updated, ...rest }) => rest);
}

async function tierAssignments(store: Store, tenantId: string) {
  return store.db
    .selectFrom('tier_assignments')
    .select(['id', 'customer_id', 'run_id', 'as_of', 'from_tier', 'to_tier', 'reason_code', 'score', 'reasons', 'contributions', 'program_version'])
    .where('tenant_id', '=', tenantId)
    .orderBy('id')
    .execute();
}

async function countRows(store: Store, table: 'score_history' | 'tier_assignments' | 'score_runs', tenantId: string): Promise<number> {
  const row = await store.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).where('tenant_id', '=', tenantId).executeTakeFirstOrThrow();
  return Number(row.n);
}

function score(store: Store, opts: Omit<RunScoringOptions, 'actor'>): Promise<ScoringSummary> {
  return runScoring(store, { actor: 'test', ...opts });
}

/** Hundredths, to compare sums of 2-decimal numbers exactly. */
const cents = (x: number) => Math.round(x * 100);

/** Stored points are in the order of the program's measures, null for measures without weight. */
function expectPointsSumToScore(rows: readonly { customer_id: string; score: number; points: readonly (number | null)[] }[]): void {
  const wrong = rows.filter((r) => r.points.reduce<number>((s, p) => s + cents(p ?? 0), 0) !== cents(r.score));
  expect(wrong.map((r) => r.customer_id)).toEqual([]);
}

/** Every customer's tier changes form one chain: null -> a -> b ..., ending at the stored tier. */
function expectTierChains(assignments: readonly { customer_id: string; from_tier: string | null; to_tier: string | null; run_id: number | null }[], current: ReadonlyMap<string, string | null>): void {
  const last = new Map<string, string | null>();
  const broken: string[] = [];
  const perRun = new Set<string>();
  for (const a of assignments) {
    const key = `${a.customer_id}/${a.run_id}`;
    if (perRun.has(key)) broken.push(`${key}: twice in one run`);
    perRun.add(key);
    const before = last.has(a.customer_id) ? (last.get(a.customer_id) ?? null) : null;
    if (a.from_tier !== before) broken.push(`${a.customer_id}: ${a.from_tier} after ${before}`);
    if (a.from_tier === a.to_tier) broken.push(`${a.customer_id}: ${a.from_tier} -> ${a.to_tier} is no change`);
    last.set(a.customer_id, a.to_tier);
  }
  for (const [customer, tier] of last) {
    if (current.get(customer) !== tier) broken.push(`${customer}: last change to ${tier}, stored ${current.get(customer)}`);
  }
  expect(broken).toEqual([]);
}

async function retailProgram(): Promise<Program> {
  const parsed = parseProgram(await readFile(RETAIL, 'utf8'));
  if (!parsed.ok) throw new Error('retail.yaml does not validate');
  return parsed.program;
}

/** Higher entry and exit lines, no minimum time in tier and no lifetime-spend floor. */
async function stricterProgram(): Promise<Program> {
  const base = await retailProgram();
  const lines: Record<string, [number, number]> = { diamond: [95, 92], platinum: [88, 85], gold: [80, 76] };
  const candidate = {
    ...base,
    rules: [],
    tiers: base.tiers.map((t) => ({ ...t, enter: lines[t.id]?.[0] ?? t.enter, exit: lines[t.id]?.[1] ?? t.exit, minDays: 0 })),
  };
  const checked = validateProgram(candidate);
  if (!checked.ok) throw new Error(`stricter program does not validate: ${JSON.stringify(checked.problems)}`);
  return checked.program;
}

const RANK: Record<string, number> = { diamond: 0, platinum: 1, gold: 2 };
const rank = (tier: string | null) => (tier === null ? 3 : (RANK[tier] ?? 4));

describe.each(storeTargets())('scoring runs ($kind)', (target) => {
  let store: Store;
  let dir: TempDir;

  beforeAll(async () => {
    store = await target.open();
    dir = await tempDir();
  });
  afterAll(async () => {
    await store?.close();
    await dir?.remove();
  });

  describe('the CDNOW sample as of 1998-06-30', () => {
    const tenant = 'cdnow';
    let first: ScoringSummary;
    let firstScores: ScoreRow[];

    beforeAll(async () => {
      await cdnowTenant(store, tenant);
    });

    it('a first run is full and gives sensible tiers', async () => {
      first = await score(store, { tenantId: tenant, asOf: AS_OF });
      expect(first).toMatchObject({ mode: 'full', asOf: AS_OF, programVersion: 1, scored: CDNOW_CUSTOMERS, changed: CDNOW_CUSTOMERS });

      const summary = await tierSummary(store, tenant, ['diamond', 'platinum', 'gold']);
      expect(summary.asOf).toBe(AS_OF);
      expect(summary.customers).toBe(CDNOW_CUSTOMERS);
      const byTier = Object.fromEntries(summary.tiers.map((t) => [t.name, t.customers]));
      expect(byTier.diamond).toBeGreaterThan(0);
      expect(byTier.platinum).toBeGreaterThan(0);
      expect(byTier.gold).toBeGreaterThan(0);
      const vips = summary.tiers.reduce((s, t) => s + t.customers, 0);
      expect(vips + summary.notVip).toBe(CDNOW_CUSTOMERS);
      // Most customers of this (mostly lapsed) sample are not VIPs, and the pyramid narrows upward.
      expect(summary.notVip).toBeGreaterThan(CDNOW_CUSTOMERS * 0.7);
      expect(byTier.diamond).toBeLessThan(vips / 2);

      firstScores = await scores(store, tenant);
      expect(firstScores).toHaveLength(CDNOW_CUSTOMERS);
      expect(firstScores.every((r) => r.score >= 0 && r.score <= 100 && r.run_id === first.runId)).toBe(true);
      // A VIP's score clears the entry line unless a rule raised them.
      const program = await retailProgram();
      const enter = new Map(program.tiers.map((t) => [t.id, t.enter]));
      const belowLine = firstScores.filter((r) => r.tier !== null && r.score < (enter.get(r.tier) as number) && r.primary_reason !== 'rule_at_least');
      expect(belowLine.map((r) => r.customer_id)).toEqual([]);
    });

    it('the points of the contributions sum to the score for every stored customer', () => {
      expectPointsSumToScore(firstScores);
      // Every measure has a slot; the 9 weighted ones carry points, the weight-0 lifetime spend does not.
      expect(firstScores.every((r) => r.points.length === 10 && r.points.filter((p) => p !== null).length === 9 && r.points[9] === null)).toBe(true);
    });

    it('records each tier change with its reason, score and contributions', async () => {
      const program = await retailProgram();
      const changes = await tierAssignments(store, tenant);
      const vips = firstScores.filter((r) => r.tier !== null);
      expect(first.tierChanges).toBe(vips.length);
      expect(changes).toHaveLength(vips.length);
      const stored = new Map(firstScores.map((r) => [r.customer_id, r]));
      for (const c of changes) {
        const s = stored.get(c.customer_id) as ScoreRow;
        expect(c).toMatchObject({ run_id: first.runId, as_of: AS_OF, program_version: 1, from_tier: null, to_tier: s.tier, reason_code: s.primary_reason, score: s.score });
        expect((c.contributions as { points: number }[]).map((x) => x.points)).toEqual(s.points.filter((p) => p !== null));
      }
      const codes = new Set(changes.map((c) => c.reason_code));
      expect([...codes].every((code) => (REASON_CODES as readonly string[]).includes(code))).toBe(true);
      expect(codes.has('score_entered')).toBe(true);
      // The $1,000 lifetime-spend rule lifts some big past buyers to Gold.
      expect(codes.has('rule_at_least')).toBe(true);
      const lifted = changes.filter((c) => c.reason_code === 'rule_at_least');
      expect(lifted.every((c) => c.to_tier === 'gold')).toBe(true);
      const lifetime = program.measures.findIndex((m) => m.id === 'spend_lifetime');
      expect(lifted.every((c) => (stored.get(c.customer_id)?.measure_values[lifetime] ?? 0) >= 1000)).toBe(true);
      // Every scored customer starts a history.
      expect(await countRows(store, 'score_history', tenant)).toBe(CDNOW_CUSTOMERS);
    });

    it('is deterministic: a fresh store with the same data (in reverse order) gives identical scores', async () => {
      const reversed = dir.file('cdnow-reversed.txt');
      const lines = (await readFile(CDNOW_SAMPLE, 'utf8')).split('\n').filter((l) => l.trim() !== '');
      await writeFile(reversed, `${lines.reverse().join('\n')}\n`);
      const other = await target.open();
      try {
        await provisionUsdTenant(other, tenant);
        expect(await importOrders(other, tenant, reversed, 'cdnow')).toMatchObject({ accepted: lines.length, customersCreated: CDNOW_CUSTOMERS });
        const again = await score(other, { tenantId: tenant, asOf: AS_OF });
        expect(again).toMatchObject({ mode: 'full', scored: CDNOW_CUSTOMERS, tierChanges: first.tierChanges });
        const strip = (rows: ScoreRow[]) => rows.map(({ run_id: _run, ...rest }) => rest);
        expect(strip(await scores(other, tenant))).toEqual(strip(firstScores));
      } finally {
        await other.close();
      }
    });

    it('a second run for the same date with no changes is incremental and writes nothing', async () => {
      const history = await countRows(store, 'score_history', tenant);
      const changes = await countRows(store, 'tier_assignments', tenant);
      const second = await score(store, { tenantId: tenant, asOf: AS_OF });
      expect(second).toMatchObject({ mode: 'incremental', scored: 0, changed: 0, tierChanges: 0 });
      expect(await scores(store, tenant)).toEqual(firstScores);
      expect(await countRows(store, 'score_history', tenant)).toBe(history);
      expect(await countRows(store, 'tier_assignments', tenant)).toBe(changes);
      const run = await store.db.selectFrom('score_runs').select(['status', 'reference_run_id', 'watermark']).where('id', '=', second.runId).executeTakeFirstOrThrow();
      expect(run).toMatchObject({ status: 'completed', reference_run_id: first.runId });
    });

    it('after a new order for one customer, an incremental run re-scores exactly that customer', async () => {
      // Customer 2 bought twice in January 1997; a big order in June 1998 makes them a VIP.
      const before = new Map(firstScores.map((r) => [r.customer_id, r]));
      expect(before.get('2')?.tier).toBeNull();
      const file = dir.file('one-order.csv');
      await writeFile(file, 'order_id,customer_id,ordered_at,amount,items\nNEW-1,2,1998-06-20,2500.00,40\n');
      expect(await importOrders(store, tenant, file)).toMatchObject({ inserted: 1, customersCreated: 0 });

      const run = await score(store, { tenantId: tenant, asOf: AS_OF });
      expect(run).toMatchObject({ mode: 'incremental', scored: 1, changed: 1, tierChanges: 1 });
      const after = await scores(store, tenant);
      const rewritten = after.filter((r) => r.run_id === run.runId);
      expect(rewritten.map((r) => r.customer_id)).toEqual(['2']);
      const two = rewritten[0] as ScoreRow;
      expect(two.score).toBeGreaterThan((before.get('2') as ScoreRow).score);
      expect(two.tier).not.toBeNull();
      expectPointsSumToScore([two]);
      // Everyone else is exactly as before.
      const others = after.filter((r) => r.customer_id !== '2');
      expect(others).toEqual(firstScores.filter((r) => r.customer_id !== '2'));
      const changes = (await tierAssignments(store, tenant)).filter((c) => c.run_id === run.runId);
      expect(changes).toMatchObject([{ customer_id: '2', from_tier: null, to_tier: two.tier, reason_code: two.primary_reason }]);
    });

    it('a forced full run re-scores everyone and becomes the reference for later incremental runs', async () => {
      const full = await score(store, { tenantId: tenant, asOf: AS_OF, mode: 'full' });
      expect(full).toMatchObject({ mode: 'full', scored: CDNOW_CUSTOMERS });
      const run = await store.db.selectFrom('score_runs').select(['mode', 'status', 'reference', 'reference_run_id']).where('id', '=', full.runId).executeTakeFirstOrThrow();
      expect(run).toMatchObject({ mode: 'full', status: 'completed', reference_run_id: null });
      expect(run.reference).not.toBeNull();
      const rows = await scores(store, tenant);
      expect(rows).toHaveLength(CDNOW_CUSTOMERS);
      expectPointsSumToScore(rows);
      // Only customers whose result moved were rewritten.
      expect(rows.filter((r) => r.run_id === full.runId)).toHaveLength(full.changed);
      // Re-running the same date with the same data is idempotent: nothing to write, no tier change.
      const changesBefore = await countRows(store, 'tier_assignments', tenant);
      const again = await score(store, { tenantId: tenant, asOf: AS_OF, mode: 'full' });
      expect(again).toMatchObject({ mode: 'full', changed: 0, tierChanges: 0 });
      expect(await scores(store, tenant)).toEqual(rows);
      expect(await countRows(store, 'tier_assignments', tenant)).toBe(changesBefore);

      const next = await score(store, { tenantId: tenant, asOf: AS_OF });
      expect(next).toMatchObject({ mode: 'incremental', scored: 0, changed: 0 });
      const nextRun = await store.db.selectFrom('score_runs').select('reference_run_id').where('id', '=', next.runId).executeTakeFirstOrThrow();
      expect(nextRun.reference_run_id).toBe(again.runId);
      // An incremental run for another date is refused.
      await expect(score(store, { tenantId: tenant, asOf: '1998-07-31', mode: 'incremental' })).rejects.toMatchObject({ code: 'INCREMENTAL_NOT_POSSIBLE' });
    });

    it('explains a customer; with no older score there is nothing to compare with', async () => {
      const rows = await scores(store, tenant);
      const vip = rows.filter((r) => r.tier === 'diamond').sort((a, b) => b.score - a.score)[0] as ScoreRow;
      const e = await explainCustomer(store, tenant, vip.customer_id);
      expect(e).toMatchObject({ customerId: vip.customer_id, asOf: AS_OF, programVersion: 1, score: vip.score, tier: 'diamond', tierSince: AS_OF });
      expect(e.contributions.reduce((s, c) => s + cents(c.points), 0)).toBe(cents(e.score));
      // A forced re-run of the same date starts from the same basis, so it decides the same way.
      expect(e.reasons[0]).toEqual({ code: 'score_entered', params: { tier: 'diamond', score: vip.score, threshold: 85 } });
      expect(e.reasons).toEqual(vip.reasons);
      expect(e.changes).toBeNull();
      await expect(explainCustomer(store, tenant, 'no-such-customer')).rejects.toMatchObject({ code: 'CUSTOMER_NOT_FOUND' });
    });

    it('previews a stricter program: customers move down, and nothing is written', async () => {
      const before = await scores(store, tenant);
      const runs = await countRows(store, 'score_runs', tenant);
      const changes = await countRows(store, 'tier_assignments', tenant);
      const history = await countRows(store, 'score_history', tenant);

      const preview = await previewProgram(store, tenant, await stricterProgram(), AS_OF);
      expect(preview.asOf).toBe(AS_OF);
      expect(preview.customers).toBe(CDNOW_CUSTOMERS);
      expect(preview.matrix.reduce((s, m) => s + m.customers, 0)).toBe(CDNOW_CUSTOMERS);
      expect(preview.moves.length).toBeGreaterThan(0);
      expect(preview.moves.every((m) => rank(m.to) > rank(m.from))).toBe(true);
      // Current counts are today's tiers; candidate VIPs are fewer.
      const current = new Map(before.filter((r) => r.tier).map((r) => [r.customer_id, r.tier]));
      for (const t of preview.tiers) expect(t.current).toBe(before.filter((r) => r.tier === t.name).length);
      const candidateVips = preview.tiers.reduce((s, t) => s + t.candidate, 0);
      expect(candidateVips).toBeLessThan(current.size);
      const moved = new Map(preview.moves.map((m) => [m.customerId, m]));
      for (const [id, m] of moved) expect(m.from).toBe(current.get(id) ?? null);

      expect(await scores(store, tenant)).toEqual(before);
      expect(await countRows(store, 'score_runs', tenant)).toBe(runs);
      expect(await countRows(store, 'tier_assignments', tenant)).toBe(changes);
      expect(await countRows(store, 'score_history', tenant)).toBe(history);
      expect((await activeProgram(store.db, tenant))?.version).toBe(1);
    });

    it('after publishing a new program version, the next run is full and does what the preview said', async () => {
      const program = await stricterProgram();
      const preview = await previewProgram(store, tenant, program, AS_OF);
      const version = await publishProgram(store.db, { tenantId: tenant, program, source: 'stricter (test)', actor: 'test' });
      expect(version).toBe(2);
      const before = new Map((await scores(store, tenant)).map((r) => [r.customer_id, r.tier]));
      const run = await score(store, { tenantId: tenant, asOf: AS_OF });
      expect(run).toMatchObject({ mode: 'full', programVersion: 2, scored: CDNOW_CUSTOMERS });
      const rows = await scores(store, tenant);
      expect(rows.every((r) => r.program_version === 2)).toBe(true);
      expectPointsSumToScore(rows);
      // Every customer lands where the preview said: movers on their new tier, everyone else where they were.
      const moved = new Map(preview.moves.map((m) => [m.customerId, m.to]));
      for (const r of rows) expect(r.tier).toBe(moved.has(r.customer_id) ? moved.get(r.customer_id) : before.get(r.customer_id));
      // This re-runs the same date, so history keeps one net change per customer for that date, now under v2.
      const changes = (await tierAssignments(store, tenant)).filter((c) => c.as_of === AS_OF);
      expect(changes.every((c) => c.program_version === 2)).toBe(true);
      expect(changes.length).toBe(rows.filter((r) => r.tier !== null).length);
      expectTierChains(await tierAssignments(store, tenant), new Map(rows.map((r) => [r.customer_id, r.tier])));
    });

    it('applies a manual override with its reason, and drops it once expired', async () => {
      // Overrides count from when they are made, so score dates after today.
      const rows = await scores(store, tenant);
      const target = rows.find((r) => r.tier === null) as ScoreRow;
      await createOverride(store.db, { tenantId: tenant, customerId: target.customer_id, tier: 'diamond', reason: 'Board member', author: 'ann', expiresAt: new Date('2099-01-16T00:00:00Z') });
      await expect(createOverride(store.db, { tenantId: tenant, customerId: 'nobody', tier: 'gold', reason: 'x', author: 'ann', expiresAt: null })).rejects.toBeInstanceOf(VipCareError);

      const during = await score(store, { tenantId: tenant, asOf: '2099-01-15' });
      expect(during.mode).toBe('full');
      const e = await explainCustomer(store, tenant, target.customer_id);
      expect(e).toMatchObject({ tier: 'diamond', tierSource: 'override', tierSince: '2099-01-15' });
      expect(e.reasons.find((r) => r.code === 'override')?.params).toMatchObject({ tier: 'diamond', reason: 'Board member', author: 'ann' });
      const stored = (await scores(store, tenant)).find((r) => r.customer_id === target.customer_id) as ScoreRow;
      expect(stored.primary_reason).toBe('override');
      const set = (await tierAssignments(store, tenant)).filter((c) => c.run_id === during.runId && c.customer_id === target.customer_id);
      expect(set).toMatchObject([{ from_tier: null, to_tier: 'diamond', reason_code: 'override' }]);

      const after = await score(store, { tenantId: tenant, asOf: '2099-01-16' });
      const ended = await explainCustomer(store, tenant, target.customer_id);
      expect(ended.tier).toBeNull();
      expect(ended.tierSource).toBe('score');
      expect(ended.reasons.map((r) => r.code)).toContain('override_expired');
      const dropped = (await tierAssignments(store, tenant)).filter((c) => c.run_id === after.runId && c.customer_id === target.customer_id);
      expect(dropped).toMatchObject([{ from_tier: 'diamond', to_tier: null, reason_code: 'override_expired' }]);
    });
  });

  describe('the CDNOW sample re-scored month by month through 1998', () => {
    const tenant = 'monthly';
    const monthEnds = ['1998-01-31', '1998-02-28', '1998-03-31', '1998-04-30', '1998-05-31', '1998-06-30', '1998-07-31', '1998-08-31', '1998-09-30', '1998-10-31', '1998-11-30', '1998-12-31'];
    let held = 0;
    let keptBetweenLines = 0;

    beforeAll(async () => {
      await cdnowTenant(store, tenant);
      const program = await retailProgram();
      const tier = new Map(program.tiers.map((t) => [t.id, t]));
      for (const asOf of monthEnds) {
        const run = await score(store, { tenantId: tenant, asOf });
        if (run.mode !== 'full') throw new Error(`expected a full run for ${asOf}`);
        const rows = await store.db.selectFrom('customer_scores').select(['tier', 'score', 'primary_reason']).where('tenant_id', '=', tenant).execute();
        for (const r of rows) {
          if (r.primary_reason === 'held_min_days') held++;
          if (r.primary_reason === 'score_kept' && r.tier && r.score < (tier.get(r.tier)?.enter ?? 0)) keptBetweenLines++;
        }
      }
    });

    it('records downgrades as activity fades, each below the exit line and after the minimum time in tier', async () => {
      const program = await retailProgram();
      const tier = new Map(program.tiers.map((t) => [t.id, t]));
      const changes = await tierAssignments(store, tenant);
      const downs = changes.filter((c) => c.reason_code === 'score_downgraded' || c.reason_code === 'score_left');
      expect(downs.length).toBeGreaterThan(0);
      expect(downs.some((c) => c.reason_code === 'score_downgraded')).toBe(true);
      expect(downs.some((c) => c.reason_code === 'score_left')).toBe(true);
      const entered = new Map<string, string>();
      const problems: string[] = [];
      for (const c of changes) {
        if (c.reason_code === 'score_downgraded' || c.reason_code === 'score_left') {
          const from = tier.get(c.from_tier as string);
          if (!from) problems.push(`${c.customer_id}: downgrade from ${c.from_tier}`);
          else {
            if (rank(c.to_tier) <= rank(c.from_tier)) problems.push(`${c.customer_id}: ${c.from_tier} -> ${c.to_tier} is not down`);
            if ((c.score ?? 100) >= from.exit) problems.push(`${c.customer_id}: left ${from.id} with ${c.score} >= exit ${from.exit}`);
            const since = entered.get(c.customer_id) as string;
            const days = (Date.parse(c.as_of) - Date.parse(since)) / 86_400_000;
            if (days < from.minDays) problems.push(`${c.customer_id}: left ${from.id} after ${days} days`);
          }
        }
        entered.set(c.customer_id, c.as_of);
      }
      expect(problems).toEqual([]);
      // Downgrades happen as the sample's purchases fade out (the data ends in June 1998).
      expect(downs.filter((c) => c.as_of > '1998-06-30').length).toBeGreaterThan(0);
      const rows = await scores(store, tenant);
      expectTierChains(changes, new Map(rows.map((r) => [r.customer_id, r.tier])));
      expectPointsSumToScore(rows);
    });

    it('hysteresis holds members between the exit and entry lines and for the minimum time in tier', () => {
      expect(keptBetweenLines).toBeGreaterThan(0);
      expect(held).toBeGreaterThan(0);
    });

    it('explains what changed compared with about 30 days earlier', async () => {
      const candidates = await store.db
        .selectFrom('score_history')
        .select(['customer_id', 'score', 'tier'])
        .where('tenant_id', '=', tenant)
        .where('as_of', '=', '1998-11-30')
        .orderBy('score', 'desc')
        .orderBy('customer_id')
        .limit(1)
        .execute();
      const before = candidates[0];
      expect(before).toBeDefined();
      const id = (before as { customer_id: string }).customer_id;
      const e = await explainCustomer(store, tenant, id);
      expect(e.asOf).toBe('1998-12-31');
      expect(e.changes).toMatchObject({ since: '1998-12-01', comparedWith: '1998-11-30', scoreBefore: before?.score, tierBefore: before?.tier });
      const changes = e.changes as NonNullable<typeof e.changes>;
      const now = new Map(e.contributions.map((c) => [c.measure, c]));
      for (const m of changes.measures) {
        expect(m.after).toBe(now.get(m.measure)?.value ?? null);
        expect(m.pointsAfter).toBe(now.get(m.measure)?.points);
      }
      // Recency grows by a month in December, so at least that measure changed.
      expect(changes.measures.map((m) => m.measure)).toContain('recency');
      const since = (await tierAssignments(store, tenant)).filter((c) => c.customer_id === id && c.as_of > '1998-12-01');
      expect(changes.tierChanges).toEqual(since.map((c) => ({ asOf: c.as_of, from: c.from_tier, to: c.to_tier, reason: c.reason_code })));

      // An explicit, earlier comparison date.
      const longer = await explainCustomer(store, tenant, id, { since: '1998-06-30' });
      expect(longer.changes?.since).toBe('1998-06-30');
      expect((longer.changes?.comparedWith ?? '9999-12-31') <= '1998-06-30').toBe(true);
      // Before the first run there is nothing to compare with.
      expect((await explainCustomer(store, tenant, id, { since: '1997-12-31' })).changes).toBeNull();
    });
  });

  if (target.kind === 'postgres') {
    describe('concurrent runs (Postgres)', () => {
      it('two runs at once for one tenant never write a tier change twice', async () => {
        const tenant = 'race';
        await provisionUsdTenant(store, tenant);
        await generateSyntheticTenant(store, { tenantId: tenant, customers: 3000, orders: 20000, endDate: '2025-06-30' });
        for (const asOf of ['2025-06-30', '2025-06-30', '2025-09-30']) {
          const outcomes = await Promise.allSettled([score(store, { tenantId: tenant, asOf, mode: 'full' }), score(store, { tenantId: tenant, asOf, mode: 'full' })]);
          const done = outcomes.filter((o) => o.status === 'fulfilled');
          expect(done.length).toBeGreaterThanOrEqual(1);
          for (const o of outcomes) {
            if (o.status === 'rejected') {
              expect(o.reason).toBeInstanceOf(VipCareError);
              expect((o.reason as VipCareError).code).toBe('SCORING_SUPERSEDED');
            }
          }
          const rows = await scores(store, tenant);
          expect(rows).toHaveLength(3000);
          expectTierChains(await tierAssignments(store, tenant), new Map(rows.map((r) => [r.customer_id, r.tier])));
          const runs = await store.db.selectFrom('score_runs').select(['id', 'status']).where('tenant_id', '=', tenant).execute();
          expect(runs.every((r) => r.status !== 'running')).toBe(true);
        }
      });
    });
  }
});
