/**
 * The contact policy: whether a playbook step or survey may reach a customer now, later, or not
 * at all. One policy governs every touch so customers are never flooded or woken up.
 *
 * Time rules are read on the customer's wall clock. Internally a wall time is a "wall ms": the
 * local date and time written into UTC fields (so `getUTC*` reads local fields and plain
 * arithmetic never meets a DST change); offsets come from `tzOffset` of `@date-fns/tz`, the
 * primitive TZDate itself uses. Minute resolution: a rule boundary is a whole local minute.
 *
 * Semantics of the windows (all `[start, end)`, local time):
 * - quietHours: no message from `start` up to `end`; `start > end` spans midnight; `start == end` is no quiet time.
 * - businessHours: messages on the listed days from `start` to `end`; `start > end` runs past midnight
 *   and the part after midnight belongs to the day it started on; `start == end` is the whole listed day.
 * Tasks are internal work: only the touch cap applies to them.
 */
import { tzOffset } from '@date-fns/tz';
import type { Channel } from '../ports/notifier.js';
import { addDuration, subtractDuration } from './duration.js';
import { WEEKDAYS, type ContactPolicy } from './schema.js';

export type SuppressReason = 'frequency_cap' | 'opted_out' | 'no_address';
export type DeferReason = 'quiet_hours' | 'business_hours';

export interface ContactRequest {
  kind: 'task' | 'message' | 'survey';
  /** The step's own channel, if it names one. */
  channel?: Channel;
  urgent: boolean;
  countsAsTouch: boolean;
}

export interface ContactContext {
  now: Date;
  /** The customer's IANA zone. */
  timezone: string;
  preferredChannel: Channel | null;
  doNotContact: boolean;
  addresses: { email: string | null; phone: string | null };
  /** Instants of earlier touches; may include ones older than the window (ignore those). */
  recentTouches: readonly Date[];
}

export type ContactDecision =
  /** `overrode`: the rules an urgent step passed, in rule order; empty when nothing was overridden. */
  | { action: 'proceed'; channel: Channel | null; to: string | null; overrode: Array<DeferReason | 'frequency_cap'> }
  | { action: 'defer'; until: Date; reason: DeferReason }
  | { action: 'suppress'; reason: SuppressReason };

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const DAY_MINUTES = 1440;
/** nextSendWindow gives up after this many days (a policy with no allowed time at all). */
const HORIZON = '14d';
const HORIZON_DAYS = 14;
/**
 * Every instant whose wall time falls on local day D lies in [D - 14h, D + 1d + 12h] (offsets
 * span UTC-12..UTC+14); one more hour each side for margin.
 */
const BEFORE_DAY_MS = 15 * HOUR_MS;
const AFTER_DAY_MS = DAY_MS + 13 * HOUR_MS;

/** Decide one contact; see the module comment and the rule order below. */
export function decideContact(policy: ContactPolicy, request: ContactRequest, ctx: ContactContext): ContactDecision {
  const mayOverride = request.urgent && policy.urgentOverrides;
  const overrode: Array<DeferReason | 'frequency_cap'> = [];
  const customerFacing = request.kind !== 'task';

  let channel: Channel | null = null;
  let to: string | null = null;
  if (customerFacing) {
    // An opt-out is the customer's word: urgency never passes it. Tasks go on (the account is still looked after).
    if (ctx.doNotContact) return { action: 'suppress', reason: 'opted_out' };
    ({ channel, to } = contactChannel(policy, request, ctx));
    // A named channel without an address is not silently swapped for another one.
    if (channel === null || to === null) return { action: 'suppress', reason: 'no_address' };
  }

  if (request.countsAsTouch && touchesInWindow(policy, ctx) >= policy.maxTouches.count) {
    if (!mayOverride) return { action: 'suppress', reason: 'frequency_cap' };
    overrode.push('frequency_cap');
  }

  if (customerFacing) {
    const rules = rulesOf(policy);
    const wall = wallOf(ctx.now.getTime(), ctx.timezone);
    const quiet = inside(rules.quiet, wall);
    const closed = !inside(rules.business, wall);
    if (quiet || closed) {
      if (!mayOverride) {
        return { action: 'defer', until: nextSendWindow(policy, ctx.timezone, ctx.now), reason: quiet ? 'quiet_hours' : 'business_hours' };
      }
      if (quiet) overrode.push('quiet_hours');
      if (closed) overrode.push('business_hours');
    }
  }
  return { action: 'proceed', channel, to, overrode };
}

