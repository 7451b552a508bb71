/**
 * The KPI report over a date range, computed in SQL: each KPI is one aggregate statement (counts
 * with `filter`, sums, `percentile_cont`) and, when grouped, `grouping sets` give the overall row
 * and the per-group rows in the same pass. No response, complaint or order row reaches JS; the
 * aggregates go through core/kpi/report.ts (statistics and intervals). All statements run in one
 * read-only repeatable-read transaction, so every KPI sees the same snapshot.
 *
 * Definitions: see the module comment of core/kpi/report.ts. In short: dates are inclusive local
 * dates in the program time zone (instants in [start of `from`, start of `to` + 1 day)); the tier
 * "at" a day D is the `to_tier` of the customer's latest tier assignment with as_of < D (a run for
 * day D applies from D + 1), `none` without one.
 */
import { sql, type RawBuilder, type Transaction } from 'kysely';
import { VipCareError } from '../../core/errors.js';
import {
  EMPTY_COMPLAINTS,
  EMPTY_LOOP,
  EMPTY_PURCHASES,
  EMPTY_RETENTION,
  EMPTY_SATISFACTION,
  EMPTY_TASKS,
  NO_TIER,
  careTasksFrom,
  closedLoopFrom,
  complaintSlaFrom,
  groupKeys,
  groupsFrom,
  monthsOf,
  repeatPurchaseFrom,
  retentionFrom,
  satisfactionFrom,
  tierMigrationFrom,
  tierOrder,
  type KpiGrouping,
  type KpiReport,
  type SatisfactionAggregates,
  type SlaClockAggregates,
} from '../../core/kpi/report.js';
import { dayNumber, isValidIsoDate, isoDateFromDayNumber, startOfLocalDay } from '../../core/scoring/calendar.js';
import type { Store } from '../store/db.js';
import type { Database } from '../store/schema.js';
import { activeProgram } from '../store/repositories/programs.js';
import { requireTenant } from '../tenants/provision.js';

export interface KpiRequest {
  tenantId: string;
  /** First day, `YYYY-MM-DD`, inclusive. */
  from: string;
  /** Last day, `YYYY-MM-DD`, inclusive. */
  to: string;
  by: KpiGrouping | null;
  now?: Date;
}

/** Checks a requested range; throws INVALID_INPUT naming the problem. */
export function checkKpiRange(from: string, to: string): void {
  if (!isValidIsoDate(from)) throw new VipCareError('INVALID_INPUT', { field: `from ${from}: expected YYYY-MM-DD` });
  if (!isValidIsoDate(to)) throw new VipCareError('INVALID_INPUT', { field: `to ${to}: expected YYYY-MM-DD` });
  if (dayNumber(to) < dayNumber(from)) throw new VipCareError('INVALID_INPUT', { field: `to ${to} is before from ${from}` });
}

type Trx = Transaction<Database>;

/** What every KPI query needs. */
interface Ctx {
  tenantId: string;
  tz: string;
  by: KpiGrouping | null;
  /** Start of `from` and of the day after `to`, in the program time zone. */
  start: Date;
  end: Date;
  from: string;
  to: string;
}

const n = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));
const nullable = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/** The customer's tier in effect on local day `day` (a date expression): latest as_of before it. */
function tierOn(ctx: Ctx, customer: RawBuilder<unknown>, day: RawBuilder<unknown>): RawBuilder<string> {
  return sql<string>`coalesce((select ta.to_tier from tier_assignments ta
      where ta.tenant_id = ${ctx.tenantId} and ta.customer_id = ${customer} and ta.as_of < ${day}
      order by ta.as_of desc limit 1), ${NO_TIER})`;
}

/** The group of a row: its customer's tier at `instant`, or the local month of `instant`. */
function groupOf(ctx: Ctx, customer: string, instant: string): RawBuilder<string> {
  if (ctx.by === 'tier') return tierOn(ctx, sql.ref(customer), sql`(${sql.ref(instant)} at time zone ${ctx.tz})::date`);
  if (ctx.by === 'month') return sql<string>`to_char(${sql.ref(instant)} at time zone ${ctx.tz}, 'YYYY-MM')`;
  return sql<string>`''`;
}

