/**
 * Turns a written value into the stored form, or the save error Salesforce reports for it:
 * `STRING_TOO_LONG`, `INVALID_TYPE_ON_FIELD_IN_RECORD`, `NUMBER_OUTSIDE_VALID_RANGE`,
 * `INVALID_EMAIL_ADDRESS`, `INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST`, `MALFORMED_ID`. JSON bodies
 * carry typed values; Bulk CSV cells are all text, with `#N/A` for null.
 * https://developer.salesforce.com/docs/atlas.en-us.api.meta/api/sforce_api_calls_concepts_core_data_objects.htm#i1421192
 */
import { saveError, type SaveError } from '../errors.js';
import { toId18 } from '../ids/salesforce-id.js';
import { ID_TYPES, NUMBER_TYPES, TEXT_TYPES, type FieldDefinition } from '../schema/field-definition.js';
import type { FieldValue } from './field-value.js';

export type ValueSource = 'json' | 'csv';
export type Coerced = { ok: true; value: FieldValue } | { ok: false; error: SaveError };

/** Bulk API's spelling of null in CSV. */
export const CSV_NULL = '#N/A';

const NUMERIC = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?(Z|[+-]\d{2}:?\d{2})?$/i;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const ok = (value: FieldValue): Coerced => ({ ok: true, value });
const fail = (field: FieldDefinition, statusCode: string, message: string): Coerced => ({ ok: false, error: saveError(statusCode, message, [field.name]) });
const wrongType = (field: FieldDefinition, raw: unknown): Coerced =>
  fail(field, 'INVALID_TYPE_ON_FIELD_IN_RECORD', `${field.label}: value not of required type: ${display(raw)}`);

function display(raw: unknown): string {
  return typeof raw === 'string' ? raw : JSON.stringify(raw) ?? String(raw);
}

export function isValidDate(text: string): boolean {
  const m = DATE.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** Epoch ms of an ISO 8601 date-time (no offset means UTC), truncated to whole seconds as Salesforce stores them. */
export function parseDateTime(text: string): number | null {
  const m = DATE_TIME.exec(text.trim());
  if (!m || !isValidDate(`${m[1]}-${m[2]}-${m[3]}`)) return null;
  const [hh, mm, ss] = [Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0)];
  if (hh > 23 || mm > 59 || ss > 59) return null;
  let ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), hh, mm, ss);
  const offset = m[8];
  if (offset && offset.toUpperCase() !== 'Z') {
    const digits = offset.replace(':', '');
    const minutes = Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5));
    ms -= (digits.startsWith('-') ? -1 : 1) * minutes * 60_000;
  }
  return ms;
}

/** Rounds half away from zero to `scale` decimals. */
function roundTo(value: number, scale: number): number {
  const factor = 10 ** scale;
  return (Math.sign(value) * Math.round(Math.abs(value) * factor)) / factor;
}

function coerceText(field: FieldDefinition, raw: unknown): Coerced {
  if (typeof raw !== 'string' && typeof raw !== 'number' && typeof raw !== 'boolean') return wrongType(field, raw);
  const text = String(raw);
  // Salesforce keeps no empty strings: '' clears a text field.
  if (text === '') return ok(null);
  if (field.length > 0 && text.length > field.length) {
    return fail(field, 'STRING_TOO_LONG', `${field.label}: data value too large: ${text.slice(0, 80)}${text.length > 80 ? '...' : ''} (max length=${field.length})`);
  }
  if (field.type === 'email' && !EMAIL.test(text)) return fail(field, 'INVALID_EMAIL_ADDRESS', `${field.label}: invalid email address: ${text}`);
  if (field.picklist?.restricted && !field.picklist.values.includes(text)) {
    return fail(field, 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST', `${field.label}: bad value for restricted picklist field: ${text}`);
  }
  return ok(text);
}

function coerceNumber(field: FieldDefinition, raw: unknown): Coerced {
  let value: number;
  if (typeof raw === 'number' && Number.isFinite(raw)) value = raw;
  else if (typeof raw === 'string' && NUMERIC.test(raw.trim())) value = Number(raw.trim());
  else return wrongType(field, raw);
  if (field.type === 'int' && !Number.isInteger(value)) return wrongType(field, raw);
  const rounded = roundTo(value, field.scale);
  if (Math.abs(rounded) >= 10 ** (field.precision - field.scale)) {
    return fail(field, 'NUMBER_OUTSIDE_VALID_RANGE', `${field.label}: value outside of valid range on numeric field: ${display(raw)}`);
  }
  return ok(rounded);
}

function coerceBoolean(field: FieldDefinition, raw: unknown): Coerced {
  if (typeof raw === 'boolean') return ok(raw);
  const text = typeof raw === 'string' ? raw.trim().toLowerCase() : typeof raw === 'number' ? String(raw) : null;
  if (text === 'true' || text === '1') return ok(true);
  if (text === 'false' || text === '0') return ok(false);
  return wrongType(field, raw);
}

function coerceId(field: FieldDefinition, raw: unknown): Coerced {
  if (typeof raw !== 'string') return wrongType(field, raw);
  if (raw === '') return ok(null);
  const id = toId18(raw);
  if (!id) return fail(field, 'MALFORMED_ID', `${field.label}: id value of incorrect type: ${raw}`);
  return ok(id);
}

/**
 * The stored value for `raw` written to `field`. Null (or CSV `#N/A`) clears the field; a
 * checkbox cleared becomes false, as in Salesforce. Whether the field may be null at all is the
 * writer's business (REQUIRED_FIELD_MISSING).
 */
export function coerceValue(field: FieldDefinition, raw: unknown, source: ValueSource): Coerced {
  if (raw === null || raw === undefined || (source === 'csv' && raw === CSV_NULL)) return ok(field.type === 'boolean' ? false : null);
  if (TEXT_TYPES.has(field.type)) return coerceText(field, raw);
  if (NUMBER_TYPES.has(field.type)) return raw === '' ? ok(null) : coerceNumber(field, raw);
  if (ID_TYPES.has(field.type)) return coerceId(field, raw);
  if (field.type === 'boolean') return coerceBoolean(field, raw);
  if (field.type === 'date') {
    if (raw === '') return ok(null);
    return typeof raw === 'string' && isValidDate(raw.trim()) ? ok(raw.trim()) : wrongType(field, raw);
  }
  if (raw === '') return ok(null);
  const ms = typeof raw === 'string' ? parseDateTime(raw) : null;
  return ms === null ? wrongType(field, raw) : ok(ms);
}
