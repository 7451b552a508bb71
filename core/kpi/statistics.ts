/**
 * Statistics behind the KPI report. SQL supplies the aggregates (counts, sums, sums of squares);
 * this module turns them into KPI values with confidence intervals. Pure: no I/O.
 *
 * Methods (all intervals two-sided at `level`, default 0.95):
 *  - NPS: adjusted Wald for the trinomial (Rocks 2016, "Interval Estimation for the Net Promoter
 *    Score", The American Statistician 70(4)): add 3/4 promoter, 3/2 passive and 3/4 detractor
 *    (3 pseudo-responses), then centre ± z·SE with the trinomial variance of the +1/0/-1 score.
 *    The pseudo-counts keep the width positive at 0% or 100% promoters and fix the plain Wald
 *    interval's under-coverage for small n. Clamped to [-100, 100].
 *  - Proportions (CSAT, SLA compliance, retention, ...): Wilson score interval.
 *  - CES mean: Student-t interval from n, Σx and Σx².
 *
 * Normal and t quantiles are written here rather than taken from npm: the stdlib packages pull
 * in ~230 transitive packages and jstat ships no types. The tests check both functions against
 * mpmath reference values.
 */
import { logGamma } from '../predict/hyp2f1.js';

export interface Interval {
  low: number;
  high: number;
  /** Confidence level, e.g. 0.95. */
  level: number;
}

export type NpsCategory = 'promoter' | 'passive' | 'detractor';

const DEFAULT_LEVEL = 0.95;

// ---------------------------------------------------------------------------------------------
// Validation
// ---------------------------------------------------------------------------------------------

