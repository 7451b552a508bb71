import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { OFTEN_MISSING, type MeasureConfig, type Program } from '../../program/schema.js';
import { dayNumber, isoDateFromDayNumber } from '../calendar.js';
import { minorUnitsPerMajor, scoreCustomers, type CustomerScore } from '../engine.js';
import { aggregateKey, previousKey, requiredAggregates, type CustomerFacts } from '../facts.js';
import { facts, override, previous, programFrom, programFromYaml, random } from './helpers.js';

const AS_OF = '2024-06-30';
const daysBefore = (n: number) => isoDateFromDayNumber(dayNumber(AS_OF) - n);

/** Spend is stored in minor units (cents). */
const cents = (major: number) => Math.round(major * 100);

const program = programFromYaml(`
schemaVersion: 1
name: Engine test
measures:
  - { id: spend_12m, kind: spend, window: 12m, normalize: { method: percentile }, weight: 50 }
  - { id: orders_12m, kind: order_count, window: 12m, normalize: { method: minmax, min: 0, max: 10 }, weight: 30 }
  - id: recency
    kind: recency
    normalize:
      method: bands
      bands: [{ atMost: 30, score: 100 }, { atMost: 90, score: 50 }, { score: 0 }]
    weight: 20
  - { id: satisfaction_12m, kind: satisfaction, window: 12m, normalize: { method: minmax, min: 0, max: 100 }, weight: 10 }
  - { id: tenure, kind: tenure, normalize: { method: minmax }, weight: 5 }
  - { id: spend_lifetime, kind: spend, window: lifetime, normalize: { method: percentile }, weight: 0 }
rules:
  - { id: lifetime_gold, when: { measure: spend_lifetime, gte: 1000 }, atLeast: gold }
tiers:
  - { id: diamond, name: Diamond, enter: 85, exit: 80 }
  - { id: gold, name: Gold, enter: 60, exit: 54 }
flags:
  potential: { window: 90d, minGrowth: 0.5, minRecentSpend: 50, withinPoints: 20 }
  atRisk: { window: 90d, minDrop: 0.5, inactiveDays: 120, churnRiskAbove: 0.7 }
`);

/**
 * A program whose score is easy to set: orders in 12 months x 10 (min-max 0-10).
 * No recency measure, so the engine works out recency for the flags by itself.
 */
const flagProgram = programFromYaml(`
schemaVersion: 1
name: Flag test
measures:
  - { id: orders_12m, kind: order_count, window: 12m, normalize: { method: minmax, min: 0, max: 10 }, weight: 1 }
tiers:
  - { id: diamond, name: Diamond, enter: 85, exit: 80 }
  - { id: gold, name: Gold, enter: 60, exit: 54 }
flags:
  potential: { window: 90d, minGrowth: 0.5, minRecentSpend: 50, withinPoints: 20 }
  atRisk: { window: 90d, minDrop: 0.5, inactiveDays: 120, churnRiskAbove: 0.7 }
`);

interface Activity {
  spend12?: number;
  orders12?: number;
  satisfaction12?: number | null;
  spendLifetime?: number;
  spend90?: number;
  spendBefore90?: number;
  orders90?: number;
  ordersBefore90?: number;
}

function aggregates(a: Activity): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  if (a.spend12 !== undefined) out[aggregateKey('spend', '12m')] = cents(a.spend12);
  if (a.orders12 !== undefined) out[aggregateKey('orders', '12m')] = a.orders12;
  if (a.satisfaction12 !== undefined) out[aggregateKey('satisfaction', '12m')] = a.satisfaction12;
  if (a.spendLifetime !== undefined) out[aggregateKey('spend', 'lifetime')] = cents(a.spendLifetime);
  if (a.spend90 !== undefined) out[aggregateKey('spend', '90d')] = cents(a.spend90);
  if (a.spendBefore90 !== undefined) out[previousKey('spend', '90d')] = cents(a.spendBefore90);
  if (a.orders90 !== undefined) out[aggregateKey('orders', '90d')] = a.orders90;
  if (a.ordersBefore90 !== undefined) out[previousKey('orders', '90d')] = a.ordersBefore90;
  return out;
}

function customer(id: string, activity: Activity, overrides: Partial<CustomerFacts> = {}): CustomerFacts {
  return facts({ customerId: id, aggregates: aggregates(activity), ...overrides });
}

