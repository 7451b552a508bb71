/**
 * A record as the CRM object APIs return it. Reads return the requested properties (null when
 * the record has no value) plus hs_object_id, createdate and the last-modified property; with no
 * `properties` asked for, the type's default set. Write answers return every value the record
 * holds.
 */
import { associationType, associationTypeName } from '../state/association-types.js';
import { alwaysReturnedProperties, OBJECT_TYPES, resolveObjectType, type ObjectTypeName } from '../state/object-types.js';
import type { SandboxPortal } from '../state/portal.js';
import type { StoredRecord } from '../state/record-store.js';

export interface RecordJson {
  id: string;
  properties: Record<string, string | null>;
  createdAt: string;
  updatedAt: string;
  archived: boolean;
  archivedAt?: string;
  associations?: Record<string, { results: { id: string; type: string }[] }>;
}

function base(record: StoredRecord, properties: Record<string, string | null>): RecordJson {
  return {
    id: record.id,
    properties,
    createdAt: new Date(record.createdAt).toISOString(),
    updatedAt: new Date(record.updatedAt).toISOString(),
    archived: record.archived,
    ...(record.archivedAt !== undefined ? { archivedAt: new Date(record.archivedAt).toISOString() } : {}),
  };
}

/** `wanted` null: the type's default properties. Unknown names are left out, as HubSpot does. */
export function readJson(portal: SandboxPortal, type: ObjectTypeName, record: StoredRecord, wanted: readonly string[] | null): RecordJson {
  const registry = portal.properties[type];
  const names = wanted === null ? OBJECT_TYPES[type].defaultProperties : [...wanted.filter((n) => registry.get(n)), ...alwaysReturnedProperties(type)];
  const properties: Record<string, string | null> = {};
  for (const name of names) properties[name] = record.properties.get(name) ?? null;
  return base(record, properties);
}

export function writeJson(record: StoredRecord): RecordJson {
  return base(record, Object.fromEntries(record.properties));
}

/** Adds the v3 `associations` block for the requested types (absent types are left out). */
export function withAssociations(json: RecordJson, portal: SandboxPortal, type: ObjectTypeName, requested: readonly string[] | undefined): RecordJson {
  if (!requested?.length) return json;
  const associations: NonNullable<RecordJson['associations']> = {};
  for (const raw of requested) {
    const toType = resolveObjectType(raw);
    if (!toType) continue;
    const results = portal.associations.list(type, json.id, toType).flatMap(({ toId, typeIds }) =>
      typeIds.map((typeId) => {
        const t = associationType(typeId);
        return { id: toId, type: t ? associationTypeName(t) : String(typeId) };
      }),
    );
    if (results.length > 0) associations[OBJECT_TYPES[toType].name] = { results };
  }
  return Object.keys(associations).length > 0 ? { ...json, associations } : json;
}