function assertCount(name: string, value: number): void {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${name} must be a non-negative integer, got ${String(value)}`);
  }
}

function assertFinite(name: string, value: number): void {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new RangeError(`${name} must be a finite number, got ${String(value)}`);
  }
}

function assertLevel(level: number): void {
  if (typeof level !== 'number' || !(level > 0 && level < 1)) {
    throw new RangeError(`level must be strictly between 0 and 1, got ${String(level)}`);
  }
}

function assertProbability(name: string, p: number): void {
  if (typeof p !== 'number' || !(p >= 0 && p <= 1)) {
    throw new RangeError(`${name} must be a probability in [0, 1], got ${String(p)}`);
  }
}

/** Two-sided critical value: the (1 + level) / 2 quantile (computed as 0.5 + level/2, exact). */
function zCritical(level: number): number {
  return normalQuantile(0.5 + level / 2);
}

const clamp = (x: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, x));

// ---------------------------------------------------------------------------------------------
// Quantile functions
// ---------------------------------------------------------------------------------------------

// Wichura, M. J. (1988), Algorithm AS 241 (PPND16), Applied Statistics 37(3): 477-484.
// Relative accuracy about 1e-16 over the whole double range. The published 20-digit coefficients
// are written as the doubles they round to (lint rejects literals that lose precision).
const AS241_A = [
  3.3871328727963665, 133.14166789178438, 1971.5909503065513, 13731.69376550946,
  45921.95393154987, 67265.7709270087, 33430.57558358813, 2509.0809287301227,
];
const AS241_B = [
  1, 42.31333070160091, 687.1870074920579, 5394.196021424751, 21213.794301586597,
  39307.89580009271, 28729.085735721943, 5226.495278852854,
];
const AS241_C = [
  1.4234371107496835, 4.630337846156546, 5.769497221460691, 3.6478483247632045,
  1.2704582524523684, 0.2417807251774506, 0.022723844989269184, 0.0007745450142783414,
];
const AS241_D = [
  1, 2.053191626637759, 1.6763848301838038, 0.6897673349851, 0.14810397642748008,
  0.015198666563616457, 0.0005475938084995345, 1.0507500716444169e-9,
];
const AS241_E = [
  6.657904643501103, 5.463784911164114, 1.7848265399172913, 0.29656057182850487,
  0.026532189526576124, 0.0012426609473880784, 0.000027115555687434876, 2.0103343992922881e-7,
];
const AS241_F = [
  1, 0.599832206555888, 0.1369298809227358, 0.014875361290850615,
  0.0007868691311456133, 0.000018463183175100548, 1.421511758316446e-7, 2.0442631033899397e-15,
];

function poly(coefficients: readonly number[], x: number): number {
  let acc = 0;
  for (let i = coefficients.length - 1; i >= 0; i--) acc = acc * x + coefficients[i]!;
  return acc;
}

/**
 * Standard-normal quantile (inverse CDF) Φ⁻¹(p), p in [0, 1]; ±Infinity at 0 and 1.
 * z(0.975) = 1.959963984540054. For a two-sided critical value at `level` use p = (1 + level) / 2.
 */
export function normalQuantile(p: number): number {
  assertProbability('p', p);
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  const q = p - 0.5;
  if (Math.abs(q) <= 0.425) {
    const r = 0.180625 - q * q;
    return (q * poly(AS241_A, r)) / poly(AS241_B, r);
  }
  let r = Math.sqrt(-Math.log(q < 0 ? p : 1 - p));
  let x: number;
  if (r <= 5) {
    r -= 1.6;
    x = poly(AS241_C, r) / poly(AS241_D, r);
  } else {
    r -= 5;
    x = poly(AS241_E, r) / poly(AS241_F, r);
  }
  return q < 0 ? -x : x;
}

const LN_SQRT_PI = 0.5 * Math.log(Math.PI);

/** ln Γ(a + 1/2) − ln Γ(a); an asymptotic series for large a avoids cancelling two big lgammas. */
function logGammaHalfRatio(a: number): number {
  if (a < 20) return logGamma(a + 0.5) - logGamma(a);
  const inv = 1 / a;
  const inv2 = inv * inv;
  // Absolute error < 4e-15 for a >= 20 (checked against mpmath).
  return 0.5 * Math.log(a) - inv * (1 / 8 - inv2 * (1 / 192 - inv2 * (1 / 640 - inv2 * (17 / 14336))));
}

/**
 * Continued fraction for the regularized incomplete beta (modified Lentz; Numerical Recipes
 * 3rd ed. §6.4, betacf). Converges quickly for x < (a + 1) / (a + b + 2).
 */
function betaContinuedFraction(x: number, a: number, b: number): number {
  const tiny = 1e-300;
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 100_000; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-16) return h;
  }
  throw new Error(`incomplete beta continued fraction did not converge (x=${x}, a=${a}, b=${b})`);
}

/**
 * ln I_x(a, b), the log of the regularized incomplete beta, given x and y = 1 − x separately
 * (and their logs) so that callers can compute each without cancellation or overflow.
 * Logs keep the far tails (down to the smallest doubles) representable. `logBeta` = ln B(a, b).
 */
function logRegularizedBeta(
  x: number,
  y: number,
  logX: number,
  logY: number,
  a: number,
  b: number,
  logBeta: number,
): number {
  if (logX === -Infinity) return -Infinity;
  if (logY === -Infinity) return 0;
  const logFront = a * logX + b * logY - logBeta;
  if (x < (a + 1) / (a + b + 2)) return logFront + Math.log(betaContinuedFraction(x, a, b) / a);
  return Math.log1p(-Math.exp(logFront) * (betaContinuedFraction(y, b, a) / b));
}

/**
 * Cornish–Fisher expansion of the t quantile around z (Abramowitz & Stegun 26.7.5). Used as
 * the starting point for the iteration and, for ν > 1e5, as the answer itself: its truncation
 * error, O(ν⁻⁵), is then negligible, while the continued fraction needs O(√ν) terms.
 */
function cornishFisherT(z: number, nu: number): number {
  const z2 = z * z;
  const g1 = (z * (z2 + 1)) / 4;
  const g2 = (z * ((5 * z2 + 16) * z2 + 3)) / 96;
  const g3 = (z * (((3 * z2 + 19) * z2 + 17) * z2 - 15)) / 384;
  const g4 = (z * ((((79 * z2 + 776) * z2 + 1482) * z2 - 1920) * z2 - 945)) / 92160;
  return z + g1 / nu + g2 / nu ** 2 + g3 / nu ** 3 + g4 / nu ** 4;
}

/**
 * Student-t quantile t_ν⁻¹(p) for p in [0, 1] and ν > 0 (real ν allowed; ν = Infinity gives the
 * normal). t(0.975, 1) = 12.706, t(0.975, 10) = 2.228, t(0.975, 30) = 2.042.
 *
 * ν = 1 and ν = 2 have closed forms. Otherwise: solve P(T > t) = α (tails) or P(0 < T < t) = ½ − α
 * (centre) for t > 0, with P expressed through the regularized incomplete beta
 * (P(|T| > t) = I_{ν/(ν+t²)}(ν/2, ½)), by safeguarded Newton iteration on ln t. Working in logs
 * makes the power-law tails nearly linear, so Newton converges in a few steps everywhere.
 */
export function studentTQuantile(p: number, degreesOfFreedom: number): number {
  assertProbability('p', p);
  const nu = degreesOfFreedom;
  if (typeof nu !== 'number' || !(nu > 0)) {
    throw new RangeError(`degreesOfFreedom must be a positive number, got ${String(nu)}`);
  }
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  if (p === 0.5) return 0;
  if (nu === Infinity) return normalQuantile(p);
  const sign = p < 0.5 ? -1 : 1;
  // α = the smaller tail; 1 − p is exact for p ≥ 0.5 (Sterbenz), so no precision is lost.
  const alpha = p < 0.5 ? p : 1 - p;
  if (nu === 1) {
    // Cauchy: t = cot(πα); near the centre tan(π(½ − α)) keeps relative precision.
    return sign * (alpha > 0.25 ? Math.tan(Math.PI * (0.5 - alpha)) : 1 / Math.tan(Math.PI * alpha));
  }
  if (nu === 2) return (sign * (1 - 2 * alpha)) / Math.sqrt(2 * alpha * (1 - alpha));
  const z = -normalQuantile(alpha);
  if (nu > 1e5) return sign * cornishFisherT(z, nu);

  const a = nu / 2;
  // ln B(ν/2, ½) = ln Γ(ν/2) + ln Γ(½) − ln Γ((ν+1)/2)
  const logBeta = LN_SQRT_PI - logGammaHalfRatio(a);
  // ln of the density's constant: ln Γ((ν+1)/2) − ln Γ(ν/2) − ½ ln(νπ)
  const logDensityConst = logGammaHalfRatio(a) - 0.5 * Math.log(nu * Math.PI);

  // In the centre the upper tail is close to ½ and loses relative precision: solve for the
  // central mass instead (½ − α is exact for α ≥ ¼).
  const central = alpha > 0.25;
  const logTarget = Math.log(central ? 0.5 - alpha : alpha);
  const logNu = Math.log(nu);
  /** g(u), increasing in u = ln t, and dg/du; t itself is never formed, so huge t cannot overflow. */
  const evaluate = (u: number): { g: number; dg: number } => {
    // With s = t²/ν: x = ν/(ν+t²) = 1/(1+s), y = t²/(ν+t²) = s/(1+s), from whichever of s and 1/s is ≤ 1.
    const logS = 2 * u - logNu;
    const small = Math.exp(-Math.abs(logS)); // min(s, 1/s), cannot overflow
    const log1pS = Math.max(logS, 0) + Math.log1p(small);
    const x = logS > 0 ? small / (1 + small) : 1 / (1 + small);
    const y = logS > 0 ? 1 / (1 + small) : small / (1 + small);
    const logX = -log1pS;
    const logY = logS - log1pS;
    // d/du of P(0 < T < t) is t·f(t), with f the t density.
    const logSlope = u + logDensityConst - ((nu + 1) / 2) * log1pS;
    if (central) {
      const logMass = -Math.LN2 + logRegularizedBeta(y, x, logY, logX, 0.5, a, logBeta);
      return { g: logMass - logTarget, dg: Math.exp(logSlope - logMass) };
    }
    const logTail = -Math.LN2 + logRegularizedBeta(x, y, logX, logY, a, 0.5, logBeta);
    return { g: logTarget - logTail, dg: Math.exp(logSlope - logTail) };
  };

  const guess = cornishFisherT(z, nu);
  let u = Math.log(guess > 0 && Number.isFinite(guess) ? guess : z);
  let lo = -Infinity; // g(lo) < 0
  let hi = Infinity; // g(hi) > 0
  for (let iter = 0; iter < 200; iter++) {
    const { g, dg } = evaluate(u);
    if (g === 0) break;
    if (g < 0) lo = u;
    else hi = u;
    let next = u - g / dg;
    if (!Number.isFinite(next) || next <= lo || next >= hi) {
      // Newton left the bracket: bisect if we have one, otherwise step out by a bounded amount.
      if (Number.isFinite(lo) && Number.isFinite(hi)) next = (lo + hi) / 2;
      else next = g < 0 ? u + 2 : u - 2;
    }
    const step = Math.abs(next - u);
    u = next;
    if (step <= 1e-15 * Math.max(1, Math.abs(u))) break;
  }
  return sign * Math.exp(u);
}

// ---------------------------------------------------------------------------------------------
// Intervals and KPI summaries
// ---------------------------------------------------------------------------------------------

/**
 * Wilson score interval for a proportion successes/n, on 0..1; null when n = 0.
 * Always within [0, 1] and contains p̂ (the ends are pinned at p̂ = 0 or 1, where they are exact).
 */
export function wilsonInterval(successes: number, n: number, level: number = DEFAULT_LEVEL): Interval | null {
  assertCount('successes', successes);
  assertCount('n', n);
  assertLevel(level);
  if (successes > n) throw new RangeError(`successes (${successes}) must not exceed n (${n})`);
  if (n === 0) return null;
  const z = zCritical(level);
  const z2 = z * z;
  const pHat = successes / n;
  const denominator = 1 + z2 / n;
  const centre = (pHat + z2 / (2 * n)) / denominator;
  const half = (z / denominator) * Math.sqrt((pHat * (1 - pHat)) / n + z2 / (4 * n * n));
  // Rounding can push an end a hair past p̂ or out of [0, 1]; the exact interval does neither.
  const low = successes === 0 ? 0 : clamp(Math.min(centre - half, pHat), 0, 1);
  const high = successes === n ? 1 : clamp(Math.max(centre + half, pHat), 0, 1);
  return { low, high, level };
}

/**
 * Rate with interval (SLA compliance, retention, repeat purchase, task or closed-loop completion):
 * value and Wilson interval in % (0..100); value and interval null when n = 0.
 */
export function rateSummary(
  successes: number,
  n: number,
  level: number = DEFAULT_LEVEL,
): { n: number; successes: number; value: number | null; interval: Interval | null } {
  const interval = wilsonInterval(successes, n, level);
  return {
    n,
    successes,
    value: n === 0 ? null : (100 * successes) / n,
    interval: interval && { low: 100 * interval.low, high: 100 * interval.high, level },
  };
}

/**
 * NPS from counts of promoters (9-10), passives (7-8) and detractors (0-6).
 * `value` = %promoters − %detractors in [-100, 100] (computed as exactly that difference);
 * the returned promoters/passives/detractors are the input counts. Interval: adjusted Wald
 * (see the module comment), clamped to [-100, 100] and widened, if needed, to contain `value`
 * (the pseudo-counts shrink the centre towards 0, which at low levels could exclude it).
 * n = 0 → value and interval null.
 */
export function npsSummary(
  c: { promoters: number; passives: number; detractors: number },
  level: number = DEFAULT_LEVEL,
): {
  n: number;
  value: number | null;
  promoters: number;
  passives: number;
  detractors: number;
  interval: Interval | null;
} {
  const { promoters, passives, detractors } = c;
  assertCount('promoters', promoters);
  assertCount('passives', passives);
  assertCount('detractors', detractors);
  assertLevel(level);
  const n = promoters + passives + detractors;
  if (!Number.isSafeInteger(n)) throw new RangeError(`promoters + passives + detractors is too large (${n})`);
  if (n === 0) return { n, value: null, promoters, passives, detractors, interval: null };

  const value = (100 * promoters) / n - (100 * detractors) / n;
  const nAdj = n + 3;
  const pPromoter = (promoters + 0.75) / nAdj;
  const pDetractor = (detractors + 0.75) / nAdj;
  const centre = pPromoter - pDetractor;
  // Variance of one response's score (+1 promoter, 0 passive, −1 detractor).
  const variance = Math.max(0, pPromoter + pDetractor - centre * centre);
  const half = zCritical(level) * Math.sqrt(variance / nAdj);
  const low = clamp(Math.min(100 * (centre - half), value), -100, 100);
  const high = clamp(Math.max(100 * (centre + half), value), -100, 100);
  return { n, value, promoters, passives, detractors, interval: { low, high, level } };
}

/**
 * CSAT: share (in %) of responses that are 4 or 5 on the 1-5 scale, with a Wilson interval in %.
 * `mean` (the average 1-5 score, if the query supplies it) is passed through after checking that
 * it is on the scale; it must be null/absent when n = 0.
 */
export function csatSummary(
  c: { satisfied: number; n: number; mean?: number | null },
  level: number = DEFAULT_LEVEL,
): { n: number; value: number | null; mean: number | null; interval: Interval | null } {
  const rate = rateSummary(c.satisfied, c.n, level);
  const mean = c.mean ?? null;
  if (mean !== null) {
    if (c.n === 0) throw new RangeError(`mean must be null when n is 0, got ${String(mean)}`);
    if (typeof mean !== 'number' || !(mean >= 1 && mean <= 5)) {
      throw new RangeError(`mean must be a number in [1, 5], got ${String(mean)}`);
    }
  }
  return { n: rate.n, value: rate.value, mean, interval: rate.interval };
}

const CES_MIN = 1;
const CES_MAX = 7;

/**
 * CES on 1-7 (higher = easier): mean with a Student-t interval (ν = n − 1) from n, Σx and Σx².
 * A slightly negative Σ(x − x̄)² from float error is treated as 0; a clearly negative one means
 * the aggregates are inconsistent and throws. The interval is clamped to the scale [1, 7];
 * n = 1 → interval null (no variance estimate); n = 0 → value and interval null.
 */
export function cesSummary(
  c: { n: number; sum: number; sumSquares: number },
  level: number = DEFAULT_LEVEL,
): { n: number; value: number | null; interval: Interval | null } {
  const { n, sum, sumSquares } = c;
  assertCount('n', n);
  assertFinite('sum', sum);
  assertFinite('sumSquares', sumSquares);
  assertLevel(level);
  if (sumSquares < 0) throw new RangeError(`sumSquares must be non-negative, got ${sumSquares}`);
  if (n === 0) {
    if (sum !== 0 || sumSquares !== 0) {
      throw new RangeError(`sum and sumSquares must be 0 when n is 0, got sum=${sum}, sumSquares=${sumSquares}`);
    }
    return { n, value: null, interval: null };
  }
  const mean = sum / n;
  // Tolerance of a few ulps at the scale's ends, for sums that went through floating point.
  const slack = 1e-9 * CES_MAX;
  if (mean < CES_MIN - slack || mean > CES_MAX + slack) {
    throw new RangeError(`sum / n must be within the CES scale [1, 7], got ${mean} (sum=${sum}, n=${n})`);
  }
  const value = clamp(mean, CES_MIN, CES_MAX);
  if (n === 1) return { n, value, interval: null };

  let squaredDeviations = sumSquares - mean * sum;
  if (squaredDeviations < 0) {
    if (squaredDeviations < -1e-9 * Math.max(1, sumSquares)) {
      throw new RangeError(`sumSquares (${sumSquares}) is smaller than sum²/n (${mean * sum}): inconsistent aggregates`);
    }
    squaredDeviations = 0;
  }
  const standardError = Math.sqrt(squaredDeviations / (n - 1) / n);
  const half = studentTQuantile(0.5 + level / 2, n - 1) * standardError;
  return {
    n,
    value,
    interval: {
      low: clamp(value - half, CES_MIN, value),
      high: clamp(value + half, value, CES_MAX),
      level,
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Sample quantile
// ---------------------------------------------------------------------------------------------

/**
 * Rearranges a[left..right] so that a[k] holds the k-th smallest value, everything before it is
 * ≤ a[k] and everything after it ≥ a[k]. Quickselect with a three-way partition (survey scores
 * repeat a lot) and median-of-three pivots; falls back to sorting when pivots keep being poor,
 * so the worst case stays O(n log n).
 */
function selectInPlace(a: Float64Array, k: number): void {
  let left = 0;
  let right = a.length - 1;
  let budget = 2 * Math.ceil(Math.log2(a.length + 1)) + 8;
  while (right > left) {
    if (budget-- === 0) {
      a.subarray(left, right + 1).sort();
      return;
    }
    const x = a[left]!;
    const y = a[(left + right) >>> 1]!;
    const z = a[right]!;
    const pivot = Math.max(Math.min(x, y), Math.min(Math.max(x, y), z));
    let lt = left;
    let i = left;
    let gt = right;
    while (i <= gt) {
      const v = a[i]!;
      if (v < pivot) {
        a[i++] = a[lt]!;
        a[lt++] = v;
      } else if (v > pivot) {
        a[i] = a[gt]!;
        a[gt--] = v;
      } else {
        i++;
      }
    }
    // Now a[left..lt-1] < pivot, a[lt..gt] = pivot, a[gt+1..right] > pivot.
    if (k < lt) right = lt - 1;
    else if (k > gt) left = gt + 1;
    else return;
  }
}

/**
 * Sample quantile of an unsorted list, type 7 of Hyndman & Fan (linear interpolation between
 * order statistics; what Postgres percentile_cont, R's default and numpy's default compute).
 * q in [0, 1]; null for an empty list. Runs in expected O(n) without sorting the whole list.
 */
export function quantile(values: readonly number[], q: number): number | null {
  assertProbability('q', q);
  for (let i = 0; i < values.length; i++) assertFinite(`values[${i}]`, values[i]!);
  const n = values.length;
  if (n === 0) return null;
  const h = (n - 1) * q;
  const k = Math.floor(h);
  const fraction = h - k;
  const a = Float64Array.from(values);
  selectInPlace(a, k);
  const below = a[k]!;
  if (fraction === 0 || k + 1 >= n) return below;
  let above = Infinity;
  for (let i = k + 1; i < n; i++) above = Math.min(above, a[i]!);
  const gap = above - below;
  // below + f·gap, capped at `above` so rounding cannot break monotonicity in q; the weighted
  // form is only for gaps that overflow a double.
  const interpolated = Number.isFinite(gap) ? below + fraction * gap : below * (1 - fraction) + above * fraction;
  return clamp(interpolated, below, above);
}

// ---------------------------------------------------------------------------------------------
// Classification
// ---------------------------------------------------------------------------------------------

/** NPS category of a 0-10 likelihood-to-recommend answer: 9-10 promoter, 7-8 passive, 0-6 detractor. */
export function npsCategory(score: number): NpsCategory {
  if (typeof score !== 'number' || !Number.isInteger(score) || score < 0 || score > 10) {
    throw new RangeError(`score must be an integer from 0 to 10, got ${String(score)}`);
  }
  if (score >= 9) return 'promoter';
  if (score >= 7) return 'passive';
  return 'detractor';
}
