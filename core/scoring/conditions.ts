import type { Condition } from '../program/schema.js';

/** Evaluates a rule condition against raw measure values; a missing value never matches a comparison. */
export function holds(c: Condition, values: Readonly<Record<string, number | null>>): boolean {
  if ('all' in c) return c.all.every((sub) => holds(sub, values));
  if ('any' in c) return c.any.some((sub) => holds(sub, values));
  if ('not' in c) return !holds(c.not, values);
  const v = values[c.measure];
  if (v === null || v === undefined) return false;
  return (
    (c.gte === undefined || v >= c.gte) &&
    (c.gt === undefined || v > c.gt) &&
    (c.lte === undefined || v <= c.lte) &&
    (c.lt === undefined || v < c.lt) &&
    (c.eq === undefined || v === c.eq)
  );
}
