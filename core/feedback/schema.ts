/**
 * Feedback workflows as declared in the program file: the surveys (wording per locale, fatigue
 * rules, link validity), how complaints get their priority, the SLA policies and calendars, and
 * the follow-up after a resolution. Every part has defaults, so a program without a `feedback`
 * section still runs the whole loop with the product's wording and the default SLA targets.
 */
import { z } from 'zod';
import { IdentifierSchema, LocalizedTextSchema, TimeOfDaySchema } from '../program/primitives.js';
import { DurationSchema, WEEKDAYS } from '../playbooks/schema.js';
import { templateProblem } from '../playbooks/templates.js';

export const SURVEY_KINDS = ['nps', 'csat', 'ces'] as const;
export type SurveyKind = (typeof SURVEY_KINDS)[number];

/** Answer ranges per kind; CES is "how easy was it" (1 very difficult .. 7 very easy), so higher is better everywhere. */
export const SURVEY_SCALES: Record<SurveyKind, { min: number; max: number }> = {
  nps: { min: 0, max: 10 },
  csat: { min: 1, max: 5 },
  ces: { min: 1, max: 7 },
};

export const COMPLAINT_PRIORITIES = ['low', 'normal', 'high', 'critical'] as const;
export type ComplaintPriority = (typeof COMPLAINT_PRIORITIES)[number];

/** `30min`, `4h`: SLA targets count open business minutes or hours (never calendar days, which would be ambiguous). */
export const SlaDurationSchema = z.string().regex(/^[1-9][0-9]{0,4}(min|h)$/, { error: 'program.slaDuration' });
export type SlaDuration = z.infer<typeof SlaDurationSchema>;

export function slaDurationMs(d: SlaDuration): number {
  const n = Number.parseInt(d, 10);
  return d.endsWith('min') ? n * 60_000 : n * 3_600_000;
}

const Text = LocalizedTextSchema;

/** Wording of one survey; anything omitted comes from the product's catalogs. */
export const SurveyWordingSchema = z
  .object({
    /** The question on the page and in the invitation. */
    question: Text.optional(),
    /** Labels of the two ends of the scale. */
    lowLabel: Text.optional(),
    highLabel: Text.optional(),
    commentPrompt: Text.optional(),
    /** Invitation e-mail subject and body (Mustache: {{name}}); the answer link is appended on its own line. */
    subject: Text.optional(),
    invitation: Text.optional(),
    thanks: Text.optional(),
  })
  .strict();
export type SurveyWordingConfig = z.infer<typeof SurveyWordingSchema>;

export const SurveySettingsSchema = z
  .object({
    /** How long an invitation link can be answered. */
    linkValidity: DurationSchema.default('14d'),
    fatigue: z
      .object({
        /** No survey before the customer has been with us this long (customer since, else first order). */
        minTenure: DurationSchema.nullable().default('30d'),
        /** No survey invitation within this long after the previous one, of any kind. */
        cooldown: DurationSchema.nullable().default('30d'),
      })
      .strict()
      .default({ minTenure: '30d', cooldown: '30d' }),
    wording: z.partialRecord(z.enum(SURVEY_KINDS), SurveyWordingSchema).default({}),
  })
  .strict()
  .default({ linkValidity: '14d', fatigue: { minTenure: '30d', cooldown: '30d' }, wording: {} });
export type SurveySettings = z.infer<typeof SurveySettingsSchema>;

export const BusinessHoursSchema = z
  .object({ days: z.array(z.enum(WEEKDAYS)).min(1), start: TimeOfDaySchema, end: z.union([TimeOfDaySchema, z.literal('24:00')]) })
  .strict();

export const SlaPolicySchema = z
  .object({
    priority: z.enum(COMPLAINT_PRIORITIES),
    /** Tiers this policy is for; omitted: any tier. The first matching policy wins. */
    tiers: z.array(IdentifierSchema).min(1).optional(),
    firstResponse: SlaDurationSchema,
    resolution: SlaDurationSchema,
    /** `business`: the SLA calendar's hours and holidays; `always`: around the clock. */
    calendar: z.enum(['business', 'always']).default('business'),
  })
  .strict();
export type SlaPolicy = z.infer<typeof SlaPolicySchema>;

/** The product's targets, used for any priority the program's own policies do not cover. */
export const DEFAULT_SLA_POLICIES: readonly SlaPolicy[] = [
  { priority: 'critical', firstResponse: '30min', resolution: '4h', calendar: 'always' },
  { priority: 'high', firstResponse: '4h', resolution: '16h', calendar: 'business' },
  { priority: 'normal', firstResponse: '24h', resolution: '72h', calendar: 'business' },
  { priority: 'low', firstResponse: '48h', resolution: '120h', calendar: 'business' },
];

