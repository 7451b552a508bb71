/**
 * The daily evaluation: which customers each playbook enrols today, which episodes of level
 * triggers (churn risk, no touch, flags) start or clear, and which open work closes itself.
 * Pure: the server reads the inputs in a few queries and writes the outputs with dedup keys, so
 * running the same day twice (or two workers at once) enrols nobody twice.
 */
import type { Program } from '../program/schema.js';
import { dayNumber, isoDateFromDayNumber } from '../scoring/calendar.js';
import type { CustomerCareState } from './care-state.js';
import { anniversaryOccurrence, birthdayOccurrence, holidayOccurrences } from './calendar-triggers.js';
import { localDate, parseDuration, subtractDuration } from './duration.js';
import { closeReasonsOf, LEVEL_TRIGGERS, type CareEventType, type CloseReason, type Duration, type Playbook, type Trigger } from './schema.js';

export interface TierChange {
  customerId: string;
  asOf: string;
  fromTier: string | null;
  toTier: string | null;
}

/** Something that happened to a customer: feedback, a complaint, a request to enrol. */
export interface CareEvent {
  id: string;
  customerId: string;
  type: CareEventType | 'manual_enrolment';
  occurredAt: Date;
  /** For manual enrolments: the playbook asked for. */
  playbookId: string | null;
}

export interface EnrolmentHistory {
  active: boolean;
  lastEnrolledAt: Date | null;
}

export interface OpenEnrolment {
  id: string;
  playbookId: string;
  customerId: string;
  enrolledAt: Date;
  tierAtEnrolment: string | null;
}

export interface EvaluationInput {
  program: Program;
  /** Today in the program's time zone. */
  day: string;
  now: Date;
  states: ReadonlyMap<string, CustomerCareState>;
  tierChanges: readonly TierChange[];
  events: readonly CareEvent[];
  /** Open episodes of level triggers: key `playbook\u0000customer` -> the day the episode began. */
  openEpisodes: ReadonlyMap<string, string>;
  history: ReadonlyMap<string, EnrolmentHistory>;
  /** Active enrolments of playbooks that close themselves, to check against today's state. */
  openEnrolments: readonly OpenEnrolment[];
}

export interface TriggerOccurrence {
  playbookId: string;
  customerId: string;
  /** Unique per playbook and customer: the dedup key of this occurrence. */
  occurrenceKey: string;
  /** What happened, for people: `tier_entered diamond`, `birthday 2026-05-04`. */
  detail: string;
  tier: string | null;
}

export type SkipReason = 'already_enrolled' | 'cooldown';

export interface EvaluationResult {
  enrol: TriggerOccurrence[];
  skipped: (TriggerOccurrence & { reason: SkipReason })[];
  episodesOpened: { playbookId: string; customerId: string; since: string }[];
  episodesCleared: { playbookId: string; customerId: string; since: string }[];
  close: { enrolmentId: string; reason: CloseReason }[];
}

export const episodeKey = (playbookId: string, customerId: string) => `${playbookId}\u0000${customerId}`;

export interface FoundOccurrences {
  occurrences: TriggerOccurrence[];
  episodesOpened: EvaluationResult['episodesOpened'];
  episodesCleared: EvaluationResult['episodesCleared'];
  /** Episode keys that ended today: their open work closes. */
  cleared: ReadonlySet<string>;
}

/** Step 1: every occurrence today's state implies, whether or not it was enrolled before. */
export function findOccurrences(input: EvaluationInput): FoundOccurrences {
  const out: EvaluationResult = { enrol: [], skipped: [], episodesOpened: [], episodesCleared: [], close: [] };
  const cleared = new Set<string>();
  const occurrences: TriggerOccurrence[] = [];
  for (const playbook of input.program.playbooks) {
    if (!playbook.enabled) continue;
    occurrences.push(...occurrencesOf(playbook, input, out, cleared));
  }
  return { occurrences, episodesOpened: out.episodesOpened, episodesCleared: out.episodesCleared, cleared };
}

