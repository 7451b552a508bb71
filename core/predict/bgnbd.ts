/**
 * BG/NBD model (Fader, Hardie & Lee 2005, "Counting Your Customers the Easy Way", Marketing
 * Science 24(2)): while alive a customer buys as Poisson(λ), λ ~ Gamma(r, α); after each
 * purchase she drops out with probability p, p ~ Beta(a, b).
 *
 * Inputs are per-customer calibration summaries: x = repeat transactions, tx = time of the
 * last repeat transaction (0 when x = 0), T = time since the first transaction; any time unit.
 */
import { digamma, hyp2f1, logGamma } from './hyp2f1.js';
import { hessianFromGradient, minimizeBfgs, standardErrorsFromLogHessian } from './optimize.js';

/** One customer's calibration summary. */
export interface CustomerSummary {
  /** Repeat transactions (frequency), a non-negative integer. */
  x: number;
  /** Recency: time of the last repeat transaction since the first; 0 when x = 0. */
  tx: number;
  /** Age: time from the first transaction to the end of calibration. */
  T: number;
}

/** BG/NBD parameters. */
export interface BgNbdParams {
  r: number;
  alpha: number;
  a: number;
  b: number;
}

/** Result of {@link fitBgNbd}. */
export interface BgNbdFit {
  params: BgNbdParams;
  /** Standard errors from the inverse Hessian (delta method from log-parameters). */
  stderr: BgNbdParams;
  logLikelihood: number;
  /** Log-likelihood (with gradient) evaluations used by the optimiser. */
  evaluations: number;
  iterations: number;
  converged: boolean;
  customers: number;
}

/** Options for {@link fitBgNbd}. */
export interface BgNbdFitOptions {
  /** Starting parameters; default r = a = b = 1, alpha = mean T / 10 (at least 1e-3). */
  start?: BgNbdParams;
  /** Gradient tolerance on the mean log-likelihood per customer (log-parameters). Default 1e-7:
   * on CDNOW that is ~1e-7 relative in the parameters, and tighter tolerances hit the
   * rounding floor of the summed likelihood. */
  gradientTolerance?: number;
}

const KEYS = ['r', 'alpha', 'a', 'b'] as const;
const toLog = (p: BgNbdParams): number[] => KEYS.map((k) => Math.log(p[k]));
const fromLog = (u: readonly number[]): BgNbdParams => ({ r: Math.exp(u[0]!), alpha: Math.exp(u[1]!), a: Math.exp(u[2]!), b: Math.exp(u[3]!) });

/** Throws RangeError unless every summary is a valid (x, tx, T). */
export function validateSummaries(customers: readonly CustomerSummary[]): void {
  customers.forEach((c, i) => {
    const ok =
      Number.isInteger(c.x) && c.x >= 0 && Number.isFinite(c.tx) && Number.isFinite(c.T) &&
      c.tx >= 0 && c.T > 0 && c.tx <= c.T && (c.x > 0 || c.tx === 0);
    if (!ok) throw new RangeError(`invalid customer summary at index ${i}: ${JSON.stringify(c)}`);
  });
}

/** Per-x terms of the likelihood that depend on the parameters only through x (shared across customers). */
interface XTerms {
  lg: number; // A1 - r ln α  : ln Γ(r+x) - ln Γ(r)
  dlgR: number; // ψ(r+x) - ψ(r)
  a2: number; // A2
  dA2a: number;
  dA2b: number;
}

function xTerms(p: BgNbdParams, x: number): XTerms {
  const { r, a, b } = p;
  return {
    lg: logGamma(r + x) - logGamma(r),
    dlgR: digamma(r + x) - digamma(r),
    a2: logGamma(a + b) + logGamma(b + x) - logGamma(b) - logGamma(a + b + x),
    dA2a: digamma(a + b) - digamma(a + b + x),
    dA2b: digamma(a + b) + digamma(b + x) - digamma(b) - digamma(a + b + x),
  };
}