export const SlaSettingsSchema = z
  .object({
    /** Business hours of the care team, in `timezone` (default: the program's); holidays from `calendars`. */
    timezone: z.string().optional(),
    hours: BusinessHoursSchema.default({ days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '09:00', end: '18:00' }),
    /** Public holidays close the SLA calendar (from `calendars.holidays` and the program's dates). */
    holidays: z.boolean().default(true),
    /** Warn the owner when this fraction of a target has elapsed. */
    warnAt: z.number().gt(0).lt(1).default(0.8),
    policies: z.array(SlaPolicySchema).default([]),
    escalation: z
      .object({
        /** Breaches go to the owner's manager; without one, to this queue. */
        queue: z.string().min(1).max(100).default('VIP escalations'),
        /** How long the escalation task has to be done. */
        due: DurationSchema.default('12h'),
      })
      .strict()
      .default({ queue: 'VIP escalations', due: '12h' }),
  })
  .strict()
  .default({
    hours: { days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '09:00', end: '18:00' },
    holidays: true,
    warnAt: 0.8,
    policies: [],
    escalation: { queue: 'VIP escalations', due: '12h' },
  });
export type SlaSettings = z.infer<typeof SlaSettingsSchema>;

export const ComplaintSettingsSchema = z
  .object({
    /** Open a complaint from a detractor answer: always, only when its comment reads negative, or never. */
    fromDetractors: z.enum(['always', 'negative_comment', 'never']).default('always'),
    /** Priority of a complaint that names none (a detractor answer, a ticket without one). */
    defaultPriority: z.enum(COMPLAINT_PRIORITIES).default('normal'),
    /** A negative comment or description raises the priority one step. */
    negativeSentimentRaises: z.boolean().default(true),
    /** At least this priority for customers in these tiers, e.g. `{ diamond: high }`. */
    tierMinimum: z.record(IdentifierSchema, z.enum(COMPLAINT_PRIORITIES)).default({}),
    /** After a resolution: a satisfaction check this much later; a negative answer reopens the complaint. null: no follow-up. */
    followUp: z
      .object({ after: DurationSchema.default('48h'), survey: z.enum(SURVEY_KINDS).default('csat') })
      .strict()
      .nullable()
      .default({ after: '48h', survey: 'csat' }),
  })
  .strict()
  .default({ fromDetractors: 'always', defaultPriority: 'normal', negativeSentimentRaises: true, tierMinimum: {}, followUp: { after: '48h', survey: 'csat' } });
export type ComplaintSettings = z.infer<typeof ComplaintSettingsSchema>;

export const FeedbackSettingsSchema = z
  .object({
    surveys: SurveySettingsSchema,
    complaints: ComplaintSettingsSchema,
    sla: SlaSettingsSchema,
  })
  .strict()
  .default(() => ({
    surveys: SurveySettingsSchema.parse(undefined),
    complaints: ComplaintSettingsSchema.parse(undefined),
    sla: SlaSettingsSchema.parse(undefined),
  }));
export type FeedbackSettings = z.infer<typeof FeedbackSettingsSchema>;

/** Cross-field rules: tiers named by SLA policies and priority floors must exist. */
export function refineFeedback(
  feedback: FeedbackSettings,
  tierIds: ReadonlySet<string>,
  issue: (path: (string | number)[], key: string, params?: Record<string, unknown>) => void,
): void {
  feedback.sla.policies.forEach((p, i) => {
    p.tiers?.forEach((t, j) => {
      if (!tierIds.has(t)) issue(['feedback', 'sla', 'policies', i, 'tiers', j], 'program.unknownTier', { id: t });
    });
    if (slaDurationMs(p.resolution) < slaDurationMs(p.firstResponse)) {
      issue(['feedback', 'sla', 'policies', i, 'resolution'], 'program.mustNotBeBelow', { ref: `feedback.sla.policies[${i}].firstResponse` });
    }
  });
  for (const tier of Object.keys(feedback.complaints.tierMinimum)) {
    if (!tierIds.has(tier)) issue(['feedback', 'complaints', 'tierMinimum', tier], 'program.unknownTier', { id: tier });
  }
  for (const [kind, wording] of Object.entries(feedback.surveys.wording)) {
    for (const [field, text] of Object.entries(wording ?? {})) {
      const problem = text === undefined ? null : templateProblem(text);
      if (problem) issue(['feedback', 'surveys', 'wording', kind, field], 'program.badTemplate', { detail: problem });
    }
  }
  const { start, end } = feedback.sla.hours;
  if (end !== '24:00' && end <= start) issue(['feedback', 'sla', 'hours', 'end'], 'program.mustBeAbove', { ref: 'feedback.sla.hours.start' });
}
