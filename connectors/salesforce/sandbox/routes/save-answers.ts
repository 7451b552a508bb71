/**
 * Save results as the REST API shapes them: Collections answer `{ id?, success, errors, created? }`
 * per record; single-record DML answers errors as the REST error array.
 * https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_sobjects_collections.htm
 */
import { SalesforceApiError, saveError, type RestErrorItem, type SaveError } from '../errors.js';
import type { ObjectSchema } from '../schema/object-schema.js';
import type { SaveOutcome } from '../state/write-transaction.js';
import { noSuchColumn, resolveRecordFields, type ResolvedRecord } from '../state/write-fields.js';

export interface SaveResult {
  id?: string;
  success: boolean;
  errors: SaveError[];
  created?: boolean;
}

export const ROLLED_BACK = (): SaveError =>
  saveError('ALL_OR_NONE_OPERATION_ROLLED_BACK', 'Record rolled back because not all records were valid and the request was using AllOrNone header');

export function saveResult(outcome: SaveOutcome, withCreated: boolean): SaveResult {
  return {
    ...(outcome.id !== null ? { id: outcome.id } : {}),
    success: outcome.success,
    errors: outcome.success ? [] : outcome.errors,
    ...(withCreated ? { created: outcome.created } : {}),
  };
}

/** With allOrNone, records that saved are reported as rolled back (and lose ids they never kept). */
export function rolledBack(result: SaveResult, isCreate: boolean): SaveResult {
  if (!result.success) return result;
  return { ...(result.id !== undefined && !isCreate ? { id: result.id } : {}), success: false, errors: [ROLLED_BACK()], ...(result.created !== undefined ? { created: false } : {}) };
}

export function restErrors(errors: readonly SaveError[]): RestErrorItem[] {
  return errors.map((e) => ({ message: e.message, errorCode: e.statusCode, fields: e.fields }));
}

/** A record's fields; any field the object lacks fails the whole request (400 INVALID_FIELD). */
export function fieldsOrRefuse(object: ObjectSchema, record: Readonly<Record<string, unknown>>): ResolvedRecord {
  const resolved = resolveRecordFields(object, record);
  const unknown = resolved.unknown[0];
  if (unknown !== undefined) throw new SalesforceApiError(400, 'INVALID_FIELD', noSuchColumn(object, unknown));
  return resolved;
}
