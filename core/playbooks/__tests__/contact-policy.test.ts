import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  decideContact,
  nextSendWindow,
  type ContactContext,
  type ContactDecision,
  type ContactRequest,
} from '../contact-policy.js';
import { addDuration } from '../duration.js';
import { DEFAULT_CONTACT_POLICY, WEEKDAYS, type ContactPolicy, type Weekday } from '../schema.js';

const NY = 'America/New_York';
const SH = 'Asia/Shanghai';

const policy = (over: Partial<ContactPolicy> = {}): ContactPolicy => ({ ...DEFAULT_CONTACT_POLICY, ...over });

const message: ContactRequest = { kind: 'message', urgent: false, countsAsTouch: true };
const urgentMessage: ContactRequest = { ...message, urgent: true };
const task: ContactRequest = { kind: 'task', urgent: false, countsAsTouch: true };

/** Wednesday 2024-06-05 10:00 in New York: inside the default business hours. */
const WED_10_NY = '2024-06-05T14:00:00.000Z';
/** Friday 2024-06-07 23:00 in New York: quiet hours and outside business hours. */
const FRI_23_NY = '2024-06-08T03:00:00.000Z';
/** Monday 2024-06-10 09:00 in New York. */
const MON_09_NY = '2024-06-10T13:00:00.000Z';

function ctx(over: Omit<Partial<ContactContext>, 'now'> & { now?: Date | string } = {}): ContactContext {
  const { now, ...rest } = over;
  return {
    timezone: NY,
    preferredChannel: null,
    doNotContact: false,
    addresses: { email: 'vip@example.com', phone: '+15550100' },
    recentTouches: [],
    ...rest,
    now: new Date(now ?? WED_10_NY),
  };
}

const touches = (n: number, at = '2024-06-01T12:00:00.000Z'): Date[] => Array.from({ length: n }, () => new Date(at));
const next = (p: ContactPolicy, tz: string, from: string): string => nextSendWindow(p, tz, new Date(from)).toISOString();
/** Decisions with instants as ISO strings, for exact comparison. */
const plain = (d: ContactDecision) => (d.action === 'defer' ? { ...d, until: d.until.toISOString() } : d);

describe('frequency cap', () => {
  // Tuesday 2024-03-12 12:00 EDT; the 7-day window opens 2024-03-05 12:00 EST (17:00Z), across the DST change.
  const now = '2024-03-12T16:00:00.000Z';
  const capped = policy({ maxTouches: { count: 2, per: '7d' } });
  const outside = [
    '2024-03-05T17:00:00.000Z', // exactly at the window start: excluded
    '2024-03-05T16:30:00.000Z', // within 168 hours, but before 7 local calendar days
    '2024-03-12T16:00:00.001Z', // after now
    '2023-01-01T00:00:00.000Z', // long ago
  ];

  it.each([
    { label: 'only touches outside the window', extra: [], action: 'proceed' },
    { label: 'one touch just inside the window start', extra: ['2024-03-05T17:00:00.001Z'], action: 'proceed' },
    { label: 'a second touch exactly at now', extra: ['2024-03-05T17:00:00.001Z', now], action: 'suppress' },
  ])('$label -> $action', ({ extra, action }) => {
    const recentTouches = [...outside, ...extra].map((s) => new Date(s));
    expect(decideContact(capped, message, ctx({ now, recentTouches })).action).toBe(action);
  });

  it('suppresses with the reason when the cap is reached', () => {
    expect(decideContact(policy(), message, ctx({ recentTouches: touches(4) }))).toEqual({ action: 'suppress', reason: 'frequency_cap' });
    expect(decideContact(policy(), message, ctx({ recentTouches: touches(3) })).action).toBe('proceed');
  });

  it('does not apply to requests that are not touches', () => {
    const notATouch = { ...message, countsAsTouch: false };
    expect(decideContact(policy(), notATouch, ctx({ recentTouches: touches(10) }))).toEqual({
      action: 'proceed',
      channel: 'email',
      to: 'vip@example.com',
      overrode: [],
    });
  });
});

