/**
 * Pareto/NBD model (Schmittlein, Morrison & Colombo 1987): purchases Poisson(λ) while alive,
 * λ ~ Gamma(r, α); lifetime Exponential(μ), μ ~ Gamma(s, β). Likelihood as in Fader, Hardie &
 * Lee (2005), "A Note on Implementing the Pareto/NBD Model in MATLAB", with its α ≥ β / α < β
 * case split so the 2F1 argument stays in [0, 1).
 */
import type { CustomerSummary } from './bgnbd.js';
import { validateSummaries } from './bgnbd.js';
import { digamma, hyp2f1, logGamma } from './hyp2f1.js';
import { hessianFromGradient, minimizeBfgs, standardErrorsFromLogHessian } from './optimize.js';

/** Pareto/NBD parameters. */
export interface ParetoNbdParams {
  r: number;
  alpha: number;
  s: number;
  beta: number;
}

/** Result of {@link fitParetoNbd}. */
export interface ParetoNbdFit {
  params: ParetoNbdParams;
  stderr: ParetoNbdParams;
  logLikelihood: number;
  /** Log-likelihood evaluations (each with its analytic gradient) used by the optimiser. */
  evaluations: number;
  /** All log-likelihood passes, including the 8 spent on the finite-difference Hessian for the standard errors. */
  likelihoodEvaluations: number;
  iterations: number;
  converged: boolean;
  customers: number;
}

const KEYS = ['r', 'alpha', 's', 'beta'] as const;
const fromLog = (u: readonly number[]): ParetoNbdParams => ({ r: Math.exp(u[0]!), alpha: Math.exp(u[1]!), s: Math.exp(u[2]!), beta: Math.exp(u[3]!) });

/**
 * One customer's Pareto/NBD log-likelihood, FHL 2005 MATLAB note eq. (1)-(3):
 *   L = Γ(r+x) α^r β^s / Γ(r) · { 1/((α+T)^(r+x) (β+T)^s) + s/(r+s+x) · A0 }
 *   α ≥ β: A0 = 2F1(r+s+x, s+1; r+s+x+1; (α-β)/(α+tx)) / (α+tx)^(r+s+x)
 *             - 2F1(r+s+x, s+1; r+s+x+1; (α-β)/(α+T)) / (α+T)^(r+s+x)
 *   α < β: the same with (α, s+1) replaced by (β, r+x).
 */
export function paretoNbdCustomerLogLikelihood(params: ParetoNbdParams, x: number, tx: number, T: number): number {
  const { r, alpha, s, beta } = params;
  const rsx = r + s + x;
  const [big, b2] = alpha >= beta ? [alpha, s + 1] : [beta, r + x];
  const diff = Math.abs(alpha - beta);
  const logF = (y: number): number => Math.log(hyp2f1(rsx, b2, rsx + 1, diff / (big + y))) - rsx * Math.log(big + y);
  const head = logGamma(r + x) - logGamma(r) + r * Math.log(alpha) + s * Math.log(beta);
  const first = -(r + x) * Math.log(alpha + T) - s * Math.log(beta + T);
  if (tx >= T) return head + first;
  const l1 = logF(tx);
  const l2 = logF(T);
  // ln A0 = l1 + ln(1 - e^(l2 - l1)); A0 > 0 because F decreases in y.
  const logA0 = l1 + Math.log(-Math.expm1(l2 - l1));
  const second = Math.log(s / rsx) + logA0;
  const m = Math.max(first, second);
  return head + m + Math.log(Math.exp(first - m) + Math.exp(second - m));
}

/** Total Pareto/NBD log-likelihood over customers (FHL 2005 MATLAB note). */
export function paretoNbdLogLikelihood(params: ParetoNbdParams, customers: readonly CustomerSummary[]): number {
  let ll = 0;
  for (const c of customers) ll += paretoNbdCustomerLogLikelihood(params, c.x, c.tx, c.T);
  return ll;
}

