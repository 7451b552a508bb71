import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  cesSummary,
  csatSummary,
  normalQuantile,
  npsCategory,
  npsSummary,
  quantile,
  rateSummary,
  studentTQuantile,
  wilsonInterval,
} from '../statistics.js';

const close = (actual: number, expected: number, rel = 1e-12): void => {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(rel * Math.max(1, Math.abs(expected)));
};

/** Mulberry32: a tiny seeded PRNG so the coverage simulations are reproducible. */
function mulberry32(seed: number): () => number {
  let state = seed | 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const count = (max = 10_000) => fc.integer({ min: 0, max });
const trinomial = fc
  .record({ promoters: count(), passives: count(), detractors: count() })
  .filter((c) => c.promoters + c.passives + c.detractors > 0);
const levels = fc.constantFrom(0.5, 0.8, 0.9, 0.95, 0.99, 0.999);

describe('normalQuantile', () => {
  it('matches table values', () => {
    close(normalQuantile(0.975), 1.959963984540054, 1e-15);
    expect(normalQuantile(0.975).toFixed(5)).toBe('1.95996');
    close(normalQuantile(0.995), 2.5758293035489004, 1e-15);
    close(normalQuantile(0.95), 1.6448536269514722, 1e-15);
    close(normalQuantile(0.8413447460685429), 1, 1e-14);
    close(normalQuantile(1e-10), -6.361340902404056, 1e-14);
    close(normalQuantile(1e-300), -37.0470962993612, 1e-14);
    // One or two points in each of AS 241's three rational approximations (mpmath references).
    const table: Array<[number, number]> = [
      [0.6, 0.2533471031357997],
      [0.3, -0.5244005127080408],
      [0.1, -1.2815515655446004],
      [1e-5, -4.264890793922825],
      [1e-12, -7.034483825301132],
      [1e-50, -14.933337534788489],
      [1e-100, -21.273453560965326],
    ];
    for (const [p, z] of table) close(normalQuantile(p), z, 1e-14);
    expect(normalQuantile(0.5)).toBe(0);
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(normalQuantile(1)).toBe(Infinity);
  });
  it('is antisymmetric and increasing', () => {
    fc.assert(
      // p ≥ 1e-6: below that, 1 − p itself carries a visible relative rounding error.
      fc.property(fc.double({ min: 1e-6, max: 0.5, noNaN: true }), fc.double({ min: 1e-12, max: 1 - 1e-12, noNaN: true }), (p, r) => {
        close(normalQuantile(p), -normalQuantile(1 - p), 1e-9);
        if (p < r) expect(normalQuantile(p)).toBeLessThanOrEqual(normalQuantile(r));
      }),
    );
  });
  it('rejects probabilities outside [0, 1]', () => {
    for (const p of [-0.1, 1.1, Number.NaN]) expect(() => normalQuantile(p)).toThrow(/^p must be a probability/);
  });
});

describe('studentTQuantile', () => {
  // Reference values from mpmath (50 digits) inverting the regularized incomplete beta.
  it('matches table values', () => {
    expect(studentTQuantile(0.975, 1).toFixed(3)).toBe('12.706');
    expect(studentTQuantile(0.975, 10).toFixed(3)).toBe('2.228');
    expect(studentTQuantile(0.975, 30).toFixed(3)).toBe('2.042');
    close(studentTQuantile(0.975, 1), 12.706204736174692, 1e-13);
    close(studentTQuantile(0.975, 10), 2.2281388519862744, 1e-13);
    close(studentTQuantile(0.975, 30), 2.0422724563012378, 1e-13);
    close(studentTQuantile(0.995, 5), 4.032142983555227, 1e-13);
    close(studentTQuantile(0.95, 2), 2.9199855803537242, 1e-13);
    close(studentTQuantile(0.025, 4), -2.7764451051977943, 1e-13);
    close(studentTQuantile(0.9, 3.5), 1.5765766051364054, 1e-13);
    expect(studentTQuantile(0.5, 7)).toBe(0);
    expect(studentTQuantile(0, 7)).toBe(-Infinity);
    expect(studentTQuantile(1, 7)).toBe(Infinity);
  });
  it('tends to the normal for large ν and equals it at ν = Infinity', () => {
    expect(studentTQuantile(0.975, Infinity)).toBe(normalQuantile(0.975));
    // t − z ≈ z(z² + 1)/(4ν) (Cornish–Fisher's first term).
    close(studentTQuantile(0.975, 1e9) - normalQuantile(0.975), (1.96 * (1.96 ** 2 + 1)) / 4e9, 1e-3);
    // Either side of the switch to the Cornish–Fisher expansion at ν = 1e5.
    close(studentTQuantile(0.975, 99_999), studentTQuantile(0.975, 100_001), 1e-9);
  });
  it('the numeric path agrees with the closed forms at ν = 1 and ν = 2', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-6, max: 1 - 1e-6, noNaN: true }), (p) => {
        close(studentTQuantile(p, 1 + 1e-12), studentTQuantile(p, 1), 1e-9);
        close(studentTQuantile(p, 2 + 1e-12), studentTQuantile(p, 2), 1e-9);
        close(studentTQuantile(p, 1), Math.tan(Math.PI * (p - 0.5)), 1e-9);
      }),
    );
  });
  it('is antisymmetric, increasing in p and heavier-tailed than the normal', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1e-6, max: 0.5, noNaN: true }),
        fc.double({ min: 1e-9, max: 0.5, noNaN: true }),
        fc.double({ min: 0.2, max: 1e6, noNaN: true }),
        (p, r, nu) => {
          const t = studentTQuantile(p, nu);
          close(t, -studentTQuantile(1 - p, nu), 1e-8);
          if (p < r) expect(t).toBeLessThanOrEqual(studentTQuantile(r, nu));
          expect(t).toBeLessThanOrEqual(normalQuantile(p) + 1e-12);
        },
      ),
    );
  });
  it('rejects bad arguments', () => {
    expect(() => studentTQuantile(1.5, 3)).toThrow(/^p must be a probability/);
    for (const df of [0, -1, Number.NaN]) expect(() => studentTQuantile(0.9, df)).toThrow(/^degreesOfFreedom must be/);
  });
});

