/** Durations and SLA clocks in words, in the project's language. */
import { describe, expect, it } from 'vitest';
import { describeSla, formatDay, formatPoints, humaniseDuration, msLeftNow } from 'c/vipCareFormat';
import { USER_LOCALE, fmt, label } from '../../../../../../test/harness/labels.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const BUILT = '2026-09-14T02:00:00.000Z';
const AT_BUILD = Date.parse(BUILT);

function complaint(msLeft: number | null, state = 'running', status = 'open') {
  return { id: 1, subject: 's', priority: 'high', status, clock: { kind: 'resolution', state, dueAt: null, msLeft } };
}

describe('humaniseDuration', () => {
  it.each([
    [59_999, label('DurationUnderMinute')],
    [MIN, fmt('DurationMinutes', 1)],
    [59 * MIN + 59_999, fmt('DurationMinutes', 59)],
    [3 * HOUR, fmt('DurationHoursOnly', 3)],
    [2 * HOUR + 15 * MIN + 59_000, fmt('DurationHours', 2, 15)],
    [DAY, fmt('DurationDaysOnly', 1)],
    [DAY + 5 * HOUR + 30 * MIN, fmt('DurationDays', 1, 5)],
    [-40 * MIN, fmt('DurationMinutes', 40)],
  ])('%i ms reads "%s" (rounded down)', (ms, expected) => {
    expect(humaniseDuration(ms)).toBe(expected);
  });
});

describe('SLA clocks', () => {
  it('take off the time since the view was built, never add any', () => {
    expect(msLeftNow(HOUR, BUILT, AT_BUILD + 10 * MIN)).toBe(50 * MIN);
    expect(msLeftNow(HOUR, BUILT, AT_BUILD - 10 * MIN)).toBe(HOUR);
    expect(msLeftNow(HOUR, 'not a date', AT_BUILD + 10 * MIN)).toBe(HOUR);
  });

  it('running, warned, breached, paused and without a target', () => {
    expect(describeSla(complaint(2 * HOUR), BUILT, AT_BUILD)).toEqual({ text: fmt('SlaLeft', fmt('DurationHoursOnly', 2)), tone: 'success' });
    expect(describeSla(complaint(20 * MIN, 'warned'), BUILT, AT_BUILD)).toEqual({ text: fmt('SlaLeft', fmt('DurationMinutes', 20)), tone: 'warning' });
    expect(describeSla(complaint(20 * MIN), BUILT, AT_BUILD + 30 * MIN)).toEqual({ text: fmt('SlaBreached', fmt('DurationMinutes', 10)), tone: 'error' });
    expect(describeSla(complaint(null, 'running', 'waiting'), BUILT, AT_BUILD)).toEqual({ text: label('SlaPaused'), tone: 'info' });
    expect(describeSla(complaint(null), BUILT, AT_BUILD)).toEqual({ text: label('SlaNoTarget'), tone: 'info' });
  });
});

describe('numbers and days', () => {
  it('write points with at most one decimal and calendar days without shifting them', () => {
    expect(formatPoints(12345.678)).toBe(new Intl.NumberFormat(USER_LOCALE, { maximumFractionDigits: 1 }).format(12345.7));
    expect(formatDay('2026-01-01')).toBe(new Intl.DateTimeFormat(USER_LOCALE, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(Date.UTC(2026, 0, 1))));
    expect(formatDay('soon')).toBe('soon');
  });
});
