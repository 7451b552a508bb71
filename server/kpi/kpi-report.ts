/**
 * The KPI report over a date range, computed in SQL: each KPI is one aggregate statement (counts
 * with `filter`, sums, `percentile_cont`) and, when grouped, `grouping sets` give the overall row
 * and the per-group rows in the same pass. No response, complaint or order row reaches JS; the
 * aggregates go through core/kpi/report.ts (statistics and intervals). All statements run in one
 * read-only repeatable-read transaction, so every KPI sees the same snapshot, with JIT off (these
 * are one-pass aggregates: Postgres would spend longer compiling them than running them).
 * Groups come from joins the planner can hash (tier spans by customer, a VALUES list of months),
 * never from a per-row subquery.
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
  cohortsFrom,
  complaintSlaFrom,
  groupKeys,
  groupsFrom,
  monthsOf,
  repeatPurchaseFrom,
  retentionFrom,
  satisfactionFrom,
  tierMigrationFrom,
  tierOrder,
  type CohortAggregates,
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
  /** Local months of the range (clipped), for by=month. */
  months: { month: string; from: string; to: string }[];
}

const n = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));
const nullable = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/** `(values (key, first day, start instant, end instant), ...)` for local-date periods. */
function periodValues(ctx: Ctx, periods: readonly { key: string; from: string; to: string }[]): RawBuilder<unknown> {
  const rows = periods.map(
    (p) =>
      sql`(${p.key}::text, ${p.from}::date, ${startOfLocalDay(p.from, ctx.tz)}::timestamptz, ${startOfLocalDay(isoDateFromDayNumber(dayNumber(p.to) + 1), ctx.tz)}::timestamptz)`,
  );
  return sql`(values ${sql.join(rows)})`;
}

/**
 * Each customer's tier spans from the tier history: `tier` is in effect on local days D with
 * since < D <= until (until null: still in effect). Joined on customer_id (a hash join, not one
 * index probe per row); spans of one customer are disjoint, so a row meets at most one.
 */
function tierSpans(ctx: Ctx): RawBuilder<unknown> {
  return sql`(select customer_id, coalesce(to_tier, ${NO_TIER}) as tier, as_of as since,
      lead(as_of) over (partition by customer_id order by as_of) as until
    from tier_assignments where tenant_id = ${ctx.tenantId})`;
}

/**
 * The group of a row: its customer's tier on the local day of `instant` (a join on the tier spans,
 * `none` without one), or the local month of `instant`. `join` goes after the row's table; rows
 * must already be limited to the range.
 */
