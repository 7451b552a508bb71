/**
 * Splits a record of a request body into the object's fields and the names it does not know
 * (which fail the whole request with INVALID_FIELD). `attributes` is the record's envelope and
 * `Id` (any case) its key, not a field value.
 */
import type { FieldDefinition } from '../schema/field-definition.js';
import type { ObjectSchema } from '../schema/object-schema.js';
import type { WriteFields } from './write-transaction.js';

export interface ResolvedRecord {
  fields: WriteFields;
  /** The record's `Id`/`id`, when it has one. */
  id: unknown;
  unknown: string[];
}

export function resolveRecordFields(object: ObjectSchema, record: Readonly<Record<string, unknown>>): ResolvedRecord {
  const fields: [FieldDefinition, unknown][] = [];
  const unknown: string[] = [];
  let id: unknown;
  for (const [name, value] of Object.entries(record)) {
    if (name === 'attributes') continue;
    if (name.toLowerCase() === 'id') {
      id = value;
      continue;
    }
    const field = object.field(name);
    if (field) fields.push([field, value]);
    else unknown.push(name);
  }
  return { fields, id, unknown };
}

/** Salesforce's message for a field the object does not have (or the caller cannot see). */
export function noSuchColumn(object: ObjectSchema, name: string): string {
  return `No such column '${name}' on sobject of type ${object.name}`;
}
