/**
 * The VIP card as every CRM shows it: one platform-neutral view that the HubSpot React card and
 * the Salesforce LWC both render. The server builds it from stored snapshots (scores, tasks,
 * complaints, feedback), so a card request reads a handful of indexed rows and computes nothing
 * heavy. Texts that come from the program or the scoring engine (tier names, reasons, flags,
 * task titles) arrive localised; the cards localise their own static labels.
 */
import { z } from 'zod';
import { SUPPORTED_LOCALES, type Locale } from '../i18n/locales.js';
import type { Program } from '../program/schema.js';
import { describeFlag, describeReason, measureLabel, tierName } from '../scoring/describe.js';
import type { Contribution } from '../scoring/engine.js';
import type { Flag } from '../scoring/flags.js';
import type { Reason } from '../scoring/tiers.js';

export const VIP_CARD_VIEW_VERSION = 1;
/** How many items of each list a card shows; the rest is a link away in the CRM. */
export const CARD_LIMITS = { reasons: 3, contributions: 3, history: 12, nextActions: 5, complaints: 5 } as const;

const IsoInstant = z.string().datetime({ offset: true });
const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const CardTaskSchema = z.object({
  id: z.number().int().positive(),
  title: z.string(),
  dueAt: IsoInstant,
  overdue: z.boolean(),
  priority: z.enum(['low', 'normal', 'high', 'urgent']),
  ownerName: z.string().nullable(),
});

export const CardComplaintSchema = z.object({
  id: z.number().int().positive(),
  subject: z.string(),
  priority: z.enum(['low', 'normal', 'high', 'critical']),
  status: z.enum(['open', 'waiting']),
  /** The clock that runs now: first response until answered, then resolution. */
  clock: z.object({
    kind: z.enum(['first_response', 'resolution']),
    state: z.enum(['running', 'warned', 'breached', 'met', 'missed']),
    dueAt: IsoInstant.nullable(),
    /** Negative once breached; null while paused (waiting on the customer) or without a target. */
    msLeft: z.number().int().nullable(),
  }),
});

export const VipCardViewSchema = z.object({
  version: z.literal(VIP_CARD_VIEW_VERSION),
  locale: z.enum(SUPPORTED_LOCALES),
  generatedAt: IsoInstant,
  customer: z.object({ id: z.string(), name: z.string().nullable(), accountManager: z.string().nullable() }),
  /** `not_scored`: we know the record but no scoring run has included it yet. */
  status: z.enum(['vip', 'not_vip', 'not_scored']),
  asOf: IsoDate.nullable(),
  tier: z
    .object({
      id: z.string(),
      label: z.string(),
      /** 1 is the highest tier of the program. */
      rank: z.number().int().min(1),
      of: z.number().int().min(1),
      since: IsoDate,
      source: z.enum(['score', 'rule', 'override']),
    })
    .nullable(),
  score: z.number().min(0).max(100).nullable(),
  reasons: z.array(z.object({ code: z.string(), text: z.string() })).max(CARD_LIMITS.reasons),
  topContributions: z.array(z.object({ measure: z.string(), label: z.string(), points: z.number() })).max(CARD_LIMITS.contributions),
  trend: z
    .object({
      direction: z.enum(['up', 'down', 'flat']),
      delta: z.number(),
      comparedWith: IsoDate,
      history: z.array(z.object({ asOf: IsoDate, score: z.number() })).max(CARD_LIMITS.history),
    })
    .nullable(),
  flags: z.array(z.object({ code: z.enum(['potential_vip', 'at_risk']), text: z.string() })),
  prediction: z.object({ predictedValue: z.number().nullable(), churnRisk: z.number().min(0).max(1).nullable(), currency: z.string() }).nullable(),
  nextActions: z.array(CardTaskSchema).max(CARD_LIMITS.nextActions),
  openTasks: z.number().int().min(0),
  complaints: z.array(CardComplaintSchema).max(CARD_LIMITS.complaints),
  openComplaints: z.number().int().min(0),
  feedback: z.object({
    nps: z.object({ score: z.number().int(), at: IsoInstant, category: z.enum(['promoter', 'passive', 'detractor']) }).nullable(),
    csat: z.object({ score: z.number().int(), at: IsoInstant }).nullable(),
  }),
});
export type VipCardView = z.infer<typeof VipCardViewSchema>;
export type CardTask = z.infer<typeof CardTaskSchema>;
export type CardComplaint = z.infer<typeof CardComplaintSchema>;

