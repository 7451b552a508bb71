/**
 * What the CLI and the JSON API show: tier counts, customer lists, and explanations ("why is this
 * customer Diamond, and what changed since last month"). Reads stored snapshots only.
 */
import { sql } from 'kysely';
import type { Contribution } from '../../core/scoring/engine.js';
import type { Flag } from '../../core/scoring/flags.js';
import type { Reason } from '../../core/scoring/tiers.js';
import { dayNumber, isoDateFromDayNumber } from '../../core/scoring/calendar.js';
import { VipCareError } from '../../core/errors.js';
import { decodeContributions, decodeValues } from '../../core/scoring/contributions-codec.js';
import { programVersion } from '../store/repositories/programs.js';
import type { Store } from '../store/db.js';

export interface TierSummary {
  asOf: string | null;
  programVersion: number | null;
  customers: number;
  tiers: { name: string; customers: number }[];
  notVip: number;
  flags: { potentialVip: number; atRisk: number };
}

/** Tier counts in program order (highest first), including empty tiers. */
export async function tierSummary(store: Store, tenantId: string, tierOrder: readonly string[]): Promise<TierSummary> {
  const run = await latestRun(store, tenantId);
  const counts = await store.db
    .selectFrom('customer_scores')
    .select(['tier', (eb) => eb.fn.countAll<number>().as('n')])
    .where('tenant_id', '=', tenantId)
    .groupBy('tier')
    .execute();
  const flagged = await sql<{ code: string; n: number }>`
    select f->>'code' as code, count(*)::int4 as n
    from customer_scores, jsonb_array_elements(flags) as f
    where tenant_id = ${tenantId}
    group by 1
  `.execute(store.db);
  const byTier = new Map(counts.map((c) => [c.tier, Number(c.n)]));
  const total = await store.db.selectFrom('customers').select((eb) => eb.fn.countAll<number>().as('n')).where('tenant_id', '=', tenantId).executeTakeFirst();
  const flagCount = (code: string) => flagged.rows.find((r) => r.code === code)?.n ?? 0;
  return {
    asOf: run?.as_of ?? null,
    programVersion: run?.program_version ?? null,
    customers: Number(total?.n ?? 0),
    tiers: tierOrder.map((name) => ({ name, customers: byTier.get(name) ?? 0 })),
    notVip: byTier.get(null) ?? 0,
    flags: { potentialVip: flagCount('potential_vip'), atRisk: flagCount('at_risk') },
  };
}

