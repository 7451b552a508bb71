/** A whole record (or the fields asked for) as `GET /sobjects/{Type}/{Id}` returns it. */
import { SalesforceApiError } from '../errors.js';
import type { FieldDefinition } from '../schema/field-definition.js';
import type { ObjectSchema } from '../schema/object-schema.js';
import { sobjectUrl, type JsonRecord } from '../soql/record-json.js';
import type { StoredRecord } from '../state/stored-record.js';
import { jsonValue } from '../values/field-value.js';

/** The fields named in `?fields=a,b`, or all of them; unknown names are 400 INVALID_FIELD. */
export function selectedFields(object: ObjectSchema, list: string | null): readonly FieldDefinition[] {
  if (list === null || list.trim() === '') return object.fields();
  return list.split(',').map((raw) => {
    const field = object.field(raw.trim());
    if (!field) throw new SalesforceApiError(400, 'INVALID_FIELD', `No such column '${raw.trim()}' on entity '${object.name}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`);
    return field;
  });
}

export function recordBody(record: StoredRecord, fields: readonly FieldDefinition[], version: string): JsonRecord {
  const body: JsonRecord = { attributes: { type: record.object, url: sobjectUrl(version, record.object, record.id) } };
  for (const field of fields) body[field.name] = jsonValue(field, record.values.get(field.name) ?? null);
  return body;
}
