import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { dayNumber, isoDateFromDayNumber } from '../calendar.js';
import type { ActiveOverride, PreviousAssignment } from '../facts.js';
import { REASON_CODES, decideTier, type Reason, type TierDecision } from '../tiers.js';
import { override, previous, programFrom } from './helpers.js';

/**
 * Tiers: diamond 85/80 (90 days), platinum 72/66 (60 days), gold 60/54 (30 days).
 * Rules read raw values: lifetime spend floors, a `flagged` attribute caps.
 */
const program = programFrom({
  schemaVersion: 1,
  name: 'Tier test',
  measures: [
    { id: 'spend_12m', kind: 'spend', window: '12m', normalize: { method: 'percentile' }, weight: 1 },
    { id: 'spend_lifetime', kind: 'spend', window: 'lifetime', normalize: { method: 'percentile' }, weight: 0 },
    { id: 'flagged', kind: 'influence', normalize: { method: 'minmax', min: 0, max: 1 }, weight: 0 },
  ],
  rules: [
    { id: 'lifetime_gold', when: { measure: 'spend_lifetime', gte: 1000 }, atLeast: 'gold' },
    { id: 'lifetime_platinum', when: { measure: 'spend_lifetime', gte: 5000 }, atLeast: 'platinum' },
    { id: 'review_cap', when: { measure: 'flagged', eq: 0.5 }, atMost: 'gold' },
    { id: 'fraud', when: { measure: 'flagged', gte: 1 }, atMost: 'none' },
    { id: 'watch_cap', when: { measure: 'flagged', gte: 0.5 }, atMost: 'platinum' },
  ],
  tiers: [
    { id: 'diamond', name: 'Diamond', enter: 85, exit: 80, minDays: 90 },
    { id: 'platinum', name: 'Platinum', enter: 72, exit: 66, minDays: 60 },
    { id: 'gold', name: 'Gold', enter: 60, exit: 54, minDays: 30 },
  ],
});

const LONG_AGO = '2023-01-01';
const AS_OF = '2024-06-30';

interface DecideOptions {
  asOf?: string;
  previous?: PreviousAssignment | null;
  override?: ActiveOverride | null;
  values?: Record<string, number | null>;
}

function decide(score: number, opts: DecideOptions = {}): TierDecision {
  return decideTier(program, {
    asOf: opts.asOf ?? AS_OF,
    score,
    values: { spend_12m: 0, spend_lifetime: 0, flagged: null, ...opts.values },
    previous: opts.previous ?? null,
    override: opts.override ?? null,
  });
}

const codes = (d: TierDecision) => d.reasons.map((r) => r.code);
const reason = (d: TierDecision, code: Reason['code']) => d.reasons.find((r) => r.code === code);

/** Runs decisions day after day, feeding each outcome back as the previous assignment. */
function simulate(scores: readonly number[], start: string, first: PreviousAssignment | null = null): TierDecision[] {
  let prev = first;
  return scores.map((score, day) => {
    const d = decide(score, { asOf: isoDateFromDayNumber(dayNumber(start) + day), previous: prev });
    prev = { tier: d.tier, since: d.since, source: d.source, score };
    return d;
  });
}

describe('entering by score', () => {
  it('a new customer enters the highest tier whose entry they reach (inclusive)', () => {
    const d = decide(90);
    expect(d).toMatchObject({ tier: 'diamond', since: AS_OF, source: 'score', primary: 'score_entered', changed: true });
    expect(d.reasons).toEqual([{ code: 'score_entered', params: { tier: 'diamond', score: 90, threshold: 85 } }]);
    expect(decide(85).tier).toBe('diamond');
    expect(decide(84.99).tier).toBe('platinum');
    expect(decide(72).tier).toBe('platinum');
    expect(decide(60).tier).toBe('gold');
  });

  it('below the lowest entry is not a VIP, and unchanged for a non-member', () => {
    const d = decide(59.99);
    expect(d).toMatchObject({ tier: null, primary: 'not_vip', changed: false });
    expect(d.reasons).toEqual([{ code: 'not_vip', params: { score: 59.99, threshold: 60 } }]);
    const again = decide(10, { previous: previous(null, LONG_AGO) });
    expect(again).toMatchObject({ tier: null, changed: false, since: LONG_AGO });
  });
});

