/**
 * Runs an enrolment forward from its current step until it has to wait (a wait step, a message
 * held for the customer's send window) or ends. Pure: the server applies the effects and the new
 * position in one transaction, so a crash either keeps both or neither.
 */
import { localized, type Locale } from '../i18n/index.js';
import type { Program } from '../program/schema.js';
import type { CustomerCareState } from './care-state.js';
import { decideContact, type ContactDecision, type DeferReason, type SuppressReason } from './contact-policy.js';
import { addDuration, subtractDuration } from './duration.js';
import { successors, type Playbook, type Step, type StepCondition } from './schema.js';
import { customerLocale, renderText, type TemplateView } from './templates.js';
import type { Channel } from '../ports/notifier.js';
import type { TaskPriority } from '../ports/crm-connector.js';
import { surveyFatigue, type FatigueReason } from '../feedback/fatigue.js';

export interface EnrolmentPosition {
  id: string;
  playbookId: string;
  customerId: string;
  occurrenceKey: string;
  detail: string;
  enrolledAt: Date;
  /** Index of the next step to run. */
  stepIndex: number;
  /** Steps run so far: numbers each step run, so effects have stable dedup keys. */
  stepSeq: number;
}

export interface StepRunContext {
  program: Program;
  playbook: Playbook;
  state: CustomerCareState;
  now: Date;
  fallbackLocale: Locale;
  /** Step ids of this enrolment whose tasks are completed. */
  completedTaskSteps: ReadonlySet<string>;
  /** Touches of this customer so far (this run appends to it, so later steps see earlier ones). */
  touches: Date[];
}

interface EffectBase {
  stepId: string;
  /** The step run this effect belongs to; with the enrolment id, its dedup key. */
  seq: number;
}

export type StepEffect =
  | (EffectBase & {
      type: 'task';
      title: string;
      description: string | null;
      ownerId: string | null;
      queue: string | null;
      priority: TaskPriority;
      dueAt: Date;
      countsAsTouch: boolean;
      locale: Locale;
    })
  | (EffectBase & {
      type: 'message';
      kind: 'message' | 'survey';
      survey: 'nps' | 'csat' | 'ces' | null;
      channel: Channel;
      to: string;
      subject: string | null;
      body: string;
      locale: Locale;
      urgentOverrode: string[];
    })
  | (EffectBase & { type: 'suppressed'; reason: SuppressReason | FatigueReason })
  | (EffectBase & { type: 'deferred'; reason: DeferReason; until: Date });

export interface StepRunResult {
  effects: StepEffect[];
  stepIndex: number;
  stepSeq: number;
  status: 'active' | 'completed';
  /** When to come back; null once completed. */
  nextRunAt: Date | null;
}

/** A playbook with a loop must pass a wait in every cycle (validated); this bounds one run regardless. */
const MAX_STEPS_PER_RUN = 200;

/** Default wording of survey invitations (the survey link and page come with the feedback workflows). */
export interface SurveyWording {
  subject(kind: 'nps' | 'csat' | 'ces', locale: Locale): string;
  body(kind: 'nps' | 'csat' | 'ces', locale: Locale, view: TemplateView): string;
}