/**
 * Sum of the log-likelihood and its gradient with respect to (ln r, ln α, ln a, ln b).
 * FHL 2005 eq. (6), in the log-space form of Hardie's "Implementing the BG/NBD model" note:
 *   ln L = A1 + A2 + ln(e^A3 + δ(x>0) e^A4)
 *   A1 = ln Γ(r+x) - ln Γ(r) + r ln α
 *   A2 = ln Γ(a+b) + ln Γ(b+x) - ln Γ(b) - ln Γ(a+b+x)
 *   A3 = -(r+x) ln(α+T)
 *   A4 = ln a - ln(b+x-1) - (r+x) ln(α+tx)
 */
export function bgnbdLogLikelihoodWithGradient(
  params: BgNbdParams,
  customers: readonly CustomerSummary[],
): { value: number; gradient: number[] } {
  const { r, alpha, a, b } = params;
  const cache = new Map<number, XTerms>();
  const lnAlpha = Math.log(alpha);
  let ll = 0;
  let gr = 0;
  let gAlpha = 0;
  let ga = 0;
  let gb = 0;
  for (const c of customers) {
    const { x } = c;
    let t = cache.get(x);
    if (!t) {
      t = xTerms(params, x);
      cache.set(x, t);
    }
    const lnAT = Math.log(alpha + c.T);
    const a3 = -(r + x) * lnAT;
    ll += t.lg + r * lnAlpha + t.a2;
    gr += t.dlgR + lnAlpha;
    gAlpha += r / alpha;
    ga += t.dA2a;
    gb += t.dA2b;
    if (x === 0) {
      ll += a3;
      gr -= lnAT;
      gAlpha -= (r + x) / (alpha + c.T);
      continue;
    }
    const lnAtx = Math.log(alpha + c.tx);
    const a4 = Math.log(a) - Math.log(b + x - 1) - (r + x) * lnAtx;
    // ln(e^A3 + e^A4) stably; w3, w4 are the shares of the two terms.
    const m = Math.max(a3, a4);
    const e3 = Math.exp(a3 - m);
    const e4 = Math.exp(a4 - m);
    const sum = e3 + e4;
    ll += m + Math.log(sum);
    const w3 = e3 / sum;
    const w4 = e4 / sum;
    gr -= w3 * lnAT + w4 * lnAtx;
    gAlpha -= (r + x) * (w3 / (alpha + c.T) + w4 / (alpha + c.tx));
    ga += w4 / a;
    gb -= w4 / (b + x - 1);
  }
  // Chain rule to log-parameters: ∂/∂ln θ = θ ∂/∂θ.
  return { value: ll, gradient: [gr * r, gAlpha * alpha, ga * a, gb * b] };
}

/** Total BG/NBD log-likelihood (FHL 2005 eq. 6). */
export function bgnbdLogLikelihood(params: BgNbdParams, customers: readonly CustomerSummary[]): number {
  return bgnbdLogLikelihoodWithGradient(params, customers).value;
}

/** Per-customer BG/NBD log-likelihoods (FHL 2005 eq. 6). */
export function bgnbdCustomerLogLikelihoods(params: BgNbdParams, customers: readonly CustomerSummary[]): Float64Array {
  const out = new Float64Array(customers.length);
  customers.forEach((c, i) => {
    out[i] = bgnbdLogLikelihood(params, [c]);
  });
  return out;
}

/**
 * Fit BG/NBD by maximum likelihood: BFGS on the log-parameters with the analytic gradient,
 * then standard errors from a finite-difference Hessian of that gradient.
 */