describe('hysteresis', () => {
  it('a member stays while the score is between exit and entry; a non-member does not enter there', () => {
    const kept = decide(55, { previous: previous('gold', LONG_AGO) });
    expect(kept).toMatchObject({ tier: 'gold', primary: 'score_kept', changed: false, since: LONG_AGO });
    expect(reason(kept, 'score_kept')?.params).toEqual({ tier: 'gold', score: 55, threshold: 54 });
    expect(decide(54, { previous: previous('gold', LONG_AGO) }).tier).toBe('gold');
    expect(decide(55).tier).toBeNull();
    expect(decide(82, { previous: previous('diamond', LONG_AGO) }).tier).toBe('diamond');
    expect(decide(82).tier).toBe('platinum');
  });

  it('a member leaves below the exit once the minimum time has passed', () => {
    const d = decide(53.99, { previous: previous('gold', LONG_AGO) });
    expect(d).toMatchObject({ tier: null, primary: 'score_left', changed: true, since: AS_OF });
    expect(reason(d, 'score_left')?.params).toEqual({ from: 'gold', score: 53.99, threshold: 54 });
  });

  it('does not flip-flop when the score oscillates between exit and entry', () => {
    const scores = [61, 55, 59.9, 54, 59, 56, 59.99, 54.5, 58, 55];
    const run = simulate(scores, '2024-01-01');
    expect(run.map((d) => d.tier)).toEqual(scores.map(() => 'gold'));
    expect(run.map((d) => d.changed)).toEqual([true, ...scores.slice(1).map(() => false)]);
    expect(new Set(run.map((d) => d.since))).toEqual(new Set(['2024-01-01']));
  });

  it('no flip-flop for any oscillation inside a tier band (property)', () => {
    const band = fc.constantFrom(
      { tier: 'diamond', enter: 85, exit: 80 },
      { tier: 'platinum', enter: 72, exit: 66 },
      { tier: 'gold', enter: 60, exit: 54 },
    );
    fc.assert(
      fc.property(
        band.chain((b) =>
          fc.tuple(fc.constant(b), fc.array(fc.double({ min: b.exit, max: b.enter, maxExcluded: true, noNaN: true }), { minLength: 1, maxLength: 60 })),
        ),
        ([b, inside]) => {
          const run = simulate([b.enter, ...inside], '2024-01-01');
          expect(run.every((d) => d.tier === b.tier)).toBe(true);
          expect(run.filter((d) => d.changed)).toHaveLength(1);
        },
      ),
    );
  });
});

