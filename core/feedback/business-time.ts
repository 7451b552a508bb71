/**
 * Business-time arithmetic for complaint SLA clocks: a target ("first response within 30 min",
 * "resolved within 24 h") counts only time that is open on the program's calendar and not paused
 * (the complaint waiting on the customer). Pure: no I/O, no clock reads.
 *
 * Semantics:
 * - Opening hours are wall-clock times in `calendar.timezone`, `[start, end)` on each listed
 *   day; `end` may be `24:00`. A wall time is placed at the earliest instant whose local time
 *   is at or past it, so on a spring-forward day an opening at 02:30 starts when the clock jumps
 *   to 03:00, and on a fall-back day a repeated hour inside the hours is counted twice (a
 *   00:00-24:00 day lasts 25 h). TZDate resolves the zone; this file only checks its answer.
 * - Holidays close whole local days, on business-hours calendars only; 24/7 calendars
 *   (`hours: null`) ignore them and are plain wall-clock arithmetic minus pauses.
 * - Pauses are `[from, to)`, may overlap or come unsorted; `to: null` lasts forever.
 * - Millisecond resolution; instants are epoch ms throughout.
 */
import { TZDate } from '@date-fns/tz';
import { remember } from '../bounded-cache.js';
import { holidayCalendar, holidayCalendarKey as calendarKey } from '../playbooks/holiday-calendars.js';
import type { Weekday } from '../playbooks/schema.js';
import { dayNumber, isoDateFromDayNumber, isValidIsoDate } from '../scoring/calendar.js';

export interface BusinessCalendar {
  /** IANA zone the hours are in. */
  timezone: string;
  /** Opening hours per week; null means around the clock (24/7). `end` may be `24:00`; start < end (no overnight spans). */
  hours: { days: readonly Weekday[]; start: string; end: string } | null;
  /** Local dates (`YYYY-MM-DD` in `timezone`) closed all day. Consulted for business-hours calendars only. */
  isHoliday(localDate: string): boolean;
}

/** The clock stops from `from` up to `to`; `to: null` means still paused. */
export interface Pause {
  from: Date;
  to: Date | null;
}

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const DAY_MINUTES = 1440;
/** Larger than any clock change (2 h at most, Antarctica/Troll): the search window for a skipped wall time. */
const CLOCK_CHANGE_WINDOW_MS = 3 * 3_600_000;
/** A calendar with no open minute in this many local days is broken, not just closed for a while. */
const MAX_CLOSED_DAYS = 400;

const WEEKDAY_INDEX: Record<Weekday, number> = { mon: 0, tue: 1, wed: 2, thu: 3, fri: 4, sat: 5, sun: 6 };

/**
 * The instant at which `targetMs` of open, unpaused time has elapsed since `start`; null if a
 * pause with `to: null` starts before the target is reached. A zero target is `start` itself
 * (already met, whether or not the calendar is open then). A target that ends exactly at
 * closing time is due at closing time, not at the next opening.
 */
export function businessDeadline(start: Date, targetMs: number, calendar: BusinessCalendar, pauses: readonly Pause[] = []): Date | null {
  const from = instant(start, 'start');
  if (!Number.isFinite(targetMs) || targetMs < 0) throw new RangeError(`SLA target must be a finite, non-negative number of ms, got ${targetMs}`);
  // Instants are whole ms: round a fractional target up so the deadline never comes early.
  let remaining = Math.ceil(targetMs);
  if (remaining === 0) return new Date(from);
  for (const [a, b] of openSegments(planOf(calendar), from, Infinity, normalizePauses(pauses))) {
    if (b - a >= remaining) return new Date(a + remaining);
    remaining -= b - a;
  }
  // Only an open-ended pause ends the walk before the target (a closed calendar throws).
  return null;
}

/**
 * Open, unpaused milliseconds in `[from, to)`; 0 when `to <= from`. Like businessDeadline it
 * throws when the walk meets 400 days in a row without an open minute (a broken calendar).
 */
export function businessElapsed(from: Date, to: Date, calendar: BusinessCalendar, pauses: readonly Pause[] = []): number {
  const lo = instant(from, 'from');
  const hi = instant(to, 'to');
  if (hi <= lo) return 0;
  let total = 0;
  for (const [a, b] of openSegments(planOf(calendar), lo, hi, normalizePauses(pauses))) total += b - a;
  return total;
}

