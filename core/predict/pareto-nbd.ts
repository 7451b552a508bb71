/**
 * Pareto/NBD model (Schmittlein, Morrison & Colombo 1987): purchases Poisson(λ) while alive,
 * λ ~ Gamma(r, α); lifetime Exponential(μ), μ ~ Gamma(s, β). Likelihood as in Fader, Hardie &
 * Lee (2005), "A Note on Implementing the Pareto/NBD Model in MATLAB", with its α ≥ β / α < β
 * case split so the 2F1 argument stays in [0, 1).
 */
import type { CustomerSummary } from './bgnbd.js';
import { validateSummaries } from './bgnbd.js';
import { hyp2f1, logGamma } from './hyp2f1.js';
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
  /** Optimiser objective evaluations (value + numerical gradient). */
  evaluations: number;
  /** Log-likelihood evaluations, including those spent on the central-difference gradients. */
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
 * Fit Pareto/NBD by maximum likelihood: BFGS on log-parameters with a central-difference
 * gradient (the 2F1 parameter derivatives have no convenient closed form).
 */
export function fitParetoNbd(customers: readonly CustomerSummary[], start?: ParetoNbdParams): ParetoNbdFit {
  if (customers.length === 0) throw new RangeError('fitParetoNbd: no customers');
  validateSummaries(customers);
  const n = customers.length;
  const meanT = customers.reduce((acc, c) => acc + c.T, 0) / n;
  const s0 = start ?? { r: 1, alpha: Math.max(1e-3, meanT / 4), s: 1, beta: Math.max(1e-3, meanT / 4) };
  let likelihoodEvaluations = 0;
  const meanNegLL = (u: readonly number[]): number => {
    likelihoodEvaluations++;
    return -paretoNbdLogLikelihood(fromLog(u), customers) / n;
  };
  const gradient = (u: readonly number[]): number[] =>
    u.map((_, i) => {
      const h = 1e-6;
      const up = [...u];
      const dn = [...u];
      up[i] = u[i]! + h;
      dn[i] = u[i]! - h;
      return (meanNegLL(up) - meanNegLL(dn)) / (2 * h);
    });
  const objective = (u: readonly number[]): { value: number; gradient: number[] } => ({ value: meanNegLL(u), gradient: gradient(u) });
  const res = minimizeBfgs(objective, KEYS.map((k) => Math.log(s0[k])), { gradientTolerance: 1e-6, relativeTolerance: 1e-12 });
  const hessian = hessianFromGradient((u) => gradient(u).map((g) => g * n), res.x, 1e-4);
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
