/**
 * Data preparation for the buy-till-you-die models: from an order log to one summary per customer.
 * Orders on the same day are one transaction (values summed); time is measured in days or weeks
 * (7 days) from the customer's first transaction, which starts the customer's clock and is not
 * counted as a repeat. Calibration ends at the end of `calibrationEnd`; an optional holdout runs
 * to the end of `holdoutEnd`.
 */
import { dayNumber, isValidIsoDate } from '../scoring/calendar.js';

export interface Transaction {
  customerId: string;
  /** Local calendar date of the order, `YYYY-MM-DD`. */
  date: string;
  /** Order value in currency units; zero is allowed. */
  value: number;
}

export type TimeUnit = 'days' | 'weeks';

export interface SummaryOptions {
  calibrationEnd: string;
  holdoutEnd?: string;
  unit: TimeUnit;
}

export interface CustomerSummary {
  customerId: string;
  /** Repeat transactions in calibration (frequency). */
  x: number;
  /** Time of the last calibration transaction after the first (recency). */
  tx: number;
  /** Time from the first transaction to the end of calibration (age). */
  T: number;
  /** Mean value of the repeat transactions in calibration; 0 when there are none. */
  meanRepeatValue: number;
  /** Some calibration repeat transaction had a value of zero. */
  zeroValueRepeat: boolean;
  /** Transactions and their total value in the holdout period, when one was asked for. */
  holdout: { transactions: number; value: number } | null;
}

export interface SummaryResult {
  customers: CustomerSummary[];
  unit: TimeUnit;
  /** Length of the holdout in `unit`, or null. */
  holdoutLength: number | null;
  counts: {
    /** Transactions after merging same-day orders, over the whole log. */
    transactions: number;
    calibrationRepeatTransactions: number;
    holdoutTransactions: number;
    /** Customers whose first transaction falls after calibration (not part of the cohort). */
    customersAfterCalibration: number;
  };
}

export class SummaryInputError extends Error {}

const UNIT_DAYS: Record<TimeUnit, number> = { days: 1, weeks: 7 };

/** Summarises an order log for model fitting; deterministic, ordered by customer id. */
export function summarize(transactions: Iterable<Transaction>, opts: SummaryOptions): SummaryResult {
  if (!isValidIsoDate(opts.calibrationEnd)) throw new SummaryInputError(`calibrationEnd must be a date (YYYY-MM-DD), got "${opts.calibrationEnd}"`);
  if (opts.holdoutEnd !== undefined) {
    if (!isValidIsoDate(opts.holdoutEnd)) throw new SummaryInputError(`holdoutEnd must be a date (YYYY-MM-DD), got "${opts.holdoutEnd}"`);
    if (opts.holdoutEnd <= opts.calibrationEnd) throw new SummaryInputError('holdoutEnd must be after calibrationEnd');
  }
  const calibrationEnd = dayNumber(opts.calibrationEnd);
  const holdoutEnd = opts.holdoutEnd === undefined ? null : dayNumber(opts.holdoutEnd);
  const perDay = UNIT_DAYS[opts.unit];

  // customer -> day -> summed value
  const days = new Map<string, Map<number, number>>();
  for (const t of transactions) {
    if (!Number.isFinite(t.value) || t.value < 0) throw new SummaryInputError(`customer ${t.customerId} on ${t.date}: value must be a non-negative number`);
    if (!isValidIsoDate(t.date)) throw new SummaryInputError(`customer ${t.customerId}: "${t.date}" is not a date (YYYY-MM-DD)`);
    const byDay = days.get(t.customerId) ?? new Map<number, number>();
    const day = dayNumber(t.date);
    byDay.set(day, (byDay.get(day) ?? 0) + t.value);
    days.set(t.customerId, byDay);
  }

  const counts = { transactions: 0, calibrationRepeatTransactions: 0, holdoutTransactions: 0, customersAfterCalibration: 0 };
  const customers: CustomerSummary[] = [];
  for (const id of [...days.keys()].sort()) {
    const byDay = days.get(id) as Map<number, number>;
    counts.transactions += byDay.size;
    const ordered = [...byDay.keys()].sort((a, b) => a - b);
    const first = ordered[0] as number;
    if (first > calibrationEnd) {
      counts.customersAfterCalibration++;
      continue;
    }
    let x = 0;
    let last = first;
    let repeatValue = 0;
    let zeroValueRepeat = false;
    let holdoutTransactions = 0;
    let holdoutValue = 0;
    for (const day of ordered) {
      const value = byDay.get(day) as number;
      if (day === first) continue;
      if (day <= calibrationEnd) {
        x++;
        last = day;
        repeatValue += value;
        if (value === 0) zeroValueRepeat = true;
      } else if (holdoutEnd !== null && day <= holdoutEnd) {
        holdoutTransactions++;
        holdoutValue += value;
      }
    }
    counts.calibrationRepeatTransactions += x;
    counts.holdoutTransactions += holdoutTransactions;
    customers.push({
      customerId: id,
      x,
      tx: (last - first) / perDay,
      T: (calibrationEnd - first) / perDay,
      meanRepeatValue: x > 0 ? repeatValue / x : 0,
      zeroValueRepeat,
      holdout: holdoutEnd === null ? null : { transactions: holdoutTransactions, value: holdoutValue },
    });
  }
  return { customers, unit: opts.unit, holdoutLength: holdoutEnd === null ? null : (holdoutEnd - calibrationEnd) / perDay, counts };
}