export const occurrenceId = (o: Pick<TriggerOccurrence, 'playbookId' | 'customerId' | 'occurrenceKey'>) =>
  `${o.playbookId}\u0000${o.customerId}\u0000${o.occurrenceKey}`;

/**
 * Step 2: occurrences not enrolled before (`existing` holds `occurrenceId`s already in the store)
 * pass the re-enrolment rules or are skipped with the reason.
 */
export function admitOccurrences(
  program: Program,
  occurrences: readonly TriggerOccurrence[],
  existing: ReadonlySet<string>,
  historyIn: ReadonlyMap<string, EnrolmentHistory>,
  now: Date,
): Pick<EvaluationResult, 'enrol' | 'skipped'> {
  const out: Pick<EvaluationResult, 'enrol' | 'skipped'> = { enrol: [], skipped: [] };
  const history = new Map(historyIn);
  const byId = new Map(program.playbooks.map((p) => [p.id, p]));
  const seen = new Set<string>();
  for (const o of occurrences) {
    const id = occurrenceId(o);
    if (existing.has(id) || seen.has(id)) continue;
    seen.add(id);
    const playbook = byId.get(o.playbookId);
    if (playbook) admit(playbook, o, now, history, out, program.timezone);
  }
  return out;
}

/** The whole evaluation in one call: find, admit, close. */
export function evaluateTriggers(input: EvaluationInput, existing: ReadonlySet<string> = new Set()): EvaluationResult {
  const found = findOccurrences(input);
  const admitted = admitOccurrences(input.program, found.occurrences, existing, input.history, input.now);
  return { ...admitted, episodesOpened: found.episodesOpened, episodesCleared: found.episodesCleared, close: closeOpenWork(input, found.cleared) };
}

function admit(
  playbook: Playbook,
  o: TriggerOccurrence,
  now: Date,
  history: Map<string, EnrolmentHistory>,
  out: Pick<EvaluationResult, 'enrol' | 'skipped'>,
  timezone: string,
): void {
  const key = episodeKey(playbook.id, o.customerId);
  const past = history.get(key);
  if (past?.active && !playbook.reenrol.whileActive) {
    out.skipped.push({ ...o, reason: 'already_enrolled' });
    return;
  }
  const cooldown = playbook.reenrol.cooldown;
  if (cooldown && past?.lastEnrolledAt && past.lastEnrolledAt > subtractDuration(now, cooldown, timezone)) {
    out.skipped.push({ ...o, reason: 'cooldown' });
    return;
  }
  history.set(key, { active: true, lastEnrolledAt: now });
  out.enrol.push(o);
}

function inAudience(playbook: Playbook, tier: string | null, program: Program): boolean {
  const tiers = playbook.audience.tiers;
  if (!tiers) return tier !== null && program.tiers.some((t) => t.id === tier);
  return tiers.includes(tier ?? 'none');
}

