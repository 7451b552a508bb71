/**
 * Small dense optimisation toolkit for the model fits: BFGS with a strong-Wolfe line search
 * (Nocedal & Wright, Numerical Optimization, 2nd ed., Alg. 6.1 with Alg. 3.5/3.6), a
 * finite-difference Hessian of an analytic gradient, and standard errors from its inverse.
 */

/** An objective returning its value and gradient at x. */
export type Objective = (x: readonly number[]) => { value: number; gradient: number[] };

/** Options for {@link minimizeBfgs}. */
export interface BfgsOptions {
  /** Converged when max |gradient_i| <= gradientTolerance. Default 1e-8. */
  gradientTolerance?: number;
  /**
   * Converged when |f_k - f_{k+1}|, or the decrease predicted by the quasi-Newton step, is at
   * most relativeTolerance * max(1, |f_k|). Default 1e-14.
   */
  relativeTolerance?: number;
  /** Iteration cap. Default 200. */
  maxIterations?: number;
  /** Cap on objective evaluations. Default 1000. */
  maxEvaluations?: number;
}

/** Outcome of {@link minimizeBfgs}. */
export interface BfgsResult {
  x: number[];
  value: number;
  gradient: number[];
  /** Objective (value + gradient) evaluations, including the initial one. */
  evaluations: number;
  iterations: number;
  converged: boolean;
}

const dot = (u: readonly number[], v: readonly number[]): number => {
  let s = 0;
  for (let i = 0; i < u.length; i++) s += u[i]! * v[i]!;
  return s;
};
const maxAbs = (u: readonly number[]): number => u.reduce((m, v) => Math.max(m, Math.abs(v)), 0);

/**
 * Minimise `f` from `x0` by BFGS on the inverse Hessian with a strong-Wolfe line search
 * (c1 = 1e-4, c2 = 0.9). Non-finite objective values are treated as +Infinity so that the
 * line search backs off from them.
 */
export function minimizeBfgs(f: Objective, x0: readonly number[], options: BfgsOptions = {}): BfgsResult {
  const gtol = options.gradientTolerance ?? 1e-8;
  const ftol = options.relativeTolerance ?? 1e-14;
  const maxIter = options.maxIterations ?? 200;
  const maxEval = options.maxEvaluations ?? 1000;
  const n = x0.length;
  let evaluations = 0;
  const evaluate = (x: readonly number[]): { value: number; gradient: number[] } => {
    evaluations++;
    const r = f(x);
    if (!Number.isFinite(r.value) || !r.gradient.every(Number.isFinite)) {
      return { value: Infinity, gradient: r.gradient.map(() => NaN) };
    }
    return r;
  };

  let x = [...x0];
  let cur = evaluate(x);
  if (!Number.isFinite(cur.value)) throw new RangeError('minimizeBfgs: objective is not finite at the start');
  // Inverse Hessian approximation, identity until the first step rescales it (N&W eq. 6.20).
  let H: number[][] = identity(n);
  let iterations = 0;
  let converged = maxAbs(cur.gradient) <= gtol;

  while (!converged && iterations < maxIter && evaluations < maxEval) {
    const p = H.map((row) => -dot(row, cur.gradient));
    let slope = dot(p, cur.gradient);
    if (!(slope < 0)) {
      // Lost descent (numerical trouble): restart from steepest descent.
      H = identity(n);
      for (let i = 0; i < n; i++) p[i] = -cur.gradient[i]!;
      slope = dot(p, cur.gradient);
    }
    // A quasi-Newton step predicts a decrease of about -slope/2; once that is below the
    // rounding level of f, no line search can measure progress, so stop as converged.
    if (-0.5 * slope <= ftol * Math.max(1, Math.abs(cur.value))) {
      converged = true;
      break;
    }
    // First iteration: a unit step along -g may be huge, so cap its length.
    const alpha0 = iterations === 0 ? Math.min(1, 1 / Math.max(1e-12, maxAbs(p))) : 1;
    const ls = strongWolfe(evaluate, x, cur, p, slope, alpha0, maxEval - evaluations);
    if (!ls) break;
    const s = p.map((pi) => ls.alpha * pi);
    const y = ls.point.gradient.map((gi, i) => gi - cur.gradient[i]!);
    const xNew = x.map((xi, i) => xi + s[i]!);
    const fPrev = cur.value;
    x = xNew;
    cur = ls.point;
    iterations++;

    const sy = dot(s, y);
    if (sy > 1e-12 * Math.sqrt(dot(s, s) * dot(y, y))) {
      if (iterations === 1) {
        const scale = sy / dot(y, y);
        H = identity(n).map((row) => row.map((v) => v * scale));
      }
      H = bfgsUpdate(H, s, y, sy);
    }
    if (maxAbs(cur.gradient) <= gtol) converged = true;
    else if (Math.abs(fPrev - cur.value) <= ftol * Math.max(1, Math.abs(fPrev))) converged = true;
  }
  return { x, value: cur.value, gradient: cur.gradient, evaluations, iterations, converged };
}

