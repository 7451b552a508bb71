import { TZDate } from '@date-fns/tz';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Weekday } from '../../playbooks/schema.js';
import { businessDeadline, businessElapsed, holidayPredicate, type BusinessCalendar, type Pause } from '../business-time.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const WEEKDAYS: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri'];
const EVERY_DAY: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const none = (): boolean => false;

const at = (iso: string): Date => new Date(iso);
const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

function hoursCal(timezone: string, days: Weekday[], start: string, end: string, isHoliday: (d: string) => boolean = none): BusinessCalendar {
  return { timezone, hours: { days, start, end }, isHoliday };
}

const cn = holidayPredicate({ country: 'CN' }, []);
const shanghai = hoursCal('Asia/Shanghai', WEEKDAYS, '09:00', '18:00', cn);

describe('businessDeadline: Shanghai Mon-Fri 09:00-18:00', () => {
  it('Fri 17:45 + 30 min is Mon 09:15', () => {
    expect(iso(businessDeadline(at('2024-03-15T17:45:00+08:00'), 30 * MIN, shanghai))).toBe(at('2024-03-18T09:15:00+08:00').toISOString());
  });

  it('Wed 10:00 + 24 business hours: 8 h Wed, 9 h Thu, 7 h Fri, so Fri 16:00', () => {
    expect(iso(businessDeadline(at('2024-03-13T10:00:00+08:00'), 24 * HOUR, shanghai))).toBe(at('2024-03-15T16:00:00+08:00').toISOString());
  });

  it('a target that runs out at closing time is due at closing, not next morning', () => {
    expect(iso(businessDeadline(at('2024-03-15T17:45:00+08:00'), 15 * MIN, shanghai))).toBe(at('2024-03-15T18:00:00+08:00').toISOString());
  });

  it('starts before opening, after closing and on a weekend count from the next opening', () => {
    expect(iso(businessDeadline(at('2024-03-13T07:00:00+08:00'), HOUR, shanghai))).toBe(at('2024-03-13T10:00:00+08:00').toISOString());
    expect(iso(businessDeadline(at('2024-03-13T20:00:00+08:00'), HOUR, shanghai))).toBe(at('2024-03-14T10:00:00+08:00').toISOString());
    expect(iso(businessDeadline(at('2024-03-16T12:00:00+08:00'), HOUR, shanghai))).toBe(at('2024-03-18T10:00:00+08:00').toISOString());
  });

  it('5 business days ahead', () => {
    expect(iso(businessDeadline(at('2024-03-11T09:00:00+08:00'), 45 * HOUR, shanghai))).toBe(at('2024-03-15T18:00:00+08:00').toISOString());
    expect(iso(businessDeadline(at('2024-03-11T09:00:00+08:00'), 45 * HOUR + 1, shanghai))).toBe(at('2024-03-18T09:00:00.001+08:00').toISOString());
  });

  it('zero target is the start itself, even when closed', () => {
    const saturday = at('2024-03-16T12:00:00+08:00');
    expect(iso(businessDeadline(saturday, 0, shanghai))).toBe(saturday.toISOString());
  });

  it('National Day: date-holidays closes Oct 1-3; tenant dates close the rest of the week', () => {
    // Mon Sep 30 17:00, 2 h: 1 h on Monday, then closed.
    const start = at('2024-09-30T17:00:00+08:00');
    // Statutory days only: Tue-Thu closed, open again Fri Oct 4.
    expect(iso(businessDeadline(start, 2 * HOUR, shanghai))).toBe(at('2024-10-04T10:00:00+08:00').toISOString());
    // The 2024 golden week (Oct 1-7) with the extra days as tenant dates.
    const week = hoursCal('Asia/Shanghai', WEEKDAYS, '09:00', '18:00', holidayPredicate({ country: 'CN' }, [{ date: '2024-10-04' }, { date: '2024-10-07' }]));
    expect(iso(businessDeadline(start, 2 * HOUR, week))).toBe(at('2024-10-08T10:00:00+08:00').toISOString());
    expect(businessElapsed(start, at('2024-10-08T10:00:00+08:00'), week)).toBe(2 * HOUR);
  });

  it('a start on a holiday counts from the next open day', () => {
    expect(iso(businessDeadline(at('2024-10-02T11:00:00+08:00'), 30 * MIN, shanghai))).toBe(at('2024-10-04T09:30:00+08:00').toISOString());
    // Spring Festival 2024: Fri Feb 9 (and the weekend) closed.
    expect(iso(businessDeadline(at('2024-02-08T17:00:00+08:00'), 2 * HOUR, shanghai))).toBe(at('2024-02-12T10:00:00+08:00').toISOString());
  });

  it('a pause over the weekend', () => {
    const start = at('2024-03-15T10:00:00+08:00');
    expect(iso(businessDeadline(start, 8 * HOUR, shanghai))).toBe(at('2024-03-15T18:00:00+08:00').toISOString());
    const pause: Pause = { from: at('2024-03-15T16:00:00+08:00'), to: at('2024-03-18T11:00:00+08:00') };
    // 6 h on Friday before the pause, 2 h after it on Monday.
    expect(iso(businessDeadline(start, 8 * HOUR, shanghai, [pause]))).toBe(at('2024-03-18T13:00:00+08:00').toISOString());
    expect(businessElapsed(start, at('2024-03-18T13:00:00+08:00'), shanghai, [pause])).toBe(8 * HOUR);
  });

  it('starting while paused; overlapping, unsorted pauses', () => {
    const start = at('2024-03-18T10:00:00+08:00');
    const pauses: Pause[] = [
      { from: at('2024-03-18T11:00:00+08:00'), to: at('2024-03-18T12:30:00+08:00') },
      { from: at('2024-03-18T09:00:00+08:00'), to: at('2024-03-18T12:00:00+08:00') },
      { from: at('2024-03-18T14:00:00+08:00'), to: at('2024-03-18T13:00:00+08:00') }, // ends before it starts: ignored
    ];
    expect(iso(businessDeadline(start, HOUR, shanghai, pauses))).toBe(at('2024-03-18T13:30:00+08:00').toISOString());
  });

  it('an open-ended pause stops the clock for good', () => {
    const start = at('2024-03-18T10:00:00+08:00');
    const from = (hhmm: string): Pause[] => [{ from: at(`2024-03-18T${hhmm}:00+08:00`), to: null }];
    expect(businessDeadline(start, 2 * HOUR, shanghai, from('11:00'))).toBeNull();
    // Reached exactly as the pause starts: met.
    expect(iso(businessDeadline(start, 2 * HOUR, shanghai, from('12:00')))).toBe(at('2024-03-18T12:00:00+08:00').toISOString());
    expect(iso(businessDeadline(start, 2 * HOUR, shanghai, from('15:00')))).toBe(at('2024-03-18T12:00:00+08:00').toISOString());
    expect(businessDeadline(start, 2 * HOUR, shanghai, from('08:00'))).toBeNull();
    expect(businessElapsed(start, at('2024-03-25T00:00:00+08:00'), shanghai, from('11:00'))).toBe(HOUR);
  });

  it('elapsed over a year walks days, not minutes', () => {
    // 2024: 262 weekdays, 9 of them CN public holidays (Jan 1, Feb 9, Apr 4, May 1, Jun 10, Sep 17, Oct 1-3).
    const t0 = performance.now();
    expect(businessElapsed(at('2024-01-01T00:00:00+08:00'), at('2025-01-01T00:00:00+08:00'), shanghai)).toBe(253 * 9 * HOUR);
    expect(performance.now() - t0).toBeLessThan(2000);
  });
});

