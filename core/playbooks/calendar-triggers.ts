/**
 * Date triggers: birthdays, relationship anniversaries, public holidays and the program's own
 * dates. `today` is the customer's local date; an occurrence fires from `fireOn` (the date minus
 * `daysBefore`) through `catchUpDays` days later, so a worker that was down still fires it, and
 * its `key` is stable across that window so the caller enrols once.
 */
import { remember } from '../bounded-cache.js';
import { holidayCalendar, holidayCalendarKey as calendarKey, type HolidayCalendarRef } from './holiday-calendars.js';
import type { LocalizedText } from '../program/primitives.js';
import { dayNumber, isoDateFromDayNumber, isValidIsoDate } from '../scoring/calendar.js';
import type { CustomDate } from './schema.js';

export interface DateOccurrence {
  key: string;
  /** The event's own date, `YYYY-MM-DD`. */
  date: string;
  /** The first day it fires: `date` minus `daysBefore`. */
  fireOn: string;
  /** Display name, English. */
  name: string;
  /** The name in the calendar's own language, when it differs from `name`. */
  localName?: string;
}

export type { HolidayCalendarRef } from './holiday-calendars.js';

export function birthdayOccurrence(birthday: string, today: string, daysBefore: number, catchUpDays: number): DateOccurrence | null {
  const birthYear = Number(birthday.slice(0, 4));
  const hit = yearlyOccurrence(birthday.slice(5, 10), birthYear + 1, today, daysBefore, catchUpDays);
  if (!hit) return null;
  return { key: `birthday:${hit.year}`, date: hit.date, fireOn: hit.fireOn, name: 'Birthday' };
}

export function anniversaryOccurrence(
  since: string,
  today: string,
  daysBefore: number,
  catchUpDays: number,
): (DateOccurrence & { years: number }) | null {
  const startYear = Number(since.slice(0, 4));
  // From year 1: the start day itself is no anniversary.
  const hit = yearlyOccurrence(since.slice(5, 10), startYear + 1, today, daysBefore, catchUpDays);
  if (!hit) return null;
  const years = hit.year - startYear;
  return { key: `anniversary:${hit.year}`, date: hit.date, fireOn: hit.fireOn, name: years === 1 ? '1 year' : `${years} years`, years };
}

