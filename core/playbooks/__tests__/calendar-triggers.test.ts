import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  anniversaryOccurrence,
  birthdayOccurrence,
  holidayOccurrences,
  isKnownHolidayName,
  type DateOccurrence,
  type HolidayCalendarRef,
} from '../calendar-triggers.js';
import type { CustomDate } from '../schema.js';

const CN: HolidayCalendarRef = { country: 'CN' };
const US: HolidayCalendarRef = { country: 'US' };

function holidays(
  calendar: HolidayCalendarRef | null,
  today: string,
  more: { names?: string[]; daysBefore?: number; catchUpDays?: number; customDates?: CustomDate[] } = {},
): DateOccurrence[] {
  return holidayOccurrences({
    calendar,
    customDates: more.customDates ?? [],
    ...(more.names ? { names: more.names } : {}),
    today,
    daysBefore: more.daysBefore ?? 0,
    catchUpDays: more.catchUpDays ?? 0,
  });
}

const keys = (list: DateOccurrence[]) => list.map((o) => o.key);

describe('birthdayOccurrence', () => {
  it('fires on the birthday with a key for that year', () => {
    expect(birthdayOccurrence('1985-06-15', '2026-06-15', 0, 0)).toEqual({
      key: 'birthday:2026',
      date: '2026-06-15',
      fireOn: '2026-06-15',
      name: 'Birthday',
    });
  });

  it('moves Feb 29 to Feb 28 in non-leap years and keeps it in leap years', () => {
    expect(birthdayOccurrence('2000-02-29', '2026-02-28', 0, 0)).toMatchObject({ key: 'birthday:2026', date: '2026-02-28' });
    expect(birthdayOccurrence('2000-02-29', '2026-03-01', 0, 0)).toBeNull();
    expect(birthdayOccurrence('2000-02-29', '2028-02-29', 0, 0)).toMatchObject({ key: 'birthday:2028', date: '2028-02-29' });
    expect(birthdayOccurrence('2000-02-29', '2028-02-28', 0, 0)).toBeNull();
    expect(birthdayOccurrence('2000-02-29', '2027-02-25', 3, 0)).toMatchObject({ date: '2027-02-28', fireOn: '2027-02-25' });
  });

  it('reaches across the year boundary to next year’s birthday', () => {
    expect(birthdayOccurrence('1990-01-02', '2025-12-28', 5, 0)).toEqual({
      key: 'birthday:2026',
      date: '2026-01-02',
      fireOn: '2025-12-28',
      name: 'Birthday',
    });
    // A day into the catch-up window: same occurrence, same key.
    expect(birthdayOccurrence('1990-01-02', '2025-12-29', 5, 3)).toMatchObject({ key: 'birthday:2026', fireOn: '2025-12-28' });
    expect(birthdayOccurrence('1990-01-02', '2025-12-29', 5, 0)).toBeNull();
  });

  it('catches up a late-December birthday in January under last year’s key', () => {
    expect(birthdayOccurrence('1990-12-31', '2027-01-02', 0, 3)).toMatchObject({ key: 'birthday:2026', date: '2026-12-31' });
    expect(birthdayOccurrence('1990-12-31', '2027-01-04', 0, 3)).toBeNull();
  });

  it('fires from fireOn through fireOn + catchUpDays and not a day outside', () => {
    // Birthday June 15, 3 days before: fireOn June 12, catch-up 2 days: June 12..14.
    const at = (today: string) => birthdayOccurrence('1985-06-15', today, 3, 2);
    expect(at('2026-06-11')).toBeNull();
    expect(at('2026-06-12')).toEqual({ key: 'birthday:2026', date: '2026-06-15', fireOn: '2026-06-12', name: 'Birthday' });
    expect(at('2026-06-13')?.key).toBe('birthday:2026');
    expect(at('2026-06-14')?.key).toBe('birthday:2026');
    expect(at('2026-06-15')).toBeNull();
  });

  it('does not fire for a birthday still ahead or long past', () => {
    expect(birthdayOccurrence('1990-12-20', '2026-03-01', 0, 3)).toBeNull();
    expect(birthdayOccurrence('1990-03-05', '2026-03-01', 0, 3)).toBeNull();
    expect(birthdayOccurrence('1990-01-10', '2026-01-20', 0, 3)).toBeNull();
  });

  it('never fires on the day of birth itself', () => {
    expect(birthdayOccurrence('2026-03-01', '2026-03-01', 0, 0)).toBeNull();
    expect(birthdayOccurrence('2026-03-01', '2027-03-01', 0, 0)).toMatchObject({ key: 'birthday:2027' });
  });
});

