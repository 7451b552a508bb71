// Numbers, calendar days and SLA clocks in the user's language. Standalone values use the
// lightning-formatted-* components; these are for values inside a sentence.
import LOCALE from '@salesforce/i18n/locale';
import { LABELS, formatLabel } from 'c/vipCareLabels';

const MINUTE = 60000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

function numberFormat(options) {
    try {
        return new Intl.NumberFormat(LOCALE, options);
    } catch {
        // A locale tag Intl does not know: the digits still read correctly in English.
        return new Intl.NumberFormat('en', options);
    }
}

/** A score or points: at most one decimal, in the user's digits. */
export function formatPoints(value) {
    return numberFormat({ maximumFractionDigits: 1 }).format(value);
}

/** A `YYYY-MM-DD` calendar day, read in UTC so no time zone moves it to another day. */
export function formatDay(day) {
    const date = new Date(`${day}T00:00:00Z`);
    if (Number.isNaN(date.getTime())) {
        return String(day);
    }
    try {
        return new Intl.DateTimeFormat(LOCALE, { dateStyle: 'medium', timeZone: 'UTC' }).format(date);
    } catch {
        return String(day);
    }
}

/** "2 h 15 min", rounded down so a clock never looks more generous than it is. */
export function humaniseDuration(ms) {
    const abs = Math.abs(ms);
    if (abs < MINUTE) {
        return LABELS.durationUnderMinute;
    }
    const days = Math.floor(abs / DAY);
    const hours = Math.floor((abs % DAY) / HOUR);
    const minutes = Math.floor((abs % HOUR) / MINUTE);
    if (days > 0) {
        return hours > 0 ? formatLabel(LABELS.durationDays, days, hours) : formatLabel(LABELS.durationDaysOnly, days);
    }
    if (hours > 0) {
        return minutes > 0 ? formatLabel(LABELS.durationHours, hours, minutes) : formatLabel(LABELS.durationHoursOnly, hours);
    }
    return formatLabel(LABELS.durationMinutes, minutes);
}

/**
 * The time the backend left on a clock when it built the view, less the time since: a cached
 * view (the card's Apex call is cacheable) must not show a stale countdown. A client clock
 * behind the server's never adds time.
 */
export function msLeftNow(msLeft, generatedAt, now = Date.now()) {
    const built = Date.parse(generatedAt);
    const elapsed = Number.isNaN(built) ? 0 : Math.max(0, now - built);
    return msLeft - elapsed;
}

/** What a complaint's running clock says, and its tone: `{ text, tone }`, tone error | warning | success | info. */
export function describeSla(complaint, generatedAt, now = Date.now()) {
    const { clock } = complaint;
    if (clock.msLeft === null || clock.msLeft === undefined) {
        return complaint.status === 'waiting' ? { text: LABELS.slaPaused, tone: 'info' } : { text: LABELS.slaNoTarget, tone: 'info' };
    }
    const left = msLeftNow(clock.msLeft, generatedAt, now);
    if (left < 0) {
        return { text: formatLabel(LABELS.slaBreached, humaniseDuration(left)), tone: 'error' };
    }
    const warned = clock.state === 'warned' || clock.state === 'breached';
    return { text: formatLabel(LABELS.slaLeft, humaniseDuration(left)), tone: warned ? 'warning' : 'success' };
}