function occurrencesOf(playbook: Playbook, input: EvaluationInput, out: EvaluationResult, cleared: Set<string>): TriggerOccurrence[] {
  const { program, states } = input;
  const trigger = playbook.trigger;
  const make = (customerId: string, occurrenceKey: string, detail: string, tier: string | null): TriggerOccurrence => ({
    playbookId: playbook.id,
    customerId,
    occurrenceKey,
    detail,
    tier,
  });
  const found: TriggerOccurrence[] = [];

  if (trigger.type === 'tier_entered' || trigger.type === 'tier_left') {
    const rank = new Map(program.tiers.map((t, i) => [t.id, program.tiers.length - i]));
    for (const c of input.tierChanges) {
      if (c.fromTier === c.toTier) continue;
      if (trigger.type === 'tier_entered') {
        if (c.toTier === null || (trigger.tiers && !trigger.tiers.includes(c.toTier))) continue;
        if (!inAudience(playbook, c.toTier, program)) continue;
        found.push(make(c.customerId, `tier_entered:${c.toTier}:${c.asOf}`, `tier_entered ${c.toTier}`, c.toTier));
      } else {
        if (c.fromTier === null || (trigger.tiers && !trigger.tiers.includes(c.fromTier))) continue;
        const down = (rank.get(c.toTier ?? '') ?? 0) < (rank.get(c.fromTier) ?? 0);
        if (trigger.downgradeOnly && !down) continue;
        // Audience is judged on the tier they left: a win-back playbook is for former VIPs.
        if (!inAudience(playbook, c.fromTier, program)) continue;
        found.push(make(c.customerId, `tier_left:${c.fromTier}:${c.asOf}`, `tier_left ${c.fromTier} -> ${c.toTier ?? 'none'}`, c.toTier));
      }
    }
    return found;
  }

  if (trigger.type === 'event' || trigger.type === 'manual') {
    for (const e of input.events) {
      const matches = trigger.type === 'event' ? e.type === trigger.event : e.type === 'manual_enrolment' && e.playbookId === playbook.id;
      if (!matches) continue;
      const tier = states.get(e.customerId)?.tier ?? null;
      // Manual enrolment is an explicit decision by a person: the audience does not filter it.
      if (trigger.type === 'event' && !inAudience(playbook, tier, program)) continue;
      // Manual enrolment events carry their own `manual:<request key>` id, the same key the API enrols with.
      found.push(make(e.customerId, trigger.type === 'manual' ? e.id : `event:${e.id}`, trigger.type === 'manual' ? 'manual' : `event ${e.type}`, tier));
    }
    return found;
  }

  if (LEVEL_TRIGGERS.has(trigger.type)) {
    for (const state of states.values()) {
      const key = episodeKey(playbook.id, state.customerId);
      const since = input.openEpisodes.get(key);
      const holds = inAudience(playbook, state.tier, program) && levelHolds(trigger, state, since !== undefined, input.now);
      if (holds && since === undefined) {
        out.episodesOpened.push({ playbookId: playbook.id, customerId: state.customerId, since: input.day });
        found.push(make(state.customerId, `${trigger.type}:${input.day}`, levelDetail(trigger, state, input.now), state.tier));
      } else if (!holds && since !== undefined) {
        out.episodesCleared.push({ playbookId: playbook.id, customerId: state.customerId, since });
        cleared.add(key);
      }
    }
    return found;
  }

  // Date triggers: birthday, anniversary, holiday, cadence; today is the customer's local date.
  const catchUp = program.care.catchUpDays;
  for (const state of states.values()) {
    if (!inAudience(playbook, state.tier, program)) continue;
    const today = localDate(input.now, state.timezone);
    if (trigger.type === 'birthday' && state.birthday) {
      const o = birthdayOccurrence(state.birthday, today, trigger.daysBefore, catchUp);
      if (o) found.push(make(state.customerId, o.key, `birthday ${o.date}`, state.tier));
    } else if (trigger.type === 'anniversary' && state.relationshipSince) {
      const o = anniversaryOccurrence(state.relationshipSince, today, trigger.daysBefore, catchUp);
      if (o) found.push(make(state.customerId, o.key, `anniversary ${o.date}`, state.tier));
    } else if (trigger.type === 'holiday') {
      const country = state.country ?? program.calendars.holidays?.country ?? null;
      const calendar = country ? { country, ...(state.country === null && program.calendars.holidays?.region ? { region: program.calendars.holidays.region } : {}) } : null;
      const list = holidayOccurrences({
        calendar,
        customDates: program.calendars.dates,
        ...(trigger.names ? { names: trigger.names } : {}),
        today,
        daysBefore: trigger.daysBefore,
        catchUpDays: catchUp,
      });
      for (const o of list) found.push(make(state.customerId, o.key, `holiday ${o.name} ${o.date}`, state.tier));
    } else if (trigger.type === 'cadence' && state.tier !== null) {
      const every = trigger.every[state.tier];
      if (every) found.push(make(state.customerId, `cadence:${state.tier}:${every}:${periodIndex(today, every)}`, `cadence ${state.tier} every ${every}`, state.tier));
    }
  }
  return found;
}

