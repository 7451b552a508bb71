/**
 * Care playbooks, the contact policy and the calendars, as declared in the program file.
 * Cross-field rules (step references, loops without a wait, unknown tiers) live in
 * `refinePlaybooks`, called from the program's own refinement so every problem names its path.
 */
import { z } from 'zod';
import { CHANNELS } from '../ports/notifier.js';
import { TASK_PRIORITIES } from '../ports/crm-connector.js';
import { IdentifierSchema, LocalizedTextSchema, TimeOfDaySchema, type LocalizedText } from '../program/primitives.js';
import { templateProblem } from './templates.js';

const identifier = IdentifierSchema;

const Text = LocalizedTextSchema;

/** A count and a unit: hours, days, weeks, months (`12h`, `3d`, `2w`, `1m`). */
export const DurationSchema = z.string().regex(/^[1-9][0-9]{0,3}[hdwm]$/, { error: 'program.duration' });
export type Duration = z.infer<typeof DurationSchema>;

const TimeOfDay = TimeOfDaySchema;

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export const ContactPolicySchema = z
  .object({
    /** At most `count` touches (tasks that count as touches, messages, surveys) per customer in any `per` window. */
    maxTouches: z
      .object({ count: z.number().int().min(1).max(1000), per: DurationSchema })
      .strict()
      .default({ count: 4, per: '30d' }),
    /** No message goes out between `start` and `end` in the customer's time zone (may span midnight). */
    quietHours: z.object({ start: TimeOfDay, end: TimeOfDay }).strict().nullable().default({ start: '21:00', end: '08:00' }),
    /** Messages go out only on these days and hours, customer's time zone; null: any time outside quiet hours. */
    businessHours: z
      .object({ days: z.array(z.enum(WEEKDAYS)).min(1), start: TimeOfDay, end: TimeOfDay })
      .strict()
      .nullable()
      .default({ days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '09:00', end: '18:00' }),
    /** Channels in order of preference when neither the step nor the customer names one. */
    channels: z.array(z.enum(CHANNELS)).min(1).default(['email']),
    /** Whether `urgent: true` steps may pass the touch cap, quiet hours and business hours (never an opt-out). */
    urgentOverrides: z.boolean().default(true),
  })
  .strict();
export type ContactPolicy = z.infer<typeof ContactPolicySchema>;

export const DEFAULT_CONTACT_POLICY: ContactPolicy = ContactPolicySchema.parse({});