describe('urgent steps', () => {
  it('override cap, quiet hours and business hours, listing each', () => {
    expect(decideContact(policy(), urgentMessage, ctx({ now: FRI_23_NY, recentTouches: touches(4) }))).toEqual({
      action: 'proceed',
      channel: 'email',
      to: 'vip@example.com',
      overrode: ['frequency_cap', 'quiet_hours', 'business_hours'],
    });
  });

  it('list only what they overrode', () => {
    // Wednesday 19:00 New York: after business hours, before quiet hours.
    const evening = decideContact(policy(), urgentMessage, ctx({ now: '2024-06-05T23:00:00.000Z' }));
    expect(evening).toMatchObject({ action: 'proceed', overrode: ['business_hours'] });
    expect(decideContact(policy(), urgentMessage, ctx())).toMatchObject({ action: 'proceed', overrode: [] });
  });

  it('follow every rule when the policy does not let urgency override', () => {
    const strict = policy({ urgentOverrides: false });
    expect(decideContact(strict, urgentMessage, ctx({ now: FRI_23_NY, recentTouches: touches(4) }))).toEqual({
      action: 'suppress',
      reason: 'frequency_cap',
    });
    expect(plain(decideContact(strict, urgentMessage, ctx({ now: FRI_23_NY })))).toEqual({ action: 'defer', until: MON_09_NY, reason: 'quiet_hours' });
  });

  it('never pass an opt-out', () => {
    const optedOut = ctx({ now: FRI_23_NY, doNotContact: true, addresses: { email: null, phone: null } });
    expect(decideContact(policy(), urgentMessage, optedOut)).toEqual({ action: 'suppress', reason: 'opted_out' });
    expect(decideContact(policy(), { kind: 'survey', urgent: true, countsAsTouch: true }, ctx({ doNotContact: true }))).toEqual({
      action: 'suppress',
      reason: 'opted_out',
    });
  });
});

describe('channel and address', () => {
  const both = { email: 'vip@example.com', phone: '+15550100' };
  it.each([
    { label: 'the step channel beats the customer preference', channel: 'email', preferred: 'sms', channels: ['sms'], expected: ['email', both.email] },
    { label: 'the customer preference beats the policy order', channel: undefined, preferred: 'sms', channels: ['email'], expected: ['sms', both.phone] },
    { label: 'the policy order decides otherwise', channel: undefined, preferred: null, channels: ['sms', 'email'], expected: ['sms', both.phone] },
  ] as const)('$label', ({ channel, preferred, channels, expected }) => {
    const request: ContactRequest = channel === undefined ? message : { ...message, channel };
    const d = decideContact(policy({ channels: [...channels] }), request, ctx({ preferredChannel: preferred }));
    expect(d).toEqual({ action: 'proceed', channel: expected[0], to: expected[1], overrode: [] });
  });

  it('skips policy channels the customer has no address for', () => {
    const d = decideContact(policy({ channels: ['sms', 'email'] }), message, ctx({ addresses: { email: 'vip@example.com', phone: null } }));
    expect(d).toMatchObject({ action: 'proceed', channel: 'email', to: 'vip@example.com' });
  });

  it.each([
    { label: 'the step channel has no address', request: { ...message, channel: 'sms' as const }, preferred: 'email' as const, phone: null, email: 'a@b.c' },
    { label: 'the preferred channel has no address', request: message, preferred: 'sms' as const, phone: null, email: 'a@b.c' },
    { label: 'no policy channel has an address', request: message, preferred: null, phone: null, email: null },
    { label: 'the address is blank', request: message, preferred: null, phone: '+1555', email: '  ' },
  ])('suppresses no_address when $label', ({ request, preferred, phone, email }) => {
    expect(decideContact(policy(), request, ctx({ preferredChannel: preferred, addresses: { email, phone } }))).toEqual({
      action: 'suppress',
      reason: 'no_address',
    });
  });
});

describe('tasks', () => {
  it('ignore quiet hours, business hours, opt-outs and addresses', () => {
    const d = decideContact(policy(), task, ctx({ now: FRI_23_NY, doNotContact: true, addresses: { email: null, phone: null } }));
    expect(d).toEqual({ action: 'proceed', channel: null, to: null, overrode: [] });
  });

  it('respect the cap when they count as touches', () => {
    expect(decideContact(policy(), task, ctx({ recentTouches: touches(4) }))).toEqual({ action: 'suppress', reason: 'frequency_cap' });
    expect(decideContact(policy(), { ...task, countsAsTouch: false }, ctx({ recentTouches: touches(4) })).action).toBe('proceed');
  });

  it('list only the cap when urgent at night', () => {
    expect(decideContact(policy(), { ...task, urgent: true }, ctx({ now: FRI_23_NY, recentTouches: touches(4) }))).toEqual({
      action: 'proceed',
      channel: null,
      to: null,
      overrode: ['frequency_cap'],
    });
  });
});

