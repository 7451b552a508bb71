import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { MeasureConfig } from '../../program/schema.js';
import { REFERENCE_SAMPLE, direction, rankerFromReference, rankerFromValues, type MeasureReference } from '../normalize.js';
import { random } from './helpers.js';

function measure(overrides: Partial<MeasureConfig> = {}): MeasureConfig {
  return { id: 'm', kind: 'spend', normalize: { method: 'percentile' }, weight: 1, ...overrides };
}


/** The definition, by brute force: share of the other customers strictly beaten. */
function bruteForcePercentile(values: readonly number[], index: number, lower: boolean): number {
  const v = values[index] as number;
  if (values.length <= 1) return 100;
  const beaten = values.filter((w, j) => j !== index && (lower ? w > v : w < v)).length;
  return (beaten / (values.length - 1)) * 100;
}

describe('direction', () => {
  it('recency and churn risk are lower-is-better by default; the program can override', () => {
    expect(direction(measure({ kind: 'recency' }))).toBe('lower');
    expect(direction(measure({ kind: 'churn_risk' }))).toBe('lower');
    expect(direction(measure({ kind: 'spend' }))).toBe('higher');
    expect(direction(measure({ kind: 'tenure' }))).toBe('higher');
    expect(direction(measure({ kind: 'recency', direction: 'higher' }))).toBe('higher');
    expect(direction(measure({ kind: 'spend', direction: 'lower' }))).toBe('lower');
  });
});

