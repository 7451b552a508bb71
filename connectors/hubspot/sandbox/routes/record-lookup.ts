/** Finding the record a request names: by id, or by a unique property (`idProperty=email`). */
import { notFoundError, validationError } from '../errors.js';
import { OBJECT_TYPES, type ObjectTypeName } from '../state/object-types.js';
import type { SandboxPortal } from '../state/portal.js';
import type { StoredRecord } from '../state/record-store.js';

export function checkIdProperty(portal: SandboxPortal, type: ObjectTypeName, idProperty: string | undefined): void {
  if (idProperty === undefined || idProperty === 'hs_object_id') return;
  if (!portal.properties[type].isUnique(idProperty)) {
    throw validationError(`${idProperty} is not a unique identifier property of ${type}.`, [{ message: `${idProperty} is not unique`, in: 'idProperty' }]);
  }
}

/** The record, or undefined; archived ones only when `archived` is asked for. */
export function lookupRecord(portal: SandboxPortal, type: ObjectTypeName, id: string, idProperty: string | undefined, archived = false): StoredRecord | undefined {
  const store = portal.records[type];
  const record = idProperty === undefined || idProperty === 'hs_object_id' ? store.get(id) : store.findByUnique(idProperty, id);
  return record && record.archived === archived ? record : undefined;
}

export function requireRecord(portal: SandboxPortal, type: ObjectTypeName, id: string, idProperty: string | undefined, archived = false): StoredRecord {
  checkIdProperty(portal, type, idProperty);
  const record = lookupRecord(portal, type, id, idProperty, archived);
  if (!record) throw notFoundError(`Object not found.  objectId are usually numeric.`, { id: [id], objectType: [OBJECT_TYPES[type].label] });
  return record;
}

export const notFoundMessage = (type: ObjectTypeName): string =>
  `Could not get some ${OBJECT_TYPES[type].label} objects, they may be deleted or not exist. Check that ids are valid.`;
