/**
 * A portal's owners (the users records are assigned to through `hubspot_owner_id`).
 * https://developers.hubspot.com/docs/api/crm/owners
 */
import { compareIds } from './record-store.js';

export interface Owner {
  id: string;
  email: string | null;
  firstName: string;
  lastName: string;
  userId: number;
  createdAt: number;
  updatedAt: number;
  archived: boolean;
}

export class OwnerStore {
  private readonly owners = new Map<string, Owner>();
  private sorted: Owner[] | null = null;

  add(owner: Owner): void {
    if (this.owners.has(owner.id)) throw new Error(`owner ${owner.id} already exists`);
    this.owners.set(owner.id, owner);
    this.sorted = null;
  }

  get(id: string): Owner | undefined {
    return this.owners.get(id);
  }

  byUserId(userId: number): Owner | undefined {
    return [...this.owners.values()].find((o) => o.userId === userId);
  }

  /** True for live owners: a record may only be assigned to one of them. */
  exists(id: string): boolean {
    return this.owners.get(id)?.archived === false;
  }

  list(): readonly Owner[] {
    if (!this.sorted) this.sorted = [...this.owners.values()].sort((a, b) => compareIds(a.id, b.id));
    return this.sorted;
  }
}

export function publicOwner(owner: Owner): Record<string, unknown> {
  return {
    id: owner.id,
    ...(owner.email !== null ? { email: owner.email } : {}),
    type: 'PERSON',
    firstName: owner.firstName,
    lastName: owner.lastName,
    userId: owner.userId,
    userIdIncludingInactive: owner.userId,
    createdAt: new Date(owner.createdAt).toISOString(),
    updatedAt: new Date(owner.updatedAt).toISOString(),
    archived: owner.archived,
    teams: [],
  };
}