function identity(n: number): number[][] {
  return Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
}

// BFGS inverse update (N&W eq. 6.17): H+ = (I - ρ s yᵀ) H (I - ρ y sᵀ) + ρ s sᵀ.
function bfgsUpdate(H: number[][], s: number[], y: number[], sy: number): number[][] {
  const n = s.length;
  const rho = 1 / sy;
  const Hy = H.map((row) => dot(row, y));
  const yHy = dot(y, Hy);
  const out: number[][] = [];
  for (let i = 0; i < n; i++) {
    const row: number[] = [];
    for (let j = 0; j < n; j++) {
      row.push(H[i]![j]! - rho * (Hy[i]! * s[j]! + s[i]! * Hy[j]!) + (rho * rho * yHy + rho) * s[i]! * s[j]!);
    }
    out.push(row);
  }
  return out;
}

interface Point {
  value: number;
  gradient: number[];
}

// Strong-Wolfe line search, N&W Alg. 3.5 (bracketing) and 3.6 (zoom, cubic interpolation).
function strongWolfe(
  evaluate: (x: readonly number[]) => Point,
  x: readonly number[],
  start: Point,
  p: readonly number[],
  slope0: number,
  alphaInit: number,
  budget: number,
): { alpha: number; point: Point } | null {
  const c1 = 1e-4;
  const c2 = 0.9;
  const f0 = start.value;
  const at = (alpha: number): { pt: Point; d: number } => {
    const pt = evaluate(x.map((xi, i) => xi + alpha * p[i]!));
    return { pt, d: Number.isFinite(pt.value) ? dot(pt.gradient, p) : NaN };
  };
  let used = 0;
  let aPrev = 0;
  let fPrev = f0;
  let dPrev = slope0;
  let a = alphaInit;
  let best: { alpha: number; point: Point } | null = null;

  const zoom = (lo: number, flo: number, dlo: number, hi: number, fhi: number, dhi: number): { alpha: number; point: Point } | null => {
    for (let k = 0; k < 30 && used < budget; k++) {
      let aj = cubicMin(lo, flo, dlo, hi, fhi, dhi);
      const lower = Math.min(lo, hi);
      const width = Math.abs(hi - lo);
      if (!Number.isFinite(aj) || aj < lower + 0.1 * width || aj > lower + 0.9 * width) aj = 0.5 * (lo + hi);
      used++;
      const { pt, d } = at(aj);
      if (!Number.isFinite(pt.value) || pt.value > f0 + c1 * aj * slope0 || pt.value >= flo) {
        hi = aj;
        fhi = pt.value;
        dhi = d;
      } else {
        if (Math.abs(d) <= -c2 * slope0) return { alpha: aj, point: pt };
        if (d * (hi - lo) >= 0) {
          hi = lo;
          fhi = flo;
          dhi = dlo;
        }
        lo = aj;
        flo = pt.value;
        dlo = d;
        best = { alpha: aj, point: pt };
      }
      if (Math.abs(hi - lo) < 1e-16 * Math.max(1, Math.abs(lo))) break;
    }
    return best;
  };

  for (let i = 0; i < 40 && used < budget; i++) {
    used++;
    const { pt, d } = at(a);
    if (!Number.isFinite(pt.value) || pt.value > f0 + c1 * a * slope0 || (i > 0 && pt.value >= fPrev)) {
      return zoom(aPrev, fPrev, dPrev, a, pt.value, d);
    }
    if (Math.abs(d) <= -c2 * slope0) return { alpha: a, point: pt };
    best = { alpha: a, point: pt };
    if (d >= 0) return zoom(a, pt.value, d, aPrev, fPrev, dPrev);
    aPrev = a;
    fPrev = pt.value;
    dPrev = d;
    a *= 2;
  }
  return best;
}