/** `grp` and whether the row is the overall one; `group by` for the overall row plus one per group. */
function grouping(ctx: Ctx): { select: RawBuilder<unknown>; groupBy: RawBuilder<unknown> } {
  return ctx.by
    ? { select: sql`grp, grouping(grp) = 1 as overall`, groupBy: sql`group by grouping sets ((), (grp))` }
    : { select: sql`'' as grp, true as overall`, groupBy: sql`` };
}

/** Splits grouped rows into the overall aggregate and a map of group → aggregate. */
function split<R extends { grp: string | null; overall: boolean }, A>(rows: readonly R[], convert: (r: R) => A, empty: A) {
  const overall = rows.find((r) => r.overall);
  const groups = new Map<string, A>();
  for (const r of rows) if (!r.overall && r.grp !== null) groups.set(r.grp, convert(r));
  return { overall: overall ? convert(overall) : empty, groups };
}

interface SatisfactionRow {
  grp: string | null;
  overall: boolean;
  promoters: unknown;
  passives: unknown;
  detractors: unknown;
  csat_n: unknown;
  csat_satisfied: unknown;
  csat_mean: unknown;
  ces_n: unknown;
  ces_sum: unknown;
  ces_sum_sq: unknown;
}

/** NPS, CSAT and CES: one pass over the responses in range, by kind with `filter`. */
async function satisfaction(trx: Trx, ctx: Ctx) {
  const g = grouping(ctx);
  const { rows } = await sql<SatisfactionRow>`
    select ${g.select},
      count(*) filter (where kind = 'nps' and score >= 9) as promoters,
      count(*) filter (where kind = 'nps' and score between 7 and 8) as passives,
      count(*) filter (where kind = 'nps' and score <= 6) as detractors,
      count(*) filter (where kind = 'csat') as csat_n,
      count(*) filter (where kind = 'csat' and score >= 4) as csat_satisfied,
      (avg(score) filter (where kind = 'csat'))::float8 as csat_mean,
      count(*) filter (where kind = 'ces') as ces_n,
      coalesce(sum(score) filter (where kind = 'ces'), 0) as ces_sum,
      coalesce(sum(score::int8 * score) filter (where kind = 'ces'), 0) as ces_sum_sq
    from (
      select r.kind, r.score, ${groupOf(ctx, 'r.customer_id', 'r.responded_at')} as grp
      from feedback_responses r
      where r.tenant_id = ${ctx.tenantId} and r.responded_at >= ${ctx.start} and r.responded_at < ${ctx.end}
    ) x
    ${g.groupBy}`.execute(trx);
  return split(
    rows,
    (r): SatisfactionAggregates => ({
      promoters: n(r.promoters),
      passives: n(r.passives),
      detractors: n(r.detractors),
      csatN: n(r.csat_n),
      csatSatisfied: n(r.csat_satisfied),
      csatMean: nullable(r.csat_mean),
      cesN: n(r.ces_n),
      cesSum: n(r.ces_sum),
      cesSumSquares: n(r.ces_sum_sq),
    }),
    EMPTY_SATISFACTION,
  );
}

interface ComplaintRow {
  grp: string | null;
  overall: boolean;
  opened: unknown;
  [clock: string]: unknown;
}

