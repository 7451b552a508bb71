/**
 * The KPI report: its JSON shape (`KpiReportSchema`, what `GET /api/v1/kpi` and `vip-care kpi
 * --json` return) and pure helpers that turn SQL aggregates into it with statistics.ts.
 * Platform-neutral: no I/O, no SQL; the server computes the aggregates (server/kpi/kpi-report.ts).
 *
 * Conventions, all KPIs:
 *  - The range `from`..`to` is inclusive local dates in the program's time zone.
 *  - Percentages are 0..100; intervals are two-sided 95% (`level` 0.95); a value is null (and its
 *    interval null) when there is nothing to measure (n = 0).
 *  - `overall` covers the whole range; `groups` holds one entry per group when the report was asked
 *    `by` tier or month (empty otherwise). Tier groups are the program's tiers, highest first, then
 *    `none` (customers in no tier), then any tier seen in the data that the program no longer has.
 *    Month groups are `YYYY-MM`, every local calendar month that meets the range, oldest first.
 *
 * Definitions:
 *  - NPS: answers 0-10; %promoters (9-10) − %detractors (0-6), −100..+100; interval: adjusted Wald
 *    (statistics.ts). CSAT: % of 1-5 answers that are 4 or 5 (Wilson interval), plus the mean score.
 *    CES: mean of 1-7 answers (higher = easier; Student-t interval). Responses count by
 *    `responded_at`. By tier: the customer's tier in effect at response time, read from the tier
 *    history (the latest assignment whose as-of date is before the response's local date: a
 *    scoring run for day D applies from D+1); no assignment, or one to no tier → `none`.
 *  - Complaint SLAs (complaints opened in the range; by tier: the tier recorded on the complaint
 *    when it was opened): compliance = met / (met + missed + breached) per clock (first response,
 *    resolution); clocks still running (running or warned) are `pending` and not counted. Median
 *    and p90 times are wall-clock minutes from opened_at to first_response_at / resolved_at, over
 *    complaints that have that time (pauses and business hours are ignored).
 *  - Retention and churn (always by tier): the cohort of tier T is every customer whose tier at the
 *    start of the period (the day before `from`) was T, and for `none` every customer in no tier who
 *    had ordered before the period. Retention = share of the cohort with at least one order in the
 *    period; churn = the rest. With `by=month`, the same per calendar month (clipped to the range).
 *  - Repeat purchase: customers with ≥ 2 orders in the period / customers with ≥ 1 (by tier: the
 *    tier at the start of the period; by month: orders within each month).
 *  - Care tasks: tasks whose due_at falls in the range: completion = completed / due; on time =
 *    completed with completed_at ≤ due_at / due. Closed (cancelled) and open tasks stay in the
 *    denominator. By tier: the tier in effect on the due date.
 *  - Tier migration: each customer's tier at the start (as of the day before `from`) against the
 *    tier at the end (as of `to`), counted per pair, including `none`; customers in no tier at
 *    both ends are left out. Up/down follow the program's tier order (`none` lowest).
 *  - Closed loop: loop items collected in the range; counts that reached each stage (analysed,
 *    acted, reported); completion = reported / collected (Wilson interval); median and p90 hours
 *    from collected to reported (reported items only). By tier: the tier at collection time.
 */
import { z } from 'zod';
import { cesSummary, csatSummary, npsSummary, rateSummary } from './statistics.js';

export const KPI_GROUPINGS = ['tier', 'month'] as const;
export type KpiGrouping = (typeof KPI_GROUPINGS)[number];

/** The group of customers in no tier. */
export const NO_TIER = 'none';

const count = z.number().int().min(0);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const IntervalSchema = z
  .object({
    low: z.number(),
    high: z.number(),
    level: z.number().describe('Confidence level, e.g. 0.95.'),
  })
  .describe('Two-sided confidence interval, in the unit of the value it belongs to.');

