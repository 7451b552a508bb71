import { describe, expect, it } from 'vitest';
import { hessianFromGradient, invertMatrix, minimizeBfgs, standardErrorsFromLogHessian } from '../optimize.js';

const rosenbrock = (x: readonly number[]) => {
  const [a, b] = [x[0]!, x[1]!];
  return { value: (1 - a) ** 2 + 100 * (b - a * a) ** 2, gradient: [-2 * (1 - a) - 400 * a * (b - a * a), 200 * (b - a * a)] };
};

describe('minimizeBfgs', () => {
  it('solves Rosenbrock from (-1.2, 1)', () => {
    const res = minimizeBfgs(rosenbrock, [-1.2, 1]);
    expect(res.converged).toBe(true);
    expect(res.x[0]).toBeCloseTo(1, 8);
    expect(res.x[1]).toBeCloseTo(1, 8);
    expect(res.evaluations).toBeLessThan(100);
  });
  it('minimises a quadratic in at most a few iterations per dimension', () => {
    const A = [[4, 1, 0], [1, 3, 0.5], [0, 0.5, 2]];
    const bvec = [1, -2, 3];
    const f = (x: readonly number[]) => {
      const Ax = A.map((row) => row.reduce((s, v, j) => s + v * x[j]!, 0));
      return { value: 0.5 * Ax.reduce((s, v, i) => s + v * x[i]!, 0) - bvec.reduce((s, v, i) => s + v * x[i]!, 0), gradient: Ax.map((v, i) => v - bvec[i]!) };
    };
    const res = minimizeBfgs(f, [0, 0, 0], { gradientTolerance: 1e-12 });
    const exact = invertMatrix(A).map((row) => row.reduce((s, v, j) => s + v * bvec[j]!, 0));
    res.x.forEach((v, i) => expect(v).toBeCloseTo(exact[i]!, 8));
  });
});

describe('Hessian and standard errors', () => {
  it('recovers the Hessian of a quadratic and the delta-method errors', () => {
    const H = [[2, 0.5], [0.5, 1]];
    const grad = (x: readonly number[]) => H.map((row) => row.reduce((s, v, j) => s + v * x[j]!, 0));
    const est = hessianFromGradient(grad, [0.3, -0.2]);
    est.forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(H[i]![j]!, 8)));
    const inv = invertMatrix(H);
    const se = standardErrorsFromLogHessian(H, [0, Math.log(2)]);
    expect(se[0]).toBeCloseTo(Math.sqrt(inv[0]![0]!), 12);
    expect(se[1]).toBeCloseTo(2 * Math.sqrt(inv[1]![1]!), 12);
  });
});
