import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  conditionalExpectedAverageValue,
  fitGammaGamma,
  gammaGammaLogLikelihood,
  gammaGammaLogLikelihoodWithGradient,
  selectGammaGammaCustomers,
  type GammaGammaParams,
} from '../gamma-gamma.js';

const real = (min: number, max: number) => fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
const SPEND = [
  { x: 1, zbar: 11.77 },
  { x: 2, zbar: 22.35 },
  { x: 5, zbar: 47.5 },
  { x: 3, zbar: 8.1 },
  { x: 12, zbar: 130 },
];

describe('Gamma-Gamma', () => {
  it('analytic gradient matches central finite differences', () => {
    fc.assert(fc.property(real(0.2, 20), real(1.1, 20), real(0.5, 100), (p, q, gamma) => {
      const u = [p, q, gamma].map(Math.log);
      const at = (v: number[]): GammaGammaParams => ({ p: Math.exp(v[0]!), q: Math.exp(v[1]!), gamma: Math.exp(v[2]!) });
      const { gradient } = gammaGammaLogLikelihoodWithGradient({ p, q, gamma }, SPEND);
      for (let i = 0; i < 3; i++) {
        const h = 1e-5;
        const up = [...u];
        const dn = [...u];
        up[i]! += h;
        dn[i]! -= h;
        const fd = (gammaGammaLogLikelihood(at(up), SPEND) - gammaGammaLogLikelihood(at(dn), SPEND)) / (2 * h);
        expect(Math.abs(gradient[i]! - fd)).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.abs(fd)));
      }
    }), { numRuns: 50 });
  });
  it('excludes customers without repeats or with non-positive value, with counted reasons', () => {
    const input = [...SPEND, { x: 0, zbar: 0 }, { x: 3, zbar: 0 }, { x: 2, zbar: -4 }, { x: 0, zbar: 0 }];
    const { used, excluded } = selectGammaGammaCustomers(input);
    expect(used).toHaveLength(SPEND.length);
    expect(excluded).toEqual({ no_repeat: 2, non_positive_value: 2 });
    const fit = fitGammaGamma([...input, ...SPEND.map((c) => ({ ...c, zbar: c.zbar * 1.3 }))]);
    expect(fit.customers).toBe(10);
    expect(Number.isFinite(fit.logLikelihood)).toBe(true);
  });
  it('conditional expected value is a weighted mean of the population mean and zbar', () => {
    fc.assert(fc.property(real(0.2, 20), real(1.1, 20), real(0.5, 100), fc.integer({ min: 0, max: 50 }), real(0.01, 1000), (p, q, gamma, x, zbar) => {
      const v = conditionalExpectedAverageValue({ p, q, gamma }, x, zbar);
      const pop = (p * gamma) / (q - 1);
      const m = x > 0 ? zbar : pop;
      expect(v).toBeGreaterThanOrEqual(Math.min(pop, m) * (1 - 1e-12));
      expect(v).toBeLessThanOrEqual(Math.max(pop, m) * (1 + 1e-12));
    }));
  });
});
