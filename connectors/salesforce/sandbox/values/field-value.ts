/**
 * How values are kept and shown. Stored: text, ids and picklists as strings, numbers as numbers,
 * checkboxes as booleans, dates as 'YYYY-MM-DD', date-times as epoch milliseconds. Shown: REST
 * JSON (`2025-01-31T10:00:00.000+0000`), CSV for Bulk API 2.0 (`...000Z`, empty for null) and
 * the text of an outbound message element.
 */
import type { FieldDefinition } from '../schema/field-definition.js';

export type FieldValue = string | number | boolean | null;
export type JsonFieldValue = string | number | boolean | null;

/** REST renders date-times with a +0000 offset and milliseconds. */
export function restDateTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 23)}+0000`;
}

export function jsonValue(field: FieldDefinition, value: FieldValue): JsonFieldValue {
  if (value === null) return null;
  if (field.type === 'datetime' && typeof value === 'number') return restDateTime(value);
  return value;
}

/** A value as text outside JSON: Bulk CSV cells, outbound message elements. */
export function textValue(field: FieldDefinition, value: FieldValue): string {
  if (value === null) return '';
  if (field.type === 'datetime' && typeof value === 'number') return new Date(value).toISOString();
  return String(value);
}