// ---------------------------------------------------------------------------------------------
// Open segments

interface Plan {
  timezone: string;
  /** null: 24/7. */
  hours: { open: readonly boolean[]; start: number; end: number } | null;
  isHoliday: (localDate: string) => boolean;
  label: string;
}

type Span = readonly [number, number];

/**
 * Open, unpaused `[a, b)` spans in order, from `from` up to `limit` (Infinity: unbounded). Each
 * step either yields a span or jumps over a pause, so a long pause costs no day-by-day walk.
 */
function* openSegments(plan: Plan, from: number, limit: number, pauses: readonly Span[]): Generator<Span> {
  let t = from;
  let p = 0;
  while (t < limit) {
    const open = nextOpen(plan, t, limit);
    if (!open) return;
    const a = open[0];
    while (p < pauses.length && (pauses[p] as Span)[1] <= a) p++;
    const pause = pauses[p];
    if (pause && pause[0] <= a) {
      t = pause[1]; // Infinity for an open-ended pause: the loop ends.
      continue;
    }
    const b = Math.min(open[1], limit, pause ? pause[0] : Infinity);
    yield [a, b];
    t = b;
  }
}

/**
 * The first open span that ends after `t`, clipped to start at `t`; null when it would start at
 * or after `limit`. Walks local days; throws after MAX_CLOSED_DAYS days without an open minute.
 */
function nextOpen(plan: Plan, t: number, limit: number): Span | null {
  const hours = plan.hours;
  if (!hours) return [t, Infinity];
  const first = localDayOf(t, plan.timezone);
  for (let day = first; ; day++) {
    // Local midnight of `day` is after (day - 1) * DAY_MS in every zone (offsets stay within ±24 h):
    // a cheap bound that stops a closed stretch past `limit` without building its instants.
    if ((day - 1) * DAY_MS >= limit) return null;
    if (day - first > MAX_CLOSED_DAYS) {
      throw new Error(
        `Business calendar ${plan.label} has no open hours in the ${MAX_CLOSED_DAYS} days from ${isoDateFromDayNumber(first)}: ` +
          'check its opening days and holidays',
      );
    }
    if (!hours.open[weekdayOf(day)] || plan.isHoliday(isoDateFromDayNumber(day))) continue;
    const a = wallInstant(day, hours.start, plan.timezone);
    if (a >= limit) return null;
    const b = wallInstant(day, hours.end, plan.timezone);
    // Empty when both ends fall in one skipped stretch (hours inside a spring-forward gap).
    if (b <= t || b <= a) continue;
    return [Math.max(a, t), b];
  }
}

/**
 * The earliest instant whose local time in `timezone` is at or past `minute` on local `day`.
 * TZDate already answers that for ordinary and repeated times (it takes the earlier of two);
 * for a skipped time it moves forward by the gap, so then the clock change itself is searched.
 */
function wallInstant(day: number, minute: number, timezone: string): number {
  if (minute >= DAY_MINUTES) return wallInstant(day + 1, minute - DAY_MINUTES, timezone);
  // Every complaint of a program asks for the same few recent days: TZDate costs ~10 µs a call.
  let byZone = wallInstants.get(timezone);
  if (!byZone) byZone = remember(wallInstants, timezone, new Map<number, number>(), MAX_ZONES);
  const key = day * DAY_MINUTES + minute;
  const hit = byZone.get(key);
  if (hit !== undefined) return hit;
  return remember(byZone, key, resolveWallTime(day, minute, timezone), MAX_WALL_INSTANTS);
}

function resolveWallTime(day: number, minute: number, timezone: string): number {
  const want = day * DAY_MS + minute * MINUTE_MS;
  const date = new Date(day * DAY_MS);
  const resolved = new TZDate(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate(), Math.floor(minute / 60), minute % 60, timezone);
  const t = resolved.getTime();
  const got = wallKey(resolved);
  if (got === want) return t;
  // Binary search for the first instant at or past `want`; local time only climbs within the window.
  let lo = got > want ? t - CLOCK_CHANGE_WINDOW_MS : t; // before `want`
  let hi = got > want ? t : t + CLOCK_CHANGE_WINDOW_MS; // at or past it
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (wallKey(new TZDate(mid, timezone)) >= want) hi = mid;
    else lo = mid;
  }
  return hi;
}

