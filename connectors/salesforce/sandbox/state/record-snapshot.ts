/** A record as tests, `control` and the demo read it back: REST JSON values of its visible fields. */
import type { ObjectSchema } from '../schema/object-schema.js';
import { jsonValue, type JsonFieldValue } from '../values/field-value.js';
import type { StoredRecord } from './stored-record.js';

export interface RecordSnapshot {
  type: string;
  Id: string;
  fields: Record<string, JsonFieldValue>;
}

export function recordSnapshot(object: ObjectSchema, record: StoredRecord): RecordSnapshot {
  const fields: Record<string, JsonFieldValue> = {};
  for (const field of object.fields()) fields[field.name] = jsonValue(field, record.values.get(field.name) ?? null);
  return { type: object.name, Id: record.id, fields };
}