describe('anniversaryOccurrence', () => {
  it('skips year 0 and counts years from the start', () => {
    expect(anniversaryOccurrence('2020-03-01', '2020-03-01', 0, 0)).toBeNull();
    expect(anniversaryOccurrence('2020-03-01', '2021-03-01', 0, 0)).toEqual({
      key: 'anniversary:2021',
      date: '2021-03-01',
      fireOn: '2021-03-01',
      name: '1 year',
      years: 1,
    });
    expect(anniversaryOccurrence('2020-03-01', '2026-03-01', 0, 0)).toMatchObject({ key: 'anniversary:2026', name: '6 years', years: 6 });
  });

  it('skips year 0 even when daysBefore reaches into it', () => {
    expect(anniversaryOccurrence('2025-12-30', '2025-12-25', 5, 0)).toBeNull();
    expect(anniversaryOccurrence('2025-12-30', '2026-12-25', 5, 0)).toMatchObject({ key: 'anniversary:2026', date: '2026-12-30', years: 1 });
  });

  it('handles Feb 29 starts, the year boundary and the catch-up edges', () => {
    expect(anniversaryOccurrence('2024-02-29', '2025-02-28', 0, 0)).toMatchObject({ date: '2025-02-28', years: 1 });
    expect(anniversaryOccurrence('2019-01-03', '2025-12-30', 4, 0)).toMatchObject({ key: 'anniversary:2026', fireOn: '2025-12-30', years: 7 });
    expect(anniversaryOccurrence('2019-01-03', '2025-12-29', 4, 2)).toBeNull();
    expect(anniversaryOccurrence('2019-01-03', '2026-01-01', 4, 2)?.key).toBe('anniversary:2026');
    expect(anniversaryOccurrence('2019-01-03', '2026-01-02', 4, 2)).toBeNull();
  });

  it('does not fire before the relationship began', () => {
    expect(anniversaryOccurrence('2030-01-01', '2026-01-01', 0, 3)).toBeNull();
  });
});

describe('holidayOccurrences: public holidays', () => {
  it('CN Spring Festival counts once, on the first of its days (the eve in date-holidays)', () => {
    // date-holidays names the eve (2026-02-16), New Year's Day (02-17) and 02-18 all "Spring Festival".
    expect(holidays(CN, '2026-02-16')).toEqual([
      { key: 'holiday:2026-02-16:spring-festival', date: '2026-02-16', fireOn: '2026-02-16', name: 'Spring Festival', localName: '春节' },
    ]);
    expect(holidays(CN, '2026-02-17')).toEqual([]);
    expect(holidays(CN, '2026-02-18')).toEqual([]);
    // Catching up on Chinese New Year's Day itself still finds the one occurrence.
    expect(keys(holidays(CN, '2026-02-17', { catchUpDays: 3 }))).toEqual(['holiday:2026-02-16:spring-festival']);
    expect(keys(holidays(CN, '2027-02-05'))).toEqual(['holiday:2027-02-05:spring-festival']);
    expect(holidays(CN, '2027-02-06')).toEqual([]);
  });

  it('CN National Day is Oct 1 (three days, one occurrence)', () => {
    expect(holidays(CN, '2026-10-01')).toEqual([
      { key: 'holiday:2026-10-01:national-day', date: '2026-10-01', fireOn: '2026-10-01', name: 'National Day', localName: '国庆节' },
    ]);
    expect(holidays(CN, '2026-10-02')).toEqual([]);
    expect(keys(holidays(CN, '2027-10-01'))).toEqual(['holiday:2027-10-01:national-day']);
  });

  it('matches names in English or Chinese, case-insensitively, and nothing else', () => {
    const at = (names: string[]) => keys(holidays(CN, '2026-02-13', { names, daysBefore: 3 }));
    expect(at(['春节'])).toEqual(['holiday:2026-02-16:spring-festival']);
    expect(at(['spring FESTIVAL'])).toEqual(['holiday:2026-02-16:spring-festival']);
    // date-holidays has no "Chinese New Year" for CN.
    expect(at(['Chinese New Year'])).toEqual([]);
    expect(at(['国庆节'])).toEqual([]);
    // Both spellings of one holiday: still one occurrence.
    expect(at(['春节', 'Spring Festival'])).toEqual(['holiday:2026-02-16:spring-festival']);
    expect(holidays(CN, '2026-02-13', { names: ['春节'], daysBefore: 3 })[0]?.fireOn).toBe('2026-02-13');
  });

  it('matches either spelling of a name date-holidays writes as "清明节 清明節"', () => {
    expect(holidays(CN, '2026-04-05', { names: ['清明節'] })).toEqual([
      { key: 'holiday:2026-04-05:qingming-festival', date: '2026-04-05', fireOn: '2026-04-05', name: 'Qingming Festival', localName: '清明节' },
    ]);
    expect(keys(holidays(CN, '2026-04-05', { names: ['清明节'] }))).toEqual(['holiday:2026-04-05:qingming-festival']);
    expect(holidays(CN, '2026-04-05', { names: ['清明'] })).toEqual([]);
  });

  it('applies the catch-up window edges to holidays', () => {
    // Independence Day 2026-07-04, 7 days before: fireOn 06-27, catch-up 2: 06-27..06-29.
    const at = (today: string) => keys(holidays(US, today, { names: ['Independence Day'], daysBefore: 7, catchUpDays: 2 }));
    expect(at('2026-06-26')).toEqual([]);
    expect(at('2026-06-27')).toEqual(['holiday:2026-07-04:independence-day']);
    expect(at('2026-06-29')).toEqual(['holiday:2026-07-04:independence-day']);
    expect(at('2026-06-30')).toEqual([]);
  });

  it('US: Independence Day once, without its substitute day; observances are not public', () => {
    expect(holidays(US, '2026-07-04')).toEqual([
      { key: 'holiday:2026-07-04:independence-day', date: '2026-07-04', fireOn: '2026-07-04', name: 'Independence Day' },
    ]);
    // 2026-07-04 is a Saturday: date-holidays adds "Independence Day (substitute day)" on Friday 07-03.
    expect(holidays(US, '2026-07-03')).toEqual([]);
    expect(keys(holidays(US, '2026-07-03', { catchUpDays: 0, daysBefore: 1 }))).toEqual(['holiday:2026-07-04:independence-day']);
    expect(holidays(US, '2027-07-05')).toEqual([]);
    expect(holidays(US, '2026-02-14')).toEqual([]);
    expect(holidays(US, '2026-02-14', { names: ["Valentine's Day"] })).toEqual([]);
  });

  it('US: the en-US spelling matches too and the key keeps the English slug', () => {
    expect(holidays(US, '2026-09-07', { names: ['labor day'] })).toEqual([
      { key: 'holiday:2026-09-07:labour-day', date: '2026-09-07', fireOn: '2026-09-07', name: 'Labour Day', localName: 'Labor Day' },
    ]);
  });

  it('uses the region (state) when given', () => {
    expect(holidays({ country: 'US', region: 'CA' }, '2026-03-31')).toEqual([
      { key: 'holiday:2026-03-31:cesar-chavez-day', date: '2026-03-31', fireOn: '2026-03-31', name: 'César Chávez Day' },
    ]);
    expect(holidays(US, '2026-03-31')).toEqual([]);
  });

  it('finds next year’s holiday across the year boundary', () => {
    expect(keys(holidays(CN, '2026-12-29', { daysBefore: 3 }))).toEqual(['holiday:2027-01-01:new-years-day']);
    expect(holidays(CN, '2026-12-29', { daysBefore: 3 })[0]?.fireOn).toBe('2026-12-29');
  });

  it('returns nothing for an unknown country', () => {
    expect(holidays({ country: 'XX' }, '2026-01-01')).toEqual([]);
  });
});

