/**
 * As-of dates and windows. An as-of date `D` means "everything up to the end of D in the
 * program's time zone"; a window `90d` is the 90 calendar days that end there.
 */
import { TZDate } from '@date-fns/tz';
import { subDays, subMonths, subWeeks, subYears } from 'date-fns';
import type { Window } from '../program/schema.js';

const DAY_MS = 86_400_000;

/** Days since 1970-01-01 for a `YYYY-MM-DD` string: cheap, exact calendar arithmetic. */
export function dayNumber(isoDate: string): number {
  return Math.floor(Date.UTC(Number(isoDate.slice(0, 4)), Number(isoDate.slice(5, 7)) - 1, Number(isoDate.slice(8, 10))) / DAY_MS);
}

export function isoDateFromDayNumber(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

export function isValidIsoDate(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) && isoDateFromDayNumber(dayNumber(value)) === value;
}

/** Local midnight at the start of `isoDate` in `timezone`, as an instant. */
export function startOfLocalDay(isoDate: string, timezone: string): Date {
  const [y, m, d] = [Number(isoDate.slice(0, 4)), Number(isoDate.slice(5, 7)), Number(isoDate.slice(8, 10))];
  return new Date(new TZDate(y, m - 1, d, timezone).getTime());
}

export interface DateRange {
  /** Inclusive start instant; null means since the beginning. */
  from: Date | null;
  /** Exclusive end instant. */
  to: Date;
  /** The same range as local dates: first day included, null for lifetime. */
  fromDate: string | null;
}

/** The window that ends at the end of the as-of date. */
export function windowEndingAt(asOf: string, window: Window, timezone: string): DateRange {
  const to = startOfLocalDay(isoDateFromDayNumber(dayNumber(asOf) + 1), timezone);
  if (window === 'lifetime') return { from: null, to, fromDate: null };
  const fromDate = shiftBack(isoDateFromDayNumber(dayNumber(asOf) + 1), window);
  return { from: startOfLocalDay(fromDate, timezone), to, fromDate };
}

/** The window of the same length immediately before `windowEndingAt(asOf, window)`. */
export function previousWindow(asOf: string, window: Window, timezone: string): DateRange {
  if (window === 'lifetime') throw new Error('A lifetime window has no previous window');
  const current = windowEndingAt(asOf, window, timezone);
  const fromDate = shiftBack(current.fromDate as string, window);
  return { from: startOfLocalDay(fromDate, timezone), to: current.from as Date, fromDate };
}

/** `date` moved back by one window, in calendar terms (months keep their day where they can). */
function shiftBack(isoDate: string, window: Exclude<Window, 'lifetime'>): string {
  const amount = Number(window.slice(0, -1));
  const unit = window.slice(-1);
  // Calendar arithmetic in UTC so the host's time zone never shifts a date.
  const base = new TZDate(Number(isoDate.slice(0, 4)), Number(isoDate.slice(5, 7)) - 1, Number(isoDate.slice(8, 10)), 'UTC');
  const shifted =
    unit === 'd' ? subDays(base, amount) : unit === 'w' ? subWeeks(base, amount) : unit === 'm' ? subMonths(base, amount) : subYears(base, amount);
  return isoDateFromDayNumber(Math.floor(shifted.getTime() / DAY_MS));
}


/** The local calendar date of an instant in a time zone. */
export function localDate(instant: Date, timezone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(instant);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}
