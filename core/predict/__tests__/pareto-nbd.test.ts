import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { paretoNbdCustomerLogLikelihood } from '../pareto-nbd.js';

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