/**
 * The first instant at or after `from` when a message may go out under quiet hours and business
 * hours, in `timezone`. Returns `from` itself when it is allowed.
 *
 * Instead of scanning minutes, it walks local days and tries only the instants where sending can
 * start: the start of each allowed stretch of the day, and a clock change (the clock may jump
 * forward over a start, as 02:30 on a spring-forward day, or back into an allowed stretch).
 * A policy that allows no instant in 14 days (say business hours entirely inside quiet hours)
 * yields `from` + 14 days, so callers defer and look again instead of this looping forever.
 */
export function nextSendWindow(policy: ContactPolicy, timezone: string, from: Date): Date {
  const rules = rulesOf(policy);
  const start = from.getTime();
  const startOffset = offsetMs(timezone, start);
  if (inside(rules.allowed, start + startOffset)) return new Date(start);

  const firstDay = Math.floor((start + startOffset) / DAY_MS);
  const firstLo = offsetMs(timezone, firstDay * DAY_MS - BEFORE_DAY_MS);
  const firstHi = offsetMs(timezone, firstDay * DAY_MS + AFTER_DAY_MS);
  let best = Infinity;
  // A clock falling back across midnight after `from` brings back the previous local day;
  // without a clock change from `from` to well past that midnight it cannot.
  for (let day = startOffset === firstHi ? firstDay : firstDay - 1; day <= firstDay + HORIZON_DAYS; day++) {
    const dayWall = day * DAY_MS;
    const lo = dayWall - BEFORE_DAY_MS;
    const hi = dayWall + AFTER_DAY_MS;
    const offsetLo = day === firstDay ? firstLo : offsetMs(timezone, lo);
    const offsetHi = day === firstDay ? firstHi : offsetMs(timezone, hi);
    const starts = rules.allowed[weekdayOfDay(day)] ?? [];

    if (offsetLo === offsetHi) {
      // No clock change near this day: one offset maps its wall times, in order.
      for (const [a] of starts) {
        const t = dayWall + a * MINUTE_MS - offsetLo;
        if (t > start && t < best) best = t;
      }
      // Later days' instants all come after this day's, so the first found is the answer.
      if (best !== Infinity) break;
      continue;
    }

    // A clock change: candidates are the allowed starts under either offset and the change itself.
    const shift = firstInstantWithOtherOffset(timezone, lo, hi, offsetLo);
    const candidates = [shift];
    for (const [a] of starts) {
      const wall = dayWall + a * MINUTE_MS;
      if (wall - offsetLo < shift) candidates.push(wall - offsetLo);
      if (wall - offsetHi >= shift) candidates.push(wall - offsetHi);
      // Neither: the clock skips this wall time; `shift` is when it passes it.
    }
    for (const t of candidates) {
      if (t > start && t < best && inside(rules.allowed, wallOf(t, timezone))) best = t;
    }
    // Done once nothing from the next day could come earlier.
    if (best < (day + 1) * DAY_MS - BEFORE_DAY_MS) break;
  }
  // 14 local days are never under 13 days; only then is the exact limit worth computing.
  if (best - start < 13 * DAY_MS) return new Date(best);
  const limit = addDuration(from, HORIZON, timezone);
  return best > limit.getTime() ? limit : new Date(best);
}

/**
 * The channel and address a customer-facing contact uses: the request's channel, else the
 * customer's preference, else the first of the policy's channels with an address. A deferred
 * contact goes out the same way when its window comes.
 */
export function contactChannel(
  policy: ContactPolicy,
  request: Pick<ContactRequest, 'channel'>,
  ctx: Pick<ContactContext, 'preferredChannel' | 'addresses'>,
): { channel: Channel | null; to: string | null } {
  const channel = request.channel ?? ctx.preferredChannel ?? policy.channels.find((c) => addressFor(c, ctx) !== null) ?? null;
  return { channel, to: channel === null ? null : addressFor(channel, ctx) };
}

function addressFor(channel: Channel, ctx: Pick<ContactContext, 'addresses'>): string | null {
  const raw = channel === 'email' ? ctx.addresses.email : ctx.addresses.phone;
  // A blank address is no address.
  return raw !== null && raw.trim() !== '' ? raw : null;
}

/** Touches in the rolling window `(now - per, now]`, the window in calendar units of the customer's zone. */
function touchesInWindow(policy: ContactPolicy, ctx: ContactContext): number {
  const now = ctx.now.getTime();
  const since = subtractDuration(ctx.now, policy.maxTouches.per, ctx.timezone).getTime();
  let count = 0;
  for (const t of ctx.recentTouches) {
    const ms = t.getTime();
    if (ms > since && ms <= now) count++;
  }
  return count;
}