describe('quiet hours spanning midnight', () => {
  const quietOnly = policy({ businessHours: null, quietHours: { start: '21:00', end: '08:00' } });
  it.each([
    ['2024-06-05T20:59:59.000Z', '2024-06-05T20:59:59.000Z'],
    ['2024-06-05T21:00:00.000Z', '2024-06-06T08:00:00.000Z'],
    ['2024-06-06T02:00:00.000Z', '2024-06-06T08:00:00.000Z'],
    ['2024-06-06T07:59:59.999Z', '2024-06-06T08:00:00.000Z'],
    ['2024-06-06T08:00:00.000Z', '2024-06-06T08:00:00.000Z'],
    // Saturday: no business hours, so weekends are open outside quiet hours.
    ['2024-06-08T23:00:00.000Z', '2024-06-09T08:00:00.000Z'],
  ])('from %s (UTC) -> %s', (from, expected) => {
    expect(next(quietOnly, 'UTC', from)).toBe(expected);
  });

  it('defers a message with the quiet-hours reason', () => {
    expect(plain(decideContact(quietOnly, message, ctx({ timezone: 'UTC', now: '2024-06-06T02:00:00.000Z' })))).toEqual({
      action: 'defer',
      until: '2024-06-06T08:00:00.000Z',
      reason: 'quiet_hours',
    });
  });
});

describe('business hours and weekends', () => {
  it.each([
    ['Friday 19:00', '2024-06-07T23:00:00.000Z', MON_09_NY, 'business_hours'],
    ['Saturday noon', '2024-06-08T16:00:00.000Z', MON_09_NY, 'business_hours'],
    ['Sunday 23:30', '2024-06-10T03:30:00.000Z', MON_09_NY, 'quiet_hours'],
    ['Monday 07:59', '2024-06-10T11:59:00.000Z', MON_09_NY, 'quiet_hours'],
    ['Monday 08:59', '2024-06-10T12:59:00.000Z', MON_09_NY, 'business_hours'],
    ['Wednesday 18:00', '2024-06-05T22:00:00.000Z', '2024-06-06T13:00:00.000Z', 'business_hours'],
  ])('New York %s -> Monday 09:00 or the next morning', (_label, now, until, reason) => {
    expect(plain(decideContact(policy(), message, ctx({ now })))).toEqual({ action: 'defer', until, reason });
  });

  it('takes quiet hours out of wider business hours', () => {
    // Business 07:00-22:00 and quiet 21:00-08:00: messages go out 08:00-21:00 on weekdays.
    const wide = policy({ businessHours: { days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '07:00', end: '22:00' } });
    expect(next(wide, 'UTC', '2024-06-05T07:30:00.000Z')).toBe('2024-06-05T08:00:00.000Z');
    expect(next(wide, 'UTC', '2024-06-05T20:59:00.000Z')).toBe('2024-06-05T20:59:00.000Z');
    expect(next(wide, 'UTC', '2024-06-05T21:30:00.000Z')).toBe('2024-06-06T08:00:00.000Z');
    expect(next(wide, 'UTC', '2024-06-07T21:30:00.000Z')).toBe('2024-06-10T08:00:00.000Z');
    expect(plain(decideContact(wide, message, ctx({ timezone: 'UTC', now: '2024-06-05T07:30:00.000Z' })))).toMatchObject({
      reason: 'quiet_hours',
    });
  });

  it('carries business hours past midnight into the day they started on', () => {
    const lateFriday = policy({ quietHours: null, businessHours: { days: ['fri'], start: '22:00', end: '02:00' } });
    expect(next(lateFriday, 'UTC', '2024-06-08T01:00:00.000Z')).toBe('2024-06-08T01:00:00.000Z'); // Saturday 01:00
    expect(next(lateFriday, 'UTC', '2024-06-08T02:00:00.000Z')).toBe('2024-06-14T22:00:00.000Z');
    expect(next(lateFriday, 'UTC', '2024-06-06T01:00:00.000Z')).toBe('2024-06-07T22:00:00.000Z'); // Thursday 01:00 is Wednesday's night
  });

  it('reads start == end as all day for business hours and as no quiet time', () => {
    const weekendsAllDay = policy({ quietHours: { start: '08:00', end: '08:00' }, businessHours: { days: ['sat', 'sun'], start: '00:00', end: '00:00' } });
    expect(next(weekendsAllDay, 'UTC', '2024-06-07T12:00:00.000Z')).toBe('2024-06-08T00:00:00.000Z');
    expect(next(weekendsAllDay, 'UTC', '2024-06-09T08:00:00.000Z')).toBe('2024-06-09T08:00:00.000Z');
  });
});

