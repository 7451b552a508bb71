/**
 * A small hand-built tenant for the KPI tests (Asia/Shanghai, UTC+8 without DST, so local-day
 * boundaries differ from UTC ones), with every expected KPI worked out by hand in the comments and
 * in `EXPECTED`. The range is 2026-01-01..2026-02-28 local, i.e. [2025-12-31T16:00Z, 2026-02-28T16:00Z).
 *
 * Tier history (tier in effect on day D = latest assignment with as_of < D):
 *   c1  2025-06-01 → diamond                       diamond throughout
 *   c2  2025-06-01 → gold, 2026-01-15 → platinum   gold until 01-15, platinum from 01-16
 *   c3  2025-06-01 → gold, 2026-02-10 → (none)     gold until 02-10, none from 02-11
 *   c4  2025-12-31 → platinum                      platinum from 2026-01-01 (already at the start)
 *   c5  2026-01-01 → gold                          none on 01-01, gold from 01-02
 *   c11 2026-03-01 → diamond                       after the range: never counted
 *   c6..c10: no history (none)
 */
import { sql } from 'kysely';
import type { Store } from '../../server/store/db.js';
import { provisionTenant } from '../../server/tenants/provision.js';

export const KPI_TENANT = 'kpi-shop';
export const OTHER_TENANT = 'kpi-other';
export const FROM = '2026-01-01';
export const TO = '2026-02-28';
export const TIMEZONE = 'Asia/Shanghai';

const minutes = (iso: string, m: number) => new Date(new Date(iso).getTime() + m * 60_000);