describe('DST', () => {
  const ny = hoursCal('America/New_York', WEEKDAYS, '09:00', '18:00');

  it('New York: Fri 17:30 EST + 1 h is Mon 09:30 EDT (wall clock, not a fixed offset)', () => {
    expect(iso(businessDeadline(at('2024-03-08T17:30:00-05:00'), HOUR, ny))).toBe('2024-03-11T13:30:00.000Z');
    expect(iso(businessDeadline(at('2024-11-01T17:30:00-04:00'), HOUR, ny))).toBe('2024-11-04T14:30:00.000Z');
  });

  it('New York: a whole-day calendar has a 23 h spring-forward and a 25 h fall-back day', () => {
    const allDay = hoursCal('America/New_York', EVERY_DAY, '00:00', '24:00');
    expect(businessElapsed(at('2024-03-10T00:00:00-05:00'), at('2024-03-11T00:00:00-04:00'), allDay)).toBe(23 * HOUR);
    expect(businessElapsed(at('2024-11-03T00:00:00-04:00'), at('2024-11-04T00:00:00-05:00'), allDay)).toBe(25 * HOUR);
  });

  it('New York: a lost or repeated hour outside opening hours changes nothing', () => {
    const daily = hoursCal('America/New_York', EVERY_DAY, '09:00', '17:00');
    expect(businessElapsed(at('2024-03-09T00:00:00-05:00'), at('2024-03-12T00:00:00-04:00'), daily)).toBe(24 * HOUR);
    expect(businessElapsed(at('2024-11-02T00:00:00-04:00'), at('2024-11-05T00:00:00-05:00'), daily)).toBe(24 * HOUR);
    // Sat 16:00 EST + 2 h: 1 h Saturday, 1 h from Sunday 09:00 EDT.
    expect(iso(businessDeadline(at('2024-03-09T16:00:00-05:00'), 2 * HOUR, daily))).toBe('2024-03-10T14:00:00.000Z');
  });

  it('New York: hours that touch the switch', () => {
    // 02:30 does not exist on Mar 10: open from when the clock jumps to 03:00 EDT.
    const early = hoursCal('America/New_York', EVERY_DAY, '02:30', '04:00');
    expect(businessElapsed(at('2024-03-10T00:00:00-05:00'), at('2024-03-11T00:00:00-04:00'), early)).toBe(HOUR);
    expect(iso(businessDeadline(at('2024-03-10T00:00:00-05:00'), 1, early))).toBe('2024-03-10T07:00:00.001Z');
    // 01:00-03:00 on Nov 3 holds the repeated 01:00-02:00: 3 h.
    const night = hoursCal('America/New_York', EVERY_DAY, '01:00', '03:00');
    expect(businessElapsed(at('2024-11-03T00:00:00-04:00'), at('2024-11-04T00:00:00-05:00'), night)).toBe(3 * HOUR);
    expect(businessElapsed(at('2024-03-10T00:00:00-05:00'), at('2024-03-11T00:00:00-04:00'), night)).toBe(HOUR);
  });

  it('Santiago: a skipped midnight opens the day at 01:00', () => {
    const allDay = hoursCal('America/Santiago', EVERY_DAY, '00:00', '24:00');
    expect(businessElapsed(at('2024-09-08T00:00:00-04:00'), at('2024-09-09T00:00:00-03:00'), allDay)).toBe(23 * HOUR);
    expect(iso(businessDeadline(at('2024-09-07T23:30:00-04:00'), HOUR, allDay))).toBe('2024-09-08T04:30:00.000Z');
  });

  it('Berlin', () => {
    const allDay = hoursCal('Europe/Berlin', EVERY_DAY, '00:00', '24:00');
    expect(businessElapsed(at('2024-03-31T00:00:00+01:00'), at('2024-04-01T00:00:00+02:00'), allDay)).toBe(23 * HOUR);
    expect(businessElapsed(at('2024-10-27T00:00:00+02:00'), at('2024-10-28T00:00:00+01:00'), allDay)).toBe(25 * HOUR);
    const office = hoursCal('Europe/Berlin', WEEKDAYS, '09:00', '17:00');
    expect(iso(businessDeadline(at('2024-03-29T16:00:00+01:00'), 2 * HOUR, office))).toBe('2024-04-01T08:00:00.000Z');
    const de = hoursCal('Europe/Berlin', WEEKDAYS, '09:00', '17:00', holidayPredicate({ country: 'DE', region: 'BY' }, []));
    // Good Friday and Easter Monday are closed.
    expect(iso(businessDeadline(at('2024-03-28T16:00:00+01:00'), 2 * HOUR, de))).toBe('2024-04-02T08:00:00.000Z');
  });
});