function only(run: { results: CustomerScore[] }, id = 'c1'): CustomerScore {
  const found = run.results.find((r) => r.customerId === id);
  if (!found) throw new Error(`no result for ${id}`);
  return found;
}


/** A synthetic tenant: ids `c0000`..., a mix of heavy, light and lapsed customers. */
function population(size: number, seed: number): CustomerFacts[] {
  const next = random(seed);
  return Array.from({ length: size }, (_, i) => {
    const orders12 = Math.floor(next() * next() * 15);
    const spend12 = Math.round(orders12 * (20 + next() * 200) * 100) / 100;
    const last = orders12 > 0 ? Math.floor(next() * 200) : 200 + Math.floor(next() * 600);
    const first = last + Math.floor(next() * 1500);
    return customer(
      `c${String(i).padStart(4, '0')}`,
      {
        spend12,
        orders12,
        satisfaction12: next() < 0.4 ? Math.round(next() * 100) : null,
        spendLifetime: spend12 + Math.round(next() * 3000),
        spend90: Math.round(spend12 * next() * 0.6),
        spendBefore90: Math.round(spend12 * next() * 0.4),
        orders90: Math.floor(orders12 * next() * 0.6),
        ordersBefore90: Math.floor(orders12 * next() * 0.4),
      },
      { lastOrderDate: daysBefore(last), firstOrderDate: daysBefore(first), churnRisk: next() < 0.5 ? null : next() },
    );
  });
}

describe('requiredAggregates', () => {
  it('lists each aggregate once, with the flag windows and the windows before them', () => {
    const specs = requiredAggregates(program, AS_OF);
    expect(specs.map((s) => s.key)).toEqual([
      'orders:12m',
      'orders:90d',
      'orders:before_90d',
      'satisfaction:12m',
      'spend:12m',
      'spend:90d',
      'spend:before_90d',
      'spend:lifetime',
    ]);
    const spend90 = specs.find((s) => s.key === 'spend:90d');
    const before = specs.find((s) => s.key === 'spend:before_90d');
    expect(before?.range.to.getTime()).toBe(spend90?.range.from?.getTime());
    expect(specs.find((s) => s.key === 'spend:lifetime')?.range.from).toBeNull();
  });
});

describe('measure values', () => {
  it('reads spend in major units, counts, recency, tenure and satisfaction', () => {
    const run = scoreCustomers(
      [
        customer('c1', { spend12: 250.5, orders12: 3, satisfaction12: 80, spendLifetime: 1200 }, {
          lastOrderDate: daysBefore(10),
          firstOrderDate: daysBefore(400),
          customerSince: daysBefore(500),
        }),
      ],
      { program, asOf: AS_OF },
    );
    expect(only(run).values).toEqual({
      spend_12m: 250.5,
      orders_12m: 3,
      recency: 10,
      satisfaction_12m: 80,
      tenure: 500,
      spend_lifetime: 1200,
    });
  });

  it('average order value and repeat-purchase rate', () => {
    const p = programFrom({
      schemaVersion: 1,
      name: 'AOV',
      measures: [
        { id: 'aov', kind: 'average_order_value', window: '12m', normalize: { method: 'minmax', min: 0, max: 100 }, weight: 1 },
        { id: 'repeat', kind: 'repeat_purchase_rate', window: '12m', normalize: { method: 'minmax', min: 0, max: 1 }, weight: 1 },
      ],
      tiers: [{ id: 'gold', name: 'Gold', enter: 60, exit: 50 }],
    });
    const run = scoreCustomers(
      [
        customer('new', { spend12: 120, orders12: 4 }, { firstOrderDate: daysBefore(100) }),
        customer('old', { spend12: 120, orders12: 4 }, { firstOrderDate: daysBefore(1000) }),
        customer('none', { spend12: 0, orders12: 0 }),
      ],
      { program: p, asOf: AS_OF },
    );
    expect(only(run, 'new').values).toEqual({ aov: 30, repeat: 0.75 });
    expect(only(run, 'old').values).toEqual({ aov: 30, repeat: 1 });
    expect(only(run, 'none').values).toEqual({ aov: null, repeat: null });
    expect(only(run, 'old').score).toBe(65);
  });

  it('reads spend in the program currency', () => {
    expect(minorUnitsPerMajor('USD')).toBe(100);
    expect(minorUnitsPerMajor('CNY')).toBe(100);
    expect(minorUnitsPerMajor('JPY')).toBe(1);
    expect(minorUnitsPerMajor('KWD')).toBe(1000);
    const yen = programFrom({
      schemaVersion: 1,
      name: 'Yen',
      currency: 'JPY',
      measures: [{ id: 'spend_12m', kind: 'spend', window: '12m', normalize: { method: 'minmax', min: 0, max: 10000 }, weight: 1 }],
      tiers: [{ id: 'gold', name: 'Gold', enter: 60, exit: 50 }],
    });
    const run = scoreCustomers([facts({ aggregates: { [aggregateKey('spend', '12m')]: 5000 } })], { program: yen, asOf: AS_OF });
    expect(only(run).values.spend_12m).toBe(5000);
    expect(only(run).score).toBe(50);
  });
});