export const RateSchema = z
  .object({
    n: count.describe('Denominator.'),
    successes: count.describe('Numerator.'),
    value: z.number().nullable().describe('100 · successes / n, in %; null when n = 0.'),
    interval: IntervalSchema.nullable().describe('Wilson score interval in %; null when n = 0.'),
  })
  .describe('A proportion in % with its Wilson interval.');

export const NpsSchema = z.object({
  n: count,
  value: z.number().nullable().describe('%promoters − %detractors, −100..100.'),
  promoters: count.describe('Answers 9-10.'),
  passives: count.describe('Answers 7-8.'),
  detractors: count.describe('Answers 0-6.'),
  interval: IntervalSchema.nullable().describe('Adjusted Wald interval (Rocks 2016), in NPS points.'),
});

export const CsatSchema = z.object({
  n: count,
  value: z.number().nullable().describe('% of answers that are 4 or 5 on the 1-5 scale.'),
  mean: z.number().nullable().describe('Mean answer, 1-5.'),
  interval: IntervalSchema.nullable().describe('Wilson interval of value, in %.'),
});

export const CesSchema = z.object({
  n: count,
  value: z.number().nullable().describe('Mean answer on 1-7 (higher = easier).'),
  interval: IntervalSchema.nullable().describe('Student-t interval of the mean; null when n < 2.'),
});

export const SatisfactionSchema = z.object({ nps: NpsSchema, csat: CsatSchema, ces: CesSchema });

export const SlaClockSchema = z.object({
  met: count,
  missed: count.describe('Done, but after the target.'),
  breached: count.describe('Not done and past the target.'),
  pending: count.describe('Still running within the target (running or warned): not counted.'),
  compliance: RateSchema.describe('met / (met + missed + breached).'),
  medianMinutes: z.number().nullable().describe('Median wall-clock minutes from opened_at.'),
  p90Minutes: z.number().nullable().describe('90th percentile wall-clock minutes from opened_at.'),
});

export const ComplaintSlaSchema = z.object({
  opened: count.describe('Complaints opened in the range.'),
  firstResponse: SlaClockSchema,
  resolution: SlaClockSchema,
});

export const RetentionSchema = z.object({
  cohort: count.describe('Customers in the tier at the start of the period (none: in no tier, with an earlier order).'),
  retained: count.describe('Of those, customers with at least one order in the period.'),
  churned: count,
  retention: RateSchema,
  churn: RateSchema,
});

export const TierRetentionSchema = RetentionSchema.extend({ tier: z.string() });

export const MonthRetentionSchema = z.object({
  month: z.string().regex(/^\d{4}-\d{2}$/),
  from: isoDate.describe('First day of the month within the range.'),
  to: isoDate.describe('Last day of the month within the range.'),
  overall: RetentionSchema,
  tiers: z.array(TierRetentionSchema),
});

export const CareTasksSchema = z.object({
  due: count.describe('Tasks due in the range.'),
  completed: count,
  onTime: count.describe('Completed with completed_at ≤ due_at.'),
  open: count,
  closed: count.describe('Closed without completion (e.g. the enrolment ended).'),
  completion: RateSchema.describe('completed / due.'),
  onTimeRate: RateSchema.describe('onTime / due.'),
});

export const MigrationCellSchema = z.object({ from: z.string(), to: z.string(), customers: count });

export const TierMigrationSchema = z.object({
  fromDate: isoDate.describe('Tiers as of the end of this day (the day before the range).'),
  toDate: isoDate.describe('Tiers as of the end of this day (the last day of the range).'),
  customers: count.describe('Customers in a tier at either end.'),
  stayed: count,
  upgraded: count,
  downgraded: count,
  cells: z.array(MigrationCellSchema).describe('Customers per (from, to) pair, in tier order; empty pairs left out.'),
});

export const ClosedLoopSchema = z.object({
  collected: count.describe('Loop items collected in the range.'),
  analysed: count,
  acted: count,
  reported: count,
  completion: RateSchema.describe('reported / collected.'),
  medianHoursToReport: z.number().nullable(),
  p90HoursToReport: z.number().nullable(),
});