/**
 * Terms of the Pareto/NBD tail integral used for the likelihood and its gradient.
 *
 * With λ ~ Gamma(r, α) and μ ~ Gamma(s, β), integrating the individual-level likelihood
 * λ^x e^{-(λ+μ)T} + λ^x μ ∫_{tx}^{T} e^{-(λ+μ)τ} dτ (Fader & Hardie 2005 derivations note, eq. 3-4)
 * over the mixing distributions gives
 *   L = C · [ E + s · ∫_{tx}^{T} (α+τ)^{-(r+x)} (β+τ)^{-(s+1)} dτ ],
 *   C = Γ(r+x) α^r β^s / Γ(r),   E = (α+T)^{-(r+x)} (β+T)^{-s}.
 * Expanding (1 - d/(M+τ))^{-b} binomially (α ≥ β: M = α, d = α-β, b = s+1; α < β: M = β,
 * d = β-α, b = r+x) and integrating term by term:
 *   ∫_{y}^{∞} (α+τ)^{-(r+x)} (β+τ)^{-(s+1)} dτ = K(y) = (M+y)^{-a} H(a, b, z),   a = r+s+x,
 *   H(a, b, z) = Σ_n (b)_n / n! · z^n / (a+n) = 2F1(a, b; a+1; z) / a,   z = d/(M+y) ∈ [0, 1),
 * which is the FHL 2005 MATLAB note's A0: s/(r+s+x) · A0 = s · (K(tx) - K(T)).
 * The series has positive terms, so H and its parameter derivatives
 *   ∂H/∂a = -Σ (b)_n/n! z^n/(a+n)²,  ∂H/∂b = Σ (b)_n/n! z^n/(a+n) · Σ_{k<n} 1/(b+k),
 *   ∂H/∂z = Σ_{n≥1} (b)_n/(n-1)! z^{n-1}/(a+n)
 * are summed together without cancellation.
 */
interface HTerms {
  h: number;
  ha: number;
  hb: number;
  hz: number;
}

const SERIES_TOL = 1e-17;
const SERIES_MAX_TERMS = 2_000_000;

/** H(a, b, z) and its partial derivatives; null when the series does not converge in budget. */
function hSeries(a: number, b: number, z: number): HTerms | null {
  let h = 1 / a;
  let ha = -1 / (a * a);
  let hb = 0;
  let hz = 0;
  if (z === 0) return { h, ha, hb, hz: b / (a + 1) };
  // v_n = (b)_n / (n-1)! z^{n-1}, n ≥ 1; the n-th term of H is v_n z / (n (a+n)).
  let v = b;
  let harmonic = 0; // Σ_{k<n} 1/(b+k)
  for (let n = 1; n < SERIES_MAX_TERMS; n++) {
    harmonic += 1 / (b + n - 1);
    const inv = 1 / (a + n);
    const term = (v * z) / n * inv;
    h += term;
    ha -= term * inv;
    hb += term * harmonic;
    hz += v * inv;
    // Ratio of consecutive v's; once below 1 the tails are bounded geometrically (the
    // harmonic factor grows more slowly than the margin allowed below).
    // v_{n+1}/v_n = (b+n) z / n decreases in n (b > 0), so once it is below 1 every later
    // term of each sum is bounded by a geometric series; the harmonic factor of ∂H/∂b grows
    // by at most 1/(b+n) per step, covered by the (1 + 1/n) margin.
    const ratio = ((b + n) * z) / n;
    v *= ratio;
    const rho = ratio * (1 + 1 / n);
    if (rho < 1 && (v * (1 + harmonic + 1 / (b + n))) / (1 - rho) <= SERIES_TOL * Math.min(h, hz)) return { h, ha, hb, hz };
  }
  return null;
}

