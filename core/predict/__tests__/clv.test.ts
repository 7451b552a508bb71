import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { conditionalExpectedTransactions } from '../bgnbd.js';
import { customerLifetimeValue } from '../clv.js';

const real = (min: number, max: number) => fc.double({ min, max, noNaN: true, noDefaultInfinity: true });

describe('customerLifetimeValue', () => {
  it('with a linear transaction model and no discount equals value x rate x horizon', () => {
    const model = (t: number): number => 0.5 * t;
    expect(customerLifetimeValue(model, { x: 1, tx: 1, T: 2 }, 10, { months: 12, monthlyDiscountRate: 0, unitsPerMonth: 4 })).toBeCloseTo(240, 10);
  });
  it('discounts each month at the end of the month', () => {
    const model = (t: number): number => t;
    const v = customerLifetimeValue(model, { x: 0, tx: 0, T: 1 }, 1, { months: 2, monthlyDiscountRate: 0.1, unitsPerMonth: 1 });
    expect(v).toBeCloseTo(1 / 1.1 + 1 / 1.21, 12);
  });
  it('is non-negative and non-decreasing in the horizon for BG/NBD', () => {
    const params = { r: 0.242593, alpha: 4.413532, a: 0.792886, b: 2.425752 };
    const model = (t: number, x: number, tx: number, T: number): number => conditionalExpectedTransactions(params, t, x, tx, T);
    fc.assert(fc.property(fc.integer({ min: 0, max: 20 }), real(0, 1), real(1, 40), fc.integer({ min: 1, max: 24 }), (x, frac, T, months) => {
      const c = { x, tx: x === 0 ? 0 : frac * T, T };
      const opts = { monthlyDiscountRate: 0.01, unitsPerMonth: 4.345 };
      const a = customerLifetimeValue(model, c, 30, { ...opts, months });
      const b = customerLifetimeValue(model, c, 30, { ...opts, months: months + 1 });
      expect(a).toBeGreaterThanOrEqual(0);
      expect(b).toBeGreaterThanOrEqual(a);
    }), { numRuns: 100 });
  });
});
