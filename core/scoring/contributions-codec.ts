/**
 * Contributions stored as three arrays in the order of the program's measures (raw value,
 * normalised score, points), and rebuilt as named contributions from the same program version.
 * Shares are not stored: they follow from the weights and which values are missing.
 * Day counts (recency, tenure) are stored as the day they count from, so a stored row does not
 * change just because a day passed; they become day counts again against the as-of date on read.
 */
import type { MeasureConfig, Program } from '../program/schema.js';
import { dayNumber } from './calendar.js';
import { missingPolicy, type Contribution } from './engine.js';

const COUNTS_DAYS: ReadonlySet<MeasureConfig['kind']> = new Set(['recency', 'tenure']);

export interface StoredContributions {
  values: (number | null)[];
  normalized: (number | null)[];
  points: (number | null)[];
}

export function encodeContributions(
  program: Program,
  asOf: string,
  values: Readonly<Record<string, number | null>>,
  contributions: readonly Contribution[],
): StoredContributions {
  const byMeasure = new Map(contributions.map((c) => [c.measure, c]));
  const today = dayNumber(asOf);
  return {
    values: program.measures.map((m) => {
      const v = values[m.id] ?? null;
      return v !== null && COUNTS_DAYS.has(m.kind) ? today - v : round4(v);
    }),
    normalized: program.measures.map((m) => byMeasure.get(m.id)?.normalized ?? null),
    points: program.measures.map((m) => byMeasure.get(m.id)?.points ?? null),
  };
}

export function decodeContributions(program: Program, asOf: string, stored: StoredContributions): Contribution[] {
  const values = decodeValueArray(program, asOf, stored.values);
  const weighted = program.measures.map((m, i) => ({ m, i })).filter(({ m }) => m.weight > 0);
  const excluded = (i: number) => values[i] === null && missingPolicy(program.measures[i] as Program['measures'][number]) === 'exclude';
  const total = weighted.reduce((sum, { m, i }) => sum + (excluded(i) ? 0 : m.weight), 0);
  return weighted.map(({ m, i }) => ({
    measure: m.id,
    value: values[i] ?? null,
    normalized: stored.normalized[i] ?? 0,
    weight: m.weight,
    share: excluded(i) || total === 0 ? 0 : Math.round((m.weight / total) * 10_000) / 10_000,
    points: stored.points[i] ?? 0,
  }));
}

/** Raw values of every measure, by id, as of `asOf`. */
export function decodeValues(program: Program, asOf: string, stored: readonly (number | null)[]): Record<string, number | null> {
  const values = decodeValueArray(program, asOf, stored);
  return Object.fromEntries(program.measures.map((m, i) => [m.id, values[i] ?? null]));
}

function decodeValueArray(program: Program, asOf: string, stored: readonly (number | null)[]): (number | null)[] {
  const today = dayNumber(asOf);
  return program.measures.map((m, i) => {
    const v = stored[i] ?? null;
    return v !== null && COUNTS_DAYS.has(m.kind) ? today - v : v;
  });
}

function round4(x: number | null): number | null {
  return x === null ? null : Math.round(x * 10_000) / 10_000;
}
