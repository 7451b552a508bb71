/**
 * The program file: how a tenant decides who is a VIP, in which tier, and why.
 * Types come from these schemas (z.infer); cross-field rules live in `refineProgram`.
 */
import { z } from 'zod';

const identifier = IdentifierSchema;

import { IdentifierSchema, LocalizedTextSchema, TimeOfDaySchema } from './primitives.js';
import {
  CalendarsSchema,
  ContactPolicySchema,
  DEFAULT_CONTACT_POLICY,
  PlaybookSchema,
  refinePlaybooks,
} from '../playbooks/schema.js';
import { FeedbackSettingsSchema, refineFeedback } from '../feedback/schema.js';
export { LocalizedTextSchema, type LocalizedText } from './primitives.js';

/** `lifetime`, or a count and a unit: days, weeks, months, years (`90d`, `12m`, `2y`). */
export const WindowSchema = z
  .string()
  .regex(/^(lifetime|[1-9][0-9]{0,3}[dwmy])$/, { error: 'program.window' });
export type Window = z.infer<typeof WindowSchema>;

export const MEASURE_KINDS = [
  'spend',
  'order_count',
  'average_order_value',
  'repeat_purchase_rate',
  'active_months',
  'recency',
  'tenure',
  'satisfaction',
  'influence',
  'predicted_value',
  'churn_risk',
] as const;
export type MeasureKind = (typeof MEASURE_KINDS)[number];

/** Kinds computed over a time window of orders or feedback. */
export const WINDOWED_KINDS: ReadonlySet<MeasureKind> = new Set([
  'spend',
  'order_count',
  'average_order_value',
  'repeat_purchase_rate',
  'active_months',
  'satisfaction',
]);

/** Kinds where a smaller value is better unless the program says otherwise. */
export const LOWER_IS_BETTER: ReadonlySet<MeasureKind> = new Set(['recency', 'churn_risk']);

/** Kinds that are often absent (no feedback yet, no model fitted): excluded by default. */
export const OFTEN_MISSING: ReadonlySet<MeasureKind> = new Set(['satisfaction', 'predicted_value', 'churn_risk', 'influence']);

const score0to100 = z.number().min(0).max(100);

export const BandSchema = z
  .object({
    atLeast: z.number().optional(),
    atMost: z.number().optional(),
    score: score0to100,
  })
  .strict();

export const NormalizeSchema = z.discriminatedUnion('method', [
  z.object({ method: z.literal('percentile') }).strict(),
  z
    .object({
      method: z.literal('minmax'),
      /** Values at or below map to 0 (or 100 when lower is better); omitted: the tenant's minimum. */
      min: z.number().optional(),
      /** Values at or above map to 100; omitted: the tenant's maximum. */
      max: z.number().optional(),
    })
    .strict(),
  z.object({ method: z.literal('bands'), bands: z.array(BandSchema).min(1) }).strict(),
]);
export type Normalize = z.infer<typeof NormalizeSchema>;

export const MeasureSchema = z
  .object({
    id: identifier,
    kind: z.enum(MEASURE_KINDS),
    label: LocalizedTextSchema.optional(),
    window: WindowSchema.optional(),
    direction: z.enum(['higher', 'lower']).optional(),
    normalize: NormalizeSchema,
    weight: z.number().min(0).max(1000),
    /** What a customer without this value gets: excluded (weights re-spread) or a fixed normalised score. */
    whenMissing: z.union([z.literal('exclude'), score0to100]).optional(),
  })
  .strict();
export type MeasureConfig = z.infer<typeof MeasureSchema>;

export type Condition =
  | { measure: string; gte?: number; gt?: number; lte?: number; lt?: number; eq?: number }
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition };

export const ConditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    z
      .object({
        measure: identifier,
        gte: z.number().optional(),
        gt: z.number().optional(),
        lte: z.number().optional(),
        lt: z.number().optional(),
        eq: z.number().optional(),
      })
      .strict()
      .refine((c) => ['gte', 'gt', 'lte', 'lt', 'eq'].some((op) => op in c), {
        error: 'program.conditionNeedsComparison',
      }),
    z.object({ all: z.array(ConditionSchema).min(1) }).strict(),
    z.object({ any: z.array(ConditionSchema).min(1) }).strict(),
    z.object({ not: ConditionSchema }).strict(),
  ]),
);

export const RuleSchema = z
  .object({
    id: identifier,
    description: LocalizedTextSchema.optional(),
    when: ConditionSchema,
    /** Hard floor: the customer is at least this tier while the condition holds. */
    atLeast: identifier.optional(),
    /** Ceiling: at most this tier (`none`: not a VIP) while the condition holds. */
    atMost: identifier.optional(),
  })
  .strict();
export type Rule = z.infer<typeof RuleSchema>;

export const TierSchema = z
  .object({
    id: identifier,
    name: LocalizedTextSchema,
    /** Score at or above which a customer enters the tier. */
    enter: score0to100,
    /** Score below which a member leaves the tier (hysteresis: below `enter`). */
    exit: score0to100,
    /** Days a member stays in the tier before a falling score can move them down. */
    minDays: z.number().int().min(0).max(3650).default(0),
  })
  .strict();
