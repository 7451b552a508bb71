/**
 * The records of one object type in one portal: a map by id, the ids in numeric order for list
 * paging, and an index of unique property values (a contact's email) for `idProperty` look-ups.
 */
import type { ObjectTypeName } from './object-types.js';

export interface StoredRecord {
  readonly id: string;
  readonly properties: Map<string, string>;
  createdAt: number;
  updatedAt: number;
  archived: boolean;
  archivedAt?: number;
}

/** Ids are numeric strings without leading zeros, so length first, then text, is numeric order. */
export function compareIds(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

export const RECORD_ID = /^[1-9]\d{0,17}$/;

export class RecordStore {
  private readonly byId = new Map<string, StoredRecord>();
  private ids: string[] = [];
  private idsSorted = true;
  private readonly uniqueValues = new Map<string, Map<string, string>>();
  /** Bumped on every change, so cached search orders know when they are stale. */
  version = 0;

  constructor(
    readonly type: ObjectTypeName,
    private readonly isUnique: (property: string) => boolean,
  ) {}

  get size(): number {
    return this.byId.size;
  }

  get(id: string): StoredRecord | undefined {
    return this.byId.get(id);
  }

  /** Live and archived records, in id order. */
  orderedIds(): readonly string[] {
    if (!this.idsSorted) {
      this.ids.sort(compareIds);
      this.idsSorted = true;
    }
    return this.ids;
  }

  /** Index of the first id not below `id` in orderedIds(). */
  lowerBound(id: string): number {
    const ids = this.orderedIds();
    let lo = 0;
    let hi = ids.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareIds(ids[mid] as string, id) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  insert(record: StoredRecord): void {
    if (this.byId.has(record.id)) throw new Error(`${this.type} ${record.id} already exists`);
    this.byId.set(record.id, record);
    const last = this.ids[this.ids.length - 1];
    if (last !== undefined && compareIds(record.id, last) < 0) this.idsSorted = false;
    this.ids.push(record.id);
    for (const [name, value] of record.properties) this.indexValue(name, value, record.id);
    this.version++;
  }

  /** Sets or (with null) clears a value; answers whether it changed. */
  setProperty(record: StoredRecord, name: string, value: string | null): boolean {
    const old = record.properties.get(name);
    if ((old ?? null) === value) return false;
    if (old !== undefined) this.unindexValue(name, old, record.id);
    if (value === null) record.properties.delete(name);
    else {
      record.properties.set(name, value);
      if (!record.archived) this.indexValue(name, value, record.id);
    }
    this.version++;
    return true;
  }

  archive(record: StoredRecord, at: number): void {
    record.archived = true;
    record.archivedAt = at;
    for (const [name, value] of record.properties) this.unindexValue(name, value, record.id);
    this.version++;
  }

  /** Removes a record for good (GDPR delete). */
  remove(id: string): void {
    const record = this.byId.get(id);
    if (!record) return;
    for (const [name, value] of record.properties) this.unindexValue(name, value, id);
    this.byId.delete(id);
    const at = this.lowerBound(id);
    if (this.ids[at] === id) this.ids.splice(at, 1);
    this.version++;
  }

  findByUnique(property: string, value: string): StoredRecord | undefined {
    const id = this.uniqueValues.get(property)?.get(value.toLowerCase());
    return id === undefined ? undefined : this.byId.get(id);
  }

  /** Marks a change that touched no property value (a record's times). */
  touch(): void {
    this.version++;
  }

  private indexValue(name: string, value: string, id: string): void {
    if (!this.isUnique(name)) return;
    let values = this.uniqueValues.get(name);
    if (!values) this.uniqueValues.set(name, (values = new Map()));
    values.set(value.toLowerCase(), id);
  }

  private unindexValue(name: string, value: string, id: string): void {
    const values = this.uniqueValues.get(name);
    if (values?.get(value.toLowerCase()) === id) values.delete(value.toLowerCase());
  }
}
