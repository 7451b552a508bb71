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

export type MeasureReader = (facts: CustomerFacts) => number | null;

/**
 * Compiles a measure into a reader of its raw value (display units: spend in major currency
 * units, recency and tenure in days), with keys and dates worked out once per run.
 */
export function measureReader(m: MeasureConfig, ctx: { asOf: string; minorPerMajor: number; windowStart: (w: Window) => string | null }): MeasureReader {
  const window = m.window ?? 'lifetime';
  const spendKey = aggregateKey('spend', window);
  const ordersKey = aggregateKey('orders', window);
  const today = dayNumber(ctx.asOf);
  const perMajor = ctx.minorPerMajor;
  switch (m.kind) {
    case 'spend':
      return (f) => (f.aggregates[spendKey] ?? 0) / perMajor;
    case 'order_count':
      return (f) => f.aggregates[ordersKey] ?? 0;
    case 'average_order_value':
      return (f) => {
        const orders = f.aggregates[ordersKey] ?? 0;
        return orders > 0 ? (f.aggregates[spendKey] ?? 0) / orders / perMajor : null;
      };
    case 'repeat_purchase_rate': {
      // Share of the window's orders that came after the customer's first-ever order.
      const start = ctx.windowStart(window);
      return (f) => {
        const orders = f.aggregates[ordersKey] ?? 0;
        if (orders === 0) return null;
        const firstInWindow = f.firstOrderDate !== null && (start === null || f.firstOrderDate >= start);
        return (orders - (firstInWindow ? 1 : 0)) / orders;
      };
    }
    case 'active_months': {
      const key = aggregateKey('active_months', window);
      return (f) => f.aggregates[key] ?? 0;
    }
    case 'satisfaction': {
      const key = aggregateKey('satisfaction', window);
      return (f) => f.aggregates[key] ?? null;
    }
    case 'recency':
      return (f) => (f.lastOrderDate === null ? null : today - dayNumber(f.lastOrderDate));
    case 'tenure':
      return (f) => {
        const a = f.customerSince;
        const b = f.firstOrderDate;
        const start = a === null ? b : b === null ? a : a < b ? a : b;
        return start === null ? null : Math.max(0, today - dayNumber(start));
      };
    case 'influence':
      return (f) => f.influence;
    case 'predicted_value':
      return (f) => f.predictedValue;
    case 'churn_risk':
      return (f) => f.churnRisk;
  }
}