export type Tier = z.infer<typeof TierSchema>;

export const FlagsSchema = z
  .object({
    potential: z
      .object({
        window: WindowSchema.default('90d'),
        /** Spend or order count in the recent window at least (1 + minGrowth) x the window before. */
        minGrowth: z.number().min(0).default(0.5),
        minRecentSpend: z.number().min(0).default(0),
        /** Only customers whose score is at most this far below the lowest tier's entry. */
        withinPoints: score0to100.default(25),
      })
      .strict()
      .default({ window: '90d', minGrowth: 0.5, minRecentSpend: 0, withinPoints: 25 }),
    atRisk: z
      .object({
        window: WindowSchema.default('90d'),
        /** Spend and order count in the recent window fell by at least this share of the window before. */
        minDrop: z.number().min(0).max(1).default(0.5),
        /** Or no order for this many days. */
        inactiveDays: z.number().int().min(1).default(120),
        /** Or the predicted churn risk (0-1) is above this, when a model has been fitted. */
        churnRiskAbove: z.number().min(0).max(1).default(0.7),
      })
      .strict()
      .default({ window: '90d', minDrop: 0.5, inactiveDays: 120, churnRiskAbove: 0.7 }),
  })
  .strict()
  .default({
    potential: { window: '90d', minGrowth: 0.5, minRecentSpend: 0, withinPoints: 25 },
    atRisk: { window: '90d', minDrop: 0.5, inactiveDays: 120, churnRiskAbove: 0.7 },
  });
export type FlagsConfig = z.infer<typeof FlagsSchema>;

export const PredictionSchema = z
  .object({
    /**
     * The transaction model for scheduled refits: BG/NBD. (Pareto/NBD is available in
     * `vip-care clv fit|predict`, but its fit can be very slow on some data, so scoring runs do not use it yet.)
     * Spend is Gamma-Gamma.
     */
    model: z.enum(['bgnbd']).default('bgnbd'),
    /** How often the scoring run refits the models on the tenant's history. */
    refitEvery: z.enum(['daily', 'weekly', 'monthly']).default('weekly'),
    /** Horizon of `predicted_value` (CLV), in months. */
    horizonMonths: z.number().int().min(1).max(120).default(12),
    monthlyDiscountRate: z.number().min(0).max(0.5).default(0.01),
  })
  .strict()
  .default({ model: 'bgnbd', refitEvery: 'weekly', horizonMonths: 12, monthlyDiscountRate: 0.01 });
export type PredictionConfig = z.infer<typeof PredictionSchema>;

export const CareSettingsSchema = z
  .object({
    /** Local time (program time zone) after which the day's playbook evaluation runs. */
    evaluateAt: TimeOfDaySchema.default('06:00'),
    /** Date triggers (birthdays, holidays, cadence) missed while no worker ran still fire this many days late. */
    catchUpDays: z.number().int().min(0).max(30).default(3),
    /** Owner of tasks for customers without an account manager. */
    defaultQueue: z.string().min(1).max(100).default('VIP care'),
  })
  .strict()
  .default({ evaluateAt: '06:00', catchUpDays: 3, defaultQueue: 'VIP care' });
export type CareSettings = z.infer<typeof CareSettingsSchema>;

export const ProgramBaseSchema = z
  .object({
    schemaVersion: z.literal(1),
    name: LocalizedTextSchema,
    description: LocalizedTextSchema.optional(),
    /** Time zone in which as-of dates and windows are read. */
    timezone: z.string().default('UTC'),
    currency: z.string().regex(/^[A-Z]{3}$/, { error: 'program.currency' }).default('USD'),
    reevaluation: z
      .object({ every: z.enum(['daily', 'weekly', 'monthly']).default('daily') })
      .strict()
      .default({ every: 'daily' }),
    measures: z.array(MeasureSchema).min(1),
    rules: z.array(RuleSchema).default([]),
    /** Highest tier first. */
    tiers: z.array(TierSchema).min(1),
    flags: FlagsSchema,
    /** Predicted value and churn risk: used when a measure reads them. */
    prediction: PredictionSchema,
    /** When and how playbooks run. */
    care: CareSettingsSchema,
    contactPolicy: ContactPolicySchema.default(DEFAULT_CONTACT_POLICY),
    calendars: CalendarsSchema,
    playbooks: z.array(PlaybookSchema).default([]),
    /** Surveys, complaints, SLAs and the follow-up after a resolution. */
    feedback: FeedbackSettingsSchema,
  })
  .strict();

export const ProgramSchema = ProgramBaseSchema.superRefine(refineProgram);
export type Program = z.infer<typeof ProgramSchema>;
type ProgramShape = z.infer<typeof ProgramBaseSchema>;

type Ctx = z.core.$RefinementCtx<ProgramShape>;

function issue(ctx: Ctx, path: (string | number)[], key: string, params: Record<string, unknown> = {}): void {
  ctx.addIssue({ code: 'custom', path, params, message: key });
}

