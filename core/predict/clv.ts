/**
 * Customer lifetime value by discounted cash flow, as lifetimes defines it
 * (`customer_lifetime_value` in CamDavidsonPilon/lifetimes, utils.py):
 *
 *   CLV = Σ_{i=1..H} v · (E[Y(i·u) | x,tx,T] - E[Y((i-1)·u) | x,tx,T]) / (1 + d)^i
 *
 * where H is the horizon in months, d the monthly discount rate, v the expected average
 * transaction value (Gamma-Gamma conditional expectation), and u the number of summary time
 * units per month. lifetimes takes u from its `freq` argument: 'D' → 30, 'W' → 4.345,
 * 'M' → 1, 'H' → 720, defaulting to 'D' (30). Its documented CDNOW figures were produced
 * with that default on weekly summaries, i.e. u = 30.
 */

/** Expected repeat transactions in (T, T+t] given a customer's summary. */
export type ConditionalTransactionModel = (t: number, x: number, tx: number, T: number) => number;

/** Summary time units per month, as lifetimes' `freq` codes define them. */
export const UNITS_PER_MONTH = { days: 30, weeks: 4.345, months: 1, hours: 720 } as const;

/** Options for {@link customerLifetimeValue}. */
export interface ClvOptions {
  /** Horizon in months (a positive integer). */
  months: number;
  /** Monthly discount rate, e.g. 0.01. */
  monthlyDiscountRate: number;
  /** Summary time units per month (see {@link UNITS_PER_MONTH}). */
  unitsPerMonth: number;
}

/**
 * CLV of one customer over `months` months: the expected transactions in each month times the
 * expected average value, discounted at the end of that month.
 */
export function customerLifetimeValue(
  model: ConditionalTransactionModel,
  customer: { x: number; tx: number; T: number },
  expectedAverageValue: number,
  options: ClvOptions,
): number {
  const { months, monthlyDiscountRate: d, unitsPerMonth: u } = options;
  if (!Number.isInteger(months) || months < 0) throw new RangeError(`customerLifetimeValue: months must be a non-negative integer (${months})`);
  if (!(u > 0)) throw new RangeError(`customerLifetimeValue: unitsPerMonth must be positive (${u})`);
  if (!(d > -1)) throw new RangeError(`customerLifetimeValue: discount rate must exceed -1 (${d})`);
  const { x, tx, T } = customer;
  let clv = 0;
  let prev = 0;
  for (let i = 1; i <= months; i++) {
    const cum = model(i * u, x, tx, T);
    clv += (expectedAverageValue * (cum - prev)) / Math.pow(1 + d, i);
    prev = cum;
  }
  return clv;
}