/** `overall` plus one entry per group (the group key in `group`). */
const grouped = <S extends z.ZodRawShape>(schema: z.ZodObject<S>) =>
  z.object({ overall: schema, groups: z.array(z.object({ ...schema.shape, group: z.string().describe('Tier id or YYYY-MM.') })) });

export const KpiReportSchema = z
  .object({
    tenantId: z.string(),
    from: isoDate,
    to: isoDate,
    timezone: z.string().describe('The program time zone the dates are read in.'),
    by: z.enum(KPI_GROUPINGS).nullable(),
    programVersion: z.number().int().nullable(),
    tiers: z.array(z.string()).describe('Tier ids in program order (highest first), then none.'),
    groups: z.array(z.string()).describe('The group keys of every `groups` list, in order.'),
    generatedAt: z.string().describe('ISO instant the report was computed.'),
    satisfaction: grouped(SatisfactionSchema),
    complaints: grouped(ComplaintSlaSchema),
    retention: z.object({
      overall: RetentionSchema.describe('All cohorts together.'),
      tiers: z.array(TierRetentionSchema),
      months: z.array(MonthRetentionSchema).describe('Per month when by=month; empty otherwise.'),
    }),
    repeatPurchase: grouped(RateSchema),
    careTasks: grouped(CareTasksSchema),
    tierMigration: TierMigrationSchema,
    closedLoop: grouped(ClosedLoopSchema),
  })
  .describe('VIP care KPIs over a date range.');

export type KpiReport = z.infer<typeof KpiReportSchema>;
export type Rate = z.infer<typeof RateSchema>;
export type Satisfaction = z.infer<typeof SatisfactionSchema>;
export type ComplaintSla = z.infer<typeof ComplaintSlaSchema>;
export type SlaClock = z.infer<typeof SlaClockSchema>;
export type Retention = z.infer<typeof RetentionSchema>;
export type CareTasks = z.infer<typeof CareTasksSchema>;
export type TierMigration = z.infer<typeof TierMigrationSchema>;
export type ClosedLoop = z.infer<typeof ClosedLoopSchema>;

// ---------------------------------------------------------------------------------------------
// From aggregates
// ---------------------------------------------------------------------------------------------

/** Aggregates of one group of survey responses. */
export interface SatisfactionAggregates {
  promoters: number;
  passives: number;
  detractors: number;
  csatN: number;
  csatSatisfied: number;
  csatMean: number | null;
  cesN: number;
  cesSum: number;
  cesSumSquares: number;
}

export function satisfactionFrom(a: SatisfactionAggregates): Satisfaction {
  return {
    nps: npsSummary({ promoters: a.promoters, passives: a.passives, detractors: a.detractors }),
    csat: csatSummary({ satisfied: a.csatSatisfied, n: a.csatN, mean: a.csatN === 0 ? null : a.csatMean }),
    ces: cesSummary({ n: a.cesN, sum: a.cesSum, sumSquares: a.cesSumSquares }),
  };
}

export interface SlaClockAggregates {
  met: number;
  missed: number;
  breached: number;
  pending: number;
  medianMinutes: number | null;
  p90Minutes: number | null;
}

export function slaClockFrom(a: SlaClockAggregates): SlaClock {
  return { ...a, compliance: rateSummary(a.met, a.met + a.missed + a.breached) };
}

export function complaintSlaFrom(a: { opened: number; firstResponse: SlaClockAggregates; resolution: SlaClockAggregates }): ComplaintSla {
  return { opened: a.opened, firstResponse: slaClockFrom(a.firstResponse), resolution: slaClockFrom(a.resolution) };
}

export function retentionFrom(a: { cohort: number; retained: number }): Retention {
  const churned = a.cohort - a.retained;
  return { cohort: a.cohort, retained: a.retained, churned, retention: rateSummary(a.retained, a.cohort), churn: rateSummary(churned, a.cohort) };
}

