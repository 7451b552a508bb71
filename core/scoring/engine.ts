/**
 * Scores a tenant's customers under one program at one as-of date. Deterministic: the same
 * facts, program and date give the same scores, tiers, reasons and flags, in any input order.
 */
import { OFTEN_MISSING, type MeasureConfig, type Program, type Window } from '../program/schema.js';
import { windowEndingAt } from './calendar.js';
import { measureReader, type CustomerFacts } from './facts.js';
import { flagsFor, type Flag } from './flags.js';
import { rankerFromReference, rankerFromValues, type Ranker, type Reference } from './normalize.js';
import { decideTier, type Reason, type ReasonCode } from './tiers.js';
import type { TierSource } from './facts.js';

export interface Contribution {
  measure: string;
  /** Raw value in display units (spend in currency units, recency in days); null when missing. */
  value: number | null;
  /** 0-100 after normalisation (whole numbers for percentile and minmax; bands as configured). */
  normalized: number;
  /** The weight in the program. */
  weight: number;
  /** Share of the score this measure carries for this customer (weights re-spread over present measures). */
  share: number;
  /** Points toward the 0-100 score; the points of all contributions sum to the score exactly. */
  points: number;
}

export interface CustomerScore {
  customerId: string;
  score: number;
  tier: string | null;
  tierSince: string;
  tierSource: TierSource;
  primaryReason: ReasonCode;
  reasons: Reason[];
  /** Raw values of every measure, including weight-0 measures that only rules read. */
  values: Record<string, number | null>;
  contributions: Contribution[];
  flags: Flag[];
  /** Set when the tier differs from the previous assignment. */
  tierChanged: boolean;
  previousTier: string | null;
}

export interface ScoreRun {
  results: CustomerScore[];
  /** The distribution each measure was ranked against; kept so incremental runs rank alike. */
  reference: Reference;
}

export interface ScoreOptions {
  program: Program;
  asOf: string;
  /** Rank against this stored reference instead of the given population (incremental runs). */
  reference?: Reference;
}

export function minorUnitsPerMajor(currency: string): number {
  const digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  return 10 ** digits;
}

export function scoreCustomers(facts: readonly CustomerFacts[], opts: ScoreOptions): ScoreRun {
  const { program, asOf } = opts;
  const minorPerMajor = minorUnitsPerMajor(program.currency);
  const starts = new Map<Window, string | null>();
  const windowStart = (w: Window) => {
    if (!starts.has(w)) starts.set(w, windowEndingAt(asOf, w, program.timezone).fromDate);
    return starts.get(w) as string | null;
  };
  const ctx = { asOf, minorPerMajor, windowStart };

  const ordered = [...facts].sort((a, b) => (a.customerId < b.customerId ? -1 : a.customerId > b.customerId ? 1 : 0));
  const readers = program.measures.map((m) => [m.id, measureReader(m, ctx)] as const);
  const values = ordered.map((f) => {
    const v: Record<string, number | null> = {};
    for (const [id, read] of readers) v[id] = read(f);
    return v;
  });

  const rankers = new Map<string, Ranker>();
  for (const m of program.measures) {
    const stored = opts.reference?.[m.id];
    if (stored) rankers.set(m.id, rankerFromReference(m, stored));
    else rankers.set(m.id, rankerFromValues(m, values.flatMap((v) => (v[m.id] === null || v[m.id] === undefined ? [] : [v[m.id] as number]))));
  }
  const reference: Reference = Object.fromEntries([...rankers].map(([id, r]) => [id, r.reference]));

  const scored = program.measures.filter((m) => m.weight > 0);
  const recency = program.measures.find((m) => m.kind === 'recency');
  const readRecency = measureReader(RECENCY, ctx);
  const results = ordered.map((f, i) => {
    const v = values[i] as Record<string, number | null>;
    const contributions = contributionsFor(scored, v, rankers);
    const score = contributions.reduce((sum, c) => sum + Math.round(c.points * 100), 0) / 100;
    const decision = decideTier(program, { asOf, score, values: v, previous: f.previous, override: f.override });
    const recencyDays = recency ? (v[recency.id] ?? null) : readRecency(f);
    return {
      customerId: f.customerId,
      score,
      tier: decision.tier,
      tierSince: decision.since,
      tierSource: decision.source,
      primaryReason: decision.primary,
      reasons: decision.reasons,
      values: v,
      contributions,
      flags: flagsFor(program, { tier: decision.tier, score, recencyDays, facts: f, minorPerMajor }),
      tierChanged: decision.changed,
      previousTier: f.previous?.tier ?? null,
    } satisfies CustomerScore;
  });
  return { results, reference };
}

const RECENCY: MeasureConfig = { id: 'recency', kind: 'recency', normalize: { method: 'percentile' }, weight: 0 };

/** What a customer without this measure's value gets: excluded, or a fixed normalised score. */
export function missingPolicy(m: MeasureConfig): 'exclude' | number {
  return m.whenMissing ?? (OFTEN_MISSING.has(m.kind) ? 'exclude' : 0);
}

/**
 * Points per measure in hundredths, apportioned by largest remainder so that they add up to the
 * rounded total exactly: the explanation always sums to the score shown.
 */
function contributionsFor(measures: readonly MeasureConfig[], values: Record<string, number | null>, rankers: Map<string, Ranker>): Contribution[] {
  const rows = measures.map((m) => {
    const value = values[m.id] ?? null;
    if (value !== null) return { m, value, normalized: (rankers.get(m.id) as Ranker).normalize(value), excluded: false };
    const policy = missingPolicy(m);
    return { m, value, normalized: policy === 'exclude' ? 0 : policy, excluded: policy === 'exclude' };
  });
  let totalWeight = 0;
  for (const r of rows) if (!r.excluded) totalWeight += r.m.weight;
  const exact = rows.map((r) => (r.excluded || totalWeight === 0 ? 0 : (r.normalized * r.m.weight * 100) / totalWeight));
  let target = 0;
  for (const x of exact) target += x;
  target = Math.round(target);
  const hundredths = exact.map(Math.floor);
  let remaining = target;
  for (const h of hundredths) remaining -= h;
  if (remaining > 0) {
    const byRemainder = exact.map((x, i) => ({ i, frac: x - Math.floor(x) })).sort((a, b) => b.frac - a.frac || a.i - b.i);
    for (const { i } of byRemainder) {
      if (remaining <= 0) break;
      hundredths[i] = (hundredths[i] as number) + 1;
      remaining--;
    }
  }
  return rows.map((r, i) => ({
    measure: r.m.id,
    value: r.value === null ? null : round4(r.value),
    normalized: r.normalized,
    weight: r.m.weight,
    share: r.excluded || totalWeight === 0 ? 0 : round4(r.m.weight / totalWeight),
    points: (hundredths[i] as number) / 100,
  }));
}

function round4(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}

