/**
 * A property definition as the sandbox keeps it, the type/fieldType pairs HubSpot accepts, and
 * the JSON the properties API answers with.
 * https://developers.hubspot.com/docs/api/crm/properties
 */
export const PROPERTY_TYPES = ['string', 'number', 'date', 'datetime', 'enumeration', 'bool', 'phone_number'] as const;
export type PropertyType = (typeof PROPERTY_TYPES)[number];

export const FIELD_TYPES = ['booleancheckbox', 'calculation_equation', 'checkbox', 'date', 'file', 'html', 'number', 'phonenumber', 'radio', 'select', 'text', 'textarea'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

const FIELD_TYPES_BY_TYPE: Readonly<Record<PropertyType, readonly FieldType[]>> = {
  string: ['text', 'textarea', 'html', 'phonenumber', 'file', 'select'],
  number: ['number', 'calculation_equation'],
  date: ['date'],
  datetime: ['date'],
  enumeration: ['select', 'radio', 'checkbox', 'booleancheckbox'],
  bool: ['booleancheckbox'],
  phone_number: ['phonenumber'],
};

export function fieldTypeFits(type: PropertyType, fieldType: FieldType): boolean {
  return FIELD_TYPES_BY_TYPE[type].includes(fieldType);
}

export function allowedFieldTypes(type: PropertyType): readonly FieldType[] {
  return FIELD_TYPES_BY_TYPE[type];
}

export interface PropertyOption {
  label: string;
  value: string;
  displayOrder: number;
  hidden: boolean;
  description?: string;
}

export interface PropertyDefinition {
  name: string;
  label: string;
  type: PropertyType;
  fieldType: FieldType;
  groupName: string;
  description: string;
  options: PropertyOption[];
  displayOrder: number;
  hasUniqueValue: boolean;
  hidden: boolean;
  formField: boolean;
  hubspotDefined: boolean;
  /** HubSpot computes the value (hs_is_closed_won); writes are refused. */
  calculated: boolean;
  readOnlyValue: boolean;
  externalOptions: boolean;
  /** `OWNER` for hubspot_owner_id: values must be owner ids. */
  referencedObjectType?: string;
  createdAt: number;
  updatedAt: number;
  archived: boolean;
  archivedAt?: number;
}

export interface PropertyGroup {
  name: string;
  label: string;
  displayOrder: number;
  archived: boolean;
}

/** The Property JSON of the properties API. */
export function publicProperty(def: PropertyDefinition): Record<string, unknown> {
  return {
    name: def.name,
    label: def.label,
    type: def.type,
    fieldType: def.fieldType,
    description: def.description,
    groupName: def.groupName,
    options: def.options.map((o) => ({ label: o.label, value: o.value, displayOrder: o.displayOrder, hidden: o.hidden, ...(o.description !== undefined ? { description: o.description } : {}) })),
    displayOrder: def.displayOrder,
    calculated: def.calculated,
    externalOptions: def.externalOptions,
    hasUniqueValue: def.hasUniqueValue,
    hidden: def.hidden,
    hubspotDefined: def.hubspotDefined,
    formField: def.formField,
    ...(def.referencedObjectType ? { referencedObjectType: def.referencedObjectType } : {}),
    modificationMetadata: {
      archivable: !def.hubspotDefined,
      readOnlyDefinition: def.hubspotDefined,
      readOnlyValue: def.readOnlyValue,
      readOnlyOptions: def.hubspotDefined && def.externalOptions,
    },
    createdAt: new Date(def.createdAt).toISOString(),
    updatedAt: new Date(def.updatedAt).toISOString(),
    archived: def.archived,
    ...(def.archivedAt !== undefined ? { archivedAt: new Date(def.archivedAt).toISOString() } : {}),
  };
}

export function publicGroup(group: PropertyGroup): Record<string, unknown> {
  return { name: group.name, label: group.label, displayOrder: group.displayOrder, archived: group.archived };
}
