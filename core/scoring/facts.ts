/**
 * What the scoring engine needs to know about each customer, and how the program's measures
 * are read from it. The store computes the aggregates (one SQL pass); everything else is here.
 */
import type { MeasureConfig, Program, Window } from '../program/schema.js';
import { dayNumber, previousWindow, windowEndingAt, type DateRange } from './calendar.js';

export const AGGREGATE_METRICS = ['spend', 'orders', 'active_months', 'satisfaction'] as const;
export type AggregateMetric = (typeof AGGREGATE_METRICS)[number];

/** One aggregate the store must compute per customer over a date range. */
export interface AggregateSpec {
  key: string;
  metric: AggregateMetric;
  range: DateRange;
}

export type TierSource = 'score' | 'rule' | 'override';

export interface PreviousAssignment {
  tier: string | null;
  /** Local date the customer entered `tier`. */
  since: string;
  source: TierSource;
  score: number;
}

export interface ActiveOverride {
  /** A tier id, or null for "not a VIP". */
  tier: string | null;
  reason: string;
  author: string;
  expiresAt: Date | null;
}

/** Per-customer input to scoring. Dates are local dates (`YYYY-MM-DD`) in the program time zone. */
export interface CustomerFacts {
  customerId: string;
  /** By `AggregateSpec.key`; spend in minor units, satisfaction 0-100, null when nothing in range. */
  aggregates: Readonly<Record<string, number | null>>;
  firstOrderDate: string | null;
  lastOrderDate: string | null;
  customerSince: string | null;
  influence: number | null;
  predictedValue: number | null;
  churnRisk: number | null;
  previous: PreviousAssignment | null;
  override: ActiveOverride | null;
}

const metricFor: Partial<Record<MeasureConfig['kind'], AggregateMetric[]>> = {
  spend: ['spend'],
  order_count: ['orders'],
  average_order_value: ['spend', 'orders'],
  repeat_purchase_rate: ['orders'],
  active_months: ['active_months'],
  satisfaction: ['satisfaction'],
};

export function aggregateKey(metric: AggregateMetric, window: Window): string {
  return `${metric}:${window}`;
}

/** The recent window is an ordinary aggregate; the one before it gets its own key. */
export function previousKey(metric: AggregateMetric, window: Window): string {
  return `${metric}:before_${window}`;
}

/** Every aggregate a program needs at an as-of date, without duplicates. */
export function requiredAggregates(program: Program, asOf: string): AggregateSpec[] {
  const specs = new Map<string, AggregateSpec>();
  for (const m of program.measures) {
    const window = m.window ?? 'lifetime';
    for (const metric of metricFor[m.kind] ?? []) {
      const key = aggregateKey(metric, window);
      if (!specs.has(key)) specs.set(key, { key, metric, range: windowEndingAt(asOf, window, program.timezone) });
    }
  }
  // Flags compare spend and orders in a recent window with the window just before it.
  for (const window of new Set([program.flags.potential.window, program.flags.atRisk.window])) {
    if (window === 'lifetime') continue;
    for (const metric of ['spend', 'orders'] as const) {
      const key = aggregateKey(metric, window);
      if (!specs.has(key)) specs.set(key, { key, metric, range: windowEndingAt(asOf, window, program.timezone) });
      const before = previousKey(metric, window);
      specs.set(before, { key: before, metric, range: previousWindow(asOf, window, program.timezone) });
    }
  }
  return [...specs.values()].sort((a, b) => a.key.localeCompare(b.key));
}

/** A measure's raw value for one customer, in display units (spend in major currency units). */
export function measureValue(
  m: MeasureConfig,
  facts: CustomerFacts,
  ctx: { asOf: string; minorPerMajor: number; windowStart: (w: Window) => string | null },
): number | null {
  const window = m.window ?? 'lifetime';
  const agg = (metric: AggregateMetric) => facts.aggregates[aggregateKey(metric, window)] ?? null;
  switch (m.kind) {
    case 'spend':
      return (agg('spend') ?? 0) / ctx.minorPerMajor;
    case 'order_count':
      return agg('orders') ?? 0;
    case 'average_order_value': {
      const orders = agg('orders') ?? 0;
      return orders > 0 ? (agg('spend') ?? 0) / orders / ctx.minorPerMajor : null;
    }
    case 'repeat_purchase_rate': {
      // Share of the window's orders that came after the customer's first-ever order.
      const orders = agg('orders') ?? 0;
      if (orders === 0) return null;
      const start = ctx.windowStart(window);
      const firstInWindow = facts.firstOrderDate !== null && (start === null || facts.firstOrderDate >= start);
      return (orders - (firstInWindow ? 1 : 0)) / orders;
    }
    case 'active_months':
      return agg('active_months') ?? 0;
    case 'satisfaction':
      return agg('satisfaction');
    case 'recency':
      return facts.lastOrderDate === null ? null : dayNumber(ctx.asOf) - dayNumber(facts.lastOrderDate);
    case 'tenure': {
      const starts = [facts.customerSince, facts.firstOrderDate].filter((d): d is string => d !== null).sort();
      return starts[0] === undefined ? null : Math.max(0, dayNumber(ctx.asOf) - dayNumber(starts[0]));
    }
    case 'influence':
      return facts.influence;
    case 'predicted_value':
      return facts.predictedValue;
    case 'churn_risk':
      return facts.churnRisk;
  }
}