export function holidayOccurrences(opts: {
  calendar: HolidayCalendarRef | null;
  customDates: readonly CustomDate[];
  names?: readonly string[];
  today: string;
  daysBefore: number;
  catchUpDays: number;
}): DateOccurrence[] {
  const before = wholeDays(opts.daysBefore);
  const { lo, hi } = dateWindow(opts.today, before, opts.catchUpDays);
  const wanted = opts.names ? normalizedNames(opts.names) : null;
  const fromYear = yearOf(lo);
  const toYear = yearOf(hi);
  const out: DateOccurrence[] = [];

  if (opts.calendar) {
    for (let year = fromYear; year <= toYear; year++) {
      for (const h of publicHolidays(opts.calendar, year)) {
        if (h.day < lo || h.day > hi) continue;
        if (wanted && !matchesAny(h.match, wanted)) continue;
        addOnce(out, {
          key: h.key,
          date: h.date,
          fireOn: isoDate(h.day - before),
          name: h.name,
          ...(h.localName !== undefined ? { localName: h.localName } : {}),
        });
      }
    }
  }

  for (const c of opts.customDates) {
    if (wanted && !wanted.has(c.id.toLowerCase())) continue;
    const dates: string[] = [];
    if (c.date.length === 10) {
      if (isValidIsoDate(c.date)) dates.push(c.date);
    } else {
      for (let year = fromYear; year <= toYear; year++) dates.push(onYear(year, c.date));
    }
    for (const date of dates) {
      const day = dayNumber(date);
      if (day < lo || day > hi) continue;
      addOnce(out, { key: `holiday:${date}:${c.id}`, date, fireOn: isoDate(day - before), name: englishText(c.name) });
    }
  }

  return out.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

// Hot path helpers are plain functions: the daily run calls holidayOccurrences per customer.
function matchesAny(match: readonly string[], wanted: ReadonlySet<string>): boolean {
  for (const m of match) if (wanted.has(m)) return true;
  return false;
}

/** The list is a handful of rows: a scan beats a Set per customer. */
function addOnce(out: DateOccurrence[], o: DateOccurrence): void {
  for (const p of out) if (p.key === o.key) return;
  out.push(o);
}

export function isKnownHolidayName(calendar: HolidayCalendarRef, name: string): boolean {
  const wanted = name.trim().toLowerCase();
  // Names are stable, but some holidays exist only in some years (new laws, one-off days).
  const year = new Date().getUTCFullYear();
  for (let y = year - 1; y <= year + 2; y++) {
    if (publicHolidays(calendar, y).some((h) => h.match.includes(wanted))) return true;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// Yearly dates

let lastToday = '';
let lastTodayDay = 0;
const yearByDay = new Map<number, number>();
const isoDates = new Map<number, string>();

/** The dates in `[lo, hi]` (day numbers) fire today: `date - daysBefore <= today <= date - daysBefore + catchUp`. */
function dateWindow(today: string, daysBefore: number, catchUpDays: number): { lo: number; hi: number } {
  // Every customer in a time zone shares today: remember the last one parsed.
  if (today !== lastToday) {
    lastToday = today;
    lastTodayDay = dayNumber(today);
  }
  const t = lastTodayDay;
  return { lo: t + daysBefore - wholeDays(catchUpDays), hi: t + daysBefore };
}

function yearlyOccurrence(
  monthDay: string,
  firstYear: number,
  today: string,
  daysBefore: number,
  catchUpDays: number,
): { year: number; date: string; fireOn: string } | null {
  const before = wholeDays(daysBefore);
  const { lo, hi } = dateWindow(today, before, catchUpDays);
  // Newest first: with a catch-up window longer than a year the latest occurrence wins.
  for (let year = yearOf(hi); year >= yearOf(lo) && year >= firstYear; year--) {
    const date = onYear(year, monthDay);
    const day = dayNumber(date);
    if (day >= lo && day <= hi) return { year, date, fireOn: isoDateFromDayNumber(day - before) };
  }
  return null;
}

/** `MM-DD` in `year`, moved to the month's last day when it has none (Feb 29 -> Feb 28). */
function onYear(year: number, monthDay: string): string {
  const month = Number(monthDay.slice(0, 2));
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const day = Math.min(Number(monthDay.slice(3, 5)), lastDay);
  return `${String(year).padStart(4, '0')}-${monthDay.slice(0, 2)}-${String(day).padStart(2, '0')}`;
}

function yearOf(day: number): number {
  const hit = yearByDay.get(day);
  if (hit !== undefined) return hit;
  return remember(yearByDay, day, new Date(day * 86_400_000).getUTCFullYear(), 4096);
}

/** isoDateFromDayNumber, memoised: the daily run formats the same few dates for every customer. */
function isoDate(day: number): string {
  const hit = isoDates.get(day);
  if (hit !== undefined) return hit;
  return remember(isoDates, day, isoDateFromDayNumber(day), 4096);
}

function wholeDays(n: number): number {
  return Number.isFinite(n) && n > 0 ? Math.floor(n) : 0;
}

function englishText(text: LocalizedText): string {
  return typeof text === 'string' ? text : (text.en ?? Object.values(text)[0] ?? '');
}

// ---------------------------------------------------------------------------------------------
// Public holidays (date-holidays), cached: the daily run asks for the same few calendars and
// years for up to a million customers; building a calendar costs ~10 ms and a year ~4 ms.

interface PublicHoliday {
  key: string;
  date: string;
  day: number;
  name: string;
  localName?: string;
  /** Lower-cased English and local names and their variants, for `names` filters. */
  match: string[];
}

interface RawHoliday {
  date: string;
  name: string;
  localName: string;
}

const MAX_YEARS = 500;
const rawYears = new Map<string, readonly RawHoliday[]>();
const holidayYears = new Map<string, readonly PublicHoliday[]>();
const namesCache = new WeakMap<readonly string[], ReadonlySet<string>>();


/** Public, non-substitute days of one year, with English and local names. */
function rawYear(cal: HolidayCalendarRef, year: number): readonly RawHoliday[] {
  const key = `${calendarKey(cal)}:${year}`;
  const hit = rawYears.get(key);
  if (hit) return hit;
  const { hd, language } = holidayCalendar(cal);
  // setLanguages resets the list; passing a language to getHolidays would grow it on every call.
  hd.setLanguages('en');
  const en = hd.getHolidays(year);
  hd.setLanguages(language);
  const local = new Map(hd.getHolidays(year).map((h) => [`${h.rule}|${h.date}`, h.name]));
  const rows: RawHoliday[] = [];
  for (const h of en) {
    // A substitute day is a day off in lieu, not the holiday: greeting on it would double up.
    // Rows repeating a date and name (two rules) give the same key; holidayOccurrences keeps one.
    if (h.type !== 'public' || h.substitute) continue;
    rows.push({ date: h.date.slice(0, 10), name: h.name, localName: local.get(`${h.rule}|${h.date}`) ?? h.name });
  }
  return remember(rawYears, key, rows, MAX_YEARS);
}

function publicHolidays(cal: HolidayCalendarRef, year: number): readonly PublicHoliday[] {
  const key = `${calendarKey(cal)}:${year}`;
  const hit = holidayYears.get(key);
  if (hit) return hit;
  const raw = rawYear(cal, year);
  const namesOn = (day: number): RawHoliday[] => {
    const date = isoDateFromDayNumber(day);
    const rows = yearOf(day) === year ? raw : rawYear(cal, yearOf(day));
    return rows.filter((r) => r.date === date);
  };
  const out: PublicHoliday[] = [];
  for (let i = 0; i < raw.length; i++) {
    const r = raw[i] as RawHoliday;
    const day = dayNumber(r.date);
    // Days in a row with the same name (CN National Day, Oct 1-3) are one holiday, on its first day.
    if (namesOn(day - 1).some((p) => p.name === r.name)) continue;
    const match = new Set<string>();
    for (let d = day; ; d++) {
      const run = d === day ? [r] : namesOn(d).filter((p) => p.name === r.name);
      if (run.length === 0) break;
      for (const p of run) for (const v of [...variants(p.name), ...variants(p.localName)]) match.add(v.toLowerCase());
    }
    const localName = firstSpelling(r.localName);
    out.push({
      key: `holiday:${r.date}:${slugify(r.name)}`,
      date: r.date,
      day,
      name: r.name,
      ...(localName !== r.name ? { localName } : {}),
      match: [...match],
    });
  }
  return remember(holidayYears, key, out, MAX_YEARS);
}

/**
 * A name and the spellings it bundles: date-holidays writes alternatives as `A / B` (TW) and
 * simplified/traditional Chinese as `清明节 清明節`, and people type just one of them.
 */
function variants(name: string): string[] {
  const out = new Set<string>([name.trim()]);
  for (const part of name.split(/\s+\/\s+/)) {
    out.add(part.trim());
    for (const w of hanSpellings(part)) out.add(w);
  }
  return [...out].filter((s) => s.length > 0);
}

/** For display: `清明节 清明節` reads as a typo, `清明节` does not. */
function firstSpelling(name: string): string {
  const first = (name.split(/\s+\/\s+/)[0] ?? name).trim();
  return hanSpellings(first)[0] ?? first;
}

/** Space-separated Han words are alternative spellings (Han script puts no spaces between words). */
function hanSpellings(text: string): string[] {
  const words = text.trim().split(/\s+/);
  return words.length > 1 && words.every((w) => /^\p{Script=Han}+$/u.test(w)) ? words : [];
}

function slugify(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/['’]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug || 'holiday';
}

/** Programs hand the same `names` array for every customer: normalise it once. */
function normalizedNames(names: readonly string[]): ReadonlySet<string> {
  const hit = namesCache.get(names);
  if (hit) return hit;
  const set = new Set(names.map((n) => n.trim().toLowerCase()));
  namesCache.set(names, set);
  return set;
}
