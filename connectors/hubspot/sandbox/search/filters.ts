/**
 * Search filters compiled into predicates over stored records. Numbers compare as numbers, date
 * and datetime properties as epoch milliseconds (the filter value may be epoch ms or ISO-8601),
 * text case-insensitively. A record without the property only matches NEQ, NOT_IN,
 * NOT_HAS_PROPERTY and NOT_CONTAINS_TOKEN.
 * https://developers.hubspot.com/docs/api/crm/search#filter-search-results
 */
import { validationError } from '../errors.js';
import type { PropertyDefinition } from '../state/property-definition.js';
import { parseDatetime } from '../state/property-values.js';
import type { StoredRecord } from '../state/record-store.js';

export const FILTER_OPERATORS = ['EQ', 'NEQ', 'LT', 'LTE', 'GT', 'GTE', 'BETWEEN', 'IN', 'NOT_IN', 'HAS_PROPERTY', 'NOT_HAS_PROPERTY', 'CONTAINS_TOKEN', 'NOT_CONTAINS_TOKEN'] as const;
export type FilterOperator = (typeof FILTER_OPERATORS)[number];

export interface FilterInput {
  propertyName: string;
  operator: FilterOperator;
  value?: string | undefined;
  highValue?: string | undefined;
  values?: string[] | undefined;
}

export type RecordPredicate = (record: StoredRecord) => boolean;

type Comparable = number | string;

interface Comparers {
  /** A stored value as it compares. */
  stored: (raw: string) => Comparable | undefined;
  /** A filter value as it compares; undefined when it cannot be one of the property's values. */
  given: (raw: string) => Comparable | undefined;
}

/**
 * How a property's values compare: numbers as numbers, datetimes as their canonical ISO text
 * (stored values are always `toISOString()` output, which sorts like time, so nothing is parsed
 * per record), dates as epoch ms, everything else as lower-case text.
 */
function comparers(def: PropertyDefinition): Comparers {
  switch (def.type) {
    case 'number': {
      const number = (raw: string) => {
        const n = Number(raw);
        return raw.trim() === '' || Number.isNaN(n) ? undefined : n;
      };
      return { stored: number, given: number };
    }
    case 'datetime':
      return {
        stored: (raw) => raw,
        given: (raw) => {
          const ms = parseDatetime(raw);
          return ms === undefined ? undefined : new Date(ms).toISOString();
        },
      };
    case 'date':
      return { stored: (raw) => parseDatetime(raw), given: (raw) => parseDatetime(raw) };
    default: {
      const text = (raw: string) => raw.toLowerCase();
      return { stored: text, given: text };
    }
  }
}

function tokenMatcher(pattern: string): (value: string) => boolean {
  const escaped = pattern.toLowerCase().replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  const re = new RegExp(`^${escaped}$`);
  return (value) => {
    const lower = value.toLowerCase();
    return re.test(lower) || lower.split(/[^\p{L}\p{N}_]+/u).some((token) => token !== '' && re.test(token));
  };
}

function need(filter: FilterInput, field: 'value' | 'highValue'): string {
  const v = filter[field];
  if (v === undefined) throw validationError(`Filter on ${filter.propertyName} with operator ${filter.operator} needs a ${field}.`, [{ message: `${field} is required`, in: field }]);
  return v;
}

export function compileFilter(filter: FilterInput, def: PropertyDefinition): RecordPredicate {
  const name = def.name;
  const compare = comparers(def);
  const filterValue = (raw: string): Comparable => {
    const v = compare.given(raw);
    if (v === undefined) throw validationError(`${raw} is not a valid value to compare ${name} with.`, [{ message: `invalid filter value ${raw}`, in: 'value' }]);
    return v;
  };
  const current = (record: StoredRecord): Comparable | undefined => {
    const raw = record.properties.get(name);
    return raw === undefined ? undefined : compare.stored(raw);
  };
  const multi = def.fieldType === 'checkbox';
  const parts = (record: StoredRecord): Comparable[] => {
    const raw = record.properties.get(name);
    if (raw === undefined) return [];
    return (multi ? raw.split(';') : [raw]).map(compare.stored).filter((v): v is Comparable => v !== undefined);
  };

  switch (filter.operator) {
    case 'HAS_PROPERTY':
      return (r) => r.properties.has(name);
    case 'NOT_HAS_PROPERTY':
      return (r) => !r.properties.has(name);
    case 'EQ': {
      const v = filterValue(need(filter, 'value'));
      return (r) => parts(r).includes(v);
    }
    case 'NEQ': {
      const v = filterValue(need(filter, 'value'));
      return (r) => !parts(r).includes(v);
    }
    case 'IN':
    case 'NOT_IN': {
      if (!filter.values?.length) throw validationError(`Filter on ${name} with operator ${filter.operator} needs values.`, [{ message: 'values are required', in: 'values' }]);
      const set = new Set(filter.values.map(filterValue));
      const inSet = (r: StoredRecord): boolean => parts(r).some((v) => set.has(v));
      return filter.operator === 'IN' ? inSet : (r) => !inSet(r);
    }
    case 'LT':
    case 'LTE':
    case 'GT':
    case 'GTE': {
      const v = filterValue(need(filter, 'value'));
      const test = { LT: (x: Comparable) => x < v, LTE: (x: Comparable) => x <= v, GT: (x: Comparable) => x > v, GTE: (x: Comparable) => x >= v }[filter.operator];
      return (r) => {
        const x = current(r);
        return x !== undefined && test(x);
      };
    }
    case 'BETWEEN': {
      const low = filterValue(need(filter, 'value'));
      const high = filterValue(need(filter, 'highValue'));
      return (r) => {
        const x = current(r);
        return x !== undefined && x >= low && x <= high;
      };
    }
    case 'CONTAINS_TOKEN':
    case 'NOT_CONTAINS_TOKEN': {
      const matches = tokenMatcher(need(filter, 'value'));
      const contains = (r: StoredRecord): boolean => {
        const raw = r.properties.get(name);
        return raw !== undefined && matches(raw);
      };
      return filter.operator === 'CONTAINS_TOKEN' ? contains : (r) => !contains(r);
    }
  }
}