export function runSteps(position: EnrolmentPosition, ctx: StepRunContext, surveys: SurveyWording): StepRunResult {
  const { playbook, state, now } = ctx;
  const steps = playbook.steps;
  const index = new Map(steps.map((s, i) => [s.id, i]));
  const effects: StepEffect[] = [];
  let at = position.stepIndex;
  let seq = position.stepSeq;
  const locale = customerLocale(state.locale, ctx.fallbackLocale);
  const view = templateView(ctx, position, locale);

  for (let guard = 0; guard < MAX_STEPS_PER_RUN; guard++) {
    const step = steps[at];
    if (!step || step.type === 'end') return { effects, stepIndex: at, stepSeq: seq, status: 'completed', nextRunAt: null };
    const next = () => successors(steps, at, index)[0] ?? -1;

    if (step.type === 'wait') {
      seq++;
      const resumeAt = addDuration(now, step.duration, state.timezone);
      return { effects, stepIndex: advanceTo(next(), steps.length), stepSeq: seq, status: 'active', nextRunAt: resumeAt };
    }
    if (step.type === 'branch') {
      seq++;
      const target = evaluateCondition(step.if, ctx) ? step.then : step.else;
      if (target === 'end') return { effects, stepIndex: steps.length, stepSeq: seq, status: 'completed', nextRunAt: null };
      at = index.get(target) ?? steps.length;
      continue;
    }

    // Survey fatigue first: a customer asked recently (or too new to ask) is not asked again, whatever the hour.
    const fatigue = step.type === 'survey' ? surveyFatigueOf(ctx) : null;
    if (fatigue) {
      seq++;
      effects.push({ type: 'suppressed', stepId: step.id, seq, reason: fatigue });
      at = advanceTo(next(), steps.length);
      continue;
    }
    const decision = decide(step, ctx);
    if (decision.action === 'defer') {
      // Same step, same seq, later: the step has not run yet.
      effects.push({ type: 'deferred', stepId: step.id, seq: seq + 1, reason: decision.reason, until: decision.until });
      return { effects, stepIndex: at, stepSeq: seq, status: 'active', nextRunAt: decision.until };
    }
    seq++;
    if (decision.action === 'suppress') {
      effects.push({ type: 'suppressed', stepId: step.id, seq, reason: decision.reason });
    } else if (step.type === 'task') {
      view.task = { due: addDuration(now, step.due, state.timezone).toISOString().slice(0, 10) };
      effects.push({
        type: 'task',
        stepId: step.id,
        seq,
        title: renderText(step.title, locale, view),
        description: step.description ? renderText(step.description, locale, view) : null,
        ownerId: state.accountManager,
        queue: state.accountManager ? null : (step.queue ?? ctx.program.care.defaultQueue),
        priority: step.priority,
        dueAt: addDuration(now, step.due, state.timezone),
        countsAsTouch: step.touch,
        locale,
      });
      if (step.touch) ctx.touches.push(now);
    } else {
      const isSurvey = step.type === 'survey';
      effects.push({
        type: 'message',
        stepId: step.id,
        seq,
        kind: isSurvey ? 'survey' : 'message',
        survey: isSurvey ? step.survey : null,
        channel: decision.channel ?? 'email',
        to: decision.to ?? '',
        subject: isSurvey ? surveys.subject(step.survey, locale) : step.subject ? renderText(step.subject, locale, view) : null,
        body: isSurvey ? surveys.body(step.survey, locale, view) : renderText(step.body, locale, view),
        locale,
        urgentOverrode: decision.overrode.map(String),
      });
      ctx.touches.push(now);
      if (isSurvey) state.lastSurveyAt = now;
    }
    at = advanceTo(next(), steps.length);
  }
  throw new Error(`Playbook ${playbook.id} ran ${MAX_STEPS_PER_RUN} steps without waiting`);
}

function surveyFatigueOf(ctx: StepRunContext): FatigueReason | null {
  const { state } = ctx;
  return surveyFatigue(ctx.program.feedback.surveys, { now: ctx.now, timezone: state.timezone, relationshipSince: state.relationshipSince, lastInvitationAt: state.lastSurveyAt });
}

const advanceTo = (next: number, length: number) => (next < 0 ? length : next);

function decide(step: Extract<Step, { type: 'task' | 'message' | 'survey' }>, ctx: StepRunContext): ContactDecision {
  const { state } = ctx;
  return decideContact(
    ctx.program.contactPolicy,
    {
      kind: step.type,
      ...(step.type !== 'task' && step.channel ? { channel: step.channel } : {}),
      urgent: step.urgent,
      countsAsTouch: step.type === 'task' ? step.touch : true,
    },
    {
      now: ctx.now,
      timezone: state.timezone,
      preferredChannel: state.preferredChannel,
      doNotContact: state.doNotContact,
      addresses: { email: state.email, phone: state.phone },
      recentTouches: ctx.touches,
    },
  );
}

export function evaluateCondition(c: StepCondition, ctx: StepRunContext): boolean {
  const { state, now } = ctx;
  if ('all' in c) return c.all.every((sub) => evaluateCondition(sub, ctx));
  if ('any' in c) return c.any.some((sub) => evaluateCondition(sub, ctx));
  if ('not' in c) return !evaluateCondition(c.not, ctx);
  if ('tierIn' in c) return c.tierIn.includes(state.tier ?? 'none');
  if ('orderedWithin' in c) return state.lastOrderAt !== null && state.lastOrderAt >= subtractDuration(now, c.orderedWithin, state.timezone);
  if ('touchedWithin' in c) return state.lastTouchAt !== null && state.lastTouchAt >= subtractDuration(now, c.touchedWithin, state.timezone);
  if ('churnRiskAbove' in c) return state.churnRisk !== null && state.churnRisk > c.churnRiskAbove;
  if ('scoreAtLeast' in c) return state.score !== null && state.score >= c.scoreAtLeast;
  if ('flag' in c) return c.flag === 'at_risk' ? state.flags.atRisk : state.flags.potential;
  return ctx.completedTaskSteps.has(c.taskCompleted);
}

function templateView(ctx: StepRunContext, position: EnrolmentPosition, locale: Locale): TemplateView {
  const { state, program, playbook } = ctx;
  const tier = program.tiers.find((t) => t.id === state.tier);
  return {
    customer: { id: state.customerId, name: state.name ?? state.customerId },
    tier: { id: state.tier ?? 'none', name: tier ? localized(tier.name, locale) : '' },
    playbook: { id: playbook.id, name: localized(playbook.name, locale) },
    trigger: { detail: position.detail },
  };
}