describe('24/7 calendars', () => {
  const always: BusinessCalendar = { timezone: 'America/New_York', hours: null, isHoliday: () => true };

  it('is wall-clock arithmetic minus pauses, holidays ignored', () => {
    const start = at('2024-03-09T12:00:00Z');
    expect(iso(businessDeadline(start, 24 * HOUR, always))).toBe('2024-03-10T12:00:00.000Z');
    const pauses: Pause[] = [{ from: at('2024-03-09T18:00:00Z'), to: at('2024-03-10T00:00:00Z') }];
    expect(iso(businessDeadline(start, 24 * HOUR, always, pauses))).toBe('2024-03-10T18:00:00.000Z');
    expect(businessElapsed(start, at('2024-03-11T12:00:00Z'), always, pauses)).toBe(42 * HOUR);
    expect(iso(businessDeadline(start, 0, always))).toBe(start.toISOString());
  });
});

describe('bad calendars and input', () => {
  it('a calendar with no open day in 400 days throws a clear error', () => {
    const closed = hoursCal('Asia/Shanghai', WEEKDAYS, '09:00', '18:00', () => true);
    expect(() => businessDeadline(at('2024-03-15T10:00:00Z'), HOUR, closed)).toThrow(/no open hours in the 400 days/);
    // A short range needs no open day to answer.
    expect(businessElapsed(at('2024-03-15T10:00:00Z'), at('2024-04-15T10:00:00Z'), closed)).toBe(0);
  });

  it('rejects malformed hours, zones and targets', () => {
    const start = at('2024-03-15T10:00:00Z');
    expect(() => businessDeadline(start, HOUR, hoursCal('Asia/Shanghai', WEEKDAYS, '18:00', '09:00'))).toThrow(/start before they end/);
    expect(() => businessDeadline(start, HOUR, hoursCal('Asia/Shanghai', WEEKDAYS, '09:00', '24:01'))).toThrow(/not a time of day/);
    expect(() => businessDeadline(start, HOUR, hoursCal('Asia/Shanghai', [], '09:00', '18:00'))).toThrow(/no weekday/);
    expect(() => businessDeadline(start, HOUR, hoursCal('Mars/Olympus', WEEKDAYS, '09:00', '18:00'))).toThrow(/unknown time zone/);
    expect(() => businessDeadline(start, -1, shanghai)).toThrow(RangeError);
    expect(() => businessDeadline(new Date(NaN), HOUR, shanghai)).toThrow(/invalid date/);
    expect(businessElapsed(at('2024-03-15T10:00:00Z'), at('2024-03-14T10:00:00Z'), shanghai)).toBe(0);
  });
});