describe('holidayOccurrences: custom dates', () => {
  const brandDay: CustomDate = { id: 'brand_day', name: { en: 'Brand Day', 'zh-CN': '品牌日' }, date: '05-20' };
  const newYear: CustomDate = { id: 'new_year_gift', name: 'New Year gift', date: '01-02' };
  const launch: CustomDate = { id: 'launch', name: 'Store launch', date: '2026-11-11' };
  const leap: CustomDate = { id: 'leap', name: 'Leap day', date: '02-29' };
  const all = [brandDay, newYear, launch, leap];

  it('fires MM-DD dates every year with the English name', () => {
    expect(holidays(null, '2026-05-17', { customDates: all, daysBefore: 3 })).toEqual([
      { key: 'holiday:2026-05-20:brand_day', date: '2026-05-20', fireOn: '2026-05-17', name: 'Brand Day' },
    ]);
    expect(keys(holidays(null, '2027-05-20', { customDates: all }))).toEqual(['holiday:2027-05-20:brand_day']);
    expect(keys(holidays(null, '2025-12-28', { customDates: all, daysBefore: 5 }))).toEqual(['holiday:2026-01-02:new_year_gift']);
    expect(keys(holidays(null, '2027-02-28', { customDates: all }))).toEqual(['holiday:2027-02-28:leap']);
    expect(keys(holidays(null, '2028-02-29', { customDates: all }))).toEqual(['holiday:2028-02-29:leap']);
  });

  it('fires a YYYY-MM-DD date once', () => {
    expect(holidays(null, '2026-11-11', { customDates: all })).toEqual([
      { key: 'holiday:2026-11-11:launch', date: '2026-11-11', fireOn: '2026-11-11', name: 'Store launch' },
    ]);
    expect(holidays(null, '2027-11-11', { customDates: all })).toEqual([]);
    expect(holidays(null, '2025-11-11', { customDates: all })).toEqual([]);
  });

  it('filters custom dates by id, not by name, alongside public holidays', () => {
    const both = { customDates: all, daysBefore: 0 };
    expect(keys(holidays(CN, '2026-10-01', { ...both, customDates: [...all, { id: 'golden', name: 'Golden week', date: '10-01' }] }))).toEqual([
      'holiday:2026-10-01:golden',
      'holiday:2026-10-01:national-day',
    ]);
    expect(keys(holidays(CN, '2026-05-20', { ...both, names: ['brand_day'] }))).toEqual(['holiday:2026-05-20:brand_day']);
    expect(keys(holidays(CN, '2026-05-20', { ...both, names: ['Brand Day'] }))).toEqual([]);
    expect(keys(holidays(CN, '2026-05-01', { ...both, names: ['brand_day'] }))).toEqual([]);
    expect(keys(holidays(CN, '2026-05-01', { ...both, names: ['劳动节'] }))).toEqual(['holiday:2026-05-01:labour-day']);
  });

  it('gives one occurrence for a date listed twice', () => {
    expect(keys(holidays(null, '2026-05-20', { customDates: [brandDay, brandDay] }))).toEqual(['holiday:2026-05-20:brand_day']);
  });
});

