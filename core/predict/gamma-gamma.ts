/**
 * Gamma-Gamma spend model (Fader & Hardie 2013, "The Gamma-Gamma Model of Monetary Value",
 * building on Colombo & Jiang 1999): a customer's transaction values are Gamma(p, ν) with
 * ν ~ Gamma(q, γ) across customers; spend is assumed independent of the transaction process.
 * Fitted on customers with at least one repeat transaction and a positive mean repeat value.
 */
import { digamma, logGamma } from './hyp2f1.js';
import { hessianFromGradient, minimizeBfgs, standardErrorsFromLogHessian } from './optimize.js';

/** Per-customer spend summary: x repeat transactions with mean value zbar. */
export interface SpendSummary {
  x: number;
  /** Mean value of the x repeat transactions (0 when x = 0). */
  zbar: number;
}

/** Gamma-Gamma parameters. */
export interface GammaGammaParams {
  p: number;
  q: number;
  gamma: number;
}

/** Why a customer was left out of the Gamma-Gamma fit. */
export type GammaGammaExclusion = 'no_repeat' | 'non_positive_value';

/** Result of {@link fitGammaGamma}. */
export interface GammaGammaFit {
  params: GammaGammaParams;
  stderr: GammaGammaParams;
  logLikelihood: number;
  evaluations: number;
  iterations: number;
  converged: boolean;
  /** Customers used in the fit. */
  customers: number;
  /** Customers left out, by reason. */
  excluded: Record<GammaGammaExclusion, number>;
}

/** Options for {@link fitGammaGamma}. */
export interface GammaGammaFitOptions {
  /** Starting parameters; default p = q = gamma = 1. */
  start?: GammaGammaParams;
  /** Gradient tolerance on the mean log-likelihood (log-parameters). Default 1e-7. */
  gradientTolerance?: number;
}

/** Split customers into those the model can use and counted exclusions. */
export function selectGammaGammaCustomers(customers: readonly SpendSummary[]): {
  used: SpendSummary[];
  excluded: Record<GammaGammaExclusion, number>;
} {
  const excluded: Record<GammaGammaExclusion, number> = { no_repeat: 0, non_positive_value: 0 };
  const used: SpendSummary[] = [];
  for (const c of customers) {
    if (!(c.x > 0)) excluded.no_repeat++;
    else if (!(c.zbar > 0) || !Number.isFinite(c.zbar)) excluded.non_positive_value++;
    else used.push(c);
  }
  return { used, excluded };
}

/**
 * Log-likelihood and gradient w.r.t. (ln p, ln q, ln γ) over customers with x > 0, zbar > 0.
 * Fader & Hardie 2013 eq. (3), the density of the mean z̄ of x transactions:
 *   ln f = ln Γ(px+q) - ln Γ(px) - ln Γ(q) + q ln γ + (px-1) ln z̄ + px ln x - (px+q) ln(γ + x z̄)
 */
export function gammaGammaLogLikelihoodWithGradient(
  params: GammaGammaParams,
  customers: readonly SpendSummary[],
): { value: number; gradient: number[] } {
  const { p, q, gamma } = params;
  const lgQ = logGamma(q);
  const dgQ = digamma(q);
  const lnG = Math.log(gamma);
  let ll = 0;
  let gp = 0;
  let gq = 0;
  let gg = 0;
  for (const { x, zbar } of customers) {
    const px = p * x;
    const lnZ = Math.log(zbar);
    const lnX = Math.log(x);
    const lnS = Math.log(gamma + x * zbar);
    const dgPxq = digamma(px + q);
    ll += logGamma(px + q) - logGamma(px) - lgQ + q * lnG + (px - 1) * lnZ + px * lnX - (px + q) * lnS;
    gp += x * (dgPxq - digamma(px) + lnZ + lnX - lnS);
    gq += dgPxq - dgQ + lnG - lnS;
    gg += q / gamma - (px + q) / (gamma + x * zbar);
  }
  return { value: ll, gradient: [gp * p, gq * q, gg * gamma] };
}

/** Gamma-Gamma log-likelihood (Fader & Hardie 2013 eq. 3) over usable customers; others are ignored. */
export function gammaGammaLogLikelihood(params: GammaGammaParams, customers: readonly SpendSummary[]): number {
  return gammaGammaLogLikelihoodWithGradient(params, selectGammaGammaCustomers(customers).used).value;
}

/**
 * Fit p, q, γ by maximum likelihood (BFGS on log-parameters, analytic gradient) on customers
 * with x > 0 and zbar > 0; the rest are counted in `excluded`.
 */
export function fitGammaGamma(customers: readonly SpendSummary[], options: GammaGammaFitOptions = {}): GammaGammaFit {
  const { used, excluded } = selectGammaGammaCustomers(customers);
  const n = used.length;
  if (n === 0) throw new RangeError('fitGammaGamma: no customer with a repeat purchase and positive value');
  const start = options.start ?? { p: 1, q: 1, gamma: 1 };
  const fromLog = (u: readonly number[]): GammaGammaParams => ({ p: Math.exp(u[0]!), q: Math.exp(u[1]!), gamma: Math.exp(u[2]!) });
  const objective = (u: readonly number[]): { value: number; gradient: number[] } => {
    const { value, gradient } = gammaGammaLogLikelihoodWithGradient(fromLog(u), used);
    return { value: -value / n, gradient: gradient.map((g) => -g / n) };
  };
  const u0 = [Math.log(start.p), Math.log(start.q), Math.log(start.gamma)];
  const res = minimizeBfgs(objective, u0, { gradientTolerance: options.gradientTolerance ?? 1e-7 });
  const hessian = hessianFromGradient((u) => objective(u).gradient.map((g) => g * n), res.x);
  const se = standardErrorsFromLogHessian(hessian, res.x);
  return {
    params: fromLog(res.x),
    stderr: { p: se[0]!, q: se[1]!, gamma: se[2]! },
    logLikelihood: -res.value * n,
    evaluations: res.evaluations,
    iterations: res.iterations,
    converged: res.converged,
    customers: n,
    excluded,
  };
}

/**
 * Expected average transaction value given x repeat transactions with mean zbar
 * (Fader & Hardie 2013 eq. 5): E[Z | p,q,γ,z̄,x] = p(γ + x z̄) / (px + q - 1), a weighted mean of
 * the population mean pγ/(q-1) and z̄. Requires q > 1. For x = 0 this is the population mean.
 */
export function conditionalExpectedAverageValue(params: GammaGammaParams, x: number, zbar: number): number {
  const { p, q, gamma } = params;
  if (!(q > 1)) throw new RangeError(`conditionalExpectedAverageValue: needs q > 1 (q = ${q})`);
  const xx = x > 0 ? x : 0;
  return (p * (gamma + xx * (xx > 0 ? zbar : 0))) / (p * xx + q - 1);
}
