/**
 * Keeps an object's records sorted by an ORDER BY until the object changes, so the pages of a
 * keyset walk (`WHERE SystemModstamp > ... ORDER BY SystemModstamp, Id LIMIT 2000`) filter an
 * ordered list and stop early instead of sorting 100,000 records per page. Orders that read
 * parent records (`ORDER BY Account.Name`) are not cached: other objects' changes would not
 * invalidate them.
 */
import type { RecordStore } from '../state/record-store.js';
import type { StoredRecord } from '../state/stored-record.js';
import { sortRecords, type SortKey } from './ordering.js';

interface CachedOrder {
  version: number;
  records: StoredRecord[];
}

const caches = new WeakMap<RecordStore, Map<string, CachedOrder>>();

/** Every record of the store (deleted ones too) in this order; `signature` names the order. */
export function sortedRecords(store: RecordStore, keys: readonly SortKey[], signature: string): StoredRecord[] {
  let byOrder = caches.get(store);
  if (!byOrder) caches.set(store, (byOrder = new Map()));
  const cached = byOrder.get(signature);
  if (cached && cached.version === store.version) return cached.records;
  const records = sortRecords(store.all(), keys, null);
  byOrder.set(signature, { version: store.version, records });
  return records;
}