describe('the customer time zone', () => {
  it.each([
    // Shanghai Wednesday 10:00, New York Tuesday 22:00.
    { now: '2024-06-05T02:00:00.000Z', tz: SH, expected: { action: 'proceed' } },
    { now: '2024-06-05T02:00:00.000Z', tz: NY, expected: { action: 'defer', until: '2024-06-05T13:00:00.000Z', reason: 'quiet_hours' } },
    // Shanghai Wednesday 21:30, New York Wednesday 09:30.
    { now: '2024-06-05T13:30:00.000Z', tz: SH, expected: { action: 'defer', until: '2024-06-06T01:00:00.000Z', reason: 'quiet_hours' } },
    { now: '2024-06-05T13:30:00.000Z', tz: NY, expected: { action: 'proceed' } },
  ])('$now in $tz', ({ now, tz, expected }) => {
    expect(plain(decideContact(policy(), message, ctx({ now, timezone: tz })))).toMatchObject(expected);
  });
});

describe('daylight saving time in New York', () => {
  const quietOnly = (start: string, end: string) => policy({ businessHours: null, quietHours: { start, end } });
  const businessOnly = (days: Weekday[], start: string, end: string) => policy({ quietHours: null, businessHours: { days, start, end } });

  // 2024-03-10: 02:00 EST jumps to 03:00 EDT at 07:00Z.
  it('spring forward: a quiet night ends at 08:00 EDT', () => {
    expect(next(quietOnly('21:00', '08:00'), NY, '2024-03-10T03:00:00.000Z')).toBe('2024-03-10T12:00:00.000Z');
  });

  it('spring forward: a start at 02:30, which does not exist, opens when the clock reaches 03:00', () => {
    expect(next(quietOnly('21:00', '02:30'), NY, '2024-03-10T05:00:00.000Z')).toBe('2024-03-10T07:00:00.000Z');
    expect(next(businessOnly(['sun'], '02:30', '04:00'), NY, '2024-03-09T17:00:00.000Z')).toBe('2024-03-10T07:00:00.000Z');
  });

  it('spring forward: hours entirely skipped wait for the next week', () => {
    expect(next(businessOnly(['sun'], '02:10', '02:50'), NY, '2024-03-09T17:00:00.000Z')).toBe('2024-03-17T06:10:00.000Z');
  });

  // 2024-11-03: 02:00 EDT falls back to 01:00 EST at 06:00Z, so 01:00-02:00 happens twice.
  it('fall back: a quiet night ends at 08:00 EST', () => {
    expect(next(quietOnly('21:00', '08:00'), NY, '2024-11-03T02:00:00.000Z')).toBe('2024-11-03T13:00:00.000Z');
  });

  it('fall back: quiet hours inside the repeated hour apply on each pass', () => {
    const p = quietOnly('01:00', '01:30');
    expect(next(p, NY, '2024-11-03T05:10:00.000Z')).toBe('2024-11-03T05:30:00.000Z'); // 01:10 EDT
    expect(next(p, NY, '2024-11-03T05:45:00.000Z')).toBe('2024-11-03T05:45:00.000Z'); // 01:45 EDT
    expect(next(p, NY, '2024-11-03T06:10:00.000Z')).toBe('2024-11-03T06:30:00.000Z'); // 01:10 EST
    expect(plain(decideContact(p, message, ctx({ now: '2024-11-03T06:00:00.000Z' })))).toEqual({
      action: 'defer',
      until: '2024-11-03T06:30:00.000Z',
      reason: 'quiet_hours',
    });
  });

  it('fall back: the clock turning back into business hours opens them', () => {
    // 00:30-01:30; at 01:45 EDT the window has closed, at 01:00 EST (06:00Z) it is open again.
    expect(next(businessOnly(['sun'], '00:30', '01:30'), NY, '2024-11-03T05:45:00.000Z')).toBe('2024-11-03T06:00:00.000Z');
  });

});

