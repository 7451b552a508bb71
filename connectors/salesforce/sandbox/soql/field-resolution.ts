/**
 * Resolves a SOQL field path against an object: a field of the object (`Email`), or a field of
 * a parent through a lookup's relationship name (`Account.Name`, `Owner.Email`), with a getter
 * that reads the value from a stored record.
 */
import type { FieldDefinition } from '../schema/field-definition.js';
import type { ObjectSchema, OrgSchema } from '../schema/object-schema.js';
import type { StoredRecord } from '../state/stored-record.js';
import type { FieldValue } from '../values/field-value.js';
import type { FieldPath } from './ast.js';
import { SoqlError } from './soql-error.js';

export interface QueryOrg {
  readonly schema: OrgSchema;
  findRecord(id: string): StoredRecord | undefined;
}

export interface ResolvedField {
  /** Canonical names: ['Account', 'Name']. */
  path: string[];
  field: FieldDefinition;
  /** The parent relationship the field is read through, if any. */
  relationship: { name: string; lookup: FieldDefinition; target: ObjectSchema } | null;
  get(record: StoredRecord): FieldValue;
}

const noSuchColumn = (name: string, entity: string, path: FieldPath): SoqlError =>
  new SoqlError(
    'INVALID_FIELD',
    `No such column '${name}' on entity '${entity}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`,
    path.position,
  );

export function resolveField(org: QueryOrg, object: ObjectSchema, path: FieldPath): ResolvedField {
  const parts = path.parts;
  // A path may start with the object's own name: `Contact.Email` on Contact.
  const own = parts.length > 1 && (parts[0] as string).toLowerCase() === object.name.toLowerCase() && !object.relationship(parts[0] as string) ? parts.slice(1) : parts;
  if (own.length === 1) {
    const field = object.field(own[0] as string);
    if (!field) throw noSuchColumn(own[0] as string, object.name, path);
    const name = field.name;
    return { path: [name], field, relationship: null, get: (record) => record.values.get(name) ?? null };
  }
  if (own.length > 2) throw new SoqlError('INVALID_FIELD', `Relationship paths deeper than one parent (${own.join('.')}) are not supported by the Salesforce sandbox`, path.position);
  const lookup = object.relationship(own[0] as string);
  if (!lookup) {
    throw new SoqlError(
      'INVALID_FIELD',
      `Didn't understand relationship '${own[0]}' in field path. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name. Please reference your WSDL or the describe call for the appropriate names.`,
      path.position,
    );
  }
  if (lookup.referenceTo.length !== 1) throw noSuchColumn(own[1] as string, 'Name', path);
  const target = org.schema.require(lookup.referenceTo[0] as string);
  const field = target.field(own[1] as string);
  if (!field) throw noSuchColumn(own[1] as string, target.name, path);
  const lookupName = lookup.name;
  const name = field.name;
  return {
    path: [lookup.relationshipName as string, name],
    field,
    relationship: { name: lookup.relationshipName as string, lookup, target },
    get: (record) => {
      const id = record.values.get(lookupName);
      if (typeof id !== 'string') return null;
      return org.findRecord(id)?.values.get(name) ?? null;
    },
  };
}
