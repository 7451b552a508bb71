/**
 * ORDER BY: sort keys computed once per record, nulls first ascending and last descending unless
 * NULLS FIRST/LAST says otherwise, and Id as the final tie-break so equal keys (many records with
 * one SystemModstamp) always come back in the same order. With a LIMIT far below the matches,
 * only the first rows are selected (a bounded heap) instead of sorting everything.
 */
import type { StoredRecord } from '../state/stored-record.js';

export interface SortKey {
  get(record: StoredRecord): string | number | boolean | null;
  descending: boolean;
  nullsFirst: boolean;
}

interface Row {
  record: StoredRecord;
  keys: (string | number | boolean | null)[];
}

export const idSortKey: SortKey = { get: (record) => record.id, descending: false, nullsFirst: true };

function rowComparator(keys: readonly SortKey[]): (a: Row, b: Row) => number {
  return (a, b) => {
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i] as SortKey;
      const x = a.keys[i] ?? null;
      const y = b.keys[i] ?? null;
      if (x === y) continue;
      if (x === null) return key.nullsFirst ? -1 : 1;
      if (y === null) return key.nullsFirst ? 1 : -1;
      const c = x < y ? -1 : 1;
      return key.descending ? -c : c;
    }
    return 0;
  };
}

/** Keeps the `k` smallest rows in a max-heap, then sorts them. */
function smallest(rows: Row[], k: number, cmp: (a: Row, b: Row) => number): Row[] {
  const heap: Row[] = [];
  const swap = (i: number, j: number): void => {
    const t = heap[i] as Row;
    heap[i] = heap[j] as Row;
    heap[j] = t;
  };
  const siftDown = (start: number): void => {
    let i = start;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let top = i;
      if (l < heap.length && cmp(heap[l] as Row, heap[top] as Row) > 0) top = l;
      if (r < heap.length && cmp(heap[r] as Row, heap[top] as Row) > 0) top = r;
      if (top === i) return;
      swap(i, top);
      i = top;
    }
  };
  for (const row of rows) {
    if (heap.length < k) {
      heap.push(row);
      let i = heap.length - 1;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (cmp(heap[i] as Row, heap[parent] as Row) <= 0) break;
        swap(i, parent);
        i = parent;
      }
    } else if (k > 0 && cmp(row, heap[0] as Row) < 0) {
      heap[0] = row;
      siftDown(0);
    }
  }
  return heap.sort(cmp);
}

/** The records in ORDER BY order (Id breaking ties); with `take`, only the first `take`. */
export function sortRecords(records: readonly StoredRecord[], keys: readonly SortKey[], take: number | null): StoredRecord[] {
  const all = [...keys, idSortKey];
  const rows: Row[] = records.map((record) => ({ record, keys: all.map((key) => key.get(record)) }));
  const cmp = rowComparator(all);
  const sorted = take !== null && take < rows.length / 4 ? smallest(rows, take, cmp) : rows.sort(cmp);
  return (take === null ? sorted : sorted.slice(0, take)).map((row) => row.record);
}
