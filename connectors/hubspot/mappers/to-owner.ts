import type { CrmOwner } from '../../../core/ports/crm-connector.js';
import { REF_TYPES } from '../config.js';

export interface HubspotOwner {
  id: string;
  email?: string | undefined;
  firstName?: string | undefined;
  lastName?: string | undefined;
}

export function toOwner(o: HubspotOwner): CrmOwner {
  const name = [o.firstName, o.lastName].filter((p) => p && p.trim()).join(' ');
  return { ref: { type: REF_TYPES.owners, id: o.id }, name: name || null, email: o.email?.toLowerCase() ?? null };
}
