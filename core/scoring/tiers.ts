/**
 * Tier decisions: score with hysteresis and minimum time in tier, then the program's hard rules
 * (floors, then ceilings: a ceiling such as "not a VIP while fraud is suspected" wins), then a
 * manual override. Every step that shaped the outcome is returned as a reason.
 */
import type { Program, Tier } from '../program/schema.js';
import { dayNumber } from './calendar.js';
import { holds } from './conditions.js';
import type { ActiveOverride, PreviousAssignment, TierSource } from './facts.js';

export const REASON_CODES = [
  'not_vip',
  'score_entered',
  'score_upgraded',
  'score_kept',
  'held_min_days',
  'score_downgraded',
  'score_left',
  'rule_at_least',
  'rule_at_most',
  'override',
  'override_expired',
  'tier_retired',
] as const;
export type ReasonCode = (typeof REASON_CODES)[number];

export interface Reason {
  code: ReasonCode;
  params: Record<string, string | number | null>;
}

export interface TierDecision {
  tier: string | null;
  /** Local date the customer entered `tier` (unchanged while they stay). */
  since: string;
  source: TierSource;
  /** The reason that decided the outcome. */
  primary: ReasonCode;
  reasons: Reason[];
  changed: boolean;
}

export interface TierInput {
  asOf: string;
  score: number;
  values: Readonly<Record<string, number | null>>;
  previous: PreviousAssignment | null;
  override: ActiveOverride | null;
}

export function decideTier(program: Program, input: TierInput): TierDecision {
  const rank = tierRanker(program.tiers);
  const { previous, override, score, asOf } = input;
  const reasons: Reason[] = [];

  // Hysteresis starts from the tier the customer earned; an override or a retired tier gives no such base.
  let basis: PreviousAssignment | null = previous?.tier ? previous : null;
  if (previous?.source === 'override') {
    basis = null;
    if (!override) reasons.push({ code: 'override_expired', params: { tier: previous.tier } });
  }
  if (basis?.tier && rank(basis.tier) === undefined) {
    reasons.push({ code: 'tier_retired', params: { tier: basis.tier } });
    basis = null;
  }

  const byScore = scoreTier(program.tiers, rank, basis, score, asOf);
  reasons.unshift(byScore.reason);
  let tier = byScore.tier;
  let source: TierSource = 'score';
  let primary = byScore.reason.code;

  const matching = program.rules.length ? program.rules.filter((r) => holds(r.when, input.values)) : program.rules;
  const floor = highest(matching.flatMap((r) => (r.atLeast ? [{ rule: r.id, tier: r.atLeast }] : [])), rank);
  if (floor && rankOf(rank, tier) > rankOf(rank, floor.tier)) {
    tier = floor.tier;
    source = 'rule';
    primary = 'rule_at_least';
    reasons.push({ code: 'rule_at_least', params: { rule: floor.rule, tier: floor.tier } });
  }
  const ceilings = matching.flatMap((r) => (r.atMost ? [{ rule: r.id, tier: r.atMost === 'none' ? null : r.atMost }] : []));
  const ceiling = lowest(ceilings, rank);
  if (ceiling && rankOf(rank, tier) < rankOf(rank, ceiling.tier)) {
    tier = ceiling.tier;
    source = 'rule';
    primary = 'rule_at_most';
    reasons.push({ code: 'rule_at_most', params: { rule: ceiling.rule, tier: ceiling.tier } });
  }

  // An override naming a tier the program no longer has cannot apply: say so and keep the computed tier.
  if (override && override.tier !== null && rank(override.tier) === undefined) {
    reasons.push({ code: 'tier_retired', params: { tier: override.tier } });
  } else if (override) {
    tier = override.tier;
    source = 'override';
    primary = 'override';
    reasons.push({
      code: 'override',
      params: { tier: override.tier, reason: override.reason, author: override.author, expiresAt: override.expiresAt?.toISOString() ?? null },
    });
  } else if (previous?.source === 'override' && previous.tier !== tier) {
    primary = 'override_expired';
  }

  const before = previous?.tier ?? null;
  const changed = before !== tier;
  return { tier, since: !changed && previous ? previous.since : asOf, source, primary, reasons, changed };
}

type Rank = (id: string) => number | undefined;

const rankers = new WeakMap<readonly Tier[], Rank>();

function tierRanker(tiers: readonly Tier[]): Rank {
  let rank = rankers.get(tiers);
  if (!rank) {
    const index = new Map(tiers.map((t, i) => [t.id, i]));
    rank = (id) => index.get(id);
    rankers.set(tiers, rank);
  }
  return rank;
}

/** 0 is the highest tier; "not a VIP" ranks below every tier. */
function rankOf(rank: Rank, tier: string | null): number {
  return tier === null ? Number.POSITIVE_INFINITY : (rank(tier) ?? Number.POSITIVE_INFINITY);
}

function highest<T extends { tier: string | null }>(items: T[], rank: Rank): T | undefined {
  return items.reduce<T | undefined>((best, it) => (best === undefined || rankOf(rank, it.tier) < rankOf(rank, best.tier) ? it : best), undefined);
}

function lowest<T extends { tier: string | null }>(items: T[], rank: Rank): T | undefined {
  return items.reduce<T | undefined>((worst, it) => (worst === undefined || rankOf(rank, it.tier) > rankOf(rank, worst.tier) ? it : worst), undefined);
}

function scoreTier(
  tiers: readonly Tier[],
  rank: Rank,
  basis: PreviousAssignment | null,
  score: number,
  asOf: string,
): { tier: string | null; reason: Reason } {
  const entered = tiers.find((t) => score >= t.enter);
  const current = basis?.tier ? tiers[rank(basis.tier) as number] : undefined;
  if (!basis || !current) {
    if (entered) return { tier: entered.id, reason: { code: 'score_entered', params: { tier: entered.id, score, threshold: entered.enter } } };
    const lowestTier = tiers[tiers.length - 1] as Tier;
    return { tier: null, reason: { code: 'not_vip', params: { score, threshold: lowestTier.enter } } };
  }
  const currentRank = rank(current.id) as number;
  if (entered && (rank(entered.id) as number) < currentRank) {
    return { tier: entered.id, reason: { code: 'score_upgraded', params: { from: current.id, tier: entered.id, score, threshold: entered.enter } } };
  }
  if (score >= current.exit) {
    return { tier: current.id, reason: { code: 'score_kept', params: { tier: current.id, score, threshold: current.exit } } };
  }
  const days = dayNumber(asOf) - dayNumber(basis.since);
  if (days < current.minDays) {
    return { tier: current.id, reason: { code: 'held_min_days', params: { tier: current.id, score, threshold: current.exit, days, minDays: current.minDays } } };
  }
  // A member who falls out lands softly: the highest lower tier whose exit line they still clear.
  const landing = tiers.slice(currentRank + 1).find((t) => score >= t.exit);
  if (landing) {
    return { tier: landing.id, reason: { code: 'score_downgraded', params: { from: current.id, tier: landing.id, score, threshold: current.exit } } };
  }
  return { tier: null, reason: { code: 'score_left', params: { from: current.id, score, threshold: current.exit } } };
}