/** SLA compliance and response/resolution times of the complaints opened in range. */
async function complaints(trx: Trx, ctx: Ctx) {
  const g = grouping(ctx);
  // By tier: the tier stamped on the complaint when it was opened (the one its SLA policy used).
  const grp = ctx.by === 'tier' ? sql`coalesce(c.tier, ${NO_TIER})` : groupOf(ctx, 'c.customer_id', 'c.opened_at');
  const clock = (prefix: string, state: string, at: string) => sql`
      count(*) filter (where ${sql.ref(state)} = 'met') as ${sql.ref(`${prefix}_met`)},
      count(*) filter (where ${sql.ref(state)} = 'missed') as ${sql.ref(`${prefix}_missed`)},
      count(*) filter (where ${sql.ref(state)} = 'breached') as ${sql.ref(`${prefix}_breached`)},
      count(*) filter (where ${sql.ref(state)} in ('running', 'warned')) as ${sql.ref(`${prefix}_pending`)},
      percentile_cont(0.5) within group (order by ${sql.ref(at)}) filter (where ${sql.ref(at)} is not null) as ${sql.ref(`${prefix}_median`)},
      percentile_cont(0.9) within group (order by ${sql.ref(at)}) filter (where ${sql.ref(at)} is not null) as ${sql.ref(`${prefix}_p90`)}`;
  const { rows } = await sql<ComplaintRow>`
    select ${g.select}, count(*) as opened,
      ${clock('fr', 'first_response_state', 'fr_minutes')},
      ${clock('res', 'resolution_state', 'res_minutes')}
    from (
      select c.first_response_state, c.resolution_state,
        extract(epoch from c.first_response_at - c.opened_at)::float8 / 60 as fr_minutes,
        extract(epoch from c.resolved_at - c.opened_at)::float8 / 60 as res_minutes,
        ${grp} as grp
      from complaints c
      where c.tenant_id = ${ctx.tenantId} and c.opened_at >= ${ctx.start} and c.opened_at < ${ctx.end}
    ) x
    ${g.groupBy}`.execute(trx);
  const clockOf = (r: ComplaintRow, prefix: string): SlaClockAggregates => ({
    met: n(r[`${prefix}_met`]),
    missed: n(r[`${prefix}_missed`]),
    breached: n(r[`${prefix}_breached`]),
    pending: n(r[`${prefix}_pending`]),
    medianMinutes: nullable(r[`${prefix}_median`]),
    p90Minutes: nullable(r[`${prefix}_p90`]),
  });
  return split(rows, (r) => ({ opened: n(r.opened), firstResponse: clockOf(r, 'fr'), resolution: clockOf(r, 'res') }), EMPTY_COMPLAINTS);
}

interface PeriodRow {
  period: string;
  tier: string | null;
  overall: boolean;
  cohort: unknown;
  retained: unknown;
  buyers: unknown;
  repeat_buyers: unknown;
}

/**
 * Retention, churn and repeat purchase per period (the whole range as period '', plus each month
 * with by=month), overall and by the tier each customer had at the period's start. Orders are
 * counted per customer and period in one grouped scan; the tier at the start and "ordered before"
 * are index lookups per customer.
 */
async function customerPeriods(trx: Trx, ctx: Ctx) {
  const periods = [{ key: '', from: ctx.from, to: ctx.to }, ...(ctx.by === 'month' ? monthsOf(ctx.from, ctx.to).map((m) => ({ key: m.month, from: m.from, to: m.to })) : [])];
  const values = sql.join(
    periods.map(
      (p) =>
        sql`(${p.key}::text, ${p.from}::date, ${startOfLocalDay(p.from, ctx.tz)}::timestamptz, ${startOfLocalDay(isoDateFromDayNumber(dayNumber(p.to) + 1), ctx.tz)}::timestamptz)`,
    ),
  );
  const { rows } = await sql<PeriodRow>`
    with periods (key, start_date, start_at, end_at) as (values ${values}),
    bought as (
      select p.key, o.customer_id, count(*) as orders
      from periods p
      join orders o on o.tenant_id = ${ctx.tenantId} and o.ordered_at >= p.start_at and o.ordered_at < p.end_at
      group by p.key, o.customer_id
    ),
    members as (
      select p.key, ${tierOn(ctx, sql.ref('c.id'), sql.ref('p.start_date'))} as tier, coalesce(b.orders, 0) as orders,
        exists (select 1 from orders o where o.tenant_id = ${ctx.tenantId} and o.customer_id = c.id and o.ordered_at < p.start_at) as earlier
      from periods p
      cross join customers c
      left join bought b on b.key = p.key and b.customer_id = c.id
      where c.tenant_id = ${ctx.tenantId}
    )
    select key as period, tier, grouping(tier) = 1 as overall,
      count(*) filter (where tier <> ${NO_TIER} or earlier) as cohort,
      count(*) filter (where (tier <> ${NO_TIER} or earlier) and orders > 0) as retained,
      count(*) filter (where orders >= 1) as buyers,
      count(*) filter (where orders >= 2) as repeat_buyers
    from members
    group by grouping sets ((key), (key, tier))`.execute(trx);
  return { periods, rows };
}

interface TaskRow {
  grp: string | null;
  overall: boolean;
  due: unknown;
  completed: unknown;
  on_time: unknown;
  open: unknown;
  closed: unknown;
}