describe('npsCategory', () => {
  it('classifies 0-6 / 7-8 / 9-10', () => {
    const categories = Array.from({ length: 11 }, (_, score) => npsCategory(score));
    expect(categories).toEqual([
      ...Array<string>(7).fill('detractor'),
      'passive',
      'passive',
      'promoter',
      'promoter',
    ]);
  });
  it('rejects scores off the 0-10 integer scale', () => {
    for (const score of [-1, 11, 8.5, Number.NaN]) expect(() => npsCategory(score)).toThrow(/^score must be an integer/);
  });
});

describe('npsSummary', () => {
  it('computes the value and the adjusted-Wald interval', () => {
    const s = npsSummary({ promoters: 50, passives: 30, detractors: 20 });
    expect(s).toMatchObject({ n: 100, value: 30, promoters: 50, passives: 30, detractors: 20 });
    // Adjusted Wald by hand: 3/4 promoter, 3/2 passive, 3/4 detractor added.
    const pP = 50.75 / 103;
    const pD = 20.75 / 103;
    const half = 1.959963984540054 * Math.sqrt((pP + pD - (pP - pD) ** 2) / 103);
    close(s.interval!.low, 100 * (pP - pD - half), 1e-12);
    close(s.interval!.high, 100 * (pP - pD + half), 1e-12);
    expect(s.interval!.level).toBe(0.95);
    expect(s.interval!.low).toBeCloseTo(14.0511, 4);
    expect(s.interval!.high).toBeCloseTo(44.2013, 4);
  });
  it('keeps a positive width at the extremes and clamps to [-100, 100]', () => {
    const all = npsSummary({ promoters: 12, passives: 0, detractors: 0 });
    expect(all.value).toBe(100);
    expect(all.interval!.high).toBe(100);
    expect(all.interval!.low).toBeLessThan(100);
    const none = npsSummary({ promoters: 0, passives: 0, detractors: 1 });
    expect(none.value).toBe(-100);
    expect(none.interval!.low).toBe(-100);
  });
  it('returns nulls for no responses', () => {
    expect(npsSummary({ promoters: 0, passives: 0, detractors: 0 })).toEqual({
      n: 0,
      value: null,
      promoters: 0,
      passives: 0,
      detractors: 0,
      interval: null,
    });
  });
  it('validates counts and level', () => {
    expect(() => npsSummary({ promoters: -1, passives: 0, detractors: 0 })).toThrow(/^promoters must be a non-negative integer/);
    expect(() => npsSummary({ promoters: 1, passives: 1.5, detractors: 0 })).toThrow(/^passives must be/);
    expect(() => npsSummary({ promoters: 1, passives: 0, detractors: Number.NaN })).toThrow(/^detractors must be/);
    for (const level of [0, 1, 1.5, -0.5, Number.NaN]) {
      expect(() => npsSummary({ promoters: 1, passives: 0, detractors: 0 }, level)).toThrow(/^level must be strictly between 0 and 1/);
    }
  });
  it('NPS lies in [-100, 100] and equals %promoters − %detractors exactly', () => {
    fc.assert(
      fc.property(trinomial, (c) => {
        const s = npsSummary(c);
        const n = c.promoters + c.passives + c.detractors;
        expect(s.n).toBe(n);
        expect(s.value).toBe((100 * c.promoters) / n - (100 * c.detractors) / n);
        expect(s.value).toBeGreaterThanOrEqual(-100);
        expect(s.value).toBeLessThanOrEqual(100);
      }),
    );
  });
  it('the interval contains the value and lies within [-100, 100]', () => {
    fc.assert(
      fc.property(trinomial, levels, (c, level) => {
        const s = npsSummary(c, level);
        const { low, high } = s.interval!;
        expect(s.interval!.level).toBe(level);
        expect(-100).toBeLessThanOrEqual(low);
        expect(low).toBeLessThanOrEqual(s.value!);
        expect(s.value!).toBeLessThanOrEqual(high);
        expect(high).toBeLessThanOrEqual(100);
      }),
    );
  });
  it('the interval narrows as n grows with the same proportions', () => {
    fc.assert(
      fc.property(
        trinomial.filter((c) => c.promoters + c.passives + c.detractors <= 500),
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 1, max: 20 }),
        levels,
        (c, k1, k2, level) => {
          const [small, large] = k1 <= k2 ? [k1, k2] : [k2, k1];
          const scale = (k: number) => ({ promoters: k * c.promoters, passives: k * c.passives, detractors: k * c.detractors });
          const a = npsSummary(scale(small), level).interval!;
          const b = npsSummary(scale(large), level).interval!;
          expect(b.high - b.low).toBeLessThanOrEqual(a.high - a.low + 1e-9);
        },
      ),
    );
  });
  it('adding a promoter never lowers NPS', () => {
    fc.assert(
      fc.property(trinomial, (c) => {
        const before = npsSummary(c).value!;
        const after = npsSummary({ ...c, promoters: c.promoters + 1 }).value!;
        expect(after).toBeGreaterThanOrEqual(before);
      }),
    );
  });
  it('a higher level gives a wider interval', () => {
    fc.assert(
      fc.property(trinomial, (c) => {
        const a = npsSummary(c, 0.9).interval!;
        const b = npsSummary(c, 0.99).interval!;
        expect(b.low).toBeLessThanOrEqual(a.low);
        expect(b.high).toBeGreaterThanOrEqual(a.high);
      }),
    );
  });
});

