import { InvalidArgumentError } from 'commander';
import { isValidIsoDate } from '../../core/scoring/calendar.js';

/** Exit codes: 0 done; 1 failed; 2 done, but some input rows were rejected (good rows were kept). */
export const EXIT_FAILED = 1;
export const EXIT_ROWS_REJECTED = 2;

export function choice<T extends string>(values: readonly T[]): (value: string) => T {
  return (value) => {
    if ((values as readonly string[]).includes(value)) return value as T;
    throw new InvalidArgumentError(`expected one of: ${values.join(', ')}`);
  };
}

export function isoDate(value: string): string {
  if (!isValidIsoDate(value)) throw new InvalidArgumentError('expected a date as YYYY-MM-DD');
  return value;
}