describe('minimum time in tier', () => {
  const since = '2024-01-01';

  it('holds a falling member until minDays have passed', () => {
    const held = decide(10, { asOf: '2024-03-30', previous: previous('diamond', since) });
    expect(held).toMatchObject({ tier: 'diamond', primary: 'held_min_days', changed: false, since });
    expect(reason(held, 'held_min_days')?.params).toEqual({ tier: 'diamond', score: 10, threshold: 80, days: 89, minDays: 90 });
    const released = decide(10, { asOf: '2024-03-31', previous: previous('diamond', since) });
    expect(released).toMatchObject({ tier: null, primary: 'score_left', changed: true });
  });

  it('a member with minDays 0 falls at once', () => {
    const noMin = programFrom({
      schemaVersion: 1,
      name: 'No minimum',
      measures: [{ id: 's', kind: 'spend', normalize: { method: 'percentile' }, weight: 1 }],
      tiers: [{ id: 'gold', name: 'Gold', enter: 60, exit: 54 }],
    });
    const d = decideTier(noMin, { asOf: AS_OF, score: 10, values: {}, previous: previous('gold', AS_OF), override: null });
    expect(d).toMatchObject({ tier: null, primary: 'score_left' });
  });

  it('a member held in a tier moves down when the time is up, landing softly', () => {
    const run = simulate([90, 70, 70, 70], '2024-01-01');
    expect(run.map((d) => d.tier)).toEqual(['diamond', 'diamond', 'diamond', 'diamond']);
    expect(run[1]?.primary).toBe('held_min_days');
    const after = decide(70, { asOf: '2024-03-31', previous: previous('diamond', since) });
    expect(after).toMatchObject({ tier: 'platinum', primary: 'score_downgraded', since: '2024-03-31', changed: true });
    expect(reason(after, 'score_downgraded')?.params).toEqual({ from: 'diamond', tier: 'platinum', score: 70, threshold: 80 });
  });

  it('the clock restarts in the tier the member landed in', () => {
    const landed = decide(67, { asOf: '2024-03-31', previous: previous('diamond', since) });
    expect(landed).toMatchObject({ tier: 'platinum', since: '2024-03-31' });
    const nextMonth = decide(40, { asOf: '2024-04-30', previous: previous('platinum', landed.since) });
    expect(nextMonth).toMatchObject({ tier: 'platinum', primary: 'held_min_days' });
    const later = decide(40, { asOf: '2024-05-30', previous: previous('platinum', landed.since) });
    expect(later).toMatchObject({ tier: null, primary: 'score_left' });
  });
});

describe('soft landing', () => {
  it('lands in the highest lower tier whose exit the score still clears', () => {
    const from = previous('diamond', LONG_AGO);
    expect(decide(67, { previous: from }).tier).toBe('platinum');
    expect(decide(66, { previous: from }).tier).toBe('platinum');
    expect(decide(65.99, { previous: from }).tier).toBe('gold');
    expect(decide(54, { previous: from }).tier).toBe('gold');
    expect(decide(53.99, { previous: from }).tier).toBeNull();
    expect(decide(55, { previous: previous('platinum', LONG_AGO) })).toMatchObject({ tier: 'gold', primary: 'score_downgraded' });
  });
});

describe('upgrades', () => {
  it('are immediate, even inside the minimum time', () => {
    const gold = previous('gold', '2024-06-29');
    const up = decide(73, { previous: gold });
    expect(up).toMatchObject({ tier: 'platinum', primary: 'score_upgraded', changed: true, since: AS_OF });
    expect(reason(up, 'score_upgraded')?.params).toEqual({ from: 'gold', tier: 'platinum', score: 73, threshold: 72 });
    expect(decide(99, { previous: gold }).tier).toBe('diamond');
  });

  it('need the entry score, not just the exit score, of the higher tier', () => {
    expect(decide(71.99, { previous: previous('gold', LONG_AGO) }).tier).toBe('gold');
  });
});

