import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  paretoNbdConditionalExpectedTransactions,
  paretoNbdCustomerLogLikelihood,
  paretoNbdLogLikelihood,
  paretoNbdLogLikelihoodWithGradient,
  paretoNbdProbabilityAlive,
  type ParetoNbdParams,
} from '../pareto-nbd.js';

const real = (min: number, max: number) => fc.double({ min, max, noNaN: true, noDefaultInfinity: true });

describe('Pareto/NBD likelihood', () => {
  it('is finite, non-positive for x = 0, and continuous across alpha = beta', () => {
    fc.assert(fc.property(real(0.05, 5), real(0.5, 50), real(0.05, 5), fc.integer({ min: 0, max: 40 }), real(0, 1), real(1, 80), (r, alpha, s, x, frac, T) => {
      const tx = x === 0 ? 0 : frac * T;
      const at = (beta: number): number => paretoNbdCustomerLogLikelihood({ r, alpha, s, beta }, x, tx, T);
      const v = at(alpha * 1.3);
      expect(Number.isFinite(v)).toBe(true);
      if (x === 0) expect(v).toBeLessThanOrEqual(1e-12);
      const below = at(alpha * (1 - 1e-9));
      const above = at(alpha * (1 + 1e-9));
      expect(Math.abs(below - above)).toBeLessThan(1e-6 * Math.max(1, Math.abs(below)));
    }), { numRuns: 200 });
  });
  it('x = 0 reduces to the no-purchase probability in closed form', () => {
    // P(no purchase in (0,T]) with tx = 0: (α/(α+T))^r (β/(β+T))^s + s/(r+s) α^r β^s A0.
    const p = { r: 0.55, alpha: 10.6, s: 0.61, beta: 11.7 };
    const v = paretoNbdCustomerLogLikelihood(p, 0, 0, 38.86);
    expect(v).toBeLessThan(0);
    expect(v).toBeGreaterThan(Math.log(Math.pow(p.alpha / (p.alpha + 38.86), p.r)));
  });
});