function groupOf(ctx: Ctx, alias: string, customer: string, instant: string): { grp: RawBuilder<string>; join: RawBuilder<unknown> } {
  const day = sql`(${sql.ref(`${alias}.${instant}`)} at time zone ${ctx.tz})::date`;
  if (ctx.by === 'tier') {
    return {
      grp: sql<string>`coalesce(s.tier, ${NO_TIER})`,
      join: sql`left join ${tierSpans(ctx)} s on s.customer_id = ${sql.ref(`${alias}.${customer}`)} and s.since < ${day} and (s.until is null or ${day} <= s.until)`,
    };
  }
  if (ctx.by === 'month') {
    // The month's number from its start instants (a binary search, cheaper than formatting a
    // local date per row), joined by equality to a small VALUES list the planner can hash.
    const starts = sql.join(ctx.months.map((m) => sql`${startOfLocalDay(m.from, ctx.tz)}::timestamptz`));
    const keys = sql.join(ctx.months.map((m, i) => sql`(${i + 1}::int, ${m.month}::text)`));
    return {
      grp: sql<string>`m.key`,
      join: sql`join (values ${keys}) m (i, key) on m.i = width_bucket(${sql.ref(`${alias}.${instant}`)}, array[${starts}])`,
    };
  }
  return { grp: sql<string>`''`, join: sql`` };
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
  const group = groupOf(ctx, 'r', 'customer_id', 'responded_at');
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
      select r.kind, r.score, ${group.grp} as grp
      from feedback_responses r ${group.join}
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
  const group = ctx.by === 'tier' ? { grp: sql`coalesce(c.tier, ${NO_TIER})`, join: sql`` } : groupOf(ctx, 'c', 'customer_id', 'opened_at');
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
        ${group.grp} as grp
      from complaints c ${group.join}
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

interface CohortRow {
  part: 'tiered' | 'buyers' | 'earlier';
  key: string;
  tier: string | null;
  a: unknown;
  b: unknown;
  c: unknown;
}

/**
 * Retention, churn and repeat purchase per period (the whole range as period '', plus each month
 * with by=month), by the tier each customer had at the period's start. Counted without pairing
 * every customer with every period (core/kpi/report.ts `cohortsFrom` puts the parts together):
 *  - tiered: per period and tier, customers in it at the start (tier spans × periods), how many
 *    ordered in the period, how many had ordered before it;
 *  - buyers: per period and tier at the start (none included), customers who ordered in it, with
 *    ≥ 2 orders, and (none) who had ordered before it;
 *  - earlier: per period, customers with an order before it.
 */
async function customerPeriods(trx: Trx, ctx: Ctx) {
  const periods = [{ key: '', from: ctx.from, to: ctx.to }, ...(ctx.by === 'month' ? ctx.months.map((m) => ({ key: m.month, from: m.from, to: m.to })) : [])];
  const { rows } = await sql<CohortRow>`
    with periods (key, start_date, start_at, end_at) as ${periodValues(ctx, periods)},
    firsts as (
      select customer_id, min(ordered_at) as first_at
      from orders where tenant_id = ${ctx.tenantId} and ordered_at < ${ctx.end}
      group by customer_id
    ),
    bought as (
      select p.key, o.customer_id, count(*) as orders
      from periods p
      join orders o on o.tenant_id = ${ctx.tenantId} and o.ordered_at >= p.start_at and o.ordered_at < p.end_at
      group by p.key, o.customer_id
    ),
    at_start as (
      select p.key, s.customer_id, s.tier
      from periods p
      join ${tierSpans(ctx)} s on s.since < p.start_date and (s.until is null or p.start_date <= s.until)
      where s.tier <> ${NO_TIER}
    )
    select 'tiered' as part, a.key, a.tier, count(*) as a, count(b.customer_id) as b, count(*) filter (where f.first_at < p.start_at) as c
    from at_start a
    join periods p on p.key = a.key
    left join bought b on b.key = a.key and b.customer_id = a.customer_id
    left join firsts f on f.customer_id = a.customer_id
    group by a.key, a.tier
    union all
    select 'buyers', b.key, coalesce(a.tier, ${NO_TIER}), count(*), count(*) filter (where b.orders >= 2),
      count(*) filter (where a.tier is null and f.first_at < p.start_at)
    from bought b
    join periods p on p.key = b.key
    left join at_start a on a.key = b.key and a.customer_id = b.customer_id
    left join firsts f on f.customer_id = b.customer_id
    group by 2, 3
    union all
    select 'earlier', p.key, null, count(*), 0, 0
    from periods p join firsts f on f.first_at < p.start_at
    group by p.key`.execute(trx);
  const byPeriod = new Map(
    periods.map((p) => {
      const mine = rows.filter((r) => r.key === p.key);
      const aggregates: CohortAggregates = {
        tiered: mine.filter((r) => r.part === 'tiered').map((r) => ({ tier: r.tier as string, cohort: n(r.a), retained: n(r.b), earlier: n(r.c) })),
        buyers: mine.filter((r) => r.part === 'buyers').map((r) => ({ tier: r.tier as string, buyers: n(r.a), repeatBuyers: n(r.b), earlierBuyers: n(r.c) })),
        earlier: n(mine.find((r) => r.part === 'earlier')?.a),
      };
      return [p.key, { ...p, ...cohortsFrom(aggregates) }];
    }),
  );
  return byPeriod;
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
  const group = groupOf(ctx, 't', 'customer_id', 'due_at');
  const { rows } = await sql<TaskRow>`
    select ${g.select}, count(*) as due,
      count(*) filter (where status = 'completed') as completed,
      count(*) filter (where status = 'completed' and completed_at <= due_at) as on_time,
      count(*) filter (where status = 'open') as open,
      count(*) filter (where status = 'closed') as closed
    from (
      select t.status, t.completed_at, t.due_at, ${group.grp} as grp
      from care_tasks t ${group.join}
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
  const group = groupOf(ctx, 'l', 'customer_id', 'collected_at');
  const { rows } = await sql<LoopRow>`
    select ${g.select}, count(*) as collected, count(analysed_at) as analysed, count(acted_at) as acted, count(reported_at) as reported,
      percentile_cont(0.5) within group (order by hours) filter (where hours is not null) as median_hours,
      percentile_cont(0.9) within group (order by hours) filter (where hours is not null) as p90_hours
    from (
      select l.analysed_at, l.acted_at, l.reported_at,
        extract(epoch from l.reported_at - l.collected_at)::float8 / 3600 as hours,
        ${group.grp} as grp
      from feedback_loops l ${group.join}
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
  const first = sql`${ctx.from}::date`;
  const after = sql`${isoDateFromDayNumber(dayNumber(ctx.to) + 1)}::date`;
  const { rows } = await sql<{ from_tier: string; to_tier: string; customers: unknown }>`
    with spans as ${tierSpans(ctx)},
    ids as (select distinct customer_id from spans where since <= ${ctx.to}::date)
    select coalesce(a.tier, ${NO_TIER}) as from_tier, coalesce(b.tier, ${NO_TIER}) as to_tier, count(*) as customers
    from ids
    left join spans a on a.customer_id = ids.customer_id and a.since < ${first} and (a.until is null or ${first} <= a.until)
    left join spans b on b.customer_id = ids.customer_id and b.since < ${after} and (b.until is null or ${after} <= b.until)
    group by 1, 2`.execute(trx);
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
    months: monthsOf(req.from, req.to),
  };

  const results = await store.db.transaction().execute(async (trx) => {
    await sql`set transaction isolation level repeatable read, read only`.execute(trx);
    await sql`set local jit = off`.execute(trx);
    return {
      satisfaction: await satisfaction(trx, ctx),
      complaints: await complaints(trx, ctx),
      periods: await customerPeriods(trx, ctx),
      tasks: await careTasks(trx, ctx),
      loops: await closedLoop(trx, ctx),
      migration: await tierMigration(trx, ctx),
    };
  });

  const expected = req.by === 'tier' ? tiers : req.by === 'month' ? ctx.months.map((m) => m.month) : [];
  const periods = results.periods;
  const whole = periods.get('') as NonNullable<ReturnType<typeof periods.get>>;
  const tierKeysSeen = [...periods.values()].flatMap((p) => [...p.tiers.keys()]);
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
  const retentionTiers = (p: typeof whole) => tierKeys.map((tier) => ({ tier, ...retentionFrom(p.tiers.get(tier) ?? EMPTY_RETENTION) }));
  const repeatGroups =
    req.by === 'tier'
      ? groupsFrom(keys, whole.tiers, repeatPurchaseFrom, EMPTY_PURCHASES)
      : req.by === 'month'
        ? groupsFrom(keys, new Map([...periods].filter(([k]) => k !== '').map(([k, p]) => [k, p.overall])), repeatPurchaseFrom, EMPTY_PURCHASES)
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
      overall: retentionFrom(whole.overall),
      tiers: retentionTiers(whole),
      months: [...periods.values()].filter((p) => p.key !== '').map((p) => ({ month: p.key, from: p.from, to: p.to, overall: retentionFrom(p.overall), tiers: retentionTiers(p) })),
    },
    repeatPurchase: { overall: repeatPurchaseFrom(whole.overall), groups: repeatGroups },
    careTasks: { overall: careTasksFrom(results.tasks.overall), groups: groupsFrom(keys, results.tasks.groups, careTasksFrom, EMPTY_TASKS) },
    tierMigration: tierMigrationFrom(results.migration, {
      fromDate: isoDateFromDayNumber(dayNumber(req.from) - 1),
      toDate: req.to,
      tierOrder: tiers,
    }),
    closedLoop: { overall: closedLoopFrom(results.loops.overall), groups: groupsFrom(keys, results.loops.groups, closedLoopFrom, EMPTY_LOOP) },
  };
}