describe('percentile', () => {
  it('is the share of the other customers strictly beaten', () => {
    const r = rankerFromValues(measure(), [40, 10, 30, 20, 20]);
    expect(r.normalize(10)).toBe(0);
    expect(r.normalize(20)).toBe(25);
    expect(r.normalize(30)).toBe(75);
    expect(r.normalize(40)).toBe(100);
  });

  it('ties beat nobody: an all-equal population is all 0', () => {
    const r = rankerFromValues(measure(), [7, 7, 7, 7]);
    expect(r.normalize(7)).toBe(0);
    const pair = rankerFromValues(measure(), [3, 3]);
    expect(pair.normalize(3)).toBe(0);
  });

  it('a single customer gets 100, and so does anyone in an empty population', () => {
    expect(rankerFromValues(measure(), [5]).normalize(5)).toBe(100);
    expect(rankerFromValues(measure({ kind: 'recency' }), [5]).normalize(5)).toBe(100);
    expect(rankerFromValues(measure(), []).normalize(5)).toBe(100);
    expect(rankerFromReference(measure(), { method: 'percentile', n: 1, sample: [5] }).normalize(5)).toBe(100);
  });

  it('lower is better: the smallest value beats everyone else', () => {
    const r = rankerFromValues(measure({ kind: 'recency' }), [10, 1, 5, 5]);
    expect(r.normalize(1)).toBe(100);
    // Beats 1 of the 3 others: 33.3%, shown as a whole number.
    expect(r.normalize(5)).toBe(33);
    expect(r.normalize(10)).toBe(0);
    const flipped = rankerFromValues(measure({ kind: 'spend', direction: 'lower' }), [10, 1, 5, 5]);
    expect(flipped.normalize(1)).toBe(100);
    expect(flipped.normalize(10)).toBe(0);
  });

  it('matches the definition on any population (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -20, max: 20 }), { minLength: 1, maxLength: 60 }), fc.boolean(), (values, lower) => {
        const m = measure({ direction: lower ? 'lower' : 'higher' });
        const r = rankerFromValues(m, values);
        values.forEach((v, i) => {
          expect(r.normalize(v)).toBe(Math.round(bruteForcePercentile(values, i, lower)));
          expect(r.normalize(v)).toBeGreaterThanOrEqual(0);
          expect(r.normalize(v)).toBeLessThanOrEqual(100);
        });
      }),
    );
  });

  it('does not depend on the order of the values', () => {
    const values = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5];
    const a = rankerFromValues(measure(), values);
    const b = rankerFromValues(measure(), [...values].reverse());
    for (const v of values) expect(a.normalize(v)).toBe(b.normalize(v));
    expect(a.reference).toEqual(b.reference);
  });

  it('keeps the whole population as the reference when it is small', () => {
    const r = rankerFromValues(measure(), [3, -1, 2, 2]);
    expect(r.reference).toEqual({ method: 'percentile', n: 4, sample: [-1, 2, 2, 3] });
  });

  it('an incremental ranker reproduces the full result exactly up to REFERENCE_SAMPLE values (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.integer({ min: 0, max: 30 }), fc.double({ min: -1e6, max: 1e6, noNaN: true })), { minLength: 0, maxLength: 300 }),
        fc.boolean(),
        (values, lower) => {
          const m = measure({ direction: lower ? 'lower' : 'higher' });
          const full = rankerFromValues(m, values);
          const reference = JSON.parse(JSON.stringify(full.reference)) as MeasureReference;
          const incremental = rankerFromReference(m, reference);
          for (const v of values) expect(incremental.normalize(v)).toBe(full.normalize(v));
        },
      ),
    );
  });

  it('is exact at exactly REFERENCE_SAMPLE values', () => {
    const next = random(7);
    const values = Array.from({ length: REFERENCE_SAMPLE }, () => Math.floor(next() * 1000));
    for (const dir of ['higher', 'lower'] as const) {
      const m = measure({ direction: dir });
      const full = rankerFromValues(m, values);
      const incremental = rankerFromReference(m, full.reference);
      expect(full.reference.method === 'percentile' && full.reference.sample.length).toBe(REFERENCE_SAMPLE);
      const mismatches = values.filter((v) => incremental.normalize(v) !== full.normalize(v));
      expect(mismatches).toEqual([]);
    }
  });

  it('ranks a new value against the reference, capped to 0-100', () => {
    const m = measure();
    const incremental = rankerFromReference(m, rankerFromValues(m, [10, 20, 30]).reference);
    expect(incremental.normalize(5)).toBe(0);
    expect(incremental.normalize(25)).toBe(100);
    expect(incremental.normalize(1000)).toBe(100);
    expect(incremental.normalize(15)).toBe(50);
    const lower = measure({ kind: 'recency' });
    const incrementalLower = rankerFromReference(lower, rankerFromValues(lower, [10, 20, 30]).reference);
    expect(incrementalLower.normalize(0)).toBe(100);
    expect(incrementalLower.normalize(1000)).toBe(0);
    expect(incrementalLower.normalize(25)).toBe(50);
  });

  describe('a population larger than the reference sample', () => {
    const next = random(2024);
    const N = 50_000;
    const spends = Array.from({ length: N }, () => Math.round(Math.exp(next() * 9) * 100) / 100);
    const lumpy = Array.from({ length: N }, () => Math.floor(next() * next() * 40));

    it.each([
      ['skewed spend, higher', spends, 'higher'],
      ['skewed spend, lower', spends, 'lower'],
      ['many ties, higher', lumpy, 'higher'],
      ['many ties, lower', lumpy, 'lower'],
    ] as const)('%s: the sampled reference stays within 1 percentile point', (_name, values, dir) => {
      const m = measure({ direction: dir });
      const full = rankerFromValues(m, values);
      const reference = full.reference;
      expect(reference.method).toBe('percentile');
      if (reference.method !== 'percentile') return;
      expect(reference.n).toBe(N);
      expect(reference.sample).toHaveLength(REFERENCE_SAMPLE);
      expect(reference.sample[0]).toBe(Math.min(...values));
      expect(reference.sample[REFERENCE_SAMPLE - 1]).toBe(Math.max(...values));
      expect(reference.sample.every((v, i) => i === 0 || (reference.sample[i - 1] as number) <= v)).toBe(true);

      const incremental = rankerFromReference(m, reference);
      let worst = 0;
      for (const v of values) worst = Math.max(worst, Math.abs(incremental.normalize(v) - full.normalize(v)));
      expect(worst).toBeLessThanOrEqual(1);
      // The worst value beats nobody in both rankings.
      const worstValue = dir === 'higher' ? Math.min(...values) : Math.max(...values);
      expect(full.normalize(worstValue)).toBe(0);
      expect(incremental.normalize(worstValue)).toBe(0);
    });
  });
});