export function repeatPurchaseFrom(a: { buyers: number; repeatBuyers: number }): Rate {
  return rateSummary(a.repeatBuyers, a.buyers);
}

export function careTasksFrom(a: { due: number; completed: number; onTime: number; open: number; closed: number }): CareTasks {
  return { ...a, completion: rateSummary(a.completed, a.due), onTimeRate: rateSummary(a.onTime, a.due) };
}

export function closedLoopFrom(a: {
  collected: number;
  analysed: number;
  acted: number;
  reported: number;
  medianHoursToReport: number | null;
  p90HoursToReport: number | null;
}): ClosedLoop {
  return { ...a, completion: rateSummary(a.reported, a.collected) };
}

/**
 * The migration matrix from (from, to, customers) counts. `tierOrder` is highest first and ends
 * with `none`; tiers not in it sort after it and count neither up nor down.
 */
export function tierMigrationFrom(
  cells: readonly { from: string; to: string; customers: number }[],
  o: { fromDate: string; toDate: string; tierOrder: readonly string[] },
): TierMigration {
  const rank = (tier: string) => {
    const i = o.tierOrder.indexOf(tier);
    return i < 0 ? Number.POSITIVE_INFINITY : i;
  };
  const sorted = cells
    .filter((c) => c.customers > 0 && !(c.from === NO_TIER && c.to === NO_TIER))
    .map((c) => ({ from: c.from, to: c.to, customers: c.customers }))
    .sort((a, b) => rank(a.from) - rank(b.from) || a.from.localeCompare(b.from) || rank(a.to) - rank(b.to) || a.to.localeCompare(b.to));
  let stayed = 0;
  let upgraded = 0;
  let downgraded = 0;
  for (const c of sorted) {
    if (c.from === c.to) stayed += c.customers;
    else if (Number.isFinite(rank(c.from)) && Number.isFinite(rank(c.to))) {
      if (rank(c.to) < rank(c.from)) upgraded += c.customers;
      else downgraded += c.customers;
    }
  }
  const customers = sorted.reduce((s, c) => s + c.customers, 0);
  return { fromDate: o.fromDate, toDate: o.toDate, customers, stayed, upgraded, downgraded, cells: sorted };
}

/** Aggregates of one period for retention and repeat purchase (see `cohortsFrom`). */
export interface CohortAggregates {
  /** Per tier other than none: customers in it at the start, those who ordered in the period, and those with an order before it. */
  tiered: readonly { tier: string; cohort: number; retained: number; earlier: number }[];
  /** Per tier at the start, `none` included: customers who ordered in the period, with ≥ 2 orders, and (none only) who had also ordered before it. */
  buyers: readonly { tier: string; buyers: number; repeatBuyers: number; earlierBuyers: number }[];
  /** Customers with an order before the period (in any tier or none). */
  earlier: number;
}

/**
 * Cohorts, retained customers and buyers per tier at the start of a period, from counts that the
 * database can take without pairing every customer with every period: the `none` cohort (no
 * tier, ordered before) is everyone who ordered before minus those of them in a tier.
 */
