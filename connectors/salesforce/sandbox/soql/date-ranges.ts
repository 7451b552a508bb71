/**
 * SOQL date literals that name a span of days (TODAY, LAST_N_DAYS:n...), as half-open ranges of
 * whole UTC days.
 * https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_select_dateformats.htm
 */
import type { DateRangeName } from './ast.js';

const DAY = 86_400_000;

export interface DayRange {
  /** Epoch ms of the first instant in the range. */
  startMs: number;
  /** Epoch ms of the first instant after it. */
  endMs: number;
}

export function dayRange(name: DateRangeName, n: number, nowMs: number): DayRange {
  const today = Math.floor(nowMs / DAY) * DAY;
  switch (name) {
    case 'TODAY':
      return { startMs: today, endMs: today + DAY };
    case 'YESTERDAY':
      return { startMs: today - DAY, endMs: today };
    case 'TOMORROW':
      return { startMs: today + DAY, endMs: today + 2 * DAY };
    case 'LAST_N_DAYS':
      // Today and the n days before it.
      return { startMs: today - n * DAY, endMs: today + DAY };
    case 'NEXT_N_DAYS':
      // The n days after today.
      return { startMs: today + DAY, endMs: today + (n + 1) * DAY };
  }
}

export const isoDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