describe('isKnownHolidayName', () => {
  it('knows public holiday names in English and the local language', () => {
    expect(isKnownHolidayName(CN, '春节')).toBe(true);
    expect(isKnownHolidayName(CN, 'Spring Festival')).toBe(true);
    expect(isKnownHolidayName(CN, 'national day')).toBe(true);
    expect(isKnownHolidayName(CN, '清明節')).toBe(true);
    expect(isKnownHolidayName(US, 'Independence Day')).toBe(true);
  });

  it('rejects names the calendar does not have as public holidays', () => {
    expect(isKnownHolidayName(CN, 'Chinese New Year')).toBe(false);
    expect(isKnownHolidayName(US, "Valentine's Day")).toBe(false);
    expect(isKnownHolidayName(US, 'Independence Day (substitute day)')).toBe(false);
    expect(isKnownHolidayName({ country: 'XX' }, 'Independence Day')).toBe(false);
  });
});

describe('holidayOccurrences: performance', () => {
  it('100k calls for CN reuse the cached calendar', () => {
    const names = ['春节', 'National Day'];
    const run = (i: number) =>
      holidayOccurrences({ calendar: { country: 'CN' }, customDates: [], names, today: '2026-02-13', daysBefore: 3, catchUpDays: 3 + (i % 2) });
    expect(keys(run(0))).toEqual(['holiday:2026-02-16:spring-festival']);
    const started = performance.now();
    let found = 0;
    for (let i = 0; i < 100_000; i++) found += run(i).length;
    const ms = performance.now() - started;
    expect(found).toBe(100_000);
    expect(ms).toBeLessThan(2000);
  });
});

describe('holidayOccurrences: date-holidays quirks (stubbed library)', () => {
  afterEach(() => {
    vi.doUnmock('date-holidays');
    vi.resetModules();
  });

  it('drops duplicate date+name rows, substitutes and non-public days; a multi-day row counts once', async () => {
    const row = (date: string, name: string, rule: string, extra: object = {}) => ({
      date: `${date} 00:00:00`,
      start: new Date(`${date}T00:00:00Z`),
      end: new Date(`${date}T00:00:00Z`),
      name,
      type: 'public',
      rule,
      ...extra,
    });
    const rows = [
      row('2026-03-10', 'Founders Day', '03-10'),
      row('2026-03-10', 'Founders Day', 'march 10 again'),
      row('2026-03-11', 'Founders Day (substitute day)', '03-10 substitute', { substitute: true }),
      row('2026-03-12', 'Shopping Day', '03-12', { type: 'observance' }),
      row('2026-03-20', 'Harvest', '03-20', { end: new Date('2026-03-23T00:00:00Z') }),
    ];
    class FakeHolidays {
      getLanguages() {
        return ['en'];
      }
      setLanguages() {}
      getHolidays(year: number) {
        return year === 2026 ? rows.map((r) => ({ ...r })) : [];
      }
    }
    vi.resetModules();
    vi.doMock('date-holidays', () => ({ default: FakeHolidays }));
    const mod = await import('../calendar-triggers.js');
    const at = (today: string) =>
      mod.holidayOccurrences({ calendar: { country: 'ZZ' }, customDates: [], today, daysBefore: 0, catchUpDays: 0 }).map((o) => o.key);
    expect(at('2026-03-10')).toEqual(['holiday:2026-03-10:founders-day']);
    expect(at('2026-03-11')).toEqual([]);
    expect(at('2026-03-12')).toEqual([]);
    expect(at('2026-03-20')).toEqual(['holiday:2026-03-20:harvest']);
    expect(at('2026-03-21')).toEqual([]);
  });
});