describe('wilsonInterval and rateSummary', () => {
  it('matches textbook values', () => {
    const half = wilsonInterval(5, 10)!;
    close(half.low, 0.236593090512564, 1e-14);
    close(half.high, 0.7634069094874361, 1e-14);
    const zero = wilsonInterval(0, 10)!;
    expect(zero.low).toBe(0);
    close(zero.high, 3.841458820694124 / 13.841458820694124, 1e-12);
    const all = wilsonInterval(10, 10)!;
    expect(all.high).toBe(1);
    close(all.low, 10 / 13.841458820694124, 1e-12);
    expect(wilsonInterval(0, 0)).toBeNull();
  });
  it('lies within [0, 1] and contains p̂', () => {
    fc.assert(
      fc.property(count(1_000_000), fc.integer({ min: 0, max: 1_000_000 }), levels, (a, b, level) => {
        const [successes, n] = a <= b ? [a, b] : [b, a];
        fc.pre(n > 0);
        const { low, high } = wilsonInterval(successes, n, level)!;
        expect(0).toBeLessThanOrEqual(low);
        expect(low).toBeLessThanOrEqual(successes / n);
        expect(successes / n).toBeLessThanOrEqual(high);
        expect(high).toBeLessThanOrEqual(1);
      }),
    );
  });
  it('validates its arguments', () => {
    expect(() => wilsonInterval(11, 10)).toThrow(/^successes \(11\) must not exceed n \(10\)/);
    expect(() => wilsonInterval(-1, 10)).toThrow(/^successes must be a non-negative integer/);
    expect(() => wilsonInterval(1, 2.5)).toThrow(/^n must be a non-negative integer/);
    expect(() => wilsonInterval(1, 2, 0.95 * 100)).toThrow(/^level must be/);
  });
  it('rateSummary reports a percentage and the Wilson interval in %', () => {
    const r = rateSummary(45, 60);
    const w = wilsonInterval(45, 60)!;
    expect(r).toMatchObject({ n: 60, successes: 45, value: 75 });
    close(r.interval!.low, 100 * w.low);
    close(r.interval!.high, 100 * w.high);
    expect(rateSummary(0, 0)).toEqual({ n: 0, successes: 0, value: null, interval: null });
    expect(() => rateSummary(3, 2)).toThrow(RangeError);
  });
});