// Minimiser of the cubic interpolating f and f' at two points (N&W eq. 3.59).
function cubicMin(a0: number, f0: number, d0: number, a1: number, f1: number, d1: number): number {
  if (!Number.isFinite(f1) || !Number.isFinite(d1)) return NaN;
  const d1c = d0 + d1 - 3 * (f0 - f1) / (a0 - a1);
  const disc = d1c * d1c - d0 * d1;
  if (disc < 0) return NaN;
  const d2 = Math.sign(a1 - a0) * Math.sqrt(disc);
  return a1 - (a1 - a0) * ((d1 + d2 - d1c) / (d1 - d0 + 2 * d2));
}

/**
 * Hessian by central finite differences of an analytic gradient, symmetrised.
 * Step per coordinate: h_i = step * max(1, |x_i|).
 */
export function hessianFromGradient(
  gradient: (x: readonly number[]) => number[],
  x: readonly number[],
  step = 1e-5,
): number[][] {
  const n = x.length;
  const cols: number[][] = [];
  for (let j = 0; j < n; j++) {
    const h = step * Math.max(1, Math.abs(x[j]!));
    const up = [...x];
    const dn = [...x];
    up[j] = x[j]! + h;
    dn[j] = x[j]! - h;
    const gu = gradient(up);
    const gd = gradient(dn);
    cols.push(gu.map((v, i) => (v - gd[i]!) / (2 * h)));
  }
  return cols.map((_, i) => cols.map((__, j) => 0.5 * (cols[j]![i]! + cols[i]![j]!)));
}

/** Inverse of a small dense matrix by Gauss-Jordan elimination with partial pivoting. */
export function invertMatrix(m: readonly (readonly number[])[]): number[][] {
  const n = m.length;
  const a = m.map((row, i) => [...row, ...Array.from({ length: n }, (_, j) => (i === j ? 1 : 0))]);
  for (let col = 0; col < n; col++) {
    let piv = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(a[r]![col]!) > Math.abs(a[piv]![col]!)) piv = r;
    if (a[piv]![col] === 0) throw new RangeError('invertMatrix: singular matrix');
    [a[col], a[piv]] = [a[piv]!, a[col]!];
    const prow = a[col]!;
    const pv = prow[col]!;
    for (let k = 0; k < 2 * n; k++) prow[k] = prow[k]! / pv;
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const row = a[r]!;
      const factor = row[col]!;
      if (factor === 0) continue;
      for (let k = 0; k < 2 * n; k++) row[k] = row[k]! - factor * prow[k]!;
    }
  }
  return a.map((row) => row.slice(n));
}

/**
 * Standard errors of the parameters θ = exp(u) given the Hessian of the negative total
 * log-likelihood with respect to u = log θ: Cov(u) = H⁻¹ and, by the delta method,
 * se(θ_i) = θ_i · sqrt(Cov(u)_ii). NaN where the variance is not positive.
 */
export function standardErrorsFromLogHessian(hessian: readonly (readonly number[])[], logParams: readonly number[]): number[] {
  const cov = invertMatrix(hessian);
  return logParams.map((u, i) => {
    const v = cov[i]![i]!;
    return v > 0 ? Math.exp(u) * Math.sqrt(v) : NaN;
  });
}
