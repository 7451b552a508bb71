/**
 * The records of one object in one org: by id, in creation order for scans (deleted ones stay,
 * flagged IsDeleted, as in the recycle bin), and an index of unique field values (external ids,
 * usernames) compared without regard to case.
 */
import type { FieldValue } from '../values/field-value.js';
import { isDeleted, type StoredRecord } from './stored-record.js';

export class RecordStore {
  private readonly byId = new Map<string, StoredRecord>();
  private readonly ordered: StoredRecord[] = [];
  private readonly unique = new Map<string, Map<string, StoredRecord>>();
  /** Bumped on every change, so cached orders know when they are stale. */
  version = 0;

  constructor(
    readonly object: string,
    uniqueFields: readonly string[],
  ) {
    for (const name of uniqueFields) this.unique.set(name, new Map());
  }

  get size(): number {
    return this.byId.size;
  }

  get(id: string): StoredRecord | undefined {
    return this.byId.get(id);
  }

  /** Every record, deleted ones included, oldest first. */
  all(): readonly StoredRecord[] {
    return this.ordered;
  }

  insert(record: StoredRecord): void {
    if (this.byId.has(record.id)) throw new Error(`${this.object} ${record.id} already exists`);
    this.byId.set(record.id, record);
    this.ordered.push(record);
    this.index(record);
    this.version++;
  }

  /** Replaces a record's values and keeps the unique index in step. */
  replaceValues(record: StoredRecord, values: ReadonlyMap<string, FieldValue>): void {
    this.unindex(record);
    record.values = values;
    this.index(record);
    this.version++;
  }

  /** Takes out a record created in a transaction that rolled back. */
  remove(record: StoredRecord): void {
    this.unindex(record);
    this.byId.delete(record.id);
    const at = this.ordered.lastIndexOf(record);
    if (at >= 0) this.ordered.splice(at, 1);
    this.version++;
  }

  /** The live record holding this value of a unique field. */
  findUnique(field: string, value: string): StoredRecord | undefined {
    return this.unique.get(field)?.get(value.toLowerCase());
  }

  private index(record: StoredRecord): void {
    if (isDeleted(record)) return;
    for (const [field, values] of this.unique) {
      const value = record.values.get(field);
      if (typeof value === 'string') values.set(value.toLowerCase(), record);
    }
  }

  private unindex(record: StoredRecord): void {
    for (const [field, values] of this.unique) {
      const value = record.values.get(field);
      if (typeof value === 'string' && values.get(value.toLowerCase()) === record) values.delete(value.toLowerCase());
    }
  }
}
