/**
 * Special functions for the buy-till-you-die models: log-gamma, digamma and the Gauss
 * hypergeometric function 2F1(a, b; c; z) for real arguments.
 *
 * Domain handled by {@link hyp2f1}: real finite a, b, c with c not a non-positive integer
 * (unless the series terminates first), and real z < 1 (z = 1 when c - a - b > 0).
 *  - a or b a non-positive integer: the terminating polynomial, any z.
 *  - |z| <= 0.5 : the power series directly.
 *  - z < -0.5   : Pfaff, 2F1(a,b;c;z) = (1-z)^-a 2F1(a, c-b; c; z/(z-1)), mapping z into (1/3, 1).
 *  - 0.5 < z < 1: the series for z <= 0.75; above, the 1-z linear transformation
 *                 (A&S 15.3.6) when c-a-b is not (close to) an integer, else the series
 *                 (in its Euler-transformed form when that converges faster).
 * Every series checks convergence (relative term tolerance over a bounded tail) and throws
 * {@link Hyp2f1ConvergenceError} rather than returning an inaccurate value.
 */

/** Thrown when a hypergeometric series does not converge within the term budget. */
export class Hyp2f1ConvergenceError extends Error {
  constructor(
    readonly a: number,
    readonly b: number,
    readonly c: number,
    readonly z: number,
    readonly terms: number,
  ) {
    super(`hyp2f1(${a}, ${b}; ${c}; ${z}) did not converge within ${terms} terms`);
    this.name = 'Hyp2f1ConvergenceError';
  }
}

/** Options for {@link hyp2f1}. */
export interface Hyp2f1Options {
  /** Stop when the remaining tail is below this fraction of the sum. Default 1e-15. */
  tolerance?: number;
  /** Maximum number of series terms before throwing. Default 500,000. */
  maxTerms?: number;
}

// Lanczos approximation, g = 7, n = 9 (Numerical Recipes 3rd ed. §6.1 coefficients).
const LANCZOS_G = 7;
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
  -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
  1.5056327351493116e-7,
];
const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

function isNonPositiveInteger(x: number): boolean {
  return x <= 0 && Number.isInteger(x);
}

/** ln|Γ(x)| for real x (Infinity at the poles x = 0, -1, -2, ...). */
export function logGamma(x: number): number {
  if (isNonPositiveInteger(x)) return Infinity;
  if (x < 0.5) {
    // Reflection: Γ(x)Γ(1-x) = π / sin(πx).
    return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  }
  const y = x - 1;
  let s = LANCZOS[0]!;
  for (let i = 1; i < LANCZOS.length; i++) s += LANCZOS[i]! / (y + i);
  const t = y + LANCZOS_G + 0.5;
  return HALF_LOG_2PI + (y + 0.5) * Math.log(t) - t + Math.log(s);
}

/** Sign of Γ(x) for real x (0 at the poles). */
export function gammaSign(x: number): number {
  if (x > 0) return 1;
  if (isNonPositiveInteger(x)) return 0;
  // Γ alternates sign between consecutive negative integers: negative on (-1, 0).
  return Math.floor(x) % 2 === 0 ? 1 : -1;
}

/** Digamma ψ(x) = Γ'(x)/Γ(x) for real x (NaN at the poles). */
export function digamma(x: number): number {
  if (isNonPositiveInteger(x)) return NaN;
  if (x < 0) {
    // Reflection: ψ(1-x) - ψ(x) = π cot(πx).
    return digamma(1 - x) - Math.PI / Math.tan(Math.PI * x);
  }
  let acc = 0;
  // Recurrence ψ(x) = ψ(x+1) - 1/x until the asymptotic series is accurate.
  while (x < 10) {
    acc -= 1 / x;
    x += 1;
  }
  const inv = 1 / x;
  const inv2 = inv * inv;
  // A&S 6.3.18 asymptotic expansion.
  const series =
    inv2 * (1 / 12 - inv2 * (1 / 120 - inv2 * (1 / 252 - inv2 * (1 / 240 - inv2 * (1 / 132 - inv2 * (691 / 32760))))));
  return acc + Math.log(x) - 0.5 * inv - series;
}

/**
 * Gauss hypergeometric function 2F1(a, b; c; z) for real arguments (see the module comment
 * for the domain). Throws RangeError outside it and Hyp2f1ConvergenceError when a series
 * fails to converge.
 */