describe('clocks falling back over midnight', () => {
  it('Asuncion 2024-03-24: Saturday 23:00-24:00 happens twice', () => {
    const p = policy({ quietHours: null, businessHours: { days: ['sat'], start: '23:30', end: '23:45' } });
    // Saturday 23:50 -03, then at 03:00Z the clock shows 23:00 -04: 23:30 -04 is 03:30Z.
    expect(next(p, 'America/Asuncion', '2024-03-24T02:50:00.000Z')).toBe('2024-03-24T03:30:00.000Z');
  });

  // Goose Bay 2010-11-07: at 00:01 ADT (03:01Z) the clock went back to 23:01 AST on Saturday.
  const GOOSE_BAY = 'America/Goose_Bay';

  it('from a Sunday minute, Saturday comes back', () => {
    const p = policy({ quietHours: null, businessHours: { days: ['sat'], start: '23:30', end: '23:45' } });
    expect(next(p, GOOSE_BAY, '2010-11-07T03:00:30.000Z')).toBe('2010-11-07T03:30:00.000Z'); // from Sunday 00:00:30 ADT
  });

  it('a Sunday minute before the repeat beats the repeated Saturday', () => {
    // Allowed: Saturday 23:30-23:40 and Sunday 00:00-00:01 (then 23:30-23:40).
    const p = policy({ quietHours: { start: '23:40', end: '00:00' }, businessHours: { days: ['sat', 'sun'], start: '23:30', end: '00:01' } });
    // From Saturday 23:50 ADT: Sunday 00:00 ADT (03:00Z) comes before Saturday 23:30 AST (03:30Z).
    expect(plain(decideContact(p, message, ctx({ timezone: GOOSE_BAY, now: '2010-11-07T02:50:00.000Z' })))).toEqual({
      action: 'defer',
      until: '2010-11-07T03:00:00.000Z',
      reason: 'quiet_hours',
    });
  });
});

describe('no restrictions and impossible policies', () => {
  it('with neither quiet nor business hours, any instant is the window', () => {
    const open = policy({ quietHours: null, businessHours: null });
    expect(next(open, NY, '2024-06-08T03:17:42.123Z')).toBe('2024-06-08T03:17:42.123Z');
    expect(decideContact(open, message, ctx({ now: FRI_23_NY })).action).toBe('proceed');
  });

  it('without quiet hours, business hours alone decide', () => {
    const p = policy({ quietHours: null });
    // Tuesday 23:00 New York.
    expect(plain(decideContact(p, message, ctx({ now: '2024-06-05T03:00:00.000Z' })))).toEqual({
      action: 'defer',
      until: '2024-06-05T13:00:00.000Z',
      reason: 'business_hours',
    });
  });

  it('without business hours, weekends are open', () => {
    expect(decideContact(policy({ businessHours: null }), message, ctx({ now: '2024-06-08T16:00:00.000Z' })).action).toBe('proceed');
  });

  it('gives up after 14 local days when nothing is ever allowed', () => {
    // Business 22:00-23:00 lies inside quiet hours 21:00-08:00. 14 local days from 2024-03-09 12:00 EST is 2024-03-23 12:00 EDT.
    const never = policy({ businessHours: { days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '22:00', end: '23:00' } });
    expect(plain(decideContact(never, message, ctx({ now: '2024-03-09T17:00:00.000Z' })))).toEqual({
      action: 'defer',
      until: '2024-03-23T16:00:00.000Z',
      reason: 'business_hours',
    });
  });
});

// --- Properties -------------------------------------------------------------------------------

const ZONES = ['UTC', NY, SH, 'Europe/London', 'Australia/Lord_Howe', 'Asia/Kolkata', 'Pacific/Auckland', 'America/Sao_Paulo'];
const MINUTE = 60_000;
const DAY = 86_400_000;

// Instants anywhere in 2020-2030, and instants within 3 days of a clock change (incl. Lord Howe's 30-minute one).
const TRANSITIONS = ['2024-03-10T07:00:00Z', '2024-11-03T06:00:00Z', '2024-03-31T01:00:00Z', '2024-10-27T01:00:00Z', '2024-04-06T15:00:00Z', '2024-09-28T14:00:00Z'];
const instant = fc.oneof(
  fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2030, 0, 1) }),
  fc
    .tuple(fc.constantFrom(...TRANSITIONS), fc.integer({ min: -3 * DAY, max: 3 * DAY }))
    .map(([at, delta]) => Date.parse(at) + delta),
);