describe('Pareto/NBD analytic gradient and predictions', () => {
  const params = (r: number, alpha: number, s: number, beta: number): ParetoNbdParams => ({ r, alpha, s, beta });
  const customer = fc.tuple(fc.integer({ min: 0, max: 60 }), real(0, 1), real(0.5, 80)).map(([x, frac, T]) => ({ x, tx: x === 0 ? 0 : frac * T, T }));

  it('value equals the 2F1 form and the gradient matches central differences (both α ≥ β and α < β)', () => {
    fc.assert(fc.property(real(0.05, 5), real(0.5, 50), real(0.05, 5), real(0.05, 20), fc.array(customer, { minLength: 1, maxLength: 6 }), (r, alpha, s, ratio, cs) => {
      const p = params(r, alpha, s, alpha * ratio);
      const { value, gradient } = paretoNbdLogLikelihoodWithGradient(p, cs);
      // Against the 2F1 form only where hyp2f1 sums its series directly (z = |α-β|/max(α,β)
      // + ... <= 0.75): its 1-z transformation loses digits for z near 1 and large a (see the
      // pinned high-precision cases below), the positive series does not.
      if (ratio >= 0.3 && ratio <= 3) {
        const ref = paretoNbdLogLikelihood(p, cs);
        expect(Math.abs(value - ref)).toBeLessThan(1e-10 * Math.max(1, Math.abs(ref)));
      }
      const u = [p.r, p.alpha, p.s, p.beta].map(Math.log);
      // Central differences of the value (the series form: the 2F1 transformations carry
      // ~1e-11 relative noise at some points, too much for a difference quotient).
      const h = 1e-4;
      u.forEach((_, i) => {
        const at = (delta: number): number => {
          const v = [...u];
          v[i] = u[i]! + delta;
          return paretoNbdLogLikelihoodWithGradient(params(Math.exp(v[0]!), Math.exp(v[1]!), Math.exp(v[2]!), Math.exp(v[3]!)), cs).value;
        };
        const fd = (at(h) - at(-h)) / (2 * h);
        expect(Math.abs(gradient[i]! - fd)).toBeLessThan(1e-5 * Math.max(1, Math.abs(fd)));
      });
    }), { numRuns: 200 });
  });

  it('value matches a 40-digit quadrature where the 2F1 transformation is weakest', () => {
    // mpmath: ln[Γ(r+x)α^r β^s/Γ(r) · ((α+T)^-(r+x) (β+T)^-s + s ∫_0^T (α+τ)^-(r+x) (β+τ)^-(s+1) dτ)].
    const { value } = paretoNbdLogLikelihoodWithGradient(params(0.05, 0.5, 0.05, 0.1), [{ x: 50, tx: 0, T: 0.5 }]);
    expect(Math.abs(value - 171.07477431033854)).toBeLessThan(1e-11);
    const two = paretoNbdLogLikelihoodWithGradient(params(0.05, 0.5, 1.9192817914586404, 0.1), [{ x: 58, tx: 0, T: 0.5 }, { x: 0, tx: 0, T: 0.5 }]);
    expect(Math.abs(two.value - 211.8248744916245)).toBeLessThan(1e-10);
  });

  it('gradient is exact at α = β (the series degenerates to its first term)', () => {
    const cs = [{ x: 3, tx: 20, T: 35 }, { x: 0, tx: 0, T: 30 }, { x: 7, tx: 30, T: 30 }];
    const p = params(0.6, 10, 0.7, 10);
    const { gradient } = paretoNbdLogLikelihoodWithGradient(p, cs);
    const u = [p.r, p.alpha, p.s, p.beta].map(Math.log);
    u.forEach((_, i) => {
      const at = (delta: number): number => {
        const v = [...u];
        v[i] = u[i]! + delta;
        return paretoNbdLogLikelihood(params(Math.exp(v[0]!), Math.exp(v[1]!), Math.exp(v[2]!), Math.exp(v[3]!)), cs);
      };
      expect(gradient[i]!).toBeCloseTo((at(1e-6) - at(-1e-6)) / 2e-6, 6);
    });
  });

  it('P(alive) matches a direct quadrature of E / (E + s ∫ (α+τ)^-(r+x) (β+τ)^-(s+1) dτ)', () => {
    const p = params(0.553, 10.578, 0.606, 11.669);
    for (const [x, tx, T] of [[0, 0, 38], [2, 30.43, 38.86], [5, 10, 38], [20, 5, 50], [1, 1, 1.5]] as const) {
      const m = 20_000;
      const f = (tau: number): number => Math.pow(p.alpha + tau, -(p.r + x)) * Math.pow(p.beta + tau, -(p.s + 1));
      let integral = 0;
      const h = (T - tx) / m;
      // Composite Simpson's rule.
      for (let k = 0; k <= m; k++) integral += (k === 0 || k === m ? 1 : k % 2 ? 4 : 2) * f(tx + k * h);
      integral *= h / 3;
      const e = Math.pow(p.alpha + T, -(p.r + x)) * Math.pow(p.beta + T, -p.s);
      expect(paretoNbdProbabilityAlive(p, x, tx, T)).toBeCloseTo(e / (e + p.s * integral), 10);
    }
    expect(paretoNbdProbabilityAlive(p, 4, 30, 30)).toBe(1);
  });

  it('P(alive) in [0, 1]; expectations non-negative, monotone in t, continuous at s = 1', () => {
    fc.assert(fc.property(real(0.05, 5), real(0.5, 50), real(0.05, 5), real(0.2, 3), customer, real(0, 100), real(0, 100), (r, alpha, s, ratio, c, t1, t2) => {
      const p = params(r, alpha, s, alpha * ratio);
      const pa = paretoNbdProbabilityAlive(p, c.x, c.tx, c.T);
      expect(pa).toBeGreaterThanOrEqual(0);
      expect(pa).toBeLessThanOrEqual(1);
      const [lo, hi] = t1 <= t2 ? [t1, t2] : [t2, t1];
      const eLo = paretoNbdConditionalExpectedTransactions(p, lo, c.x, c.tx, c.T);
      const eHi = paretoNbdConditionalExpectedTransactions(p, hi, c.x, c.tx, c.T);
      expect(eLo).toBeGreaterThanOrEqual(0);
      expect(eHi).toBeGreaterThanOrEqual(eLo * (1 - 1e-12));
    }), { numRuns: 300 });
    const at = (s: number): number => paretoNbdConditionalExpectedTransactions(params(0.5, 10, s, 12), 39, 2, 30, 38);
    expect(Math.abs(at(1 - 1e-9) - at(1)) / at(1)).toBeLessThan(1e-8);
    expect(Math.abs(at(1 + 1e-9) - at(1)) / at(1)).toBeLessThan(1e-8);
  });
});
