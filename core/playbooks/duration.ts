/**
 * Playbook durations (`12h`, `3d`, `2w`, `1m`) applied to instants. Days, weeks and months are
 * calendar units in the given time zone, so "3d" after 10:00 is 10:00 three local days later,
 * across a DST change too; hours are exact.
 */
import { TZDate } from '@date-fns/tz';
import { addDays, addHours, addMonths, addWeeks } from 'date-fns';
import type { Duration } from './schema.js';

export function parseDuration(d: Duration): { amount: number; unit: 'h' | 'd' | 'w' | 'm' } {
  return { amount: Number(d.slice(0, -1)), unit: d.slice(-1) as 'h' | 'd' | 'w' | 'm' };
}

export function addDuration(at: Date, d: Duration, timezone: string, sign: 1 | -1 = 1): Date {
  const { amount, unit } = parseDuration(d);
  const n = amount * sign;
  const local = new TZDate(at.getTime(), timezone);
  const moved = unit === 'h' ? addHours(local, n) : unit === 'd' ? addDays(local, n) : unit === 'w' ? addWeeks(local, n) : addMonths(local, n);
  return new Date(moved.getTime());
}

export function subtractDuration(at: Date, d: Duration, timezone: string): Date {
  return addDuration(at, d, timezone, -1);
}

/** `YYYY-MM-DD` of an instant in a time zone. */
export function localDate(at: Date, timezone: string): string {
  const local = new TZDate(at.getTime(), timezone);
  const y = local.getFullYear();
  const m = local.getMonth() + 1;
  const d = local.getDate();
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}