/** H(a, b, z) alone (same series and stopping rule as {@link hSeries}); NaN if it does not converge. */
function hValue(a: number, b: number, z: number): number {
  let h = 1 / a;
  if (z === 0) return h;
  let v = b;
  for (let n = 1; n < SERIES_MAX_TERMS; n++) {
    h += (v * z) / (n * (a + n));
    const ratio = ((b + n) * z) / n;
    v *= ratio;
    const rho = ratio * (1 + 1 / n);
    if (rho < 1 && v / (1 - rho) <= SERIES_TOL * h) return h;
  }
  return NaN;
}

/** ln K(y) and its gradient with respect to (r, α, s, β) (not log-parameters). */
function logKWithGradient(p: ParetoNbdParams, x: number, y: number, out: number[]): number | null {
  const { r, alpha, s, beta } = p;
  const a = r + s + x;
  const alphaBig = alpha >= beta;
  const M = (alphaBig ? alpha : beta) + y;
  const d = alphaBig ? alpha - beta : beta - alpha;
  const b = alphaBig ? s + 1 : r + x;
  const z = d / M;
  const t = hSeries(a, b, z);
  if (!t) return null;
  const lnM = Math.log(M);
  const dA = t.ha / t.h;
  const dB = t.hb / t.h;
  const dZ = t.hz / t.h;
  // ln K = -a ln M + ln H; a = r+s+x; z = d/M.
  if (alphaBig) {
    // b = s+1; ∂z/∂α = (β+y)/M², ∂z/∂β = -1/M.
    out[0] = -lnM + dA;
    out[1] = -a / M + (dZ * (beta + y)) / (M * M);
    out[2] = -lnM + dA + dB;
    out[3] = -dZ / M;
  } else {
    // b = r+x; ∂z/∂β = (α+y)/M², ∂z/∂α = -1/M.
    out[0] = -lnM + dA + dB;
    out[1] = -dZ / M;
    out[2] = -lnM + dA;
    out[3] = -a / M + (dZ * (alpha + y)) / (M * M);
  }
  return -a * lnM + Math.log(t.h);
}

/**
 * Total Pareto/NBD log-likelihood and its analytic gradient with respect to
 * (ln r, ln α, ln s, ln β), from the representation above:
 *   ln L = ln C + ln(E + s (K(tx) - K(T))).
 * Returns NaN (value and gradient) if a series fails to converge, so that a line search backs off.
 */