export function hyp2f1(a: number, b: number, c: number, z: number, options: Hyp2f1Options = {}): number {
  const tol = options.tolerance ?? 1e-15;
  const maxTerms = options.maxTerms ?? 500_000;
  if (![a, b, c, z].every(Number.isFinite)) throw new RangeError(`hyp2f1: non-finite argument (${a}, ${b}; ${c}; ${z})`);
  if (z === 0 || a === 0 || b === 0) return 1;

  // Terminating series: a polynomial of degree -a (or -b), valid for every z.
  const n = Math.min(isNonPositiveInteger(a) ? -a : Infinity, isNonPositiveInteger(b) ? -b : Infinity);
  if (n !== Infinity) {
    if (isNonPositiveInteger(c) && -c < n) throw new RangeError(`hyp2f1: c = ${c} is a pole`);
    return polynomial(a, b, c, z, n);
  }
  if (isNonPositiveInteger(c)) throw new RangeError(`hyp2f1: c = ${c} is a non-positive integer`);
  if (z > 1) throw new RangeError(`hyp2f1: z = ${z} > 1 is outside the real domain handled`);
  if (z === 1) {
    // Gauss's summation theorem (A&S 15.1.20), valid when c - a - b > 0.
    if (c - a - b <= 0) throw new RangeError(`hyp2f1: diverges at z = 1 when c - a - b <= 0`);
    return gammaRatio([c, c - a - b], [c - a, c - b]);
  }
  if (z < -0.5) {
    // Pfaff transformation (A&S 15.3.4): maps z < -0.5 into w = z/(z-1) in (1/3, 1).
    const w = z / (z - 1);
    return Math.pow(1 - z, -a) * hyp2f1(a, c - b, c, w, options);
  }
  if (z <= 0.75) return series(a, b, c, z, tol, maxTerms);

  const m = c - a - b;
  if (Math.abs(m - Math.round(m)) > 1e-5) {
    // Linear transformation z -> 1-z (A&S 15.3.6); both series then converge fast (1-z < 0.25).
    const w = 1 - z;
    const c1 = gammaRatio([c, m], [c - a, c - b]);
    const c2 = gammaRatio([c, -m], [a, b]);
    const t1 = c1 === 0 ? 0 : c1 * series(a, b, 1 - m, w, tol, maxTerms);
    const t2 = c2 === 0 ? 0 : c2 * Math.pow(w, m) * series(c - a, c - b, m + 1, w, tol, maxTerms);
    return t1 + t2;
  }
  // c - a - b (near) integer: 15.3.6 cancels catastrophically, so sum the series directly.
  // Its terms decay like n^(a+b-c-1) z^n; Euler's form (A&S 15.3.3) like n^(c-a-b-1) z^n.
  if (m < 0) return Math.pow(1 - z, m) * series(c - a, c - b, c, z, tol, maxTerms);
  return series(a, b, c, z, tol, maxTerms);
}

/** Γ(n1)Γ(n2).../(Γ(d1)Γ(d2)...), signed, with 1/Γ(pole) = 0. */
function gammaRatio(nums: number[], dens: number[]): number {
  let logv = 0;
  let sign = 1;
  for (const d of dens) {
    if (isNonPositiveInteger(d)) return 0;
    logv -= logGamma(d);
    sign *= gammaSign(d);
  }
  for (const n of nums) {
    logv += logGamma(n);
    sign *= gammaSign(n);
  }
  return sign * Math.exp(logv);
}

function polynomial(a: number, b: number, c: number, z: number, n: number): number {
  let term = 1;
  let sum = 1;
  for (let k = 0; k < n; k++) {
    term *= ((a + k) * (b + k) * z) / ((c + k) * (k + 1));
    sum += term;
  }
  return sum;
}

/** The power series Σ (a)_n (b)_n / ((c)_n n!) z^n for |z| < 1, with a convergence check. */
function series(a: number, b: number, c: number, z: number, tol: number, maxTerms: number): number {
  let term = 1;
  let sum = 1;
  const az = Math.abs(z);
  for (let n = 0; n < maxTerms; n++) {
    const ratio = ((a + n) * (b + n)) / ((c + n) * (n + 1));
    term *= ratio * z;
    sum += term;
    if (term === 0) return sum;
    // Once the term ratio is below 1 and falling towards |z|, the tail is bounded by a
    // geometric series with ratio max(|ratio·z|, |z|).
    const rho = Math.max(Math.abs(ratio) * az, az);
    if (rho < 1 && n + 1 > Math.abs(a) + Math.abs(b) - c) {
      const tail = (Math.abs(term) * rho) / (1 - rho);
      if (tail <= tol * Math.abs(sum)) return sum;
    }
  }
  throw new Hyp2f1ConvergenceError(a, b, c, z, maxTerms);
}
