/** A record as the sandbox keeps it: its 18-character id, object and field values by field name. */
import type { FieldValue } from '../values/field-value.js';

export interface StoredRecord {
  readonly id: string;
  readonly object: string;
  /** Replaced as a whole on every write, so a transaction can put the old map back. */
  values: ReadonlyMap<string, FieldValue>;
}

export function valueOf(record: StoredRecord, field: string): FieldValue {
  return record.values.get(field) ?? null;
}

export function isDeleted(record: StoredRecord): boolean {
  return record.values.get('IsDeleted') === true;
}