describe('holidayPredicate', () => {
  it('CN: statutory days close; one-group and half days do not', () => {
    for (const d of ['2024-10-01', '2024-10-02', '2024-10-03', '2024-02-10', '2024-01-01', '2025-01-29']) expect(cn(d), d).toBe(true);
    // Oct 4-7 come from the yearly State Council schedule (调休), which date-holidays lacks.
    for (const d of ['2024-10-04', '2024-06-01', '2024-03-08', '2024-05-04', '2024-08-01', '2024-03-15']) expect(cn(d), d).toBe(false);
  });

  it('multi-day rows close every day; substitute days close', () => {
    const kr = holidayPredicate({ country: 'KR' }, []);
    // Seollal 2024 is one 3-day row from Feb 10.
    expect(['2024-02-10', '2024-02-11', '2024-02-12', '2024-02-13'].map(kr)).toEqual([true, true, true, false]);
    const gb = holidayPredicate({ country: 'GB' }, []);
    expect(gb('2027-12-27')).toBe(true);
    expect(gb('2027-12-29')).toBe(false);
  });

  it('tenant dates: yearly MM-DD (Feb 29 on Feb 28 in other years) and one-off dates', () => {
    const p = holidayPredicate(null, [{ date: '12-24' }, { date: '2024-06-03' }, { date: '02-29' }]);
    expect(['2023-12-24', '2031-12-24', '2024-06-03', '2025-06-03', '2023-02-28', '2024-02-28', '2024-02-29'].map(p)).toEqual([
      true,
      true,
      true,
      false,
      true,
      false,
      true,
    ]);
  });
});

