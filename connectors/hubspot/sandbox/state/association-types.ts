/**
 * HubSpot-defined association type ids between the emulated objects. Each pair of object types
 * has an unlabeled default type; contact/ticket/deal to company also have a "Primary" label.
 * https://developers.hubspot.com/docs/api/crm/associations#association-type-id-values
 */
import type { ObjectTypeName } from './object-types.js';
import { OBJECT_TYPES } from './object-types.js';

export interface AssociationType {
  typeId: number;
  fromType: ObjectTypeName;
  toType: ObjectTypeName;
  inverseTypeId: number;
  label: string | null;
  /** The unlabeled type `batch/associate/default` creates. */
  isDefault: boolean;
}

// [fromType, toType, unlabeled id, inverse unlabeled id, primary id?, inverse primary id?]
const PAIRS: readonly [ObjectTypeName, ObjectTypeName, number, number, number?, number?][] = [
  ['contacts', 'companies', 279, 280, 1, 2],
  ['deals', 'contacts', 3, 4],
  ['deals', 'companies', 341, 342, 5, 6],
  ['tickets', 'contacts', 16, 15],
  ['tickets', 'companies', 339, 340, 26, 25],
  ['tickets', 'deals', 28, 27],
  ['tasks', 'contacts', 204, 203],
  ['tasks', 'companies', 192, 191],
  ['tasks', 'deals', 216, 215],
  ['tasks', 'tickets', 230, 229],
  ['line_items', 'deals', 20, 19],
];

const BY_ID = new Map<number, AssociationType>();
const DEFAULTS = new Map<string, AssociationType>();
const PAIRS_WITH_LABELS = new Set<string>();

function register(type: AssociationType): void {
  BY_ID.set(type.typeId, type);
  if (type.isDefault) DEFAULTS.set(`${type.fromType}|${type.toType}`, type);
  else PAIRS_WITH_LABELS.add(`${type.fromType}|${type.toType}`);
}

for (const [from, to, id, inverse, primary, inversePrimary] of PAIRS) {
  register({ typeId: id, fromType: from, toType: to, inverseTypeId: inverse, label: null, isDefault: true });
  register({ typeId: inverse, fromType: to, toType: from, inverseTypeId: id, label: null, isDefault: true });
  if (primary !== undefined && inversePrimary !== undefined) {
    // The label reads "Primary" from the side that has one primary company.
    register({ typeId: primary, fromType: from, toType: to, inverseTypeId: inversePrimary, label: 'Primary', isDefault: false });
    register({ typeId: inversePrimary, fromType: to, toType: from, inverseTypeId: primary, label: null, isDefault: false });
  }
}

export function associationType(typeId: number): AssociationType | undefined {
  return BY_ID.get(typeId);
}

export function defaultAssociationType(fromType: ObjectTypeName, toType: ObjectTypeName): AssociationType | undefined {
  return DEFAULTS.get(`${fromType}|${toType}`);
}

/** The v3 name of an association type (`contact_to_company`, `contact_to_company_unlabeled`). */
export function associationTypeName(type: AssociationType): string {
  const base = `${OBJECT_TYPES[type.fromType].singular}_to_${OBJECT_TYPES[type.toType].singular}`;
  return type.isDefault && PAIRS_WITH_LABELS.has(`${type.fromType}|${type.toType}`) ? `${base}_unlabeled` : base;
}