describe('rules', () => {
  it('a floor lifts the tier and says which rule', () => {
    const d = decide(10, { values: { spend_lifetime: 1500 } });
    expect(d).toMatchObject({ tier: 'gold', source: 'rule', primary: 'rule_at_least', changed: true });
    expect(codes(d)).toEqual(['not_vip', 'rule_at_least']);
    expect(reason(d, 'rule_at_least')?.params).toEqual({ rule: 'lifetime_gold', tier: 'gold' });
  });

  it('the highest matching floor wins; a floor never lowers', () => {
    expect(decide(10, { values: { spend_lifetime: 6000 } })).toMatchObject({ tier: 'platinum', source: 'rule' });
    expect(reason(decide(10, { values: { spend_lifetime: 6000 } }), 'rule_at_least')?.params.rule).toBe('lifetime_platinum');
    const high = decide(90, { values: { spend_lifetime: 6000 } });
    expect(high).toMatchObject({ tier: 'diamond', source: 'score', primary: 'score_entered' });
    expect(codes(high)).not.toContain('rule_at_least');
  });

  it('a ceiling caps the tier; "none" makes the customer not a VIP', () => {
    const capped = decide(90, { values: { flagged: 0.5 } });
    expect(capped).toMatchObject({ tier: 'gold', source: 'rule', primary: 'rule_at_most' });
    expect(reason(capped, 'rule_at_most')?.params).toEqual({ rule: 'review_cap', tier: 'gold' });
    const none = decide(90, { values: { flagged: 1 } });
    expect(none).toMatchObject({ tier: null, source: 'rule', primary: 'rule_at_most' });
    expect(reason(none, 'rule_at_most')?.params).toEqual({ rule: 'fraud', tier: null });
    expect(decide(50, { values: { flagged: 0.5 } })).toMatchObject({ tier: null, primary: 'not_vip' });
  });

  it('the lowest matching ceiling wins', () => {
    expect(decide(90, { values: { flagged: 0.7 } })).toMatchObject({ tier: 'platinum', primary: 'rule_at_most' });
    const two = decide(90, { values: { flagged: 0.5 } });
    expect(two.tier).toBe('gold');
    expect(reason(two, 'rule_at_most')?.params.rule).toBe('review_cap');
    expect(decide(90, { values: { flagged: 1 } }).tier).toBeNull();
  });

  it('the ceiling wins over the floor', () => {
    const both = decide(10, { values: { spend_lifetime: 6000, flagged: 0.5 } });
    expect(both).toMatchObject({ tier: 'gold', primary: 'rule_at_most' });
    expect(codes(both)).toEqual(['not_vip', 'rule_at_least', 'rule_at_most']);
    expect(decide(90, { values: { spend_lifetime: 6000, flagged: 1 } })).toMatchObject({ tier: null, primary: 'rule_at_most' });
  });

  it('a missing value matches no rule', () => {
    expect(decide(90, { values: { flagged: null } })).toMatchObject({ tier: 'diamond', source: 'score' });
    expect(decide(10, { values: { spend_lifetime: null } })).toMatchObject({ tier: null, source: 'score' });
  });

  it('when a floor no longer holds, a long-standing member falls by score', () => {
    const d = decide(10, { previous: previous('gold', LONG_AGO, 'rule') });
    expect(d).toMatchObject({ tier: null, primary: 'score_left', changed: true });
  });
});

describe('overrides', () => {
  it('set the tier whatever the score and rules say, with reason, author and expiry', () => {
    const expiresAt = new Date('2024-12-31T00:00:00Z');
    const d = decide(10, { override: override('diamond', { expiresAt }), values: { flagged: 1 } });
    expect(d).toMatchObject({ tier: 'diamond', source: 'override', primary: 'override', changed: true });
    expect(reason(d, 'override')?.params).toEqual({
      tier: 'diamond',
      reason: 'Key account, agreed with sales',
      author: 'admin@example.com',
      expiresAt: '2024-12-31T00:00:00.000Z',
    });
    expect(decide(99, { override: override(null) })).toMatchObject({ tier: null, source: 'override', changed: false });
    expect(decide(99, { override: override(null), previous: previous('diamond', LONG_AGO) })).toMatchObject({ tier: null, changed: true });
  });

  it('an override that stays keeps its start date', () => {
    const d = decide(10, { override: override('gold'), previous: previous('gold', '2024-06-01', 'override') });
    expect(d).toMatchObject({ tier: 'gold', since: '2024-06-01', changed: false, primary: 'override' });
    expect(codes(d)).not.toContain('override_expired');
  });

  it('after expiry the tier is recomputed from the score, not held by minDays or hysteresis', () => {
    const wasOverridden = previous('diamond', '2024-06-25', 'override');
    const down = decide(62, { previous: wasOverridden });
    expect(down).toMatchObject({ tier: 'gold', source: 'score', primary: 'override_expired', changed: true, since: AS_OF });
    expect(codes(down)).toEqual(['score_entered', 'override_expired']);
    expect(reason(down, 'override_expired')?.params).toEqual({ tier: 'diamond' });
    // Between diamond's exit and entry: a diamond member would be kept, an expired override is not.
    expect(decide(82, { previous: wasOverridden }).tier).toBe('platinum');
    expect(decide(10, { previous: wasOverridden })).toMatchObject({ tier: null, primary: 'override_expired' });
  });

  it('after expiry, a score that earns the same tier keeps it, still saying the override ended', () => {
    const d = decide(90, { previous: previous('diamond', '2024-06-25', 'override') });
    expect(d).toMatchObject({ tier: 'diamond', source: 'score', changed: false, since: '2024-06-25', primary: 'score_entered' });
    expect(codes(d)).toContain('override_expired');
  });

  it('after expiry, rules apply again', () => {
    const d = decide(10, { previous: previous('diamond', '2024-06-25', 'override'), values: { spend_lifetime: 2000 } });
    expect(d).toMatchObject({ tier: 'gold', source: 'rule' });
    expect(codes(d)).toEqual(['not_vip', 'override_expired', 'rule_at_least']);
  });
});