const time = fc.oneof(
  fc.constantFrom('00:00', '01:30', '02:30', '08:00', '09:00', '18:00', '21:00', '23:30'),
  fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 })).map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`),
);
const randomPolicy: fc.Arbitrary<ContactPolicy> = fc
  .record({
    quietHours: fc.option(fc.record({ start: time, end: time }), { nil: null }),
    businessHours: fc.option(fc.record({ days: fc.subarray([...WEEKDAYS], { minLength: 1 }), start: time, end: time }), { nil: null }),
  })
  .map((over) => policy(over));

// An independent reading of the rules, straight from Intl, one wall-clock minute at a time.
const formatters = new Map<string, Intl.DateTimeFormat>();
function oracleWall(tz: string, t: number): { weekday: number; minute: number } {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: tz, hourCycle: 'h23', weekday: 'short', hour: '2-digit', minute: '2-digit' });
    formatters.set(tz, f);
  }
  const parts = f.formatToParts(new Date(t));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return { weekday: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(get('weekday')), minute: Number(get('hour')) * 60 + Number(get('minute')) };
}
const mins = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3));
function oracle(p: ContactPolicy, tz: string, t: number): { quiet: boolean; open: boolean } {
  const { weekday, minute } = oracleWall(tz, t);
  let quiet = false;
  if (p.quietHours) {
    const [s, e] = [mins(p.quietHours.start), mins(p.quietHours.end)];
    quiet = s < e ? minute >= s && minute < e : s > e ? minute >= s || minute < e : false;
  }
  let open = true;
  const b = p.businessHours;
  if (b) {
    const [s, e] = [mins(b.start), mins(b.end)];
    const on = (wd: number) => b.days.includes(WEEKDAYS[(wd + 7) % 7] as Weekday);
    open = s < e ? on(weekday) && minute >= s && minute < e : s === e ? on(weekday) : (on(weekday) && minute >= s) || (on(weekday - 1) && minute < e);
  }
  return { quiet, open };
}

describe('properties', () => {
  it('the default policy always finds a window where a plain message proceeds', () => {
    fc.assert(
      fc.property(instant, fc.constantFrom(...ZONES), (t, tz) => {
        const at = nextSendWindow(DEFAULT_CONTACT_POLICY, tz, new Date(t));
        expect(at.getTime()).toBeGreaterThanOrEqual(t);
        expect(at.getTime() - t).toBeLessThanOrEqual(4 * DAY);
        expect(decideContact(DEFAULT_CONTACT_POLICY, message, ctx({ now: at, timezone: tz })).action).toBe('proceed');
        expect(nextSendWindow(DEFAULT_CONTACT_POLICY, tz, at).getTime()).toBe(at.getTime());
      }),
      { numRuns: 500 },
    );
  });

  it('any policy: the window is the first allowed minute, and decisions agree with it', () => {
    fc.assert(
      fc.property(randomPolicy, instant, fc.constantFrom(...ZONES), (p, t, tz) => {
        const at = nextSendWindow(p, tz, new Date(t)).getTime();
        expect(at).toBeGreaterThanOrEqual(t);
        const allowed = (u: number) => {
          const o = oracle(p, tz, u);
          return o.open && !o.quiet;
        };
        // Nothing allowed before it: `t` itself, then every whole minute up to it.
        const earlier = [t];
        for (let u = Math.floor(t / MINUTE) * MINUTE + MINUTE; u < at; u += MINUTE) earlier.push(u);
        expect(earlier.filter((u) => u < at && allowed(u))).toEqual([]);
        // Either it is allowed, or nothing was for 14 days and it is the give-up instant.
        if (allowed(at)) expect(decideContact(p, message, ctx({ now: new Date(at), timezone: tz })).action).toBe('proceed');
        else expect(at).toBe(addDuration(new Date(t), '14d', tz).getTime());

        const d = decideContact(p, message, ctx({ now: new Date(t), timezone: tz }));
        const o = oracle(p, tz, t);
        if (o.open && !o.quiet) expect(d.action).toBe('proceed');
        else expect(plain(d)).toEqual({ action: 'defer', until: new Date(at).toISOString(), reason: o.quiet ? 'quiet_hours' : 'business_hours' });
      }),
      { numRuns: 120 },
    );
  });
});
