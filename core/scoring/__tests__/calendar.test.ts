import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  dayNumber,
  isValidIsoDate,
  isoDateFromDayNumber,
  previousWindow,
  startOfLocalDay,
  windowEndingAt,
  type DateRange,
} from '../calendar.js';
import type { Window } from '../../program/schema.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

const iso = (d: Date | null): string | null => (d === null ? null : d.toISOString());
const hours = (r: DateRange): number => (r.to.getTime() - (r.from as Date).getTime()) / HOUR_MS;
const plain = (r: DateRange) => ({ from: iso(r.from), to: iso(r.to), fromDate: r.fromDate });

describe('day numbers and ISO dates', () => {
  it('counts days from 1970-01-01', () => {
    expect(dayNumber('1970-01-01')).toBe(0);
    expect(dayNumber('1970-01-02')).toBe(1);
    expect(dayNumber('1969-12-31')).toBe(-1);
    expect(dayNumber('2024-03-01') - dayNumber('2024-02-28')).toBe(2);
    expect(dayNumber('2023-03-01') - dayNumber('2023-02-28')).toBe(1);
  });

  it('round-trips every day over decades', () => {
    fc.assert(
      fc.property(fc.integer({ min: dayNumber('1950-01-01'), max: dayNumber('2100-12-31') }), (day) => {
        const date = isoDateFromDayNumber(day);
        expect(date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        expect(dayNumber(date)).toBe(day);
        expect(isValidIsoDate(date)).toBe(true);
      }),
    );
  });

  it('tells valid dates from invalid ones', () => {
    expect(isValidIsoDate('2024-02-29')).toBe(true);
    expect(isValidIsoDate('2023-02-29')).toBe(false);
    expect(isValidIsoDate('2024-04-31')).toBe(false);
    expect(isValidIsoDate('2024-13-01')).toBe(false);
    expect(isValidIsoDate('2024-1-01')).toBe(false);
    expect(isValidIsoDate('2024-01-01T00:00')).toBe(false);
    expect(isValidIsoDate('')).toBe(false);
  });
});

describe('startOfLocalDay', () => {
  it('is local midnight in the program time zone', () => {
    expect(startOfLocalDay('2024-01-15', 'UTC').toISOString()).toBe('2024-01-15T00:00:00.000Z');
    expect(startOfLocalDay('2024-01-15', 'Asia/Shanghai').toISOString()).toBe('2024-01-14T16:00:00.000Z');
    expect(startOfLocalDay('2024-01-15', 'America/New_York').toISOString()).toBe('2024-01-15T05:00:00.000Z');
    expect(startOfLocalDay('2024-07-15', 'America/New_York').toISOString()).toBe('2024-07-15T04:00:00.000Z');
  });

  it('is the first instant of the day where clocks skip midnight', () => {
    // Chile springs forward at 00:00: 2024-09-08 starts at 01:00 local (-03).
    expect(startOfLocalDay('2024-09-08', 'America/Santiago').toISOString()).toBe('2024-09-08T04:00:00.000Z');
    const before = windowEndingAt('2024-09-07', '1d', 'America/Santiago');
    expect(hours(before)).toBe(24);
    expect(previousWindow('2024-09-08', '1d', 'America/Santiago').to.toISOString()).toBe('2024-09-08T04:00:00.000Z');
  });
});

describe('windowEndingAt', () => {
  it('a day window in UTC is that calendar day', () => {
    expect(plain(windowEndingAt('2024-01-15', '1d', 'UTC'))).toEqual({
      from: '2024-01-15T00:00:00.000Z',
      to: '2024-01-16T00:00:00.000Z',
      fromDate: '2024-01-15',
    });
  });

  it('90d in UTC covers exactly 90 calendar days ending with the as-of date', () => {
    const r = windowEndingAt('2024-06-30', '90d', 'UTC');
    expect(plain(r)).toEqual({ from: '2024-04-02T00:00:00.000Z', to: '2024-07-01T00:00:00.000Z', fromDate: '2024-04-02' });
    expect(hours(r)).toBe(90 * 24);
  });

  it('weeks and years', () => {
    expect(windowEndingAt('2024-01-14', '2w', 'UTC').fromDate).toBe('2024-01-01');
    expect(windowEndingAt('2024-12-31', '1y', 'UTC').fromDate).toBe('2024-01-01');
    expect(windowEndingAt('2023-12-31', '2y', 'UTC').fromDate).toBe('2022-01-01');
  });

  it('lifetime has no start', () => {
    expect(plain(windowEndingAt('2024-01-15', 'lifetime', 'Asia/Shanghai'))).toEqual({
      from: null,
      to: '2024-01-15T16:00:00.000Z',
      fromDate: null,
    });
  });

  it('in Asia/Shanghai the day starts at 16:00 UTC the day before', () => {
    const r = windowEndingAt('2024-01-15', '1d', 'Asia/Shanghai');
    expect(plain(r)).toEqual({ from: '2024-01-14T16:00:00.000Z', to: '2024-01-15T16:00:00.000Z', fromDate: '2024-01-15' });
    // An order at 23:30 local on the 15th is in; one at 00:30 local on the 16th is not.
    const inside = Date.parse('2024-01-15T15:30:00Z');
    const outside = Date.parse('2024-01-15T16:30:00Z');
    expect(inside >= (r.from as Date).getTime() && inside < r.to.getTime()).toBe(true);
    expect(outside < r.to.getTime()).toBe(false);
  });

  it('in America/New_York a day is 23 hours when DST starts and 25 when it ends', () => {
    const spring = windowEndingAt('2024-03-10', '1d', 'America/New_York');
    expect(plain(spring)).toEqual({ from: '2024-03-10T05:00:00.000Z', to: '2024-03-11T04:00:00.000Z', fromDate: '2024-03-10' });
    expect(hours(spring)).toBe(23);
    const autumn = windowEndingAt('2024-11-03', '1d', 'America/New_York');
    expect(plain(autumn)).toEqual({ from: '2024-11-03T04:00:00.000Z', to: '2024-11-04T05:00:00.000Z', fromDate: '2024-11-03' });
    expect(hours(autumn)).toBe(25);
  });

  it('a window across a DST change still runs midnight to midnight in local time', () => {
    const week = windowEndingAt('2024-03-16', '1w', 'America/New_York');
    expect(plain(week)).toEqual({ from: '2024-03-10T05:00:00.000Z', to: '2024-03-17T04:00:00.000Z', fromDate: '2024-03-10' });
    expect(hours(week)).toBe(7 * 24 - 1);
    const quarter = windowEndingAt('2024-11-30', '90d', 'America/New_York');
    expect(quarter.fromDate).toBe('2024-09-02');
    expect(hours(quarter)).toBe(90 * 24 + 1);
  });

  it.each([
    ['2024-03-31', '1m', '2024-03-01'],
    ['2024-02-29', '1m', '2024-02-01'],
    ['2023-02-28', '1m', '2023-02-01'],
    ['2024-04-30', '1m', '2024-04-01'],
    ['2024-01-31', '1m', '2024-01-01'],
    ['2024-12-31', '12m', '2024-01-01'],
    ['2024-02-29', '12m', '2023-03-01'],
    ['2024-03-31', '3m', '2024-01-01'],
    ['2024-05-31', '3m', '2024-03-01'],
  ] as const)('as of %s, %s starts on %s (month ends)', (asOf, window, fromDate) => {
    for (const zone of ['UTC', 'Asia/Shanghai', 'America/New_York']) {
      const r = windowEndingAt(asOf, window, zone);
      expect(r.fromDate).toBe(fromDate);
      expect(iso(r.from)).toBe(startOfLocalDay(fromDate, zone).toISOString());
      expect(iso(r.to)).toBe(startOfLocalDay(isoDateFromDayNumber(dayNumber(asOf) + 1), zone).toISOString());
    }
  });

  it('a month window in mid-month keeps the day of month', () => {
    expect(windowEndingAt('2024-03-14', '1m', 'UTC').fromDate).toBe('2024-02-15');
    expect(windowEndingAt('2024-07-15', '6m', 'UTC').fromDate).toBe('2024-01-16');
  });

  it('does not depend on the host time zone', () => {
    const saved = process.env.TZ;
    const compute = () =>
      [
        windowEndingAt('2024-03-31', '1m', 'America/New_York'),
        previousWindow('2024-03-10', '1w', 'America/New_York'),
        windowEndingAt('2024-02-29', '12m', 'Asia/Shanghai'),
        windowEndingAt('2024-11-03', '90d', 'UTC'),
      ].map(plain);
    try {
      process.env.TZ = 'UTC';
      const reference = compute();
      for (const zone of ['Pacific/Kiritimati', 'America/Los_Angeles', 'Asia/Kolkata', 'Pacific/Pago_Pago']) {
        process.env.TZ = zone;
        expect(compute(), zone).toEqual(reference);
      }
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });
});

describe('previousWindow', () => {
  it('the month before March is February, abutting exactly', () => {
    const current = windowEndingAt('2024-03-31', '1m', 'UTC');
    const before = previousWindow('2024-03-31', '1m', 'UTC');
    expect(plain(before)).toEqual({ from: '2024-02-01T00:00:00.000Z', to: '2024-03-01T00:00:00.000Z', fromDate: '2024-02-01' });
    expect(before.to.getTime()).toBe((current.from as Date).getTime());
  });

  it('in New York across the DST start', () => {
    const before = previousWindow('2024-03-16', '1w', 'America/New_York');
    expect(plain(before)).toEqual({ from: '2024-03-03T05:00:00.000Z', to: '2024-03-10T05:00:00.000Z', fromDate: '2024-03-03' });
  });

  it('in Shanghai', () => {
    const before = previousWindow('2024-03-31', '1m', 'Asia/Shanghai');
    expect(plain(before)).toEqual({ from: '2024-01-31T16:00:00.000Z', to: '2024-02-29T16:00:00.000Z', fromDate: '2024-02-01' });
  });

  it('a lifetime window has none', () => {
    expect(() => previousWindow('2024-03-31', 'lifetime', 'UTC')).toThrow(/lifetime/);
  });

  const zones = ['UTC', 'Asia/Shanghai', 'America/New_York', 'Australia/Lord_Howe', 'Europe/London'];
  const arbWindow: fc.Arbitrary<Exclude<Window, 'lifetime'>> = fc
    .tuple(fc.integer({ min: 1, max: 400 }), fc.constantFrom('d', 'w', 'm', 'y'))
    .map(([n, unit]) => `${unit === 'y' ? Math.min(n, 5) : unit === 'm' ? Math.min(n, 60) : n}${unit}`);
  const arbAsOf = fc.integer({ min: dayNumber('2001-01-01'), max: dayNumber('2039-12-31') }).map(isoDateFromDayNumber);

  it('always ends exactly where the current window starts, and both are non-empty', () => {
    fc.assert(
      fc.property(arbAsOf, arbWindow, fc.constantFrom(...zones), (asOf, window, zone) => {
        const current = windowEndingAt(asOf, window, zone);
        const before = previousWindow(asOf, window, zone);
        expect(before.to.getTime()).toBe((current.from as Date).getTime());
        expect((before.from as Date).getTime()).toBeLessThan(before.to.getTime());
        expect((current.from as Date).getTime()).toBeLessThan(current.to.getTime());
        expect((before.fromDate as string) < (current.fromDate as string)).toBe(true);
        expect(current.fromDate as string <= asOf).toBe(true);
        // Instants are local midnights of the reported dates.
        expect(iso(current.from)).toBe(startOfLocalDay(current.fromDate as string, zone).toISOString());
        expect(iso(before.from)).toBe(startOfLocalDay(before.fromDate as string, zone).toISOString());
      }),
      { numRuns: 500 },
    );
  });

  it('for day and week windows it is the window ending the day before the current one, of the same length in days', () => {
    fc.assert(
      fc.property(arbAsOf, fc.integer({ min: 1, max: 400 }), fc.constantFrom('d', 'w'), fc.constantFrom(...zones), (asOf, n, unit, zone) => {
        const window = `${n}${unit}`;
        const days = unit === 'd' ? n : 7 * n;
        const current = windowEndingAt(asOf, window, zone);
        const before = previousWindow(asOf, window, zone);
        const dayBefore = isoDateFromDayNumber(dayNumber(current.fromDate as string) - 1);
        expect(plain(before)).toEqual(plain(windowEndingAt(dayBefore, window, zone)));
        expect(dayNumber(asOf) + 1 - dayNumber(current.fromDate as string)).toBe(days);
        expect(dayNumber(current.fromDate as string) - dayNumber(before.fromDate as string)).toBe(days);
        // Within a DST shift of whole days.
        expect(Math.abs(hours(current) - days * 24)).toBeLessThanOrEqual(1);
        expect(Math.abs((current.to.getTime() - (current.from as Date).getTime()) / DAY_MS - days)).toBeLessThan(0.05);
      }),
      { numRuns: 300 },
    );
  });
});