export function paretoNbdLogLikelihoodWithGradient(
  params: ParetoNbdParams,
  customers: readonly CustomerSummary[],
): { value: number; gradient: number[] } {
  const { r, alpha, s, beta } = params;
  const lnAlpha = Math.log(alpha);
  const lnBeta = Math.log(beta);
  const digR = digamma(r);
  const lgR = logGamma(r);
  const byX = new Map<number, { lg: number; dg: number }>();
  const g1 = [0, 0, 0, 0];
  const g2 = [0, 0, 0, 0];
  // Compensated (Neumaier) sums: with ~1e6 customers a naive sum's rounding (~1e-13 of the
  // mean) exceeds the optimiser's convergence tolerance and stalls the line search.
  const sum = new Float64Array(5);
  const comp = new Float64Array(5);
  const add = (k: number, v: number): void => {
    const t = sum[k]! + v;
    comp[k]! += Math.abs(sum[k]!) >= Math.abs(v) ? sum[k]! - t + v : v - t + sum[k]!;
    sum[k] = t;
  };
  for (const c of customers) {
    const { x, tx, T } = c;
    let xt = byX.get(x);
    if (!xt) {
      xt = { lg: logGamma(r + x) - lgR, dg: digamma(r + x) - digR };
      byX.set(x, xt);
    }
    // ln C = ln Γ(r+x) - ln Γ(r) + r ln α + s ln β; ln E = -(r+x) ln(α+T) - s ln(β+T).
    const lnAT = Math.log(alpha + T);
    const lnBT = Math.log(beta + T);
    const lnE = -(r + x) * lnAT - s * lnBT;
    let lk1: number | null = 0;
    let lk2: number | null = 0;
    if (tx < T) {
      lk1 = logKWithGradient(params, x, tx, g1);
      lk2 = logKWithGradient(params, x, T, g2);
      if (lk1 === null || lk2 === null) return { value: NaN, gradient: [NaN, NaN, NaN, NaN] };
    }
    // ln(K1 - K2) = ln K1 + ln(1 - ρ), ρ = K2/K1 < 1 (K decreases in y);
    // ∂ln(K1 - K2) = (∂ln K1 - ρ ∂ln K2) / (1 - ρ).
    const rho = Math.exp(lk2 - lk1);
    const oneMinusRho = -Math.expm1(lk2 - lk1);
    let li = xt.lg + r * lnAlpha + s * lnBeta;
    let gr = xt.dg + lnAlpha;
    let ga = r / alpha;
    let gs = lnBeta;
    let gb = s / beta;
    if (!(oneMinusRho > 0)) {
      // tx = T (or T - tx below rounding): the dead-in-(tx, T] term vanishes.
      li += lnE;
      gr -= lnAT;
      ga -= (r + x) / (alpha + T);
      gs -= lnBT;
      gb -= s / (beta + T);
    } else {
      const lnS2 = Math.log(s) + lk1 + Math.log(oneMinusRho);
      const m = Math.max(lnE, lnS2);
      const eE = Math.exp(lnE - m);
      const eS = Math.exp(lnS2 - m);
      const tot = eE + eS;
      li += m + Math.log(tot);
      const wE = eE / tot;
      const wS = eS / tot;
      const dS = (i: number): number => (g1[i]! - rho * g2[i]!) / oneMinusRho;
      gr += -wE * lnAT + wS * dS(0);
      ga += (-wE * (r + x)) / (alpha + T) + wS * dS(1);
      gs += -wE * lnBT + wS * (1 / s + dS(2));
      gb += (-wE * s) / (beta + T) + wS * dS(3);
    }
    add(0, li);
    add(1, gr);
    add(2, ga);
    add(3, gs);
    add(4, gb);
  }
  const total = (k: number): number => sum[k]! + comp[k]!;
  // Chain rule to log-parameters: ∂/∂ln θ = θ ∂/∂θ.
  return { value: total(0), gradient: [total(1) * r, total(2) * alpha, total(3) * s, total(4) * beta] };
}

/**
 * Fit Pareto/NBD by maximum likelihood: BFGS on the log-parameters with the analytic gradient
 * of {@link paretoNbdLogLikelihoodWithGradient}, then standard errors from a central-difference
 * Hessian of that gradient (delta method from log-parameters).
 */
export function fitParetoNbd(customers: readonly CustomerSummary[], start?: ParetoNbdParams): ParetoNbdFit {
  if (customers.length === 0) throw new RangeError('fitParetoNbd: no customers');
  validateSummaries(customers);
  const n = customers.length;
  const meanT = customers.reduce((acc, c) => acc + c.T, 0) / n;
  const s0 = start ?? { r: 1, alpha: Math.max(1e-3, meanT / 4), s: 1, beta: Math.max(1e-3, meanT / 4) };
  let likelihoodEvaluations = 0;
  // Minimise the mean negative log-likelihood so tolerances do not depend on n.
  const objective = (u: readonly number[]): { value: number; gradient: number[] } => {
    likelihoodEvaluations++;
    const { value, gradient } = paretoNbdLogLikelihoodWithGradient(fromLog(u), customers);
    return { value: -value / n, gradient: gradient.map((g) => -g / n) };
  };
  const res = minimizeBfgs(objective, KEYS.map((k) => Math.log(s0[k])), { gradientTolerance: 1e-7 });
  const hessian = hessianFromGradient((u) => objective(u).gradient.map((g) => g * n), res.x);
  const se = standardErrorsFromLogHessian(hessian, res.x);
  return {
    params: fromLog(res.x),
    stderr: { r: se[0]!, alpha: se[1]!, s: se[2]!, beta: se[3]! },
    logLikelihood: -res.value * n,
    evaluations: res.evaluations,
    likelihoodEvaluations,
    iterations: res.iterations,
    converged: res.converged,
    customers: n,
  };
}