describe('a retired tier', () => {
  it('is not a basis for hysteresis or minDays: the tier is recomputed and the reason recorded', () => {
    const d = decide(65, { previous: previous('silver', '2024-06-29') });
    expect(d).toMatchObject({ tier: 'gold', primary: 'score_entered', changed: true, since: AS_OF });
    expect(codes(d)).toEqual(['score_entered', 'tier_retired']);
    expect(reason(d, 'tier_retired')?.params).toEqual({ tier: 'silver' });
    expect(decide(10, { previous: previous('silver', '2024-06-29') })).toMatchObject({ tier: null, changed: true, primary: 'not_vip' });
  });

  it('an override to a tier the program no longer has does not apply: the computed tier stays and the reason says why', () => {
    const d = decide(65, { override: override('silver') });
    expect(d).toMatchObject({ tier: 'gold', source: 'score', primary: 'score_entered' });
    expect(reason(d, 'tier_retired')?.params).toEqual({ tier: 'silver' });
    expect(codes(d)).not.toContain('override');
  });
});

describe('reasons', () => {
  it('every decision has a primary reason that is a known code and appears among the reasons (property)', () => {
    const tierIds = [null, 'diamond', 'platinum', 'gold', 'silver'];
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 100, noNaN: true }),
        fc.option(fc.tuple(fc.constantFrom(...tierIds), fc.integer({ min: 0, max: 400 }), fc.constantFrom('score' as const, 'rule' as const, 'override' as const))),
        fc.option(fc.constantFrom(null, 'diamond', 'platinum', 'gold'), { nil: undefined }),
        fc.option(fc.constantFrom(0, 0.5, 1)),
        fc.constantFrom(0, 1500, 6000),
        (score, prev, over, flagged, lifetime) => {
          const d = decide(score, {
            previous: prev === null ? null : previous(prev[0], isoDateFromDayNumber(dayNumber(AS_OF) - prev[1]), prev[2]),
            override: over === undefined ? null : override(over),
            values: { flagged, spend_lifetime: lifetime },
          });
          expect(REASON_CODES).toContain(d.primary);
          expect(codes(d)).toContain(d.primary);
          expect(d.tier === null || ['diamond', 'platinum', 'gold'].includes(d.tier)).toBe(true);
          expect(d.changed).toBe((prev?.[0] ?? null) !== d.tier);
          if (!d.changed && prev !== null) expect(d.since).toBe(isoDateFromDayNumber(dayNumber(AS_OF) - prev[1]));
          if (d.changed) expect(d.since).toBe(AS_OF);
          if (over !== undefined) expect(d).toMatchObject({ tier: over, source: 'override', primary: 'override' });
        },
      ),
    );
  });
});
