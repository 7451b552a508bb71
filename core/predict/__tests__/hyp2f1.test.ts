import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Hyp2f1ConvergenceError, digamma, hyp2f1, logGamma } from '../hyp2f1.js';

const close = (actual: number, expected: number, rel = 1e-12): void => {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(rel * Math.max(1, Math.abs(expected)));
};
const real = (min: number, max: number) => fc.double({ min, max, noNaN: true, noDefaultInfinity: true });

describe('logGamma and digamma', () => {
  it('match known values', () => {
    close(logGamma(0.5), 0.5 * Math.log(Math.PI), 1e-14);
    close(logGamma(10), Math.log(362880), 1e-14);
    close(logGamma(-0.5), Math.log(2 * Math.sqrt(Math.PI)), 1e-14);
    close(digamma(1), -0.5772156649015329, 1e-14);
    close(digamma(0.5), -0.5772156649015329 - 2 * Math.log(2), 1e-14);
  });
  it('satisfy the recurrences', () => {
    fc.assert(fc.property(real(0.01, 50), (x) => {
      close(logGamma(x + 1) - logGamma(x), Math.log(x), 1e-12);
      close(digamma(x + 1) - digamma(x), 1 / x, 1e-12);
    }));
  });
});

describe('hyp2f1 against closed forms', () => {
  it('2F1(1,1;2;z) = -ln(1-z)/z on (-50, 0.9999)', () => {
    fc.assert(fc.property(real(-50, 0.9999).filter((z) => Math.abs(z) > 1e-9), (z) => {
      close(hyp2f1(1, 1, 2, z), -Math.log1p(-z) / z, 1e-12);
    }));
  });
  it('2F1(1,1;2;-z) = ln(1+z)/z', () => {
    fc.assert(fc.property(real(1e-6, 1000), (z) => {
      close(hyp2f1(1, 1, 2, -z), Math.log1p(z) / z, 1e-12);
    }));
  });
  it('2F1(a,b;b;z) = (1-z)^-a', () => {
    fc.assert(fc.property(real(-3, 3), real(0.1, 20), real(-20, 0.99), (a, b, z) => {
      close(hyp2f1(a, b, b, z), Math.pow(1 - z, -a), 1e-11);
    }));
  });
  it('2F1(1/2,1/2;3/2;z²) = asin(z)/z', () => {
    fc.assert(fc.property(real(1e-6, 0.99999), (z) => {
      close(hyp2f1(0.5, 0.5, 1.5, z * z), Math.asin(z) / z, 1e-12);
    }));
  });
  it('2F1(1/2,1;3/2;-z²) = atan(z)/z', () => {
    fc.assert(fc.property(real(1e-6, 100), (z) => {
      close(hyp2f1(0.5, 1, 1.5, -z * z), Math.atan(z) / z, 1e-12);
    }));
  });
  it('Euler: 2F1(a,b;c;z) = (1-z)^(c-a-b) 2F1(c-a,c-b;c;z)', () => {
    fc.assert(fc.property(real(0.1, 10), real(0.1, 10), real(0.1, 15), real(-5, 0.95), (a, b, c, z) => {
      close(hyp2f1(a, b, c, z), Math.pow(1 - z, c - a - b) * hyp2f1(c - a, c - b, c, z), 1e-9);
    }));
  });
  it('terminating series and Gauss at z = 1', () => {
    close(hyp2f1(-2, 3, 4, 2), 1 - 2 * 3 * 2 / 4 + (3 * 4 * 4) / (4 * 5 * 2) * 2, 1e-14);
    close(hyp2f1(0.5, 0.5, 2, 1), Math.exp(logGamma(2) + logGamma(1) - 2 * logGamma(1.5)), 1e-13);
  });
  it('rejects arguments outside the domain and reports non-convergence', () => {
    expect(() => hyp2f1(1, 1, 2, 1.5)).toThrow(RangeError);
    expect(() => hyp2f1(1, 1, -2, 0.5)).toThrow(RangeError);
    expect(() => hyp2f1(1, 1, 2, 0.999999, { maxTerms: 100 })).toThrow(Hyp2f1ConvergenceError);
  });
});