function levelHolds(trigger: Trigger, state: CustomerCareState, episodeOpen: boolean, now: Date): boolean {
  switch (trigger.type) {
    case 'churn_risk': {
      if (state.churnRisk === null) return false;
      // Hysteresis: once open, the episode lasts until risk falls below clearBelow.
      return state.churnRisk >= (episodeOpen ? (trigger.clearBelow ?? trigger.above) : trigger.above);
    }
    case 'no_touch': {
      const since = state.lastTouchAt ?? tierStart(state);
      if (since === null) return false;
      return now.getTime() - since.getTime() >= trigger.days * 86_400_000;
    }
    case 'flag':
      return trigger.flag === 'at_risk' ? state.flags.atRisk : state.flags.potential;
    default:
      return false;
  }
}

/** Never touched: count from the day they entered the tier. */
function tierStart(state: CustomerCareState): Date | null {
  return state.tierSince ? new Date(`${state.tierSince}T00:00:00Z`) : null;
}

function levelDetail(trigger: Trigger, state: CustomerCareState, now: Date): string {
  if (trigger.type === 'churn_risk') return `churn_risk ${(state.churnRisk ?? 0).toFixed(2)} >= ${trigger.above}`;
  if (trigger.type === 'no_touch') {
    const since = state.lastTouchAt ?? tierStart(state);
    const days = since ? Math.floor((now.getTime() - since.getTime()) / 86_400_000) : 0;
    return `no_touch ${days}d`;
  }
  if (trigger.type === 'flag') return `flag ${trigger.flag}`;
  return trigger.type;
}

/** Index of the calendar period (`1m`: months since 1970; `2w`: fortnights from a Monday) holding `day`. */
export function periodIndex(day: string, every: Duration): number {
  const { amount, unit } = parseDuration(every);
  if (unit === 'm') return Math.floor((Number(day.slice(0, 4)) * 12 + Number(day.slice(5, 7)) - 1) / amount);
  const n = dayNumber(day);
  // 1970-01-01 was a Thursday: +3 puts week boundaries on Mondays.
  if (unit === 'w') return Math.floor((n + 3) / (7 * amount));
  if (unit === 'd') return Math.floor(n / amount);
  return Math.floor(n / Math.max(1, Math.ceil(amount / 24)));
}

export function closeOpenWork(input: EvaluationInput, cleared: ReadonlySet<string>): { enrolmentId: string; reason: CloseReason }[] {
  const byId = new Map(input.program.playbooks.map((p) => [p.id, p]));
  const out: { enrolmentId: string; reason: CloseReason }[] = [];
  for (const e of input.openEnrolments) {
    const playbook = byId.get(e.playbookId);
    if (!playbook) continue;
    const state = input.states.get(e.customerId);
    for (const reason of closeReasonsOf(playbook)) {
      if (closes(reason, e, state, cleared)) {
        out.push({ enrolmentId: e.id, reason });
        break;
      }
    }
  }
  return out;
}

function closes(reason: CloseReason, e: OpenEnrolment, state: CustomerCareState | undefined, cleared: ReadonlySet<string>): boolean {
  switch (reason) {
    case 'trigger_cleared':
      return cleared.has(episodeKey(e.playbookId, e.customerId));
    case 'ordered':
      return state?.lastOrderAt != null && state.lastOrderAt > e.enrolledAt;
    case 'touched':
      return state?.lastTouchAt != null && state.lastTouchAt > e.enrolledAt;
    case 'tier_changed':
      return state !== undefined && state.tier !== e.tierAtEnrolment;
  }
}

/** The first day of the catch-up window that ends today: tier changes and events from then on are considered. */
export function catchUpStart(day: string, catchUpDays: number): string {
  return isoDateFromDayNumber(dayNumber(day) - catchUpDays);
}
