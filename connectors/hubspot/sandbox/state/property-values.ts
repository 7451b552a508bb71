/**
 * Checks one written property value against its definition and returns the value HubSpot
 * stores. Since 2025 non-string values with surrounding spaces are refused, scientific notation
 * is not a number, dates must fall on UTC midnight, and datetimes come back as ISO-8601 with ms.
 * https://developers.hubspot.com/changelog/breaking-change-enhanced-validations-for-non-string-properties-in-hubspots-crmobject-apis
 */
import type { PropertyDefinition } from './property-definition.js';

export type ValueCheck = { ok: true; value: string | null } | { ok: false; code: string; message: string };

const NUMBER = /^-?\d+(\.\d+)?$/;
const DIGITS = /^-?\d+$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const ISO_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

const fail = (code: string, message: string): ValueCheck => ({ ok: false, code, message });

/** Epoch ms of a datetime written as epoch ms or ISO-8601; undefined when it is neither. */
export function parseDatetime(raw: string): number | undefined {
  if (DIGITS.test(raw)) return Number(raw);
  if (ISO_DATETIME.test(raw) || ISO_DATE.test(raw)) {
    const ms = Date.parse(raw);
    return Number.isNaN(ms) ? undefined : ms;
  }
  return undefined;
}

function checkDate(raw: string): ValueCheck {
  if (ISO_DATE.test(raw) && !Number.isNaN(Date.parse(raw))) return { ok: true, value: raw };
  if (!DIGITS.test(raw)) return fail('INVALID_DATE', `${raw} was not a valid date.`);
  const date = new Date(Number(raw));
  const iso = date.toISOString();
  if (!iso.endsWith('T00:00:00.000Z')) return fail('INVALID_DATE', `${raw} is at ${iso.slice(11, 23)} UTC, not midnight!`);
  return { ok: true, value: iso.slice(0, 10) };
}

function checkEnumeration(def: PropertyDefinition, raw: string, ownerExists: (id: string) => boolean): ValueCheck {
  if (def.referencedObjectType === 'OWNER') {
    return ownerExists(raw) ? { ok: true, value: raw } : fail('INVALID_OWNER_ID', `${raw} is not a valid owner id`);
  }
  const allowed = new Set(def.options.map((o) => o.value));
  const picked = def.fieldType === 'checkbox' ? raw.split(';') : [raw];
  const wrong = picked.find((v) => !allowed.has(v));
  if (wrong !== undefined) {
    return fail('INVALID_OPTION', `${wrong} was not one of the allowed options: [${def.options.map((o) => o.value).join(', ')}]`);
  }
  return { ok: true, value: raw };
}

export function checkPropertyValue(def: PropertyDefinition, raw: string, ownerExists: (id: string) => boolean): ValueCheck {
  // An empty string clears the property, whatever its type.
  if (raw === '') return { ok: true, value: null };
  if (def.type !== 'string' && def.type !== 'phone_number' && raw.trim() !== raw) {
    return fail('INVALID_PROPERTY_VALUE', `${JSON.stringify(raw)} has leading or trailing whitespace.`);
  }
  switch (def.type) {
    case 'string':
    case 'phone_number':
      return raw.length > 65_536 ? fail('INVALID_STRING_LENGTH', `value of ${def.name} is longer than 65536 characters`) : { ok: true, value: raw };
    case 'number':
      return NUMBER.test(raw) ? { ok: true, value: raw } : fail('INVALID_INTEGER', `${raw} was not a valid number.`);
    case 'bool': {
      const lower = raw.toLowerCase();
      return lower === 'true' || lower === 'false' ? { ok: true, value: lower } : fail('INVALID_BOOLEAN', `${raw} was not a valid boolean.`);
    }
    case 'date':
      return checkDate(raw);
    case 'datetime': {
      const ms = parseDatetime(raw);
      return ms === undefined ? fail('INVALID_LONG', `${raw} was not a valid long.`) : { ok: true, value: new Date(ms).toISOString() };
    }
    case 'enumeration':
      return checkEnumeration(def, raw, ownerExists);
  }
}