/** What the server read for one customer; rows already scoped to the verified tenant. */
export interface CardSnapshot {
  customer: { id: string; name: string | null; accountManager: string | null };
  score: {
    asOf: string;
    score: number;
    tier: string | null;
    tierSince: string;
    tierSource: 'score' | 'rule' | 'override';
    reasons: Reason[];
    flags: Flag[];
    contributions: Contribution[];
  } | null;
  /** Older scores, newest first, for the trend. */
  history: { asOf: string; score: number }[];
  prediction: { predictedValue: number | null; churnRisk: number | null } | null;
  tasks: { id: number; title: string; dueAt: Date; priority: CardTask['priority']; ownerName: string | null }[];
  openTasks: number;
  complaints: {
    id: number;
    subject: string;
    priority: CardComplaint['priority'];
    status: 'open' | 'waiting';
    firstResponse: { state: string; dueAt: Date | null; at: Date | null };
    resolution: { state: string; dueAt: Date | null };
  }[];
  openComplaints: number;
  nps: { score: number; at: Date } | null;
  csat: { score: number; at: Date } | null;
}

/** Scores within this many points count as flat. */
const FLAT_BAND = 1;

export function npsCategory(score: number): 'promoter' | 'passive' | 'detractor' {
  if (score >= 9) return 'promoter';
  if (score >= 7) return 'passive';
  return 'detractor';
}

/** Builds the card from a snapshot; pure, so both CRMs and the tests get the same view. */
export function buildVipCardView(program: Program, snapshot: CardSnapshot, locale: Locale, now: Date): VipCardView {
  const s = snapshot.score;
  const tierIndex = s?.tier ? program.tiers.findIndex((t) => t.id === s.tier) : -1;
  const status: VipCardView['status'] = !s ? 'not_scored' : s.tier ? 'vip' : 'not_vip';
  const previous = snapshot.history[0];
  const trend: VipCardView['trend'] =
    s && previous
      ? {
          direction: s.score - previous.score > FLAT_BAND ? 'up' : previous.score - s.score > FLAT_BAND ? 'down' : 'flat',
          delta: Math.round((s.score - previous.score) * 100) / 100,
          comparedWith: previous.asOf,
          history: [{ asOf: s.asOf, score: s.score }, ...snapshot.history].slice(0, CARD_LIMITS.history).reverse(),
        }
      : null;
  return {
    version: VIP_CARD_VIEW_VERSION,
    locale,
    generatedAt: now.toISOString(),
    customer: snapshot.customer,
    status,
    asOf: s?.asOf ?? null,
    tier:
      s?.tier && tierIndex >= 0
        ? { id: s.tier, label: tierName(program, s.tier, locale), rank: tierIndex + 1, of: program.tiers.length, since: s.tierSince, source: s.tierSource }
        : null,
    score: s?.score ?? null,
    reasons: (s?.reasons ?? []).slice(0, CARD_LIMITS.reasons).map((r) => ({ code: r.code, text: describeReason(r, program, locale) })),
    topContributions: (s?.contributions ?? [])
      .filter((c) => c.points > 0)
      .sort((a, b) => b.points - a.points || a.measure.localeCompare(b.measure))
      .slice(0, CARD_LIMITS.contributions)
      .map((c) => ({ measure: c.measure, label: measureLabel(program, c.measure, locale), points: c.points })),
    trend,
    flags: (s?.flags ?? []).map((f) => ({ code: f.code, text: describeFlag(f, locale) })),
    prediction: snapshot.prediction ? { ...snapshot.prediction, currency: program.currency } : null,
    nextActions: [...snapshot.tasks]
      .sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || a.id - b.id)
      .slice(0, CARD_LIMITS.nextActions)
      .map((t) => ({ id: t.id, title: t.title, dueAt: t.dueAt.toISOString(), overdue: t.dueAt.getTime() < now.getTime(), priority: t.priority, ownerName: t.ownerName })),
    openTasks: snapshot.openTasks,
    complaints: snapshot.complaints.slice(0, CARD_LIMITS.complaints).map((c) => complaintOnCard(c, now)),
    openComplaints: snapshot.openComplaints,
    feedback: {
      nps: snapshot.nps ? { score: snapshot.nps.score, at: snapshot.nps.at.toISOString(), category: npsCategory(snapshot.nps.score) } : null,
      csat: snapshot.csat ? { score: snapshot.csat.score, at: snapshot.csat.at.toISOString() } : null,
    },
  };
}

const CLOCK_STATES = ['running', 'warned', 'breached', 'met', 'missed'] as const;
type ClockState = (typeof CLOCK_STATES)[number];
const asClockState = (state: string): ClockState => (CLOCK_STATES as readonly string[]).includes(state) ? (state as ClockState) : 'running';

function complaintOnCard(c: CardSnapshot['complaints'][number], now: Date): CardComplaint {
  const answered = c.firstResponse.at !== null;
  const clock = answered ? { kind: 'resolution' as const, ...c.resolution } : { kind: 'first_response' as const, state: c.firstResponse.state, dueAt: c.firstResponse.dueAt };
  // A complaint waiting on the customer has its clocks paused: no countdown to show.
  const msLeft = c.status === 'waiting' || !clock.dueAt ? null : clock.dueAt.getTime() - now.getTime();
  return {
    id: c.id,
    subject: c.subject,
    priority: c.priority,
    status: c.status,
    clock: { kind: clock.kind, state: asClockState(clock.state), dueAt: clock.dueAt?.toISOString() ?? null, msLeft },
  };
}
