/**
 * Contributions stored as three arrays in the order of the program's measures (raw value,
 * normalised score, points), and rebuilt as named contributions from the same program version.
 * Shares are not stored: they follow from the weights and which values are missing.
 */
import type { Program } from '../program/schema.js';
import { missingPolicy, type Contribution } from './engine.js';

export interface StoredContributions {
  values: (number | null)[];
  normalized: (number | null)[];
  points: (number | null)[];
}

export function encodeContributions(program: Program, values: Readonly<Record<string, number | null>>, contributions: readonly Contribution[]): StoredContributions {
  const byMeasure = new Map(contributions.map((c) => [c.measure, c]));
  return {
    values: program.measures.map((m) => round4(values[m.id] ?? null)),
    normalized: program.measures.map((m) => byMeasure.get(m.id)?.normalized ?? null),
    points: program.measures.map((m) => byMeasure.get(m.id)?.points ?? null),
  };
}

export function decodeContributions(program: Program, stored: StoredContributions): Contribution[] {
  const weighted = program.measures.map((m, i) => ({ m, i })).filter(({ m }) => m.weight > 0);
  const excluded = (i: number) => stored.values[i] === null && missingPolicy(program.measures[i] as Program['measures'][number]) === 'exclude';
  const total = weighted.reduce((sum, { m, i }) => sum + (excluded(i) ? 0 : m.weight), 0);
  return weighted.map(({ m, i }) => ({
    measure: m.id,
    value: stored.values[i] ?? null,
    normalized: stored.normalized[i] ?? 0,
    weight: m.weight,
    share: excluded(i) || total === 0 ? 0 : Math.round((m.weight / total) * 10_000) / 10_000,
    points: stored.points[i] ?? 0,
  }));
}

/** Raw values of every measure, by id. */
export function decodeValues(program: Program, values: readonly (number | null)[]): Record<string, number | null> {
  return Object.fromEntries(program.measures.map((m, i) => [m.id, values[i] ?? null]));
}

function round4(x: number | null): number | null {
  return x === null ? null : Math.round(x * 10_000) / 10_000;
}