describe('minmax', () => {
  it('scales linearly between fixed bounds and caps at both ends', () => {
    const r = rankerFromValues(measure({ normalize: { method: 'minmax', min: 0, max: 12 } }), [100, -5]);
    expect(r.normalize(0)).toBe(0);
    expect(r.normalize(3)).toBe(25);
    expect(r.normalize(6)).toBe(50);
    expect(r.normalize(12)).toBe(100);
    expect(r.normalize(-3)).toBe(0);
    expect(r.normalize(20)).toBe(100);
  });

  it('maps the low bound to 100 when lower is better', () => {
    const r = rankerFromValues(measure({ kind: 'churn_risk', normalize: { method: 'minmax', min: 0, max: 1 } }), []);
    expect(r.normalize(0)).toBe(100);
    expect(r.normalize(0.25)).toBe(75);
    expect(r.normalize(1)).toBe(0);
    expect(r.normalize(2)).toBe(0);
    expect(r.normalize(-1)).toBe(100);
  });

  it('uses the observed bounds when none are set, and keeps them in the reference', () => {
    const m = measure({ normalize: { method: 'minmax' } });
    const r = rankerFromValues(m, [15, 5, 10]);
    expect(r.reference).toEqual({ method: 'minmax', min: 5, max: 15 });
    expect(r.normalize(5)).toBe(0);
    expect(r.normalize(10)).toBe(50);
    expect(r.normalize(15)).toBe(100);
    const incremental = rankerFromReference(m, r.reference);
    expect(incremental.normalize(10)).toBe(50);
    expect(incremental.normalize(0)).toBe(0);
    expect(incremental.normalize(30)).toBe(100);
  });

  it('mixes a fixed bound with an observed one', () => {
    const onlyMax = rankerFromValues(measure({ normalize: { method: 'minmax', max: 100 } }), [20, 60]);
    expect(onlyMax.normalize(20)).toBe(0);
    expect(onlyMax.normalize(60)).toBe(50);
    expect(onlyMax.normalize(100)).toBe(100);
    const onlyMin = rankerFromValues(measure({ normalize: { method: 'minmax', min: 0 } }), [20, 80]);
    expect(onlyMin.normalize(20)).toBe(25);
    expect(onlyMin.normalize(80)).toBe(100);
  });

  it('a population of equal values (no spread) scores 100', () => {
    const r = rankerFromValues(measure({ normalize: { method: 'minmax' } }), [4, 4, 4]);
    expect(r.normalize(4)).toBe(100);
    expect(r.normalize(3)).toBe(0);
  });
});

describe('bands', () => {
  it('the first matching band wins, bounds included, nothing matching scores 0', () => {
    const m = measure({
      normalize: {
        method: 'bands',
        bands: [
          { atLeast: 10, atMost: 19, score: 60 },
          { atLeast: 10, score: 80 },
          { atLeast: 5, score: 40 },
          { atLeast: 20, score: 100 },
        ],
      },
    });
    const r = rankerFromValues(m, [1, 2, 3]);
    expect(r.reference).toEqual({ method: 'bands' });
    expect(r.normalize(10)).toBe(60);
    expect(r.normalize(19)).toBe(60);
    expect(r.normalize(19.5)).toBe(80);
    expect(r.normalize(25)).toBe(80);
    expect(r.normalize(5)).toBe(40);
    expect(r.normalize(4.99)).toBe(0);
  });

  it('the retail recency bands', () => {
    const m = measure({
      kind: 'recency',
      normalize: {
        method: 'bands',
        bands: [{ atMost: 30, score: 100 }, { atMost: 90, score: 75 }, { atMost: 180, score: 40 }, { atMost: 365, score: 15 }, { score: 0 }],
      },
    });
    const r = rankerFromReference(m, { method: 'bands' });
    expect([0, 30, 31, 90, 91, 180, 365, 366, 5000].map((d) => r.normalize(d))).toEqual([100, 100, 75, 75, 40, 40, 15, 0, 0]);
  });
});