// ---------------------------------------------------------------------------------------------
// Properties

const CALENDARS: Record<string, BusinessCalendar> = {
  shanghai,
  nyMonSat: hoursCal('America/New_York', ['mon', 'tue', 'wed', 'thu', 'fri', 'sat'], '08:00', '20:00', holidayPredicate({ country: 'US' }, [])),
  nyGap: hoursCal('America/New_York', EVERY_DAY, '02:30', '04:00'),
  berlinAllDay: hoursCal('Europe/Berlin', EVERY_DAY, '00:00', '24:00', holidayPredicate({ country: 'DE' }, [])),
  lordHowe: hoursCal('Australia/Lord_Howe', EVERY_DAY, '01:00', '03:00'),
  always: { timezone: 'Europe/London', hours: null, isHoliday: none },
};
const calendarArb = fc.constantFrom(...Object.keys(CALENDARS)).map((k) => CALENDARS[k] as BusinessCalendar);

// Around DST switches (New York, Berlin, Lord Howe) and plain days.
const ANCHORS = [
  '2024-03-10T07:00:00Z',
  '2024-11-03T06:00:00Z',
  '2024-03-31T01:00:00Z',
  '2024-10-27T01:00:00Z',
  '2024-04-06T15:00:00Z',
  '2024-10-05T15:30:00Z',
  '2024-09-30T04:00:00Z',
  '2025-06-15T12:00:00Z',
].map((s) => Date.parse(s));
const instantArb = fc
  .tuple(fc.constantFrom(...ANCHORS), fc.integer({ min: -3 * DAY, max: 3 * DAY }))
  .map(([a, d]) => a + d);
const targetArb = fc.oneof(fc.integer({ min: 1, max: 60 * HOUR }), fc.integer({ min: 1, max: 200 }).map((m) => m * 15 * MIN));
const closedPauseArb = fc
  .tuple(fc.integer({ min: -DAY, max: 8 * DAY }), fc.integer({ min: 0, max: 3 * DAY }))
  .map(([off, len]) => [off, len] as const);
const pausesArb = fc.array(closedPauseArb, { maxLength: 4 });
const toPauses = (base: number, raw: readonly (readonly [number, number])[]): Pause[] =>
  raw.map(([off, len]) => ({ from: new Date(base + off), to: new Date(base + off + len) }));

const RUNS = { numRuns: 150 };

