/**
 * Live records of a type in search order, cached per sort until the type's records change, so
 * paging through a large result does not sort it again for every page. Ties (many records
 * modified in the same millisecond) are broken by id, ascending, so paging is stable; records
 * without a value sort last in both directions.
 */
import type { PropertyDefinition } from '../state/property-definition.js';
import { parseDatetime } from '../state/property-values.js';
import { compareIds, type RecordStore, type StoredRecord } from '../state/record-store.js';

export interface SearchSort {
  property: string;
  descending: boolean;
}

interface CachedOrder {
  version: number;
  records: StoredRecord[];
}

const caches = new WeakMap<RecordStore, Map<string, CachedOrder>>();

function sortKey(def: PropertyDefinition | undefined): (raw: string) => number | string {
  if (def?.type === 'number') return (raw) => Number(raw);
  // Stored datetimes are canonical ISO text, which sorts like time.
  if (def?.type === 'datetime') return (raw) => raw;
  if (def?.type === 'date') return (raw) => parseDatetime(raw) ?? Number.NaN;
  return (raw) => raw.toLowerCase();
}

function byId(store: RecordStore): StoredRecord[] {
  const out: StoredRecord[] = [];
  for (const id of store.orderedIds()) {
    const record = store.get(id) as StoredRecord;
    if (!record.archived) out.push(record);
  }
  return out;
}

function sorted(store: RecordStore, sort: SearchSort, def: PropertyDefinition | undefined): StoredRecord[] {
  const key = sortKey(def);
  const keyed = byId(store).map((record) => {
    const raw = record.properties.get(sort.property);
    return { record, key: raw === undefined ? undefined : key(raw) };
  });
  const direction = sort.descending ? -1 : 1;
  keyed.sort((a, b) => {
    if (a.key !== b.key) {
      if (a.key === undefined) return 1;
      if (b.key === undefined) return -1;
      if (a.key < b.key) return -direction;
      if (a.key > b.key) return direction;
    }
    return compareIds(a.record.id, b.record.id);
  });
  return keyed.map((k) => k.record);
}

/** Live records in the order of `sort` (id order when none). */
export function orderedRecords(store: RecordStore, sort: SearchSort | null, def: PropertyDefinition | undefined): readonly StoredRecord[] {
  const cacheKey = sort ? `${sort.property}|${sort.descending ? 'D' : 'A'}` : '';
  let perStore = caches.get(store);
  if (!perStore) caches.set(store, (perStore = new Map()));
  const cached = perStore.get(cacheKey);
  if (cached && cached.version === store.version) return cached.records;
  const records = sort && sort.property !== 'hs_object_id' ? sorted(store, sort, def) : byId(store);
  if (sort?.property === 'hs_object_id' && sort.descending) records.reverse();
  perStore.set(cacheKey, { version: store.version, records });
  return records;
}