async function latestRun(store: Store, tenantId: string) {
  return store.db
    .selectFrom('score_runs')
    .select(['id', 'as_of', 'program_version'])
    .where('tenant_id', '=', tenantId)
    .where('status', '=', 'completed')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export interface CustomerListItem {
  customerId: string;
  name: string | null;
  score: number;
  tier: string | null;
  tierSince: string;
  flags: Flag[];
}

export interface CustomerListQuery {
  tier?: string | null;
  flag?: 'potential_vip' | 'at_risk';
  limit: number;
  /** Keyset cursor from the previous page. */
  after?: { score: number; customerId: string };
}

/** Customers by score (highest first), filtered by tier or flag; keyset-paginated. */
export async function listCustomers(store: Store, tenantId: string, q: CustomerListQuery): Promise<{ items: CustomerListItem[]; next: string | null }> {
  let query = store.db
    .selectFrom('customer_scores as s')
    .innerJoin('customers as c', (j) => j.onRef('c.tenant_id', '=', 's.tenant_id').onRef('c.id', '=', 's.customer_id'))
    .select(['s.customer_id', 'c.name', 's.score', 's.tier', 's.tier_since', 's.flags'])
    .where('s.tenant_id', '=', tenantId)
    .orderBy('s.score', 'desc')
    .orderBy('s.customer_id', 'asc')
    .limit(q.limit + 1);
  if (q.tier !== undefined) query = q.tier === null ? query.where('s.tier', 'is', null) : query.where('s.tier', '=', q.tier);
  if (q.flag) query = query.where(sql<boolean>`s.flags @> ${JSON.stringify([{ code: q.flag }])}::jsonb`);
  if (q.after) {
    const { score, customerId } = q.after;
    query = query.where((eb) => eb.or([eb('s.score', '<', score), eb.and([eb('s.score', '=', score), eb('s.customer_id', '>', customerId)])]));
  }
  const rows = await query.execute();
  const page = rows.slice(0, q.limit);
  const last = page[page.length - 1];
  return {
    items: page.map((r) => ({ customerId: r.customer_id, name: r.name, score: r.score, tier: r.tier, tierSince: r.tier_since, flags: r.flags as Flag[] })),
    next: rows.length > q.limit && last ? encodeCursor({ score: last.score, customerId: last.customer_id }) : null,
  };
}

export function encodeCursor(c: { score: number; customerId: string }): string {
  return Buffer.from(JSON.stringify([c.score, c.customerId])).toString('base64url');
}

export function decodeCursor(cursor: string): { score: number; customerId: string } {
  try {
    const [score, customerId] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [unknown, unknown];
    if (typeof score === 'number' && typeof customerId === 'string') return { score, customerId };
  } catch {
    // fall through to the error below
  }
  throw new VipCareError('INVALID_INPUT', { field: 'cursor' });
}

export interface MeasureChange {
  measure: string;
  before: number | null;
  after: number | null;
  pointsBefore: number;
  pointsAfter: number;
}

export interface Explanation {
  customerId: string;
  asOf: string;
  programVersion: number;
  score: number;
  tier: string | null;
  tierSince: string;
  tierSource: string;
  contributions: Contribution[];
  reasons: Reason[];
  flags: Flag[];
  values: Record<string, number | null>;
  /** Compared with the stored score at or before `since`; null when there is none that old. */
  changes: {
    since: string;
    comparedWith: string;
    scoreBefore: number;
    tierBefore: string | null;
    measures: MeasureChange[];
    tierChanges: { asOf: string; from: string | null; to: string | null; reason: string }[];
  } | null;
}

/** The explanation as of the latest run, and what changed since `since` (default 30 days earlier). */
export async function explainCustomer(store: Store, tenantId: string, customerId: string, opts: { since?: string } = {}): Promise<Explanation> {
  const row = await store.db
    .selectFrom('customer_scores')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('customer_id', '=', customerId)
    .executeTakeFirst();
  if (!row) {
    const exists = await store.db.selectFrom('customers').select('id').where('tenant_id', '=', tenantId).where('id', '=', customerId).executeTakeFirst();
    throw new VipCareError(exists ? 'NOT_SCORED' : 'CUSTOMER_NOT_FOUND', { customer: customerId, tenant: tenantId });
  }
  const run = await latestRun(store, tenantId);
  const asOf = run?.as_of ?? row.as_of;
  const since = opts.since ?? isoDateFromDayNumber(dayNumber(asOf) - 30);
  const program = await programVersion(store.db, tenantId, row.program_version);
  const contributions = decodeContributions(program, asOf, { values: row.measure_values, normalized: row.normalized, points: row.points });

  const before = await store.db
    .selectFrom('score_history')
    .select(['as_of', 'score', 'tier', 'program_version', 'measure_values', 'points'])
    .where('tenant_id', '=', tenantId)
    .where('customer_id', '=', customerId)
    .where('as_of', '<=', since)
    .orderBy('as_of', 'desc')
    .orderBy('run_id', 'desc')
    .limit(1)
    .executeTakeFirst();
  const tierChanges = await store.db
    .selectFrom('tier_assignments')
    .select(['as_of', 'from_tier', 'to_tier', 'reason_code'])
    .where('tenant_id', '=', tenantId)
    .where('customer_id', '=', customerId)
    .where('as_of', '>', since)
    .orderBy('id', 'asc')
    .execute();

  let changes: Explanation['changes'] = null;
  if (before) {
    const oldProgram = await programVersion(store.db, tenantId, before.program_version);
    const old = new Map(
      decodeContributions(oldProgram, before.as_of, { values: before.measure_values, normalized: before.points.map(() => null), points: before.points }).map((c) => [c.measure, c]),
    );
    changes = {
      since,
      comparedWith: before.as_of,
      scoreBefore: before.score,
      tierBefore: before.tier,
      measures: contributions
        .map((c) => ({ measure: c.measure, before: old.get(c.measure)?.value ?? null, after: c.value, pointsBefore: old.get(c.measure)?.points ?? 0, pointsAfter: c.points }))
        .filter((m) => m.before !== m.after || m.pointsBefore !== m.pointsAfter),
      tierChanges: tierChanges.map((t) => ({ asOf: t.as_of, from: t.from_tier, to: t.to_tier, reason: t.reason_code })),
    };
  }
  return {
    customerId,
    asOf,
    programVersion: row.program_version,
    score: row.score,
    tier: row.tier,
    tierSince: row.tier_since,
    tierSource: row.tier_source,
    contributions,
    reasons: row.reasons as Reason[],
    flags: row.flags as Flag[],
    values: decodeValues(program, asOf, row.measure_values),
    changes,
  };
}