describe('properties', () => {
  it('elapsed(start, deadline(start, t)) === t, and the deadline is the first such instant', () => {
    fc.assert(
      fc.property(calendarArb, instantArb, targetArb, pausesArb, (cal, s, t, raw) => {
        const start = new Date(s);
        const pauses = toPauses(s, raw);
        const d = businessDeadline(start, t, cal, pauses);
        expect(d).not.toBeNull();
        expect(businessElapsed(start, d as Date, cal, pauses)).toBe(t);
        expect(businessElapsed(start, new Date((d as Date).getTime() - 1), cal, pauses)).toBe(t - 1);
      }),
      RUNS,
    );
  });

  it('elapsed is additive over adjacent intervals and monotone in `to`', () => {
    fc.assert(
      fc.property(calendarArb, fc.array(instantArb, { minLength: 3, maxLength: 3 }), pausesArb, (cal, xs, raw) => {
        const [a, b, c] = [...xs].sort((x, y) => x - y) as [number, number, number];
        const pauses = toPauses(a, raw);
        const ab = businessElapsed(new Date(a), new Date(b), cal, pauses);
        const bc = businessElapsed(new Date(b), new Date(c), cal, pauses);
        const ac = businessElapsed(new Date(a), new Date(c), cal, pauses);
        expect(ab + bc).toBe(ac);
        expect(ab).toBeLessThanOrEqual(ac);
        expect(ab).toBeGreaterThanOrEqual(0);
      }),
      RUNS,
    );
  });

  it('pauses never add time and never bring a deadline forward', () => {
    fc.assert(
      fc.property(calendarArb, instantArb, targetArb, pausesArb, fc.option(fc.integer({ min: -DAY, max: 10 * DAY })), (cal, s, t, raw, openFrom) => {
        const start = new Date(s);
        const pauses = toPauses(s, raw);
        if (openFrom !== null) pauses.push({ from: new Date(s + openFrom), to: null });
        const to = new Date(s + 7 * DAY);
        expect(businessElapsed(start, to, cal, pauses)).toBeLessThanOrEqual(businessElapsed(start, to, cal));
        const plain = businessDeadline(start, t, cal) as Date;
        const paused = businessDeadline(start, t, cal, pauses);
        if (paused) expect(paused.getTime()).toBeGreaterThanOrEqual(plain.getTime());
        // Null exactly when the open-ended pause starts before the target is met.
        if (openFrom !== null) {
          const closed = pauses.slice(0, -1);
          const before = businessElapsed(start, new Date(s + openFrom), cal, closed);
          expect(paused === null).toBe(before < t);
        } else {
          expect(paused).not.toBeNull();
        }
      }),
      RUNS,
    );
  });

  it('24/7: elapsed is the wall-clock span minus paused time', () => {
    const always = CALENDARS.always as BusinessCalendar;
    fc.assert(
      fc.property(instantArb, instantArb, pausesArb, (x, y, raw) => {
        const [a, b] = x <= y ? [x, y] : [y, x];
        const pauses = toPauses(a, raw);
        let paused = 0;
        // Overlap of the union of pauses with [a, b), by sweeping sorted starts.
        const spans = pauses.map((p) => [Math.max(a, p.from.getTime()), Math.min(b, (p.to as Date).getTime())] as const).filter(([f, e]) => e > f);
        spans.sort((p, q) => p[0] - q[0]);
        let reach = -Infinity;
        for (const [f, e] of spans) {
          if (e <= reach) continue;
          paused += e - Math.max(f, reach);
          reach = e;
        }
        expect(businessElapsed(new Date(a), new Date(b), always, pauses)).toBe(b - a - paused);
      }),
      RUNS,
    );
  });

  it('matches a minute-by-minute reading of the wall clock', () => {
    // The oracle reads each minute's local weekday, date and time with TZDate.
    const open = (cal: BusinessCalendar, t: number): boolean => {
      const h = cal.hours;
      if (!h) return true;
      const d = new TZDate(t, cal.timezone);
      const weekday = EVERY_DAY[(d.getDay() + 6) % 7] as Weekday;
      const date = `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
      const minute = d.getHours() * 60 + d.getMinutes();
      const toMin = (s: string): number => Number(s.slice(0, 2)) * 60 + Number(s.slice(3, 5));
      return h.days.includes(weekday) && !cal.isHoliday(date) && minute >= toMin(h.start) && minute < toMin(h.end);
    };
    fc.assert(
      fc.property(
        calendarArb,
        instantArb.map((t) => Math.floor(t / MIN) * MIN),
        fc.integer({ min: 0, max: 36 * 60 }),
        (cal, a, minutes) => {
          let expected = 0;
          for (let i = 0; i < minutes; i++) if (open(cal, a + i * MIN)) expected += MIN;
          expect(businessElapsed(new Date(a), new Date(a + minutes * MIN), cal)).toBe(expected);
        },
      ),
      { numRuns: 40 },
    );
  });
});