/**
 * ln(s · (K(tx) - K(T))) - ln E, the log-odds of "died in (tx, T]" against "alive at T" given the
 * data, with K and E as in {@link paretoNbdLogLikelihoodWithGradient}; -Infinity when tx = T.
 * (FHL 2005 derivations note eq. 36-37: P(alive) = 1 / (1 + s/(r+s+x) (α+T)^(r+x) (β+T)^s A0).)
 */
function logOddsDead(params: ParetoNbdParams, x: number, tx: number, T: number): number {
  if (tx >= T) return -Infinity;
  const { r, alpha, s, beta } = params;
  const a = r + s + x;
  const [big, b] = alpha >= beta ? [alpha, s + 1] : [beta, r + x];
  const d = Math.abs(alpha - beta);
  // ln K(y) = -a ln(M+y) + ln H(a, b, d/(M+y)), H = 2F1(a, b; a+1; z)/a summed as a positive
  // series (more accurate than the 2F1 transformations near z = 1); 2F1 if it does not converge.
  const logK = (y: number): number => {
    const z = d / (big + y);
    const h = hValue(a, b, z);
    const lnH = Number.isFinite(h) ? Math.log(h) : Math.log(hyp2f1(a, b, a + 1, z)) - Math.log(a);
    return lnH - a * Math.log(big + y);
  };
  const l1 = logK(tx);
  const l2 = logK(T);
  const lnE = -(r + x) * Math.log(alpha + T) - s * Math.log(beta + T);
  return Math.log(s) + l1 + Math.log(-Math.expm1(l2 - l1)) - lnE;
}

/**
 * Probability that a customer with history (x, tx, T) is still alive at T, Pareto/NBD
 * (Fader & Hardie 2005 derivations note eq. 36-37; Schmittlein et al. 1987 eq. 11):
 *   P(alive | x, tx, T) = 1 / (1 + s/(r+s+x) · (α+T)^(r+x) (β+T)^s · A0).
 */
export function paretoNbdProbabilityAlive(params: ParetoNbdParams, x: number, tx: number, T: number): number {
  const lo = logOddsDead(params, x, tx, T);
  // Logistic of -lo, written to avoid overflow at either extreme.
  return lo > 0 ? Math.exp(-lo) / (1 + Math.exp(-lo)) : 1 / (1 + Math.exp(lo));
}

/**
 * Expected repeat transactions in (T, T+t] given (x, tx, T), Pareto/NBD (Fader & Hardie 2005
 * derivations note eq. 41; Schmittlein et al. 1987 eq. 22):
 *   E[Y(t) | x, tx, T] = (r+x)(β+T) / ((α+T)(s-1)) · [1 - ((β+T)/(β+T+t))^(s-1)] · P(alive | x, tx, T),
 * with the s → 1 limit (r+x)(β+T)/(α+T) · ln((β+T+t)/(β+T)).
 */
export function paretoNbdConditionalExpectedTransactions(params: ParetoNbdParams, t: number, x: number, tx: number, T: number): number {
  if (t <= 0) return 0;
  const { r, alpha, s, beta } = params;
  // [1 - q^(s-1)] / (s-1) with ln q = -ln(1 + t/(β+T)), accurate near s = 1 through expm1.
  const lnInvQ = Math.log1p(t / (beta + T));
  const ratio = Math.abs(s - 1) < 1e-12 ? lnInvQ : -Math.expm1(-(s - 1) * lnInvQ) / (s - 1);
  return (((r + x) * (beta + T)) / (alpha + T)) * ratio * paretoNbdProbabilityAlive(params, x, tx, T);
}