describe('csatSummary', () => {
  it('reports the satisfied share in % with a Wilson interval and passes the mean through', () => {
    const s = csatSummary({ satisfied: 80, n: 100, mean: 4.1 });
    expect(s).toMatchObject({ n: 100, value: 80, mean: 4.1 });
    close(s.interval!.low, 100 * wilsonInterval(80, 100)!.low);
    expect(csatSummary({ satisfied: 3, n: 4 }).mean).toBeNull();
    expect(csatSummary({ satisfied: 0, n: 0, mean: null })).toEqual({ n: 0, value: null, mean: null, interval: null });
  });
  it('validates its arguments', () => {
    expect(() => csatSummary({ satisfied: 5, n: 4 })).toThrow(/^successes \(5\) must not exceed n/);
    expect(() => csatSummary({ satisfied: 1, n: 4, mean: 6 })).toThrow(/^mean must be a number in \[1, 5\]/);
    expect(() => csatSummary({ satisfied: 0, n: 0, mean: 3 })).toThrow(/^mean must be null when n is 0/);
  });
});

describe('cesSummary', () => {
  const aggregate = (xs: readonly number[]) => ({
    n: xs.length,
    sum: xs.reduce((a, x) => a + x, 0),
    sumSquares: xs.reduce((a, x) => a + x * x, 0),
  });

  it('computes the mean and a Student-t interval', () => {
    const s = cesSummary(aggregate([1, 2, 3, 4, 5]));
    expect(s.value).toBe(3);
    const half = 2.7764451051977943 * Math.sqrt(2.5 / 5);
    close(s.interval!.low, 3 - half, 1e-12);
    close(s.interval!.high, 3 + half, 1e-12);
  });
  it('handles n = 0, n = 1 and no spread', () => {
    expect(cesSummary({ n: 0, sum: 0, sumSquares: 0 })).toEqual({ n: 0, value: null, interval: null });
    expect(cesSummary({ n: 1, sum: 6, sumSquares: 36 })).toEqual({ n: 1, value: 6, interval: null });
    expect(cesSummary(aggregate([5, 5, 5])).interval).toEqual({ low: 5, high: 5, level: 0.95 });
  });
  it('treats a slightly negative variance from float error as zero', () => {
    const s = cesSummary(aggregate([1.1, 1.1, 1.1]));
    expect(s.interval!.high - s.interval!.low).toBe(0);
  });
  it('clamps the interval to the 1-7 scale', () => {
    const s = cesSummary(aggregate([1, 1, 7]));
    expect(s.interval!.low).toBe(1);
    expect(s.interval!.high).toBe(7);
  });
  it('validates its arguments', () => {
    expect(() => cesSummary({ n: -1, sum: 0, sumSquares: 0 })).toThrow(/^n must be a non-negative integer/);
    expect(() => cesSummary({ n: 2, sum: Number.NaN, sumSquares: 0 })).toThrow(/^sum must be a finite number/);
    expect(() => cesSummary({ n: 2, sum: 4, sumSquares: -1 })).toThrow(/^sumSquares must be non-negative/);
    expect(() => cesSummary({ n: 2, sum: 20, sumSquares: 200 })).toThrow(/^sum \/ n must be within the CES scale/);
    expect(() => cesSummary({ n: 2, sum: 8, sumSquares: 20 })).toThrow(/inconsistent aggregates/);
    expect(() => cesSummary({ n: 0, sum: 1, sumSquares: 1 })).toThrow(/must be 0 when n is 0/);
    expect(() => cesSummary({ n: 3, sum: 9, sumSquares: 30 }, 2)).toThrow(/^level must be/);
  });
  it('the interval contains the mean and lies within [1, 7] for on-scale inputs', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 2, maxLength: 300 }), levels, (xs, level) => {
        const s = cesSummary(aggregate(xs), level);
        const mean = xs.reduce((a, x) => a + x, 0) / xs.length;
        close(s.value!, mean, 1e-12);
        const { low, high } = s.interval!;
        expect(1).toBeLessThanOrEqual(low);
        expect(low).toBeLessThanOrEqual(s.value!);
        expect(s.value!).toBeLessThanOrEqual(high);
        expect(high).toBeLessThanOrEqual(7);
      }),
    );
  });
});

