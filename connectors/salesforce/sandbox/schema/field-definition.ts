/**
 * What the sandbox knows about a field: its describe attributes, and what SOQL and writes need
 * (type, limits, picklist values, references).
 * https://developer.salesforce.com/docs/atlas.en-us.api.meta/api/sforce_api_calls_describesobjects_describesobjectresult.htm
 */
export type FieldType =
  | 'id'
  | 'reference'
  | 'string'
  | 'textarea'
  | 'email'
  | 'phone'
  | 'url'
  | 'picklist'
  | 'boolean'
  | 'int'
  | 'double'
  | 'currency'
  | 'percent'
  | 'date'
  | 'datetime';

export interface PicklistDefinition {
  values: readonly string[];
  /** Restricted picklists refuse values outside the list. */
  restricted: boolean;
  defaultValue?: string;
}

export interface FieldDefinition {
  name: string;
  label: string;
  type: FieldType;
  /** Characters, for text types. */
  length: number;
  /** Total and fractional digits, for number types. */
  precision: number;
  scale: number;
  custom: boolean;
  createable: boolean;
  updateable: boolean;
  nillable: boolean;
  /** Filled in by Salesforce when a create leaves it out (defaults, auto-numbers, owner). */
  defaultedOnCreate: boolean;
  filterable: boolean;
  sortable: boolean;
  externalId: boolean;
  unique: boolean;
  calculated: boolean;
  autoNumber: boolean;
  picklist?: PicklistDefinition;
  referenceTo: readonly string[];
  relationshipName: string | null;
  /** Added by our managed package (the VIP fields): `control` can take them out of an org. */
  packaged: boolean;
  /** What a create that leaves the field out stores (checkboxes, picklist defaults). */
  defaultValue?: string | boolean;
}

/** Text-like types whose values are strings compared without regard to case. */
export const TEXT_TYPES: ReadonlySet<FieldType> = new Set(['string', 'textarea', 'email', 'phone', 'url', 'picklist']);
export const NUMBER_TYPES: ReadonlySet<FieldType> = new Set(['int', 'double', 'currency', 'percent']);
export const ID_TYPES: ReadonlySet<FieldType> = new Set(['id', 'reference']);

/** The type name SOQL error messages use ("must be of type dateTime"). */
export function soqlTypeName(type: FieldType): string {
  if (TEXT_TYPES.has(type)) return 'string';
  if (type === 'datetime') return 'dateTime';
  if (type === 'int') return 'integer';
  if (NUMBER_TYPES.has(type)) return 'double';
  if (ID_TYPES.has(type)) return 'id';
  return type;
}

/** The SOAP type describe reports (xsd:string, xsd:double, tns:ID...). */
export function soapType(type: FieldType): string {
  if (ID_TYPES.has(type)) return 'tns:ID';
  if (type === 'boolean') return 'xsd:boolean';
  if (type === 'int') return 'xsd:int';
  if (NUMBER_TYPES.has(type)) return 'xsd:double';
  if (type === 'date') return 'xsd:date';
  if (type === 'datetime') return 'xsd:dateTime';
  return 'xsd:string';
}