describe('contributions', () => {
  it('explain the score: weights re-spread over present measures, points sum to the score', () => {
    const run = scoreCustomers(
      [
        customer('c1', { spend12: 500, orders12: 5, spendLifetime: 500 }, { lastOrderDate: daysBefore(60), firstOrderDate: daysBefore(365) }),
        customer('c2', { spend12: 100, orders12: 1, satisfaction12: 90, spendLifetime: 100 }, { lastOrderDate: daysBefore(5), firstOrderDate: daysBefore(5) }),
      ],
      { program, asOf: AS_OF },
    );
    const c1 = only(run, 'c1');
    // c1: no satisfaction (excluded by default for that kind), so the weights are 50+30+20+5 = 105.
    expect(c1.contributions.map((c) => [c.measure, c.value, c.normalized, c.weight, c.share])).toEqual([
      ['spend_12m', 500, 100, 50, 0.4762],
      ['orders_12m', 5, 50, 30, 0.2857],
      ['recency', 60, 50, 20, 0.1905],
      ['satisfaction_12m', null, 0, 10, 0],
      ['tenure', 365, 100, 5, 0.0476],
    ]);
    // (100*50 + 50*30 + 50*20 + 100*5) / 105 = 76.19...
    expect(c1.score).toBe(76.19);
    expect(c1.contributions.map((c) => c.points)).toEqual([47.62, 14.29, 9.52, 0, 4.76]);
    const c2 = only(run, 'c2');
    expect(c2.contributions.find((c) => c.measure === 'satisfaction_12m')).toMatchObject({ value: 90, normalized: 90, share: 0.0870 });
    // Weight-0 measures are values for rules, not contributions.
    expect(c1.contributions.map((c) => c.measure)).not.toContain('spend_lifetime');
    expect(c1.values.spend_lifetime).toBe(500);
  });

  it('a missing value counts as its whenMissing score, or as 0 by default for kinds that are rarely missing', () => {
    const p = programFrom({
      schemaVersion: 1,
      name: 'Missing',
      measures: [
        { id: 'orders_12m', kind: 'order_count', window: '12m', normalize: { method: 'minmax', min: 0, max: 10 }, weight: 1 },
        { id: 'recency', kind: 'recency', normalize: { method: 'bands', bands: [{ atMost: 30, score: 100 }] }, weight: 1 },
        { id: 'influence', kind: 'influence', normalize: { method: 'minmax', min: 0, max: 10 }, weight: 1, whenMissing: 50 },
        { id: 'churn', kind: 'churn_risk', normalize: { method: 'minmax', min: 0, max: 1 }, weight: 1 },
      ],
      tiers: [{ id: 'gold', name: 'Gold', enter: 60, exit: 50 }],
    });
    const c = only(scoreCustomers([customer('c1', { orders12: 10 })], { program: p, asOf: AS_OF }));
    expect(c.contributions.map((x) => [x.measure, x.value, x.normalized, x.share])).toEqual([
      ['orders_12m', 10, 100, 0.3333],
      ['recency', null, 0, 0.3333],
      ['influence', null, 50, 0.3333],
      ['churn', null, 0, 0],
    ]);
    expect(c.score).toBe(50);
  });

  it('a customer with every weighted measure missing and excluded scores 0', () => {
    const p = programFrom({
      schemaVersion: 1,
      name: 'All missing',
      measures: [{ id: 'sat', kind: 'satisfaction', window: '12m', normalize: { method: 'minmax', min: 0, max: 100 }, weight: 1 }],
      tiers: [{ id: 'gold', name: 'Gold', enter: 60, exit: 50 }],
    });
    const c = only(scoreCustomers([facts()], { program: p, asOf: AS_OF }));
    expect(c.score).toBe(0);
    expect(c.contributions).toEqual([{ measure: 'sat', value: null, normalized: 0, weight: 1, share: 0, points: 0 }]);
    expect(c.tier).toBeNull();
  });

  /** Random programs (weights, missing policies) and random facts. */
  const arbWeight = fc.oneof(fc.integer({ min: 0, max: 100 }), fc.double({ min: 0, max: 1000, noNaN: true }));
  const arbMissing = fc.constantFrom<MeasureConfig['whenMissing']>(undefined, 'exclude', 0, 37.5, 100);
  const arbProgram: fc.Arbitrary<Program> = fc
    .tuple(fc.array(arbWeight, { minLength: 8, maxLength: 8 }), fc.array(arbMissing, { minLength: 8, maxLength: 8 }))
    .map(([weights, missing]) => {
      const w = weights.some((x) => x > 0) ? weights : [1, ...weights.slice(1)];
      const base: MeasureConfig[] = [
        { id: 'spend_12m', kind: 'spend', window: '12m', normalize: { method: 'percentile' }, weight: 0 },
        { id: 'orders_12m', kind: 'order_count', window: '12m', normalize: { method: 'minmax', min: 0, max: 12 }, weight: 0 },
        { id: 'aov_12m', kind: 'average_order_value', window: '12m', normalize: { method: 'percentile' }, weight: 0 },
        { id: 'recency', kind: 'recency', normalize: { method: 'bands', bands: [{ atMost: 30, score: 100 }, { atMost: 180, score: 33.3 }] }, weight: 0 },
        { id: 'tenure', kind: 'tenure', normalize: { method: 'minmax' }, weight: 0 },
        { id: 'sat_12m', kind: 'satisfaction', window: '12m', normalize: { method: 'minmax', min: 0, max: 100 }, weight: 0 },
        { id: 'influence', kind: 'influence', normalize: { method: 'minmax', min: 0, max: 7 }, weight: 0 },
        { id: 'churn', kind: 'churn_risk', normalize: { method: 'percentile' }, weight: 0 },
      ];
      const measures = base.map((m, i) => {
        const whenMissing = missing[i];
        return { ...m, weight: w[i] ?? 0, ...(whenMissing === undefined ? {} : { whenMissing }) };
      });
      return programFrom({ schemaVersion: 1, name: 'Random', measures, tiers: [{ id: 'gold', name: 'Gold', enter: 50, exit: 40 }] });
    });
  const arbDay = fc.option(fc.integer({ min: 0, max: 2000 }).map(daysBefore));
  const arbFacts: fc.Arbitrary<CustomerFacts[]> = fc
    .array(
      fc.record({
        spend: fc.option(fc.integer({ min: 0, max: 10_000_000 })),
        orders: fc.option(fc.integer({ min: 0, max: 40 })),
        satisfaction: fc.option(fc.double({ min: 0, max: 100, noNaN: true })),
        last: arbDay,
        first: arbDay,
        since: arbDay,
        influence: fc.option(fc.double({ min: 0, max: 20, noNaN: true })),
        churn: fc.option(fc.double({ min: 0, max: 1, noNaN: true })),
      }),
      { minLength: 1, maxLength: 25 },
    )
    .map((rows) =>
      rows.map((r, i) =>
        facts({
          customerId: `c${i}`,
          aggregates: { 'spend:12m': r.spend, 'orders:12m': r.orders, 'satisfaction:12m': r.satisfaction },
          lastOrderDate: r.last,
          firstOrderDate: r.first,
          customerSince: r.since,
          influence: r.influence,
          churnRisk: r.churn,
        }),
      ),
    );

  it('points sum exactly to the score, which is in [0, 100] with two decimals (property)', () => {
    fc.assert(
      fc.property(arbProgram, arbFacts, (p, population) => {
        const { results } = scoreCustomers(population, { program: p, asOf: AS_OF });
        expect(results).toHaveLength(population.length);
        for (const r of results) {
          const hundredths = r.contributions.reduce((s, c) => s + Math.round(c.points * 100), 0);
          expect(Number.isInteger(Math.round(r.score * 100))).toBe(true);
          expect(Math.abs(r.score * 100 - Math.round(r.score * 100))).toBeLessThan(1e-6);
          expect(hundredths).toBe(Math.round(r.score * 100));
          expect(Math.abs(r.contributions.reduce((s, c) => s + c.points, 0) - r.score)).toBeLessThan(1e-9);
          expect(r.score).toBeGreaterThanOrEqual(0);
          expect(r.score).toBeLessThanOrEqual(100);

          // Each measure's points are its normalised score times its re-spread weight, to the hundredth.
          const weighted = p.measures.filter((m) => m.weight > 0);
          expect(r.contributions.map((c) => c.measure)).toEqual(weighted.map((m) => m.id));
          const excluded = (m: MeasureConfig) =>
            r.values[m.id] === null && (m.whenMissing ?? (OFTEN_MISSING.has(m.kind) ? 'exclude' : 0)) === 'exclude';
          const total = weighted.reduce((s, m) => s + (excluded(m) ? 0 : m.weight), 0);
          r.contributions.forEach((c, i) => {
            const m = weighted[i] as MeasureConfig;
            expect(c.normalized).toBeGreaterThanOrEqual(0);
            expect(c.normalized).toBeLessThanOrEqual(100);
            expect(c.points).toBeGreaterThanOrEqual(0);
            if (excluded(m)) {
              expect(c).toMatchObject({ value: null, points: 0, share: 0 });
            } else if (r.values[m.id] === null) {
              expect(c.normalized).toBe(m.whenMissing ?? 0);
            }
            const exact = total === 0 || excluded(m) ? 0 : (c.normalized * m.weight) / total;
            expect(Math.abs(c.points - exact)).toBeLessThan(0.0100001);
          });
          const weightedAverage = r.contributions.reduce((s, c, i) => {
            const m = weighted[i] as MeasureConfig;
            return s + (total === 0 || excluded(m) ? 0 : (c.normalized * m.weight) / total);
          }, 0);
          expect(Math.abs(r.score - weightedAverage)).toBeLessThanOrEqual(0.005 + 1e-9);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('determinism', () => {
  it('the same facts in any order give identical results (property)', () => {
    const arbRun = fc
      .tuple(fc.integer({ min: 1, max: 2 ** 31 - 1 }), fc.integer({ min: 1, max: 60 }))
      .map(([seed, size]) => {
        const base = population(size, seed);
        const next = random(seed + 1);
        // Some members with history, one with an override.
        return base.map((f, i) =>
          i % 7 === 0 ? { ...f, previous: previous(next() < 0.5 ? 'gold' : 'diamond', daysBefore(Math.floor(next() * 100))) } : i === 3 ? { ...f, override: override('diamond') } : f,
        );
      })
      .chain((population) => fc.tuple(fc.constant(population), fc.shuffledSubarray(population, { minLength: population.length, maxLength: population.length })));
    fc.assert(
      fc.property(arbRun, ([population, shuffled]) => {
        const a = scoreCustomers(population, { program, asOf: AS_OF });
        const b = scoreCustomers(shuffled, { program, asOf: AS_OF });
        expect(b).toEqual(a);
        expect(a.results.map((r) => r.customerId)).toEqual(population.map((f) => f.customerId).sort());
      }),
      { numRuns: 50 },
    );
  });

  it('scoring twice gives the same results, and does not modify the input', () => {
    const population = tenant(120);
    const copy = structuredClone(population);
    const a = scoreCustomers(population, { program, asOf: AS_OF });
    const b = scoreCustomers(population, { program, asOf: AS_OF });
    expect(b).toEqual(a);
    expect(population).toEqual(copy);
    expect(new Set(a.results.map((r) => r.tier))).toEqual(new Set([null, 'gold', 'diamond']));
  });
});

/** The same synthetic tenant every time. */
function tenant(size: number): CustomerFacts[] {
  return population(size, 99);
}

describe('tiers and reasons through the engine', () => {
  it('a hard rule lifts a low scorer and says so', () => {
    const run = scoreCustomers(
      [
        customer('c1', { spend12: 0, orders12: 0, spendLifetime: 1500 }, { lastOrderDate: daysBefore(400) }),
        customer('c2', { spend12: 900, orders12: 9, spendLifetime: 900 }, { lastOrderDate: daysBefore(3) }),
      ],
      { program, asOf: AS_OF },
    );
    const c1 = only(run, 'c1');
    expect(c1).toMatchObject({ tier: 'gold', tierSource: 'rule', primaryReason: 'rule_at_least', tierChanged: true, tierSince: AS_OF, previousTier: null });
    expect(c1.score).toBeLessThan(60);
    expect(c1.reasons).toContainEqual({ code: 'rule_at_least', params: { rule: 'lifetime_gold', tier: 'gold' } });
    expect(c1.reasons[0]?.code).toBe('not_vip');
  });

  it('every result has a primary reason among its reasons', () => {
    const { results } = scoreCustomers(tenant(200), { program, asOf: AS_OF });
    for (const r of results) {
      expect(r.reasons.length).toBeGreaterThan(0);
      expect(r.reasons.map((x) => x.code)).toContain(r.primaryReason);
    }
  });

  it('carries the previous tier, and keeps the start date while the tier holds', () => {
    const run = scoreCustomers(
      [
        customer('c1', { orders12: 6 }, { previous: previous('gold', '2024-01-01', 'score', 61) }),
        customer('c2', { orders12: 9 }, { previous: previous('gold', '2024-01-01', 'score', 61) }),
      ],
      { program: flagProgram, asOf: AS_OF },
    );
    expect(only(run, 'c1')).toMatchObject({ score: 60, tier: 'gold', tierChanged: false, tierSince: '2024-01-01', previousTier: 'gold', primaryReason: 'score_kept' });
    expect(only(run, 'c2')).toMatchObject({ score: 90, tier: 'diamond', tierChanged: true, tierSince: AS_OF, previousTier: 'gold', primaryReason: 'score_upgraded' });
  });
});

describe('flags', () => {
  const flagsOf = (f: CustomerFacts, p: Program = flagProgram) => only(scoreCustomers([f], { program: p, asOf: AS_OF }), f.customerId);

  describe('potential VIPs', () => {
    it('rising spend below the line', () => {
      const c = flagsOf(customer('c1', { orders12: 5, spend90: 200, spendBefore90: 100 }));
      expect(c).toMatchObject({ score: 50, tier: null });
      expect(c.flags).toEqual([{ code: 'potential_vip', reason: 'spend_rising', params: { score: 50, threshold: 60, recent: 200, before: 100 } }]);
    });

    it('rising order count when spend is flat', () => {
      const c = flagsOf(customer('c1', { orders12: 5, spend90: 100, spendBefore90: 100, orders90: 4, ordersBefore90: 2 }));
      expect(c.flags).toEqual([{ code: 'potential_vip', reason: 'orders_rising', params: { score: 50, threshold: 60, recent: 4, before: 2 } }]);
    });

    it('a first purchase spree counts as rising', () => {
      const c = flagsOf(customer('c1', { orders12: 4, spend90: 80, orders90: 4 }));
      expect(c.flags.map((f) => f.reason)).toEqual(['spend_rising']);
    });

    it('not when growth is too small, spend too low, the score too far below, or already a VIP', () => {
      expect(flagsOf(customer('c1', { orders12: 5, spend90: 140, spendBefore90: 100 })).flags).toEqual([]);
      expect(flagsOf(customer('c1', { orders12: 5, spend90: 40, spendBefore90: 10 })).flags).toEqual([]);
      expect(flagsOf(customer('c1', { orders12: 5, spend90: 40, spendBefore90: 10, orders90: 4, ordersBefore90: 1 })).flags).toEqual([]);
      expect(flagsOf(customer('c1', { orders12: 3, spend90: 200, spendBefore90: 100 })).flags).toEqual([]);
      expect(flagsOf(customer('c1', { orders12: 4, spend90: 200, spendBefore90: 100 })).flags.map((f) => f.code)).toEqual(['potential_vip']);
      const vip = flagsOf(customer('c1', { orders12: 7, spend90: 200, spendBefore90: 100 }, { lastOrderDate: daysBefore(1) }));
      expect(vip.tier).toBe('gold');
      expect(vip.flags).toEqual([]);
    });
  });

  describe('at-risk VIPs', () => {
    const vip = (activity: Activity, overrides: Partial<CustomerFacts> = {}) =>
      customer('c1', { orders12: 8, ...activity }, { lastOrderDate: daysBefore(10), ...overrides });

    it('a healthy VIP is not flagged', () => {
      const c = flagsOf(vip({ spend90: 300, spendBefore90: 300, orders90: 3, ordersBefore90: 3 }));
      expect(c.tier).toBe('gold');
      expect(c.flags).toEqual([]);
    });

    it('inactive: no order for inactiveDays (recency worked out without a recency measure)', () => {
      expect(flagsOf(vip({}, { lastOrderDate: daysBefore(150) })).flags).toEqual([
        { code: 'at_risk', reason: 'inactive', params: { since: daysBefore(150), threshold: 120 } },
      ]);
      expect(flagsOf(vip({}, { lastOrderDate: daysBefore(120) })).flags.map((f) => f.reason)).toEqual(['inactive']);
      expect(flagsOf(vip({}, { lastOrderDate: daysBefore(119) })).flags).toEqual([]);
    });

    it('inactive, with the program\'s own recency measure', () => {
      const c = flagsOf(vip({ spend12: 500, orders12: 9, spendLifetime: 2000 }, { lastOrderDate: daysBefore(130) }), program);
      expect(c.tier).not.toBeNull();
      expect(c.values.recency).toBe(130);
      expect(c.flags).toEqual([{ code: 'at_risk', reason: 'inactive', params: { since: daysBefore(130), threshold: 120 } }]);
    });

    it('falling activity: spend and orders both dropped by half or more', () => {
      const c = flagsOf(vip({ spend90: 40, spendBefore90: 100, orders90: 1, ordersBefore90: 4 }));
      expect(c.flags).toEqual([
        { code: 'at_risk', reason: 'activity_falling', params: { recent: 40, before: 100, recentOrders: 1, ordersBefore: 4 } },
      ]);
      expect(flagsOf(vip({ spend90: 50, spendBefore90: 100, orders90: 2, ordersBefore90: 4 })).flags.map((f) => f.reason)).toEqual(['activity_falling']);
      // Only one of the two fell.
      expect(flagsOf(vip({ spend90: 40, spendBefore90: 100, orders90: 3, ordersBefore90: 4 })).flags).toEqual([]);
      expect(flagsOf(vip({ spend90: 90, spendBefore90: 100, orders90: 1, ordersBefore90: 4 })).flags).toEqual([]);
    });

    it('churn risk above the threshold, when a model gave one', () => {
      expect(flagsOf(vip({}, { churnRisk: 0.8 })).flags).toEqual([{ code: 'at_risk', reason: 'churn_risk', params: { churnRisk: 0.8, threshold: 0.7 } }]);
      expect(flagsOf(vip({}, { churnRisk: 0.7 })).flags).toEqual([]);
      expect(flagsOf(vip({}, { churnRisk: null })).flags).toEqual([]);
    });

    it('only VIPs are at risk', () => {
      const c = flagsOf(customer('c1', { orders12: 2 }, { lastOrderDate: daysBefore(300), churnRisk: 0.95 }));
      expect(c.tier).toBeNull();
      expect(c.flags.map((f) => f.code)).not.toContain('at_risk');
    });
  });
});

describe('incremental runs', () => {
  it('with the reference from a full run, unchanged customers score exactly as in the full run', () => {
    const all = tenant(300);
    const full = scoreCustomers(all, { program, asOf: AS_OF });
    const subset = all.filter((_, i) => i % 17 === 0);
    const incremental = scoreCustomers(subset, { program, asOf: AS_OF, reference: full.reference });
    expect(incremental.reference).toEqual(full.reference);
    const expected = full.results.filter((r) => subset.some((f) => f.customerId === r.customerId));
    expect(incremental.results).toEqual(expected);

    // Without the reference the subset would be ranked among itself, and scores would move.
    const alone = scoreCustomers(subset, { program, asOf: AS_OF });
    expect(alone.results.map((r) => r.score)).not.toEqual(expected.map((r) => r.score));
  });

  it('a reference that went through JSON (as stored) ranks the same', () => {
    const all = tenant(150);
    const full = scoreCustomers(all, { program, asOf: AS_OF });
    const stored = JSON.parse(JSON.stringify(full.reference)) as typeof full.reference;
    const changed = all.slice(0, 10);
    expect(scoreCustomers(changed, { program, asOf: AS_OF, reference: stored }).results).toEqual(full.results.slice(0, 10));
  });

  it('a changed customer is ranked against the stored reference', () => {
    const all = tenant(100);
    const full = scoreCustomers(all, { program, asOf: AS_OF });
    const first = all[0] as CustomerFacts;
    const richer = { ...first, aggregates: { ...first.aggregates, [aggregateKey('spend', '12m')]: cents(1_000_000) } };
    const c = only(scoreCustomers([richer], { program, asOf: AS_OF, reference: full.reference }), first.customerId);
    expect(c.contributions.find((x) => x.measure === 'spend_12m')?.normalized).toBe(100);
  });
});
