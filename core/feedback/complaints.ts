/**
 * Complaint rules: which priority a complaint gets, which SLA policy applies, and where its two
 * clocks (first response, resolution) stand at a given instant. Pure: the server records what
 * these functions say and schedules the next look at `nextCheckAt`.
 */
import type { Sentiment } from './sentiment.js';
import {
  COMPLAINT_PRIORITIES,
  DEFAULT_SLA_POLICIES,
  slaDurationMs,
  type ComplaintPriority,
  type ComplaintSettings,
  type SlaPolicy,
  type SlaSettings,
} from './schema.js';
import { businessDeadline, holidayPredicate, type BusinessCalendar, type Pause } from './business-time.js';
import type { Program } from '../program/schema.js';

export type PriorityReason = 'requested' | 'default' | 'negative_sentiment' | 'tier_minimum';

export function complaintPriority(
  settings: ComplaintSettings,
  input: { requested: ComplaintPriority | null; sentiment: Sentiment | null; tier: string | null },
): { priority: ComplaintPriority; reasons: PriorityReason[] } {
  let rank = COMPLAINT_PRIORITIES.indexOf(input.requested ?? settings.defaultPriority);
  const reasons: PriorityReason[] = [input.requested ? 'requested' : 'default'];
  if (settings.negativeSentimentRaises && input.sentiment === 'negative' && rank < COMPLAINT_PRIORITIES.length - 1) {
    rank++;
    reasons.push('negative_sentiment');
  }
  const floor = input.tier ? settings.tierMinimum[input.tier] : undefined;
  if (floor !== undefined && COMPLAINT_PRIORITIES.indexOf(floor) > rank) {
    rank = COMPLAINT_PRIORITIES.indexOf(floor);
    reasons.push('tier_minimum');
  }
  return { priority: COMPLAINT_PRIORITIES[rank] as ComplaintPriority, reasons };
}

/** The program's first matching policy (by priority, then tier), else the product default for the priority. */
export function slaPolicyFor(settings: SlaSettings, priority: ComplaintPriority, tier: string | null): SlaPolicy {
  const own = settings.policies.find((p) => p.priority === priority && (!p.tiers || (tier !== null && p.tiers.includes(tier))));
  return own ?? (DEFAULT_SLA_POLICIES.find((p) => p.priority === priority) as SlaPolicy);
}

export type ClockState = 'running' | 'warned' | 'breached' | 'met' | 'missed';
export type ClockName = 'first_response' | 'resolution';

export interface ClockPosition {
  state: ClockState;
  warnAt: Date | null;
  dueAt: Date | null;
}

export interface ComplaintClockInput {
  openedAt: Date;
  policy: Pick<SlaPolicy, 'firstResponse' | 'resolution'>;
  warnAt: number;
  calendar: BusinessCalendar;
  pauses: readonly Pause[];
  firstResponseAt: Date | null;
  resolvedAt: Date | null;
  /** States recorded so far: a clock never goes back (a warning stays given). */
  firstResponseState: ClockState;
  resolutionState: ClockState;
}

export interface ClockTransition {
  clock: ClockName;
  from: ClockState;
  to: ClockState;
  /** When the transition happened: the warning or due instant, or the completion. */
  at: Date;
}

export interface ComplaintClocks {
  firstResponse: ClockPosition;
  resolution: ClockPosition;
  transitions: ClockTransition[];
  /** The next instant a running clock changes state by itself; null when none will. */
  nextCheckAt: Date | null;
}

/** Where both clocks stand at `now`. */
export function complaintClocks(input: ComplaintClockInput, now: Date): ComplaintClocks {
  const transitions: ClockTransition[] = [];
  const first = clock('first_response', input, slaDurationMs(input.policy.firstResponse), input.firstResponseAt, input.firstResponseState, now, transitions);
  const resolution = clock('resolution', input, slaDurationMs(input.policy.resolution), input.resolvedAt, input.resolutionState, now, transitions);
  const pending = [first, resolution]
    .filter((c) => c.state === 'running' || c.state === 'warned')
    .map((c) => (c.state === 'running' ? c.warnAt : c.dueAt))
    .filter((d): d is Date => d !== null);
  const nextCheckAt = pending.length > 0 ? new Date(Math.min(...pending.map((d) => d.getTime()))) : null;
  return { firstResponse: first, resolution, transitions, nextCheckAt };
}

function clock(
  name: ClockName,
  input: ComplaintClockInput,
  targetMs: number,
  doneAt: Date | null,
  recorded: ClockState,
  now: Date,
  transitions: ClockTransition[],
): ClockPosition {
  // Once the resolution is in, first response counts as done then too (a ticket solved without a reply).
  const completedAt = name === 'first_response' ? (doneAt ?? input.resolvedAt) : doneAt;
  const dueAt = businessDeadline(input.openedAt, targetMs, input.calendar, input.pauses);
  const warnAt = businessDeadline(input.openedAt, Math.round(targetMs * input.warnAt), input.calendar, input.pauses);
  let state = recorded;
  const move = (to: ClockState, at: Date) => {
    if (to === state) return;
    transitions.push({ clock: name, from: state, to, at });
    state = to;
  };
  if (state === 'met' || state === 'missed') return { state, warnAt, dueAt };
  const done = completedAt !== null && completedAt <= now ? completedAt : null;
  // Replay what the clock passed through up to its completion (or now): a sweep that runs late still records each step.
  const until = done ?? now;
  if (state === 'running' && warnAt && warnAt <= until) move('warned', warnAt);
  if ((state === 'running' || state === 'warned') && dueAt && dueAt <= until && !(done && done.getTime() === dueAt.getTime())) move('breached', dueAt);
  if (done) move(dueAt === null || done <= dueAt ? 'met' : 'missed', done);
  return { state, warnAt, dueAt };
}

/** The calendar a policy's clocks run on: the SLA hours and holidays, or around the clock. */
export function slaCalendar(program: Pick<Program, 'timezone' | 'calendars' | 'feedback'>, policy: Pick<SlaPolicy, 'calendar'>): BusinessCalendar {
  const sla = program.feedback.sla;
  const timezone = sla.timezone ?? program.timezone;
  if (policy.calendar === 'always') return { timezone, hours: null, isHoliday: () => false };
  const isHoliday = sla.holidays ? holidayPredicate(program.calendars.holidays ?? null, program.calendars.dates) : () => false;
  return { timezone, hours: sla.hours, isHoliday };
}