export async function seedKpiTenant(store: Store): Promise<void> {
  await provisionTenant(store, { id: KPI_TENANT, timezone: TIMEZONE, actor: 'test' });
  await provisionTenant(store, { id: OTHER_TENANT, timezone: TIMEZONE, actor: 'test' });
  const db = store.db;
  await sql`
    insert into customers (tenant_id, id, name)
    select ${KPI_TENANT}, 'c' || g, 'Customer ' || g from generate_series(1, 11) g
    union all select ${OTHER_TENANT}, 'c1', 'Other'`.execute(db);

  const tiers: [string, string, string | null, string | null][] = [
    ['c1', '2025-06-01', null, 'diamond'],
    ['c2', '2025-06-01', null, 'gold'],
    ['c2', '2026-01-15', 'gold', 'platinum'],
    ['c3', '2025-06-01', null, 'gold'],
    ['c3', '2026-02-10', 'gold', null],
    ['c4', '2025-12-31', null, 'platinum'],
    ['c5', '2026-01-01', null, 'gold'],
    ['c11', '2026-03-01', null, 'diamond'],
  ];
  await db
    .insertInto('tier_assignments')
    .values(
      tiers.map(([customer, asOf, from, to]) => ({
        tenant_id: KPI_TENANT,
        customer_id: customer,
        as_of: asOf,
        from_tier: from,
        to_tier: to,
        reason_code: 'test',
        reasons: '[]',
        contributions: '[]',
      })),
    )
    .execute();
  // The other tenant: c1 is diamond there too, and answers 0 in range (must not count).
  await db
    .insertInto('tier_assignments')
    .values({ tenant_id: OTHER_TENANT, customer_id: 'c1', as_of: '2025-01-01', from_tier: null, to_tier: 'diamond', reason_code: 'test', reasons: '[]', contributions: '[]' })
    .execute();

  // Survey responses. NPS in range (10): scores 10 9 8 10 6 5 9 7 3 10 → 5 promoters, 2 passives,
  // 3 detractors → NPS = 50 − 30 = +20.
  let id = 0;
  const response = (tenant: string, customer: string, kind: 'nps' | 'csat' | 'ces', score: number, at: string) => ({
    tenant_id: tenant,
    id: `r${++id}`,
    customer_id: customer,
    kind,
    score,
    responded_at: at,
  });
  await db
    .insertInto('feedback_responses')
    .values([
      response(KPI_TENANT, 'c1', 'nps', 10, '2025-12-31T16:00:00Z'), // local 01-01 00:00: in range; diamond; Jan
      response(KPI_TENANT, 'c1', 'nps', 9, '2026-01-10T02:00:00Z'), // diamond; Jan
      response(KPI_TENANT, 'c2', 'nps', 8, '2026-01-15T02:00:00Z'), // local 01-15: still gold; Jan
      response(KPI_TENANT, 'c2', 'nps', 10, '2026-01-16T02:00:00Z'), // platinum; Jan
      response(KPI_TENANT, 'c3', 'nps', 6, '2026-02-10T02:00:00Z'), // still gold; Feb
      response(KPI_TENANT, 'c3', 'nps', 5, '2026-02-11T02:00:00Z'), // none; Feb
      response(KPI_TENANT, 'c5', 'nps', 9, '2026-01-01T02:00:00Z'), // local 01-01: none (gold from 01-02); Jan
      response(KPI_TENANT, 'c6', 'nps', 7, '2026-02-20T02:00:00Z'), // none; Feb
      response(KPI_TENANT, 'c7', 'nps', 3, '2026-02-20T03:00:00Z'), // none; Feb
      response(KPI_TENANT, 'c8', 'nps', 10, '2026-02-28T15:59:59Z'), // local 02-28 23:59:59: in range; none; Feb
      response(KPI_TENANT, 'c9', 'nps', 0, '2025-12-31T15:59:59Z'), // local 12-31: out of range
      response(KPI_TENANT, 'c9', 'nps', 0, '2026-02-28T16:00:00Z'), // local 03-01: out of range
      response(OTHER_TENANT, 'c1', 'nps', 0, '2026-01-10T02:00:00Z'), // another tenant
      // CSAT 5 4 3 2 5 → 3 of 5 satisfied = 60%, mean 3.8. CES 7 5 6 2 → mean 5, Σx² = 114.
      ...[5, 4, 3, 2, 5].map((s, i) => response(KPI_TENANT, 'c10', 'csat', s, `2026-01-2${i}T02:00:00Z`)),
      ...[7, 5, 6, 2].map((s, i) => response(KPI_TENANT, 'c10', 'ces', s, `2026-02-0${i + 1}T02:00:00Z`)),
    ])
    .execute();

  // Complaints. First response: met 2, missed 1, breached 1, pending 1 → 2/4 = 50%; times 30, 90,
  // 60 min → median 60, p90 84. Resolution: met 1, missed 1, breached 1, pending 2 → 1/3; times
  // 120, 600 → median 360, p90 552.
  const policy = JSON.stringify({ priority: 'normal', firstResponse: '4h', resolution: '2d', calendar: 'always' });
  const complaint = (
    ref: string,
    customer: string,
    tier: string | null,
    opened: string,
    fr: [number | null, 'running' | 'warned' | 'breached' | 'met' | 'missed'],
    res: [number | null, 'running' | 'warned' | 'breached' | 'met' | 'missed'],
  ) => ({
    tenant_id: KPI_TENANT,
    customer_id: customer,
    source: 'api' as const,
    source_ref: ref,
    subject: `Complaint ${ref}`,
    priority: 'normal' as const,
    tier,
    status: res[0] === null ? ('open' as const) : ('resolved' as const),
    policy,
    opened_at: new Date(opened),
    first_response_at: fr[0] === null ? null : minutes(opened, fr[0]),
    first_response_state: fr[1],
    resolved_at: res[0] === null ? null : minutes(opened, res[0]),
    resolution_state: res[1],
    updated_at: new Date(opened),
  });
  await db
    .insertInto('complaints')
    .values([
      complaint('k1', 'c1', 'diamond', '2026-01-05T00:00:00Z', [30, 'met'], [120, 'met']),
      complaint('k2', 'c2', 'gold', '2026-01-06T00:00:00Z', [90, 'missed'], [600, 'missed']),
      complaint('k3', 'c3', 'gold', '2026-01-07T00:00:00Z', [null, 'breached'], [null, 'breached']),
      complaint('k4', 'c6', null, '2026-02-01T00:00:00Z', [60, 'met'], [null, 'running']),
      complaint('k5', 'c7', null, '2026-02-02T00:00:00Z', [null, 'warned'], [null, 'running']),
      complaint('k6', 'c1', 'diamond', '2025-12-20T00:00:00Z', [10, 'met'], [20, 'met']), // before the range
    ])
    .execute();

  // Orders (retention cohorts use the tier at the start, or an order before it for `none`).
  const order = (oid: string, customer: string, at: string) => ({ tenant_id: KPI_TENANT, id: oid, customer_id: customer, ordered_at: at, amount_minor: 1000 });
  await db
    .insertInto('orders')
    .values([
      order('o1', 'c1', '2026-01-20T02:00:00Z'),
      order('o2', 'c1', '2026-02-05T02:00:00Z'),
      order('o3', 'c2', '2025-11-01T02:00:00Z'),
      order('o4', 'c3', '2026-02-15T02:00:00Z'),
      order('o5', 'c5', '2025-10-01T02:00:00Z'),
      order('o6', 'c5', '2026-01-03T02:00:00Z'),
      order('o7', 'c6', '2025-09-01T02:00:00Z'),
      order('o8', 'c7', '2026-01-10T02:00:00Z'),
      order('o9', 'c7', '2026-01-25T02:00:00Z'),
      order('o10', 'c8', '2026-03-05T02:00:00Z'),
    ])
    .execute();

  // Care tasks due in range: 4; completed 2 (1 on time), 1 open, 1 closed.
  const task = (key: string, customer: string, due: string, status: 'open' | 'completed' | 'closed', completed: string | null) => ({
    tenant_id: KPI_TENANT,
    dedup_key: key,
    customer_id: customer,
    title: key,
    priority: 'normal' as const,
    locale: 'en',
    due_at: new Date(due),
    status,
    created_at: new Date('2025-12-01T00:00:00Z'),
    completed_at: completed === null ? null : new Date(completed),
  });
  await db
    .insertInto('care_tasks')
    .values([
      task('t1', 'c1', '2026-01-10T10:00:00Z', 'completed', '2026-01-10T09:00:00Z'),
      task('t2', 'c2', '2026-01-12T10:00:00Z', 'completed', '2026-01-13T10:00:00Z'),
      task('t3', 'c6', '2026-01-20T10:00:00Z', 'open', null),
      task('t4', 'c3', '2026-02-05T10:00:00Z', 'closed', null),
      task('t5', 'c1', '2026-03-05T10:00:00Z', 'completed', '2026-03-01T10:00:00Z'), // after the range
    ])
    .execute();

  // Closed loop: 4 items collected in range; analysed 3, acted 2, reported 2 (after 10 h and 30 h).
  const loop = (item: string, customer: string, collected: string, analysed: number | null, acted: number | null, reported: number | null) => ({
    tenant_id: KPI_TENANT,
    item_type: 'response' as const,
    item_id: item,
    customer_id: customer,
    collected_at: new Date(collected),
    collected_by: 'test',
    analysed_at: analysed === null ? null : minutes(collected, analysed * 60),
    acted_at: acted === null ? null : minutes(collected, acted * 60),
    reported_at: reported === null ? null : minutes(collected, reported * 60),
  });
  await db
    .insertInto('feedback_loops')
    .values([
      loop('l1', 'c1', '2026-01-02T00:00:00Z', 1, 2, 10),
      loop('l2', 'c5', '2026-01-03T00:00:00Z', 1, 5, 30),
      loop('l3', 'c3', '2026-02-03T00:00:00Z', 1, null, null),
      loop('l4', 'c6', '2026-02-04T00:00:00Z', null, null, null),
      loop('l5', 'c1', '2025-12-01T00:00:00Z', 1, 2, 3), // before the range
    ])
    .execute();
}
