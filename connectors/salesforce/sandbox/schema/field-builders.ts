/**
 * Short constructors for field definitions, so the object catalogue reads like a field list.
 * Defaults are those of an ordinary writable standard field.
 */
import type { FieldDefinition, FieldType, PicklistDefinition } from './field-definition.js';

type Extra = Partial<Omit<FieldDefinition, 'name' | 'label' | 'type'>>;

function field(name: string, label: string, type: FieldType, extra: Extra = {}): FieldDefinition {
  return {
    name,
    label,
    type,
    length: 0,
    precision: 0,
    scale: 0,
    custom: false,
    createable: true,
    updateable: true,
    nillable: true,
    defaultedOnCreate: false,
    filterable: true,
    sortable: true,
    externalId: false,
    unique: false,
    calculated: false,
    autoNumber: false,
    referenceTo: [],
    relationshipName: null,
    packaged: false,
    ...extra,
  };
}

const READ_ONLY: Extra = { createable: false, updateable: false };

export const idField = (): FieldDefinition => field('Id', 'Record ID', 'id', { ...READ_ONLY, nillable: false, length: 18, defaultedOnCreate: true });

export const text = (name: string, label: string, length: number, extra: Extra = {}): FieldDefinition => field(name, label, 'string', { length, ...extra });

export const typedText = (name: string, label: string, type: 'email' | 'phone' | 'url', length: number, extra: Extra = {}): FieldDefinition => field(name, label, type, { length, ...extra });

/** Long text areas cannot be filtered or sorted on in SOQL. */
export const longText = (name: string, label: string, length = 32_000, extra: Extra = {}): FieldDefinition =>
  field(name, label, 'textarea', { length, filterable: false, sortable: false, ...extra });

export const picklist = (name: string, label: string, definition: PicklistDefinition, extra: Extra = {}): FieldDefinition =>
  field(name, label, 'picklist', { length: 255, picklist: definition, ...(definition.defaultValue !== undefined ? { defaultedOnCreate: true, defaultValue: definition.defaultValue } : {}), ...extra });

export const checkbox = (name: string, label: string, extra: Extra = {}): FieldDefinition => field(name, label, 'boolean', { nillable: false, defaultedOnCreate: true, defaultValue: false, ...extra });

export const number = (name: string, label: string, type: 'int' | 'double' | 'currency' | 'percent', precision: number, scale: number, extra: Extra = {}): FieldDefinition =>
  field(name, label, type, { precision, scale, ...extra });

export const date = (name: string, label: string, extra: Extra = {}): FieldDefinition => field(name, label, 'date', extra);

export const dateTime = (name: string, label: string, extra: Extra = {}): FieldDefinition => field(name, label, 'datetime', extra);

export const lookup = (name: string, label: string, referenceTo: readonly string[], relationshipName: string, extra: Extra = {}): FieldDefinition =>
  field(name, label, 'reference', { length: 18, referenceTo, relationshipName, ...extra });

/** CreatedDate, LastModifiedDate, SystemModstamp, CreatedById, LastModifiedById, IsDeleted. */
export function auditFields(): FieldDefinition[] {
  return [
    checkbox('IsDeleted', 'Deleted', READ_ONLY),
    dateTime('CreatedDate', 'Created Date', { ...READ_ONLY, nillable: false, defaultedOnCreate: true }),
    lookup('CreatedById', 'Created By ID', ['User'], 'CreatedBy', { ...READ_ONLY, nillable: false, defaultedOnCreate: true }),
    dateTime('LastModifiedDate', 'Last Modified Date', { ...READ_ONLY, nillable: false, defaultedOnCreate: true }),
    lookup('LastModifiedById', 'Last Modified By ID', ['User'], 'LastModifiedBy', { ...READ_ONLY, nillable: false, defaultedOnCreate: true }),
    dateTime('SystemModstamp', 'System Modstamp', { ...READ_ONLY, nillable: false, defaultedOnCreate: true }),
  ];
}

export const ownerField = (): FieldDefinition => lookup('OwnerId', 'Owner ID', ['User'], 'Owner', { nillable: false, defaultedOnCreate: true });

export const readOnly = (definition: FieldDefinition, extra: Extra = {}): FieldDefinition => ({ ...definition, ...READ_ONLY, ...extra });