export function fitBgNbd(customers: readonly CustomerSummary[], options: BgNbdFitOptions = {}): BgNbdFit {
  if (customers.length === 0) throw new RangeError('fitBgNbd: no customers');
  validateSummaries(customers);
  const n = customers.length;
  const meanT = customers.reduce((s, c) => s + c.T, 0) / n;
  const start = options.start ?? { r: 1, alpha: Math.max(1e-3, meanT / 10), a: 1, b: 1 };
  // Minimise the mean negative log-likelihood so tolerances do not depend on n.
  const objective = (u: readonly number[]): { value: number; gradient: number[] } => {
    const { value, gradient } = bgnbdLogLikelihoodWithGradient(fromLog(u), customers);
    return { value: -value / n, gradient: gradient.map((g) => -g / n) };
  };
  const res = minimizeBfgs(objective, toLog(start), { gradientTolerance: options.gradientTolerance ?? 1e-7 });
  const params = fromLog(res.x);
  const hessian = hessianFromGradient((u) => objective(u).gradient.map((g) => g * n), res.x);
  const se = standardErrorsFromLogHessian(hessian, res.x);
  return {
    params,
    stderr: { r: se[0]!, alpha: se[1]!, a: se[2]!, b: se[3]! },
    logLikelihood: -res.value * n,
    evaluations: res.evaluations,
    iterations: res.iterations,
    converged: res.converged,
    customers: n,
  };
}

// The formulas below divide by (a - 1); at a = 1 the singularity is removable, so average
// the two sides to stay finite.
function nearOne(a: number, f: (a: number) => number): number {
  if (Math.abs(a - 1) > 1e-7) return f(a);
  return 0.5 * (f(1 - 1e-6) + f(1 + 1e-6));
}

/**
 * Expected repeat transactions in (0, t] for a newly acquired customer, FHL 2005 eq. (7):
 * E[X(t)] = (a+b-1)/(a-1) · [1 - (α/(α+t))^r · 2F1(r, b; a+b-1; t/(α+t))].
 */
export function expectedTransactions(params: BgNbdParams, t: number): number {
  const { r, alpha, b } = params;
  if (t <= 0) return 0;
  return nearOne(params.a, (a) => {
    const f = hyp2f1(r, b, a + b - 1, t / (alpha + t));
    return ((a + b - 1) / (a - 1)) * (1 - Math.exp(r * Math.log(alpha / (alpha + t))) * f);
  });
}

/**
 * Expected repeat transactions in (T, T+t] given (x, tx, T), FHL 2005 eq. (10):
 * E[Y(t)|x,tx,T] = (a+b+x-1)/(a-1) · [1 - ((α+T)/(α+T+t))^(r+x) · 2F1(r+x, b+x; a+b+x-1; t/(α+T+t))]
 *                  / (1 + δ(x>0) · a/(b+x-1) · ((α+T)/(α+tx))^(r+x)).
 */
export function conditionalExpectedTransactions(params: BgNbdParams, t: number, x: number, tx: number, T: number): number {
  const { r, alpha, b } = params;
  if (t <= 0) return 0;
  return nearOne(params.a, (a) => {
    const f = hyp2f1(r + x, b + x, a + b + x - 1, t / (alpha + T + t));
    const num = ((a + b + x - 1) / (a - 1)) * (1 - Math.exp((r + x) * Math.log((alpha + T) / (alpha + T + t))) * f);
    // Denominator in log space: its second term overflows for very frequent, long-silent customers.
    const logOdds = x > 0 ? Math.log(a / (b + x - 1)) + (r + x) * Math.log((alpha + T) / (alpha + tx)) : -Infinity;
    return num / (1 + Math.exp(logOdds));
  });
}

/**
 * Probability the customer is still alive at T, FHL 2005 eq. (9) (Fader, Hardie & Lee 2008 note):
 * P(alive | x, tx, T) = 1 / (1 + δ(x>0) · a/(b+x-1) · ((α+T)/(α+tx))^(r+x)).
 */
export function probabilityAlive(params: BgNbdParams, x: number, tx: number, T: number): number {
  if (x === 0) return 1;
  const { r, alpha, a, b } = params;
  const logOdds = Math.log(a / (b + x - 1)) + (r + x) * Math.log((alpha + T) / (alpha + tx));
  // Logistic of -logOdds, written to avoid overflow at either extreme.
  return logOdds > 0 ? Math.exp(-logOdds) / (1 + Math.exp(-logOdds)) : 1 / (1 + Math.exp(logOdds));
}
