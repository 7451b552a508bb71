/** The parts of a portal that record writes and reads work on. */
import type { AssociationStore } from './association-store.js';
import type { ObjectTypeName } from './object-types.js';
import type { OwnerStore } from './owner-store.js';
import type { PropertyRegistry } from './property-registry.js';
import type { RecordStore } from './record-store.js';

export interface PortalState {
  readonly portalId: number;
  readonly records: Readonly<Record<ObjectTypeName, RecordStore>>;
  readonly properties: Readonly<Record<ObjectTypeName, PropertyRegistry>>;
  readonly owners: OwnerStore;
  readonly associations: AssociationStore;
  /** The next record id, or `explicit` after checking it is free and moving the sequence past it. */
  allocateId(explicit?: string): string;
}