/** A tenant-defined date: `MM-DD` every year, or one `YYYY-MM-DD`. */
export const CustomDateSchema = z
  .object({
    id: identifier,
    name: Text,
    date: z.string().regex(/^(\d{4}-)?(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$/, { error: 'program.customDate' }),
  })
  .strict();
export type CustomDate = z.infer<typeof CustomDateSchema>;

export const CalendarsSchema = z
  .object({
    /** Public holidays come from this country (ISO 3166-1 alpha-2) unless the customer has their own. */
    holidays: z
      .object({
        country: z.string().regex(/^[A-Z]{2}$/, { error: 'program.country' }),
        region: z.string().min(1).max(10).optional(),
      })
      .strict()
      .optional(),
    dates: z.array(CustomDateSchema).default([]),
  })
  .strict()
  .default({ dates: [] });
export type Calendars = z.infer<typeof CalendarsSchema>;

/** Care events other parts of the product emit (feedback and complaints come with the feedback workflows). */
export const CARE_EVENT_TYPES = [
  'complaint_opened',
  'complaint_resolved',
  'detractor_feedback',
  'passive_feedback',
  'promoter_feedback',
] as const;
export type CareEventType = (typeof CARE_EVENT_TYPES)[number];

const daysBefore = z.number().int().min(0).max(60).default(0);

export const TriggerSchema = z.discriminatedUnion('type', [
  /** A customer moved into one of these tiers (any tier when omitted). */
  z.object({ type: z.literal('tier_entered'), tiers: z.array(identifier).min(1).optional() }).strict(),
  /** A customer left one of these tiers; `downgradeOnly`: only when the new tier is lower. */
  z
    .object({ type: z.literal('tier_left'), tiers: z.array(identifier).min(1).optional(), downgradeOnly: z.boolean().default(true) })
    .strict(),
  /** Predicted churn risk rose to `above` or more; the episode ends when it falls below `clearBelow`. */
  z
    .object({ type: z.literal('churn_risk'), above: z.number().gt(0).lt(1), clearBelow: z.number().gt(0).lt(1).optional() })
    .strict(),
  /** No touch (interaction, completed task, message) for `days` days. */
  z.object({ type: z.literal('no_touch'), days: z.number().int().min(1).max(3650) }).strict(),
  /** The scoring flag is set (at-risk VIP, potential VIP); the episode ends when it clears. */
  z.object({ type: z.literal('flag'), flag: z.enum(['at_risk', 'potential']) }).strict(),
  z.object({ type: z.literal('birthday'), daysBefore }).strict(),
  /** Yearly on the day the relationship began (customerSince, else the first order). */
  z.object({ type: z.literal('anniversary'), daysBefore }).strict(),
  /**
   * Public holidays from the customer's (or the program's) country and the program's own dates.
   * `names`: holiday names as the calendar spells them, or custom date ids; omitted: every public holiday and custom date.
   */
  z.object({ type: z.literal('holiday'), names: z.array(z.string().min(1)).min(1).optional(), daysBefore }).strict(),
  /** Every period per tier, e.g. `{ diamond: 1m, gold: 3m }`: one occurrence per calendar period. */
  z.object({ type: z.literal('cadence'), every: z.record(identifier, DurationSchema) }).strict(),
  z.object({ type: z.literal('event'), event: z.enum(CARE_EVENT_TYPES) }).strict(),
  /** Enrolled by hand: the API (and later the CRM workflow actions). */
  z.object({ type: z.literal('manual') }).strict(),
]);
export type Trigger = z.infer<typeof TriggerSchema>;
export type TriggerType = Trigger['type'];

/** Triggers that hold over time: an occurrence is an episode that starts and later clears. */
export const LEVEL_TRIGGERS: ReadonlySet<TriggerType> = new Set(['churn_risk', 'no_touch', 'flag']);

export type StepCondition =
  | { tierIn: string[] }
  | { orderedWithin: Duration }
  | { touchedWithin: Duration }
  | { churnRiskAbove: number }
  | { scoreAtLeast: number }
  | { flag: 'at_risk' | 'potential' }
  /** The task created by this step of the same enrolment is completed. */
  | { taskCompleted: string }
  | { all: StepCondition[] }
  | { any: StepCondition[] }
  | { not: StepCondition };

export const StepConditionSchema: z.ZodType<StepCondition> = z.lazy(() =>
  z.union([
    z.object({ tierIn: z.array(z.union([identifier, z.literal('none')])).min(1) }).strict(),
    z.object({ orderedWithin: DurationSchema }).strict(),
    z.object({ touchedWithin: DurationSchema }).strict(),
    z.object({ churnRiskAbove: z.number().min(0).max(1) }).strict(),
    z.object({ scoreAtLeast: z.number().min(0).max(100) }).strict(),
    z.object({ flag: z.enum(['at_risk', 'potential']) }).strict(),
    z.object({ taskCompleted: identifier }).strict(),
    z.object({ all: z.array(StepConditionSchema).min(1) }).strict(),
    z.object({ any: z.array(StepConditionSchema).min(1) }).strict(),
    z.object({ not: StepConditionSchema }).strict(),
  ]),
);


const stepBase = { id: identifier };
/** `end` or the id of a step in the same playbook. */
const StepRef = z.union([z.literal('end'), identifier]);

export const StepSchema = z.discriminatedUnion('type', [
  z
    .object({
      ...stepBase,
      type: z.literal('task'),
      /** Mustache templates: {{customer.name}}, {{tier.name}}, {{playbook.name}}, {{trigger.reason}} ... */
      title: Text,
      description: Text.optional(),
      /** Due this long after the step runs. */
      due: DurationSchema.default('3d'),
      priority: z.enum(TASK_PRIORITIES).default('normal'),
      /** The customer's account manager; without one, the queue. */
      owner: z.literal('account_manager').default('account_manager'),
      queue: z.string().min(1).max(100).optional(),
      /** Counts against the contact policy's touch cap (a call or visit the customer will notice). */
      touch: z.boolean().default(true),
      urgent: z.boolean().default(false),
    })
    .strict(),
  z
    .object({
      ...stepBase,
      type: z.literal('message'),
      channel: z.enum(CHANNELS).optional(),
      subject: Text.optional(),
      body: Text,
      urgent: z.boolean().default(false),
    })
    .strict(),
  z
    .object({
      ...stepBase,
      type: z.literal('survey'),
      survey: z.enum(['nps', 'csat', 'ces']),
      channel: z.enum(CHANNELS).optional(),
      urgent: z.boolean().default(false),
    })
    .strict(),
  z.object({ ...stepBase, type: z.literal('wait'), duration: DurationSchema }).strict(),
  z.object({ ...stepBase, type: z.literal('branch'), if: StepConditionSchema, then: StepRef, else: StepRef }).strict(),
  z.object({ ...stepBase, type: z.literal('end') }).strict(),
]);
export type Step = z.infer<typeof StepSchema>;
export type TaskStep = Extract<Step, { type: 'task' }>;
export type MessageStep = Extract<Step, { type: 'message' }>;
export type SurveyStep = Extract<Step, { type: 'survey' }>;

export const CLOSE_REASONS = ['trigger_cleared', 'ordered', 'touched', 'tier_changed'] as const;
export type CloseReason = (typeof CLOSE_REASONS)[number];

export const PlaybookSchema = z
  .object({
    id: identifier,
    name: Text,
    description: Text.optional(),
    enabled: z.boolean().default(true),
    trigger: TriggerSchema,
    /** Who may be enrolled: customers in these tiers (`none`: not a VIP); default every VIP tier. */
    audience: z
      .object({ tiers: z.array(z.union([identifier, z.literal('none')])).min(1).optional() })
      .strict()
      .default({}),
    /**
     * A new occurrence enrols the customer unless they are still in this playbook (`whileActive: false`)
     * or were enrolled less than `cooldown` ago. Each occurrence enrols at most once, always.
     */
    reenrol: z
      .object({ whileActive: z.boolean().default(false), cooldown: DurationSchema.optional() })
      .strict()
      .default({ whileActive: false }),
    /** Open work closes itself when any of these happens; level triggers close on `trigger_cleared` by default. */
    closeWhen: z.array(z.enum(CLOSE_REASONS)).optional(),
    steps: z.array(StepSchema).min(1),
  })
  .strict();
export type Playbook = z.infer<typeof PlaybookSchema>;

/** What closes a playbook's open work: its own list, or by default the end of a level trigger's episode. */
export function closeReasonsOf(playbook: Playbook): readonly CloseReason[] {
  if (playbook.closeWhen) return playbook.closeWhen;
  return LEVEL_TRIGGERS.has(playbook.trigger.type) ? ['trigger_cleared'] : [];
}

type Issue = (path: (string | number)[], key: string, params?: Record<string, unknown>) => void;

/** Cross-field rules; `tierIds` are the program's tiers. */
export function refinePlaybooks(playbooks: readonly Playbook[], tierIds: ReadonlySet<string>, issue: Issue): void {
  const seen = new Map<string, number>();
  const tierKnown = (id: string) => id === 'none' || tierIds.has(id);
  playbooks.forEach((p, i) => {
    const at = (...rest: (string | number)[]) => ['playbooks', i, ...rest];
    const first = seen.get(p.id);
    if (first !== undefined) issue(at('id'), 'program.duplicateId', { id: p.id, other: `playbooks[${first}]` });
    else seen.set(p.id, i);

    const t = p.trigger;
    if ((t.type === 'tier_entered' || t.type === 'tier_left') && t.tiers) {
      t.tiers.forEach((id, j) => {
        if (!tierIds.has(id)) issue(at('trigger', 'tiers', j), 'program.unknownTier', { id });
      });
    }
    if (t.type === 'cadence') {
      for (const id of Object.keys(t.every)) if (!tierIds.has(id)) issue(at('trigger', 'every', id), 'program.unknownTier', { id });
    }
    if (t.type === 'churn_risk' && t.clearBelow !== undefined && t.clearBelow > t.above) {
      issue(at('trigger', 'clearBelow'), 'program.mustNotBeAbove', { ref: `playbooks[${i}].trigger.above` });
    }
    p.audience.tiers?.forEach((id, j) => {
      if (!tierKnown(id)) issue(at('audience', 'tiers', j), 'program.unknownTier', { id });
    });
    checkSteps(p, i, tierKnown, issue);
  });
}

function checkSteps(p: Playbook, i: number, tierKnown: (id: string) => boolean, issue: Issue): void {
  const index = new Map<string, number>();
  p.steps.forEach((s, j) => {
    const first = index.get(s.id);
    if (first !== undefined) issue(['playbooks', i, 'steps', j, 'id'], 'program.duplicateId', { id: s.id, other: `steps[${first}]` });
    else index.set(s.id, j);
  });
  const taskSteps = new Set(p.steps.filter((s) => s.type === 'task').map((s) => s.id));
  p.steps.forEach((s, j) => {
    const at = (...rest: (string | number)[]) => ['playbooks', i, 'steps', j, ...rest];
    const texts: [string, LocalizedText | undefined][] =
      s.type === 'task' ? [['title', s.title], ['description', s.description]] : s.type === 'message' ? [['subject', s.subject], ['body', s.body]] : [];
    for (const [field, text] of texts) {
      const problem = text === undefined ? null : templateProblem(text);
      if (problem) issue(at(field), 'program.badTemplate', { detail: problem });
    }
    if (s.type !== 'branch') return;
    for (const key of ['then', 'else'] as const) {
      const target = s[key];
      if (target !== 'end' && !index.has(target)) issue(at(key), 'program.unknownStep', { id: target });
    }
    visitCondition(s.if, at('if'), (c, path) => {
      if ('taskCompleted' in c && !taskSteps.has(c.taskCompleted)) issue(path, 'program.notATaskStep', { id: c.taskCompleted });
      if ('tierIn' in c) c.tierIn.forEach((id, k) => !tierKnown(id) && issue([...path, 'tierIn', k], 'program.unknownTier', { id }));
    });
  });
  const loop = findLoopWithoutWait(p.steps, index);
  if (loop !== null) issue(['playbooks', i, 'steps', loop], 'program.loopWithoutWait');
}

function visitCondition(c: StepCondition, path: (string | number)[], fn: (c: StepCondition, path: (string | number)[]) => void): void {
  fn(c, path);
  if ('all' in c) c.all.forEach((sub, k) => visitCondition(sub, [...path, 'all', k], fn));
  else if ('any' in c) c.any.forEach((sub, k) => visitCondition(sub, [...path, 'any', k], fn));
  else if ('not' in c) visitCondition(c.not, [...path, 'not'], fn);
}

/** The successors of step `j`: the next step, or a branch's two targets (`-1` for the end). */
export function successors(steps: readonly Step[], j: number, index: ReadonlyMap<string, number>): number[] {
  const s = steps[j];
  if (!s || s.type === 'end') return [];
  if (s.type === 'branch') return [s.then, s.else].map((ref) => (ref === 'end' ? -1 : (index.get(ref) ?? -1)));
  return [j + 1 < steps.length ? j + 1 : -1];
}

/**
 * A cycle of steps with no wait would run forever in one go. Returns the index of a step on
 * such a cycle, or null. Depth-first search over the graph with wait steps removed.
 */
function findLoopWithoutWait(steps: readonly Step[], index: ReadonlyMap<string, number>): number | null {
  const state = new Array<0 | 1 | 2>(steps.length).fill(0);
  const visit = (j: number): number | null => {
    if (j < 0 || steps[j]?.type === 'wait') return null;
    if (state[j] === 1) return j;
    if (state[j] === 2) return null;
    state[j] = 1;
    for (const next of successors(steps, j, index)) {
      const found = visit(next);
      if (found !== null) return found;
    }
    state[j] = 2;
    return null;
  };
  for (let j = 0; j < steps.length; j++) {
    const found = visit(j);
    if (found !== null) return found;
  }
  return null;
}
