/**
 * The `associations` of a create call: checked before the record exists (a bad type id or a
 * missing target fails the whole create, as on HubSpot), applied once it does.
 */
import { validationError } from '../errors.js';
import { associationType, type AssociationType } from '../state/association-types.js';
import type { ObjectTypeName } from '../state/object-types.js';
import type { SandboxPortal } from '../state/portal.js';
import type { AssociationInput } from './object-bodies.js';

export interface PlannedAssociation {
  toId: string;
  type: AssociationType;
}

export function planAssociations(portal: SandboxPortal, fromType: ObjectTypeName, inputs: readonly AssociationInput[] | undefined): PlannedAssociation[] {
  const planned: PlannedAssociation[] = [];
  for (const input of inputs ?? []) {
    for (const spec of input.types) {
      const type = associationType(spec.associationTypeId);
      if (spec.associationCategory !== 'HUBSPOT_DEFINED' || !type || type.fromType !== fromType) {
        throw validationError(`${spec.associationCategory} ${spec.associationTypeId} is not a valid association type from ${fromType}.`, [
          { message: 'invalid association type', in: 'associations', code: 'INVALID_ASSOCIATION_TYPE' },
        ]);
      }
      if (!portal.liveRecord(type.toType, input.to.id)) {
        throw validationError(`Cannot associate with ${type.toType} ${input.to.id}: it does not exist.`, [{ message: `${type.toType} ${input.to.id} not found`, in: 'associations', code: 'OBJECT_NOT_FOUND' }]);
      }
      planned.push({ toId: input.to.id, type });
    }
  }
  return planned;
}

export function applyAssociations(portal: SandboxPortal, fromId: string, planned: readonly PlannedAssociation[]): void {
  for (const { toId, type } of planned) portal.associations.add(fromId, toId, type);
}