/** Cross-field rules that a per-field schema cannot express. */
function refineProgram(program: ProgramShape, ctx: Ctx): void {
  if (!isTimeZone(program.timezone)) issue(ctx, ['timezone'], 'program.timezone', { value: program.timezone });

  const measureIds = new Map<string, number>();
  program.measures.forEach((m, i) => {
    const first = measureIds.get(m.id);
    if (first !== undefined) issue(ctx, ['measures', i, 'id'], 'program.duplicateId', { id: m.id, other: `measures[${first}]` });
    else measureIds.set(m.id, i);
    if (m.window !== undefined && !WINDOWED_KINDS.has(m.kind)) {
      issue(ctx, ['measures', i, 'window'], 'program.windowNotAllowed', { kind: m.kind });
    }
    checkNormalize(ctx, m.normalize, ['measures', i, 'normalize']);
  });
  if (!program.measures.some((m) => m.weight > 0)) issue(ctx, ['measures'], 'program.noWeight');

  const tierIds = new Map<string, number>();
  program.tiers.forEach((t, i) => {
    const first = tierIds.get(t.id);
    if (first !== undefined) issue(ctx, ['tiers', i, 'id'], 'program.duplicateId', { id: t.id, other: `tiers[${first}]` });
    else tierIds.set(t.id, i);
    if (t.id === 'none') issue(ctx, ['tiers', i, 'id'], 'program.reservedTierId');
    if (t.exit >= t.enter) issue(ctx, ['tiers', i, 'exit'], 'program.exitBelowEnter', { exit: t.exit, enter: t.enter, ref: `tiers[${i}].enter` });
    const lower = program.tiers[i + 1];
    if (lower) {
      if (t.enter <= lower.enter) issue(ctx, ['tiers', i, 'enter'], 'program.mustBeAbove', { ref: `tiers[${i + 1}].enter` });
      if (t.exit <= lower.exit) issue(ctx, ['tiers', i, 'exit'], 'program.mustBeAbove', { ref: `tiers[${i + 1}].exit` });
    }
  });

  refinePlaybooks(program.playbooks, new Set(tierIds.keys()), (path, key, params) => issue(ctx, path, key, params));
  refineFeedback(program.feedback, new Set(tierIds.keys()), (path, key, params) => issue(ctx, path, key, params));
  if (program.feedback.sla.timezone !== undefined && !isTimeZone(program.feedback.sla.timezone)) {
    issue(ctx, ['feedback', 'sla', 'timezone'], 'program.timezone', { value: program.feedback.sla.timezone });
  }

  const ruleIds = new Map<string, number>();
  program.rules.forEach((r, i) => {
    const first = ruleIds.get(r.id);
    if (first !== undefined) issue(ctx, ['rules', i, 'id'], 'program.duplicateId', { id: r.id, other: `rules[${first}]` });
    else ruleIds.set(r.id, i);
    const effects = (r.atLeast !== undefined ? 1 : 0) + (r.atMost !== undefined ? 1 : 0);
    if (effects !== 1) issue(ctx, ['rules', i], 'program.ruleNeedsOneEffect');
    if (r.atLeast !== undefined && !tierIds.has(r.atLeast)) issue(ctx, ['rules', i, 'atLeast'], 'program.unknownTier', { id: r.atLeast });
    if (r.atMost !== undefined && r.atMost !== 'none' && !tierIds.has(r.atMost)) {
      issue(ctx, ['rules', i, 'atMost'], 'program.unknownTier', { id: r.atMost });
    }
    checkCondition(ctx, r.when, ['rules', i, 'when'], measureIds);
  });
}

function checkNormalize(ctx: Ctx, n: Normalize, path: (string | number)[]): void {
  if (n.method === 'minmax' && n.min !== undefined && n.max !== undefined && n.min >= n.max) {
    issue(ctx, [...path, 'max'], 'program.mustBeAbove', { ref: `${formatPath(path)}.min` });
  }
  if (n.method === 'bands') {
    n.bands.forEach((b, j) => {
      if (b.atLeast !== undefined && b.atMost !== undefined && b.atLeast > b.atMost) {
        issue(ctx, [...path, 'bands', j, 'atMost'], 'program.mustNotBeBelow', { ref: `bands[${j}].atLeast` });
      }
    });
  }
}

function checkCondition(ctx: Ctx, c: Condition, path: (string | number)[], measures: Map<string, number>): void {
  if ('measure' in c) {
    if (!measures.has(c.measure)) issue(ctx, [...path, 'measure'], 'program.unknownMeasure', { id: c.measure });
  } else if ('all' in c) {
    c.all.forEach((sub, i) => checkCondition(ctx, sub, [...path, 'all', i], measures));
  } else if ('any' in c) {
    c.any.forEach((sub, i) => checkCondition(ctx, sub, [...path, 'any', i], measures));
  } else {
    checkCondition(ctx, c.not, [...path, 'not'], measures);
  }
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** `['tiers', 1, 'enter']` -> `tiers[1].enter` */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, part) => {
    if (typeof part === 'number') return `${out}[${part}]`;
    return out === '' ? String(part) : `${out}.${String(part)}`;
  }, '');
}