describe('quantile', () => {
  /** Brute force: sort, then type-7 interpolation. */
  const reference = (values: readonly number[], q: number): number | null => {
    if (values.length === 0) return null;
    const sorted = [...values].sort((a, b) => a - b);
    const h = (sorted.length - 1) * q;
    const k = Math.floor(h);
    const below = sorted[k]!;
    const above = sorted[Math.min(k + 1, sorted.length - 1)]!;
    return below + (h - k) * (above - below);
  };
  const finite = fc.double({ min: -1e9, max: 1e9, noNaN: true });
  const unit = fc.double({ min: 0, max: 1, noNaN: true });

  it('matches Postgres percentile_cont on small examples', () => {
    expect(quantile([4, 1, 3, 2], 0.5)).toBe(2.5);
    expect(quantile([4, 1, 3, 2], 0.25)).toBe(1.75);
    expect(quantile([10, 9, 8, 7, 6, 5, 4, 3, 2, 1], 0.9)).toBeCloseTo(9.1, 12);
    expect(quantile([7], 0.3)).toBe(7);
    expect(quantile([3, 1, 2], 0)).toBe(1);
    expect(quantile([3, 1, 2], 1)).toBe(3);
    expect(quantile([], 0.5)).toBeNull();
  });
  it('does not modify its input', () => {
    const values = [5, 3, 9, 1];
    quantile(values, 0.5);
    expect(values).toEqual([5, 3, 9, 1]);
  });
  it('validates its arguments', () => {
    for (const q of [-0.01, 1.01, Number.NaN]) expect(() => quantile([1, 2], q)).toThrow(/^q must be a probability/);
    expect(() => quantile([1, Number.NaN], 0.5)).toThrow(/^values\[1\] must be a finite number/);
    expect(() => quantile([Infinity], 0.5)).toThrow(/^values\[0\] must be a finite number/);
  });
  it('matches a sort-based implementation', () => {
    fc.assert(
      fc.property(fc.array(finite, { maxLength: 200 }), unit, (values, q) => {
        const got = quantile(values, q);
        const want = reference(values, q);
        if (want === null) expect(got).toBeNull();
        else close(got!, want, 1e-15);
      }),
    );
    // Survey-like data: few distinct values, many repeats (exercises the three-way partition).
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 10 }), { minLength: 1, maxLength: 2000 }), unit, (values, q) => {
        close(quantile(values, q)!, reference(values, q)!, 1e-15);
      }),
    );
  });
  it('handles large sorted, reversed and constant inputs', () => {
    const n = 100_001;
    const ascending = Array.from({ length: n }, (_, i) => i);
    const organPipe = Array.from({ length: n }, (_, i) => Math.min(i, n - i));
    for (const values of [ascending, [...ascending].reverse(), organPipe, Array<number>(n).fill(3)]) {
      for (const q of [0, 0.1, 0.5, 0.9, 0.999, 1]) close(quantile(values, q)!, reference(values, q)!, 1e-15);
    }
  });
  it('is monotone in q', () => {
    fc.assert(
      fc.property(fc.array(finite, { minLength: 1, maxLength: 100 }), unit, unit, (values, a, b) => {
        const [q1, q2] = a <= b ? [a, b] : [b, a];
        expect(quantile(values, q1)!).toBeLessThanOrEqual(quantile(values, q2)!);
      }),
    );
  });
});