const MAX_ZONES = 100;
const MAX_WALL_INSTANTS = 20_000;
const wallInstants = new Map<string, Map<number, number>>();

/** Local date and time as a number that orders like them (the fields read as if UTC); a comparison key, not an instant. */
function wallKey(d: TZDate): number {
  return Date.UTC(d.getFullYear(), d.getMonth(), d.getDate(), d.getHours(), d.getMinutes(), d.getSeconds(), d.getMilliseconds());
}

function localDayOf(t: number, timezone: string): number {
  const d = new TZDate(t, timezone);
  return Math.floor(Date.UTC(d.getFullYear(), d.getMonth(), d.getDate()) / DAY_MS);
}

/** WEEKDAY_INDEX (Monday 0) of a day number; day 0, 1970-01-01, was a Thursday. */
function weekdayOf(day: number): number {
  return (((day + 3) % 7) + 7) % 7;
}

/** Cheap (no holiday look-ups): rebuilt per call so a calendar edited in place is read afresh. */
function planOf(calendar: BusinessCalendar): Plan {
  const { timezone, hours } = calendar;
  if (Number.isNaN(new TZDate(0, timezone).getTime())) throw new RangeError(`Business calendar: unknown time zone ${JSON.stringify(timezone)}`);
  const isHoliday = (localDate: string): boolean => calendar.isHoliday(localDate);
  if (hours === null) return { timezone, hours: null, isHoliday, label: `${timezone} 24/7` };
  const label = `${timezone} ${hours.days.join(',')} ${hours.start}-${hours.end}`;
  const start = parseTime(hours.start, false, label);
  const end = parseTime(hours.end, true, label);
  if (start >= end) throw new RangeError(`Business calendar ${label}: opening hours must start before they end (no overnight spans)`);
  const open = [false, false, false, false, false, false, false];
  for (const d of hours.days) {
    const i = WEEKDAY_INDEX[d];
    if (i === undefined) throw new RangeError(`Business calendar ${label}: unknown weekday ${JSON.stringify(d)}`);
    open[i] = true;
  }
  if (!open.includes(true)) throw new RangeError(`Business calendar ${label}: opening hours list no weekday`);
  return { timezone, hours: { open, start, end }, isHoliday, label };
}

function parseTime(hhmm: string, allow24: boolean, label: string): number {
  if (allow24 && hhmm === '24:00') return DAY_MINUTES;
  const m = /^([01][0-9]|2[0-3]):([0-5][0-9])$/.exec(hhmm);
  if (!m) throw new RangeError(`Business calendar ${label}: ${JSON.stringify(hhmm)} is not a time of day (HH:MM)`);
  return Number(m[1]) * 60 + Number(m[2]);
}

/** Sorted, merged `[from, to)` spans; Infinity for an open-ended pause. */
function normalizePauses(pauses: readonly Pause[]): Span[] {
  if (pauses.length === 0) return [];
  const spans: [number, number][] = [];
  for (const p of pauses) {
    const a = instant(p.from, 'pause.from');
    const b = p.to === null ? Infinity : instant(p.to, 'pause.to');
    if (b > a) spans.push([a, b]);
  }
  spans.sort((x, y) => x[0] - y[0]);
  const out: [number, number][] = [];
  for (const s of spans) {
    const last = out[out.length - 1];
    if (last && s[0] <= last[1]) last[1] = Math.max(last[1], s[1]);
    else out.push(s);
  }
  return out;
}

function instant(d: Date, name: string): number {
  const t = d.getTime();
  if (Number.isNaN(t)) throw new RangeError(`Business time: ${name} is an invalid date`);
  return t;
}

// ---------------------------------------------------------------------------------------------
// Holidays