// --- Wall-clock rules -------------------------------------------------------------------------

/** Minutes of a local day, `[start, end)`. */
type Interval = readonly [start: number, end: number];
/** Intervals per weekday, indexed like WEEKDAYS (Monday first). */
type Weekly = readonly (readonly Interval[])[];

interface Rules {
  quiet: Weekly;
  business: Weekly;
  /** Business hours minus quiet hours: when a message may go out. */
  allowed: Weekly;
}

// Policies are parsed configuration and never mutated, so their rules are built once.
const rulesCache = new WeakMap<ContactPolicy, Rules>();

function rulesOf(policy: ContactPolicy): Rules {
  const cached = rulesCache.get(policy);
  if (cached) return cached;
  const quiet: Interval[][] = [];
  const business: Interval[][] = [];
  const allowed: Interval[][] = [];
  const q = policy.quietHours;
  const b = policy.businessHours;
  for (let wd = 0; wd < 7; wd++) {
    const quietDay = q === null ? [] : spanOfDay(minutesOf(q.start), minutesOf(q.end), true, true, false);
    const businessDay =
      b === null
        ? [[0, DAY_MINUTES] as const]
        : spanOfDay(minutesOf(b.start), minutesOf(b.end), b.days.includes(WEEKDAYS[wd]!), b.days.includes(WEEKDAYS[(wd + 6) % 7]!), true);
    quiet.push(quietDay);
    business.push(businessDay);
    allowed.push(subtract(businessDay, quietDay));
  }
  const rules = { quiet, business, allowed };
  rulesCache.set(policy, rules);
  return rules;
}

/**
 * One day's part of a daily window from `start` to `end`; `today`/`yesterday`: whether the
 * window opened today / yesterday (a window past midnight carries into the next day).
 * `start == end`: the whole day when `equalIsAllDay`, else nothing.
 */
function spanOfDay(start: number, end: number, today: boolean, yesterday: boolean, equalIsAllDay: boolean): Interval[] {
  if (start === end) return equalIsAllDay && today ? [[0, DAY_MINUTES]] : [];
  if (start < end) return today ? [[start, end]] : [];
  const out: Interval[] = [];
  if (yesterday) out.push([0, end]);
  if (today) out.push([start, DAY_MINUTES]);
  return out;
}

/** `a` minus `b`; both sorted and disjoint. */
function subtract(a: readonly Interval[], b: readonly Interval[]): Interval[] {
  const out: Interval[] = [];
  for (const [s0, e] of a) {
    let s = s0;
    for (const [bs, be] of b) {
      if (be <= s || bs >= e) continue;
      if (bs > s) out.push([s, bs]);
      s = Math.max(s, be);
    }
    if (s < e) out.push([s, e]);
  }
  return out;
}

function minutesOf(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}

/** Whether a wall time falls in one of its weekday's intervals. */
function inside(weekly: Weekly, wall: number): boolean {
  const day = Math.floor(wall / DAY_MS);
  const minute = Math.floor((wall - day * DAY_MS) / MINUTE_MS);
  return (weekly[weekdayOfDay(day)] ?? []).some(([s, e]) => minute >= s && minute < e);
}

/** WEEKDAYS index (Monday 0) of a day number; day 0, 1970-01-01, was a Thursday. */
function weekdayOfDay(day: number): number {
  return (((day + 3) % 7) + 7) % 7;
}

function wallOf(instant: number, timezone: string): number {
  return instant + offsetMs(timezone, instant);
}

function offsetMs(timezone: string, instant: number): number {
  const minutes = tzOffset(timezone, new Date(instant));
  // Fail loudly rather than send at an unknown local hour.
  if (Number.isNaN(minutes)) throw new RangeError(`Unknown time zone: ${timezone}`);
  return Math.round(minutes * MINUTE_MS);
}

/** The first whole minute in `(lo, hi]` whose offset differs from `offsetLo` (one exists: the offset at `hi` differs). */
function firstInstantWithOtherOffset(timezone: string, lo: number, hi: number, offsetLo: number): number {
  let a = lo / MINUTE_MS; // offset there is offsetLo
  let b = hi / MINUTE_MS; // offset there is not
  while (b - a > 1) {
    const mid = Math.floor((a + b) / 2);
    if (offsetMs(timezone, mid * MINUTE_MS) === offsetLo) a = mid;
    else b = mid;
  }
  return b * MINUTE_MS;
}
