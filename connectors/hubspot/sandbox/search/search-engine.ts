/**
 * CRM search: filter groups are ORed, the filters inside a group ANDed, one sort is honoured,
 * `after` is an offset, and no page may reach past the 10,000th result.
 * https://developers.hubspot.com/docs/api/crm/search
 */
import { validationError } from '../errors.js';
import type { ObjectTypeName } from '../state/object-types.js';
import { OBJECT_TYPES } from '../state/object-types.js';
import type { PortalState } from '../state/portal-state.js';
import type { StoredRecord } from '../state/record-store.js';
import { compileFilter, type FilterInput, type RecordPredicate } from './filters.js';
import { orderedRecords, type SearchSort } from './sort-order.js';

export const SEARCH_LIMITS = { groups: 5, filtersPerGroup: 6, filters: 18, pageSize: 200, results: 10_000 } as const;

export type SortInput = string | { propertyName: string; direction?: 'ASCENDING' | 'DESCENDING' | undefined };

export interface SearchInput {
  filterGroups?: { filters: FilterInput[] }[] | undefined;
  sorts?: SortInput[] | undefined;
  query?: string | undefined;
  limit?: number | undefined;
  after?: string | undefined;
}

export interface SearchPage {
  total: number;
  records: StoredRecord[];
  /** Offset of the next page, when there is one. */
  nextAfter?: string;
}

function checkLimits(groups: readonly { filters: readonly FilterInput[] }[]): void {
  if (groups.length > SEARCH_LIMITS.groups) {
    throw validationError(`Too many filter groups: ${groups.length}. At most ${SEARCH_LIMITS.groups} are allowed.`, [{ message: 'too many filterGroups', in: 'filterGroups' }]);
  }
  let total = 0;
  for (const [i, group] of groups.entries()) {
    total += group.filters.length;
    if (group.filters.length > SEARCH_LIMITS.filtersPerGroup) {
      throw validationError(`Too many filters in filter group ${i}: ${group.filters.length}. At most ${SEARCH_LIMITS.filtersPerGroup} are allowed per group.`, [{ message: 'too many filters', in: `filterGroups[${i}].filters` }]);
    }
  }
  if (total > SEARCH_LIMITS.filters) {
    throw validationError(`Too many filters: ${total}. At most ${SEARCH_LIMITS.filters} are allowed across all filter groups.`, [{ message: 'too many filters', in: 'filterGroups' }]);
  }
}

function parseSort(sort: SortInput | undefined): SearchSort | null {
  if (sort === undefined) return null;
  if (typeof sort === 'string') return sort.startsWith('-') ? { property: sort.slice(1), descending: true } : { property: sort, descending: false };
  return { property: sort.propertyName, descending: sort.direction === 'DESCENDING' };
}

function parsePaging(input: SearchInput): { offset: number; limit: number } {
  const limit = input.limit ?? 10;
  if (!Number.isInteger(limit) || limit < 1 || limit > SEARCH_LIMITS.pageSize) {
    throw validationError(`limit must be between 1 and ${SEARCH_LIMITS.pageSize}, not ${limit}.`, [{ message: 'invalid limit', in: 'limit' }]);
  }
  const after = input.after ?? '0';
  if (!/^\d+$/.test(after)) throw validationError(`after must be a non-negative integer offset, not ${after}.`, [{ message: 'invalid after', in: 'after' }]);
  const offset = Number(after);
  if (offset + limit > SEARCH_LIMITS.results) {
    throw validationError(`Search results are limited to ${SEARCH_LIMITS.results}: after (${offset}) + limit (${limit}) goes past that. Narrow the query instead of paging further.`, [
      { message: 'paging past 10000 results', in: 'after', code: 'PAGING_LIMIT_EXCEEDED' },
    ]);
  }
  return { offset, limit };
}

function textMatcher(type: ObjectTypeName, query: string | undefined): RecordPredicate | null {
  const terms = (query ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  if (terms.length === 0) return null;
  const props = OBJECT_TYPES[type].searchableProperties;
  return (record) => terms.every((term) => props.some((p) => record.properties.get(p)?.toLowerCase().includes(term) ?? false));
}

export function searchRecords(portal: PortalState, type: ObjectTypeName, input: SearchInput): SearchPage {
  const registry = portal.properties[type];
  const groups = input.filterGroups ?? [];
  checkLimits(groups);
  const compiled: RecordPredicate[][] = groups.map((group) =>
    group.filters.map((filter) => {
      const def = registry.get(filter.propertyName);
      if (!def) throw validationError(`Property ${filter.propertyName} does not exist on ${type}.`, [{ message: `unknown property ${filter.propertyName}`, in: 'propertyName', code: 'PROPERTY_DOESNT_EXIST' }]);
      return compileFilter(filter, def);
    }),
  );
  const sort = parseSort(input.sorts?.[0]);
  if (sort && !registry.get(sort.property)) {
    throw validationError(`Cannot sort on ${sort.property}: the property does not exist on ${type}.`, [{ message: `unknown sort property ${sort.property}`, in: 'sorts', code: 'PROPERTY_DOESNT_EXIST' }]);
  }
  const { offset, limit } = parsePaging(input);
  const text = textMatcher(type, input.query);
  const matches = (record: StoredRecord): boolean =>
    (compiled.length === 0 || compiled.some((group) => group.every((test) => test(record)))) && (text === null || text(record));

  const ordered = orderedRecords(portal.records[type], sort, sort ? registry.get(sort.property) : undefined);
  const page: StoredRecord[] = [];
  let total = 0;
  for (const record of ordered) {
    if (!matches(record)) continue;
    if (total >= offset && page.length < limit) page.push(record);
    total++;
  }
  return { total, records: page, ...(offset + limit < total ? { nextAfter: String(offset + limit) } : {}) };
}
