/**
 * date-holidays calendars, built once per country and region and shared by every reader (the
 * holiday triggers and the SLA business calendars): building one costs about 10 ms.
 */
import Holidays from 'date-holidays';
import { remember } from '../bounded-cache.js';

export interface HolidayCalendarRef {
  /** ISO 3166-1 alpha-2. */
  country: string;
  /** Subdivision as date-holidays knows it (its "state": `CA` for California, `BY` for Bavaria). */
  region?: string;
}

export interface HolidayCalendar {
  hd: Holidays;
  /** Captured at construction: `getHolidays(year, lang)` prepends `lang` to the instance's own list. */
  language: string;
}

const MAX_CALENDARS = 200;
const calendars = new Map<string, HolidayCalendar>();

export function holidayCalendarKey(cal: HolidayCalendarRef): string {
  return `${cal.country.toUpperCase()}-${cal.region?.toUpperCase() ?? ''}`;
}

export function holidayCalendar(cal: HolidayCalendarRef): HolidayCalendar {
  const key = holidayCalendarKey(cal);
  const hit = calendars.get(key);
  if (hit) return hit;
  const hd = cal.region ? new Holidays(cal.country.toUpperCase(), cal.region.toUpperCase()) : new Holidays(cal.country.toUpperCase());
  return remember(calendars, key, { hd, language: hd.getLanguages()[0] ?? 'en' }, MAX_CALENDARS);
}
