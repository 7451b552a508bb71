/**
 * Normalisation: a measure's raw value to 0-100. Computed scores are whole numbers ("beats 87% of
 * customers"): as readable as it needs to be, and stable from day to day, so a daily re-score
 * rewrites only customers whose result visibly changed.
 * - percentile: the share of the tenant's other customers this one beats (ties beat nobody);
 * - minmax: a linear scale between fixed or observed bounds, capped at both ends;
 * - bands: fixed steps, first matching band wins.
 * A full run ranks against the whole tenant; an incremental run ranks against the reference
 * kept from the last full run (exact up to REFERENCE_SAMPLE values, interpolated beyond).
 */
import type { MeasureConfig, Normalize } from '../program/schema.js';
import { LOWER_IS_BETTER } from '../program/schema.js';

export const REFERENCE_SAMPLE = 4096;

export type MeasureReference =
  | { method: 'percentile'; n: number; sample: number[] }
  | { method: 'minmax'; min: number | null; max: number | null }
  | { method: 'bands' };

/** Reference distributions per measure id. */
export type Reference = Record<string, MeasureReference>;

export function direction(m: MeasureConfig): 'higher' | 'lower' {
  return m.direction ?? (LOWER_IS_BETTER.has(m.kind) ? 'lower' : 'higher');
}

/** A ranker over one measure's values: exact over a full population, or from a stored reference. */
export interface Ranker {
  reference: MeasureReference;
  normalize(value: number): number;
}

export function rankerFromValues(m: MeasureConfig, values: readonly number[]): Ranker {
  const sorted = Float64Array.from(values).sort();
  const n = sorted.length;
  const reference = referenceFrom(m.normalize, sorted);
  if (m.normalize.method !== 'percentile') return rankerFromReference(m, reference);
  const lower = direction(m) === 'lower';
  return {
    reference,
    normalize(value) {
      if (n <= 1) return 100;
      const beaten = lower ? n - upperBound(sorted, value) : lowerBound(sorted, value);
      return Math.round((beaten / (n - 1)) * 100);
    },
  };
}

export function rankerFromReference(m: MeasureConfig, reference: MeasureReference): Ranker {
  const cfg = m.normalize;
  const lower = direction(m) === 'lower';
  if (cfg.method === 'bands') return { reference, normalize: (v) => bandScore(cfg, v) };
  if (cfg.method === 'minmax') {
    const ref = reference.method === 'minmax' ? reference : { min: null, max: null };
    const lo = cfg.min ?? ref.min ?? 0;
    const hi = cfg.max ?? ref.max ?? lo;
    return {
      reference,
      normalize(v) {
        const share = hi > lo ? Math.min(1, Math.max(0, (v - lo) / (hi - lo))) : v >= hi ? 1 : 0;
        return Math.round((lower ? 1 - share : share) * 100);
      },
    };
  }
  const ref = reference.method === 'percentile' ? reference : { n: 0, sample: [] };
  return {
    reference,
    normalize(v) {
      if (ref.n <= 1) return 100;
      const below = estimateBelow(ref.sample, ref.n, v, false);
      const beaten = lower ? ref.n - estimateBelow(ref.sample, ref.n, v, true) : below;
      return Math.round(Math.min(100, Math.max(0, (beaten / (ref.n - 1)) * 100)));
    },
  };
}

function bandScore(cfg: Extract<Normalize, { method: 'bands' }>, v: number): number {
  for (const band of cfg.bands) {
    if ((band.atLeast === undefined || v >= band.atLeast) && (band.atMost === undefined || v <= band.atMost)) return band.score;
  }
  return 0;
}

function referenceFrom(cfg: Normalize, sorted: Float64Array): MeasureReference {
  if (cfg.method === 'bands') return { method: 'bands' };
  if (cfg.method === 'minmax') {
    return { method: 'minmax', min: sorted.length ? (sorted[0] as number) : null, max: sorted.length ? (sorted[sorted.length - 1] as number) : null };
  }
  return { method: 'percentile', n: sorted.length, sample: quantileSample(sorted, REFERENCE_SAMPLE) };
}

/** Up to `size` order statistics, evenly spaced by rank, always including min and max. */
function quantileSample(sorted: Float64Array, size: number): number[] {
  const n = sorted.length;
  if (n <= size) return Array.from(sorted);
  const out: number[] = [];
  for (let i = 0; i < size; i++) out.push(sorted[Math.round((i * (n - 1)) / (size - 1))] as number);
  return out;
}

/**
 * Number of population values below `v` (or at most `v` when `inclusive`), estimated from an
 * evenly ranked sample; exact when the sample is the whole population.
 */
function estimateBelow(sample: readonly number[], n: number, v: number, inclusive: boolean): number {
  const m = sample.length;
  if (m === 0) return 0;
  const idx = inclusive ? upperBound(sample, v) : lowerBound(sample, v);
  if (m === n) return idx;
  if (idx === 0) return 0;
  if (idx === m) return n;
  const rank = (i: number) => (i * (n - 1)) / (m - 1);
  const a = sample[idx - 1] as number;
  const b = sample[idx] as number;
  const fraction = b > a ? (v - a) / (b - a) : 0;
  return Math.round(rank(idx - 1) + 1 + fraction * (rank(idx) - rank(idx - 1) - 1));
}

/** First index whose value is >= v. */
function lowerBound(sorted: ArrayLike<number>, v: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index whose value is > v. */
function upperBound(sorted: ArrayLike<number>, v: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
