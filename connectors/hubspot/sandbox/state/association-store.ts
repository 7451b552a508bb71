/**
 * A portal's associations, stored in both directions so reads from either side are one look-up.
 * Giving a pair a labeled type also gives it the unlabeled default, as HubSpot does, and a record
 * has at most one primary company.
 */
import { defaultAssociationType, type AssociationType } from './association-types.js';
import type { ObjectTypeName } from './object-types.js';
import { compareIds } from './record-store.js';

export interface AssociatedRecord {
  toId: string;
  typeIds: number[];
}

const key = (type: ObjectTypeName, id: string, toType: ObjectTypeName): string => `${type}|${id}|${toType}`;

export class AssociationStore {
  private readonly links = new Map<string, Map<string, Set<number>>>();

  /** Adds `typeId` from one record to another, and the inverse. */
  add(fromId: string, toId: string, type: AssociationType): void {
    if (type.label === 'Primary') this.dropOtherPrimary(fromId, toId, type);
    this.addOneWay(type.fromType, fromId, type.toType, toId, type.typeId);
    this.addOneWay(type.toType, toId, type.fromType, fromId, type.inverseTypeId);
    const unlabeled = type.isDefault ? undefined : defaultAssociationType(type.fromType, type.toType);
    if (unlabeled) this.add(fromId, toId, unlabeled);
  }

  list(fromType: ObjectTypeName, fromId: string, toType: ObjectTypeName): AssociatedRecord[] {
    const targets = this.links.get(key(fromType, fromId, toType));
    if (!targets) return [];
    return [...targets.entries()]
      .map(([toId, typeIds]) => ({ toId, typeIds: [...typeIds].sort((a, b) => a - b) }))
      .sort((a, b) => compareIds(a.toId, b.toId));
  }

  /** Removes every type between two records, both ways. */
  remove(fromType: ObjectTypeName, fromId: string, toType: ObjectTypeName, toId: string): boolean {
    const had = this.links.get(key(fromType, fromId, toType))?.delete(toId) ?? false;
    this.links.get(key(toType, toId, fromType))?.delete(fromId);
    return had;
  }

  /** Removes one labeled type (and its inverse), keeping the unlabeled default. */
  removeType(fromId: string, toId: string, type: AssociationType): void {
    this.links.get(key(type.fromType, fromId, type.toType))?.get(toId)?.delete(type.typeId);
    this.links.get(key(type.toType, toId, type.fromType))?.get(fromId)?.delete(type.inverseTypeId);
  }

  /** Drops every association of a record (archive, GDPR delete). */
  removeAllOf(type: ObjectTypeName, id: string, toTypes: readonly ObjectTypeName[]): void {
    for (const toType of toTypes) {
      for (const { toId } of this.list(type, id, toType)) this.remove(type, id, toType, toId);
      this.links.delete(key(type, id, toType));
    }
  }

  private addOneWay(fromType: ObjectTypeName, fromId: string, toType: ObjectTypeName, toId: string, typeId: number): void {
    const k = key(fromType, fromId, toType);
    let targets = this.links.get(k);
    if (!targets) this.links.set(k, (targets = new Map()));
    let types = targets.get(toId);
    if (!types) targets.set(toId, (types = new Set()));
    types.add(typeId);
  }

  private dropOtherPrimary(fromId: string, toId: string, type: AssociationType): void {
    for (const other of this.list(type.fromType, fromId, type.toType)) {
      if (other.toId !== toId && other.typeIds.includes(type.typeId)) this.removeType(fromId, other.toId, type);
    }
  }
}