async function careTasks(trx: Trx, ctx: Ctx) {
  const g = grouping(ctx);
  const { rows } = await sql<TaskRow>`
    select ${g.select}, count(*) as due,
      count(*) filter (where status = 'completed') as completed,
      count(*) filter (where status = 'completed' and completed_at <= due_at) as on_time,
      count(*) filter (where status = 'open') as open,
      count(*) filter (where status = 'closed') as closed
    from (
      select t.status, t.completed_at, t.due_at, ${groupOf(ctx, 't.customer_id', 't.due_at')} as grp
      from care_tasks t
      where t.tenant_id = ${ctx.tenantId} and t.due_at >= ${ctx.start} and t.due_at < ${ctx.end}
    ) x
    ${g.groupBy}`.execute(trx);
  return split(rows, (r) => ({ due: n(r.due), completed: n(r.completed), onTime: n(r.on_time), open: n(r.open), closed: n(r.closed) }), EMPTY_TASKS);
}

interface LoopRow {
  grp: string | null;
  overall: boolean;
  collected: unknown;
  analysed: unknown;
  acted: unknown;
  reported: unknown;
  median_hours: unknown;
  p90_hours: unknown;
}

async function closedLoop(trx: Trx, ctx: Ctx) {
  const g = grouping(ctx);
  const { rows } = await sql<LoopRow>`
    select ${g.select}, count(*) as collected, count(analysed_at) as analysed, count(acted_at) as acted, count(reported_at) as reported,
      percentile_cont(0.5) within group (order by hours) filter (where hours is not null) as median_hours,
      percentile_cont(0.9) within group (order by hours) filter (where hours is not null) as p90_hours
    from (
      select l.analysed_at, l.acted_at, l.reported_at,
        extract(epoch from l.reported_at - l.collected_at)::float8 / 3600 as hours,
        ${groupOf(ctx, 'l.customer_id', 'l.collected_at')} as grp
      from feedback_loops l
      where l.tenant_id = ${ctx.tenantId} and l.collected_at >= ${ctx.start} and l.collected_at < ${ctx.end}
    ) x
    ${g.groupBy}`.execute(trx);
  return split(
    rows,
    (r) => ({
      collected: n(r.collected),
      analysed: n(r.analysed),
      acted: n(r.acted),
      reported: n(r.reported),
      medianHoursToReport: nullable(r.median_hours),
      p90HoursToReport: nullable(r.p90_hours),
    }),
    EMPTY_LOOP,
  );
}

/** Tier at the start (as of the day before `from`) against the tier as of `to`, per customer with any history. */
async function tierMigration(trx: Trx, ctx: Ctx) {
  const { rows } = await sql<{ from_tier: string; to_tier: string; customers: unknown }>`
    with ids as (
      select distinct customer_id from tier_assignments where tenant_id = ${ctx.tenantId} and as_of <= ${ctx.to}::date
    ),
    moves as (
      select ${tierOn(ctx, sql.ref('ids.customer_id'), sql`${ctx.from}::date`)} as from_tier,
        ${tierOn(ctx, sql.ref('ids.customer_id'), sql`${isoDateFromDayNumber(dayNumber(ctx.to) + 1)}::date`)} as to_tier
      from ids
    )
    select from_tier, to_tier, count(*) as customers
    from moves
    where not (from_tier = ${NO_TIER} and to_tier = ${NO_TIER})
    group by from_tier, to_tier`.execute(trx);
  return rows.map((r) => ({ from: r.from_tier, to: r.to_tier, customers: n(r.customers) }));
}

