/**
 * Runs a query plan over an object's records: filter, order, OFFSET and LIMIT, or count. Orders
 * without parent fields come from the sorted-order cache and stop at OFFSET + LIMIT matches.
 */
import type { RecordStore } from '../state/record-store.js';
import { isDeleted, type StoredRecord } from '../state/stored-record.js';
import { sortRecords } from './ordering.js';
import type { QueryPlan } from './query-plan.js';
import { sortedRecords } from './sorted-order-cache.js';

export type QueryOutcome =
  | { kind: 'records'; records: StoredRecord[] }
  | { kind: 'count'; total: number }
  | { kind: 'aggregate'; values: Record<string, number> };

function matching(plan: QueryPlan, records: readonly StoredRecord[], includeDeleted: boolean, stopAt: number | null): StoredRecord[] {
  const predicate = plan.predicate;
  const matches: StoredRecord[] = [];
  for (const record of records) {
    if (stopAt !== null && matches.length >= stopAt) break;
    if (!includeDeleted && isDeleted(record)) continue;
    if (predicate && !predicate(record)) continue;
    matches.push(record);
  }
  return matches;
}

/** `includeDeleted`: queryAll, which also sees the recycle bin. */
export function runQuery(plan: QueryPlan, store: RecordStore, includeDeleted: boolean): QueryOutcome {
  const shape = plan.shape;
  if (shape.kind === 'count') {
    const total = matching(plan, store.all(), includeDeleted, plan.limit).length;
    return { kind: 'count', total };
  }
  if (shape.kind === 'aggregate') {
    const matches = matching(plan, store.all(), includeDeleted, null);
    const values: Record<string, number> = {};
    for (const { alias, field } of shape.aggregates) values[alias] = matches.reduce((n, r) => (field.get(r) === null ? n : n + 1), 0);
    return { kind: 'aggregate', values };
  }
  const end = plan.limit === null ? null : plan.offset + plan.limit;
  const ordered =
    plan.sortSignature !== null
      ? matching(plan, sortedRecords(store, plan.sortKeys, plan.sortSignature), includeDeleted, end)
      : sortRecords(matching(plan, store.all(), includeDeleted, null), plan.sortKeys, end);
  return { kind: 'records', records: ordered.slice(plan.offset, end ?? undefined) };
}