/**
 * Closed days from the program's calendars: public holidays of a country/region (date-holidays,
 * as core/playbooks/calendar-triggers.ts reads them) plus tenant dates, `MM-DD` every year (Feb
 * 29 falls on Feb 28 in other years, as the date triggers do) or one `YYYY-MM-DD`.
 *
 * Which date-holidays rows close a day: type `public` only, as for the triggers, but substitute
 * days count here (they are the day off in lieu), a row spanning several days closes each
 * (KR Seollal, VN Tết, RU New Year), and a row shorter than a day does not (CN half days).
 * Public days for one group only (CN Women's, Youth, Children's and Army Day) keep businesses
 * open and are skipped.
 *
 * Limit, China: date-holidays has the statutory days (National Day Oct 1-3, Spring Festival
 * 3 days), not the State Council's yearly schedule that stretches them to a week and moves
 * work to weekends (调休 make-up working days). Tenants add the extra days off as custom dates;
 * a make-up Saturday cannot be expressed, so it stays closed on a Mon-Fri calendar.
 */
export function holidayPredicate(
  ref: { country: string; region?: string } | null,
  customDates: readonly { date: string }[],
): (localDate: string) => boolean {
  const exact = new Set<string>();
  const yearly = new Set<string>();
  for (const c of customDates) {
    if (c.date.length === 10 && isValidIsoDate(c.date)) exact.add(c.date);
    else if (/^(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$/.test(c.date)) yearly.add(c.date);
  }
  const key = ref ? calendarKey(ref) : null;
  // A calendar walk asks for consecutive days: keep the current year's set at hand.
  let lastYear = NaN;
  let lastSet: ReadonlySet<string> = new Set();
  return (localDate: string): boolean => {
    if (exact.has(localDate)) return true;
    const monthDay = localDate.slice(5, 10);
    if (yearly.size > 0) {
      if (yearly.has(monthDay)) return true;
      if (monthDay === '02-28' && yearly.has('02-29') && !isLeapYear(Number(localDate.slice(0, 4)))) return true;
    }
    if (!ref || key === null) return false;
    const year = Number(localDate.slice(0, 4));
    if (year !== lastYear) {
      lastSet = closedDaysOfYear(ref, key, year);
      lastYear = year;
    }
    return lastSet.has(localDate);
  };
}

const MAX_YEARS = 500;
/** Dates closed by the rows of one year (a multi-day row may run into the next year). */
const rowDays = new Map<string, readonly string[]>();
/** Dates of one year closed by the rows of that year and the year before. */
const closedYears = new Map<string, ReadonlySet<string>>();

/** date-holidays marks these public for one group of people only; everyone else works. */
const ONE_GROUP_NOTE = /\b(women|youth|children|military)\b/i;

function closedDaysOfYear(ref: { country: string; region?: string }, key: string, year: number): ReadonlySet<string> {
  const cacheKey = `${key}:${year}`;
  const hit = closedYears.get(cacheKey);
  if (hit) return hit;
  const prefix = `${String(year).padStart(4, '0')}-`;
  const set = new Set<string>();
  for (const y of [year - 1, year]) for (const d of rowDaysOf(ref, key, y)) if (d.startsWith(prefix)) set.add(d);
  return remember(closedYears, cacheKey, set, MAX_YEARS);
}

function rowDaysOf(ref: { country: string; region?: string }, key: string, year: number): readonly string[] {
  const cacheKey = `${key}:${year}`;
  const hit = rowDays.get(cacheKey);
  if (hit) return hit;
  const out: string[] = [];
  // The calendar the holiday triggers read, so both see the same days.
  for (const h of holidayCalendar(ref).hd.getHolidays(year)) {
    if (h.type !== 'public') continue;
    // date-holidays sets `note` at run time but leaves it out of its types.
    const note = (h as { note?: unknown }).note;
    if (typeof note === 'string' && ONE_GROUP_NOTE.test(note)) continue;
    // `date` is the local date the holiday is on (Islamic rows start at the eve's sunset, yet
    // name the day itself). Whole days: a DST day is 23 or 25 h, a half day 12 h.
    const days = Math.floor((h.end.getTime() - h.start.getTime() + 2 * 3_600_000) / DAY_MS);
    const first = dayNumber(h.date.slice(0, 10));
    for (let i = 0; i < days; i++) out.push(isoDateFromDayNumber(first + i));
  }
  return remember(rowDays, cacheKey, out, MAX_YEARS);
}


function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}