/** The KPI report of a tenant over `from`..`to` (inclusive local dates), optionally by tier or month. */
export async function kpiReport(store: Store, req: KpiRequest): Promise<KpiReport> {
  checkKpiRange(req.from, req.to);
  const tenant = await requireTenant(store, req.tenantId);
  const active = await activeProgram(store.db, req.tenantId);
  const tz = active?.program.timezone ?? tenant.timezone;
  const tiers = tierOrder(active?.program.tiers.map((t) => t.id) ?? []);
  const ctx: Ctx = {
    tenantId: req.tenantId,
    tz,
    by: req.by,
    from: req.from,
    to: req.to,
    start: startOfLocalDay(req.from, tz),
    end: startOfLocalDay(isoDateFromDayNumber(dayNumber(req.to) + 1), tz),
  };

  const results = await store.db.transaction().execute(async (trx) => {
    await sql`set transaction isolation level repeatable read, read only`.execute(trx);
    return {
      satisfaction: await satisfaction(trx, ctx),
      complaints: await complaints(trx, ctx),
      periods: await customerPeriods(trx, ctx),
      tasks: await careTasks(trx, ctx),
      loops: await closedLoop(trx, ctx),
      migration: await tierMigration(trx, ctx),
    };
  });

  const months = monthsOf(req.from, req.to);
  const expected = req.by === 'tier' ? tiers : req.by === 'month' ? months.map((m) => m.month) : [];
  const { periods, rows: periodRows } = results.periods;
  const whole = periodRows.filter((r) => r.period === '');
  const tierKeysSeen = whole.filter((r) => !r.overall && r.tier !== null).map((r) => r.tier as string);
  const seen = req.by
    ? [
        ...results.satisfaction.groups.keys(),
        ...results.complaints.groups.keys(),
        ...results.tasks.groups.keys(),
        ...results.loops.groups.keys(),
        ...(req.by === 'tier' ? tierKeysSeen : []),
      ]
    : [];
  const keys = req.by ? groupKeys(expected, seen) : [];
  const tierKeys = groupKeys(tiers, tierKeysSeen);

  const periodAggregates = (key: string) => {
    const rows = periodRows.filter((r) => r.period === key);
    const overall = rows.find((r) => r.overall);
    const byTier = new Map(rows.filter((r) => !r.overall && r.tier !== null).map((r) => [r.tier as string, r]));
    const retention = (r: PeriodRow | undefined) => (r ? { cohort: n(r.cohort), retained: n(r.retained) } : EMPTY_RETENTION);
    const purchases = (r: PeriodRow | undefined) => (r ? { buyers: n(r.buyers), repeatBuyers: n(r.repeat_buyers) } : EMPTY_PURCHASES);
    return { overall, byTier, retention, purchases };
  };
  const all = periodAggregates('');
  const retentionTiers = (p: ReturnType<typeof periodAggregates>) =>
    tierKeys.map((tier) => ({ tier, ...retentionFrom(p.retention(p.byTier.get(tier))) }));

  const repeatGroups =
    req.by === 'tier'
      ? groupsFrom(keys, all.byTier, (r) => repeatPurchaseFrom(all.purchases(r)), undefined)
      : req.by === 'month'
        ? groupsFrom(keys, new Map(keys.map((k) => [k, periodAggregates(k).overall])), (r) => repeatPurchaseFrom(all.purchases(r)), undefined)
        : [];

  return {
    tenantId: req.tenantId,
    from: req.from,
    to: req.to,
    timezone: tz,
    by: req.by,
    programVersion: active?.version ?? null,
    tiers,
    groups: keys,
    generatedAt: (req.now ?? new Date()).toISOString(),
    satisfaction: {
      overall: satisfactionFrom(results.satisfaction.overall),
      groups: groupsFrom(keys, results.satisfaction.groups, satisfactionFrom, EMPTY_SATISFACTION),
    },
    complaints: {
      overall: complaintSlaFrom(results.complaints.overall),
      groups: groupsFrom(keys, results.complaints.groups, complaintSlaFrom, EMPTY_COMPLAINTS),
    },
    retention: {
      overall: retentionFrom(all.retention(all.overall)),
      tiers: retentionTiers(all),
      months:
        req.by === 'month'
          ? periods
              .filter((p) => p.key !== '')
              .map((p) => {
                const agg = periodAggregates(p.key);
                return { month: p.key, from: p.from, to: p.to, overall: retentionFrom(agg.retention(agg.overall)), tiers: retentionTiers(agg) };
              })
          : [],
    },
    repeatPurchase: { overall: repeatPurchaseFrom(all.purchases(all.overall)), groups: repeatGroups },
    careTasks: { overall: careTasksFrom(results.tasks.overall), groups: groupsFrom(keys, results.tasks.groups, careTasksFrom, EMPTY_TASKS) },
    tierMigration: tierMigrationFrom(results.migration, {
      fromDate: isoDateFromDayNumber(dayNumber(req.from) - 1),
      toDate: req.to,
      tierOrder: tiers,
    }),
    closedLoop: { overall: closedLoopFrom(results.loops.overall), groups: groupsFrom(keys, results.loops.groups, closedLoopFrom, EMPTY_LOOP) },
  };
}