export function cohortsFrom(a: CohortAggregates): {
  tiers: Map<string, { cohort: number; retained: number; buyers: number; repeatBuyers: number }>;
  overall: { cohort: number; retained: number; buyers: number; repeatBuyers: number };
} {
  const tiers = new Map<string, { cohort: number; retained: number; buyers: number; repeatBuyers: number }>();
  const entry = (tier: string) => {
    let e = tiers.get(tier);
    if (!e) tiers.set(tier, (e = { cohort: 0, retained: 0, buyers: 0, repeatBuyers: 0 }));
    return e;
  };
  let tieredEarlier = 0;
  for (const r of a.tiered) {
    if (r.tier === NO_TIER) continue;
    const e = entry(r.tier);
    e.cohort += r.cohort;
    e.retained += r.retained;
    tieredEarlier += r.earlier;
  }
  const none = entry(NO_TIER);
  none.cohort = a.earlier - tieredEarlier;
  for (const r of a.buyers) {
    const e = entry(r.tier);
    e.buyers += r.buyers;
    e.repeatBuyers += r.repeatBuyers;
    if (r.tier === NO_TIER) none.retained += r.earlierBuyers;
  }
  if (none.cohort < 0 || none.retained > none.cohort) throw new RangeError(`inconsistent cohort counts: none cohort ${none.cohort}, retained ${none.retained}`);
  const overall = { cohort: 0, retained: 0, buyers: 0, repeatBuyers: 0 };
  for (const e of tiers.values()) {
    overall.cohort += e.cohort;
    overall.retained += e.retained;
    overall.buyers += e.buyers;
    overall.repeatBuyers += e.repeatBuyers;
  }
  return { tiers, overall };
}

// ---------------------------------------------------------------------------------------------
// Groups
// ---------------------------------------------------------------------------------------------

/** Local calendar months that meet from..to (inclusive `YYYY-MM-DD`), each clipped to the range. */
export function monthsOf(from: string, to: string): { month: string; from: string; to: string }[] {
  const out: { month: string; from: string; to: string }[] = [];
  let y = Number(from.slice(0, 4));
  let m = Number(from.slice(5, 7));
  const endKey = to.slice(0, 7);
  for (;;) {
    const key = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}`;
    if (key > endKey) break;
    const lastDay = new Date(Date.UTC(y, m, 0)).getUTCDate();
    const first = `${key}-01`;
    const last = `${key}-${String(lastDay).padStart(2, '0')}`;
    out.push({ month: key, from: first < from ? from : first, to: last > to ? to : last });
    m += 1;
    if (m > 12) {
      m = 1;
      y += 1;
    }
  }
  return out;
}

/** Tier ids highest first, then `none`. */
export function tierOrder(programTiers: readonly string[]): string[] {
  return [...programTiers.filter((t) => t !== NO_TIER), NO_TIER];
}

/**
 * The group keys in report order: the expected ones (tiers or months), then any other key the
 * aggregates produced (a tier the program no longer has), sorted.
 */
export function groupKeys(expected: readonly string[], seen: Iterable<string>): string[] {
  const extra = [...new Set(seen)].filter((k) => !expected.includes(k)).sort();
  return [...expected, ...extra];
}

/**
 * One entry per key, in order, from aggregate rows keyed by group; a key without a row gets
 * `empty` (no data in that group).
 */
export function groupsFrom<A, R extends object>(
  keys: readonly string[],
  rows: ReadonlyMap<string, A>,
  convert: (a: A) => R,
  empty: A,
): (R & { group: string })[] {
  return keys.map((group) => ({ group, ...convert(rows.get(group) ?? empty) }));
}

export const EMPTY_SATISFACTION: SatisfactionAggregates = {
  promoters: 0,
  passives: 0,
  detractors: 0,
  csatN: 0,
  csatSatisfied: 0,
  csatMean: null,
  cesN: 0,
  cesSum: 0,
  cesSumSquares: 0,
};

const EMPTY_CLOCK: SlaClockAggregates = { met: 0, missed: 0, breached: 0, pending: 0, medianMinutes: null, p90Minutes: null };
export const EMPTY_COMPLAINTS = { opened: 0, firstResponse: EMPTY_CLOCK, resolution: EMPTY_CLOCK };
export const EMPTY_TASKS = { due: 0, completed: 0, onTime: 0, open: 0, closed: 0 };
export const EMPTY_LOOP = { collected: 0, analysed: 0, acted: 0, reported: 0, medianHoursToReport: null, p90HoursToReport: null };
export const EMPTY_RETENTION = { cohort: 0, retained: 0 };
export const EMPTY_PURCHASES = { buyers: 0, repeatBuyers: 0 };