describe('coverage of the 95% intervals (simulation, 2,000 samples)', () => {
  const SAMPLES = 2000;

  it('NPS interval covers the true NPS 93%-97% of the time (p = 0.5/0.3/0.2, n = 200)', () => {
    const random = mulberry32(20240601);
    const [pPromoter, pDetractor, n] = [0.5, 0.2, 200];
    const trueNps = 100 * (pPromoter - pDetractor);
    let covered = 0;
    for (let s = 0; s < SAMPLES; s++) {
      let promoters = 0;
      let detractors = 0;
      for (let i = 0; i < n; i++) {
        const u = random();
        if (u < pPromoter) promoters++;
        else if (u < pPromoter + pDetractor) detractors++;
      }
      const { interval } = npsSummary({ promoters, passives: n - promoters - detractors, detractors });
      if (interval!.low <= trueNps && trueNps <= interval!.high) covered++;
    }
    const coverage = covered / SAMPLES;
    expect(coverage).toBeGreaterThanOrEqual(0.93);
    expect(coverage).toBeLessThanOrEqual(0.97);
  });

  it('Wilson interval covers the true rate 93%-97% of the time (p = 0.85, n = 200)', () => {
    const random = mulberry32(7);
    const [p, n] = [0.85, 200];
    let covered = 0;
    for (let s = 0; s < SAMPLES; s++) {
      let successes = 0;
      for (let i = 0; i < n; i++) if (random() < p) successes++;
      const interval = wilsonInterval(successes, n)!;
      if (interval.low <= p && p <= interval.high) covered++;
    }
    const coverage = covered / SAMPLES;
    expect(coverage).toBeGreaterThanOrEqual(0.93);
    expect(coverage).toBeLessThanOrEqual(0.97);
  });
});
