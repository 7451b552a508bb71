import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  bgnbdLogLikelihood,
  bgnbdLogLikelihoodWithGradient,
  conditionalExpectedTransactions,
  expectedTransactions,
  fitBgNbd,
  probabilityAlive,
  type BgNbdParams,
  type CustomerSummary,
} from '../bgnbd.js';

const real = (min: number, max: number) => fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
const paramsArb = fc.record({ r: real(0.05, 5), alpha: real(0.5, 50), a: real(0.05, 5), b: real(0.05, 10) });
const customerArb = fc
  .record({ x: fc.integer({ min: 0, max: 60 }), T: real(0.5, 200), frac: real(0, 1) })
  .map(({ x, T, frac }) => ({ x, T, tx: x === 0 ? 0 : frac * T }));

const CUSTOMERS: CustomerSummary[] = [
  { x: 0, tx: 0, T: 38.86 },
  { x: 1, tx: 1.71, T: 38.86 },
  { x: 2, tx: 30.43, T: 38.86 },
  { x: 7, tx: 29.43, T: 38.86 },
  { x: 29, tx: 35.1, T: 36.2 },
];

describe('BG/NBD predictions', () => {
  it('P(alive) lies in [0, 1] and is 1 without repeat purchases', () => {
    fc.assert(fc.property(paramsArb, customerArb, (p, c) => {
      const v = probabilityAlive(p, c.x, c.tx, c.T);
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThanOrEqual(1);
      if (c.x === 0) expect(v).toBe(1);
    }));
  });
  it('conditional expectations are non-negative and non-decreasing in t', () => {
    fc.assert(fc.property(paramsArb, customerArb, real(0.1, 100), real(0.1, 100), (p, c, t1, dt) => {
      const e1 = conditionalExpectedTransactions(p, t1, c.x, c.tx, c.T);
      const e2 = conditionalExpectedTransactions(p, t1 + dt, c.x, c.tx, c.T);
      expect(e1).toBeGreaterThanOrEqual(0);
      expect(e2).toBeGreaterThanOrEqual(e1 - 1e-9 * Math.max(1, e1));
    }), { numRuns: 200 });
  });
  it('unconditional expectations are non-negative and non-decreasing in t', () => {
    fc.assert(fc.property(paramsArb, real(0.1, 100), real(0.1, 100), (p, t1, dt) => {
      const e1 = expectedTransactions(p, t1);
      const e2 = expectedTransactions(p, t1 + dt);
      expect(e1).toBeGreaterThanOrEqual(0);
      expect(e2).toBeGreaterThanOrEqual(e1 - 1e-9 * Math.max(1, e1));
    }), { numRuns: 200 });
  });
  it('for a new customer (x = tx = T = 0) the conditional expectation equals the unconditional one', () => {
    fc.assert(fc.property(paramsArb, real(0.1, 100), (p, t) => {
      const cond = conditionalExpectedTransactions(p, t, 0, 0, 0);
      expect(Math.abs(cond - expectedTransactions(p, t))).toBeLessThanOrEqual(1e-9 * Math.max(1, cond));
    }), { numRuns: 100 });
  });
  it('stays finite at a = 1', () => {
    const p: BgNbdParams = { r: 0.5, alpha: 5, a: 1, b: 2 };
    const near = conditionalExpectedTransactions({ ...p, a: 1.001 }, 10, 3, 20, 30);
    expect(conditionalExpectedTransactions(p, 10, 3, 20, 30)).toBeCloseTo(near, 3);
  });
});

describe('BG/NBD likelihood', () => {
  it('analytic gradient matches central finite differences', () => {
    fc.assert(fc.property(paramsArb, (p) => {
      const u = [p.r, p.alpha, p.a, p.b].map(Math.log);
      const at = (v: number[]): BgNbdParams => ({ r: Math.exp(v[0]!), alpha: Math.exp(v[1]!), a: Math.exp(v[2]!), b: Math.exp(v[3]!) });
      const { gradient } = bgnbdLogLikelihoodWithGradient(p, CUSTOMERS);
      for (let i = 0; i < 4; i++) {
        const h = 1e-5;
        const up = [...u];
        const dn = [...u];
        up[i]! += h;
        dn[i]! -= h;
        const fd = (bgnbdLogLikelihood(at(up), CUSTOMERS) - bgnbdLogLikelihood(at(dn), CUSTOMERS)) / (2 * h);
        expect(Math.abs(gradient[i]! - fd)).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.abs(fd)));
      }
    }), { numRuns: 50 });
  });
  it('recovers parameters from simulated data', () => {
    // Deterministic LCG so the test is reproducible.
    let seed = 12345;
    const rand = (): number => ((seed = (seed * 1103515245 + 12345) % 2147483648) + 0.5) / 2147483648;
    const gamma = (shape: number): number => {
      // Marsaglia-Tsang with the shape < 1 boost.
      if (shape < 1) return gamma(shape + 1) * Math.pow(rand(), 1 / shape);
      const d = shape - 1 / 3;
      const c = 1 / Math.sqrt(9 * d);
      for (;;) {
        const u1 = rand();
        const u2 = rand();
        const z = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
        const v = (1 + c * z) ** 3;
        if (v > 0 && Math.log(rand()) < 0.5 * z * z + d - d * v + d * Math.log(v)) return d * v;
      }
    };
    const truth: BgNbdParams = { r: 0.8, alpha: 5, a: 1.5, b: 4 };
    const customers: CustomerSummary[] = [];
    for (let i = 0; i < 4000; i++) {
      const lambda = gamma(truth.r) / truth.alpha;
      const g1 = gamma(truth.a);
      const pDrop = g1 / (g1 + gamma(truth.b));
      const T = 20 + 20 * rand();
      let t = 0;
      let x = 0;
      let tx = 0;
      for (;;) {
        t += -Math.log(rand()) / lambda;
        if (t > T) break;
        x++;
        tx = t;
        if (rand() < pDrop) break;
      }
      customers.push({ x, tx, T });
    }
    const fit = fitBgNbd(customers);
    expect(fit.converged).toBe(true);
    expect(fit.evaluations).toBeLessThan(100);
    for (const k of ['r', 'alpha', 'a', 'b'] as const) {
      expect(Math.abs(fit.params[k] - truth[k])).toBeLessThan(3 * fit.stderr[k]);
    }
  });
  it('rejects invalid summaries', () => {
    expect(() => fitBgNbd([{ x: 1, tx: 5, T: 4 }])).toThrow(RangeError);
    expect(() => fitBgNbd([{ x: 0, tx: 1, T: 4 }])).toThrow(RangeError);
  });
});
