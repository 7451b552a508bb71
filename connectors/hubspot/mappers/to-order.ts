import type { CrmRecord, CrmRef } from '../../../core/ports/crm-connector.js';
import { REF_TYPES } from '../config.js';
import { dateTimeProp, numberProp, prop, type HubspotObject, type HubspotObjectWithAssociations } from './hubspot-record.js';

/** https://knowledge.hubspot.com/properties/hubspots-default-deal-properties */
export const DEAL_PROPERTIES = ['dealname', 'amount', 'amount_in_home_currency', 'closedate', 'hs_is_closed_won', 'createdate', 'hs_lastmodifieddate'] as const;
export const LINE_ITEM_PROPERTIES = ['quantity', 'amount'] as const;

/** The customer a deal or ticket belongs to: its first associated record of the customer object (lowest id, so stable). */
export function customerOf(associations: HubspotObjectWithAssociations['associations'], customerObject: 'contacts' | 'companies'): CrmRef | null {
  const ids = associations[customerObject] ?? [];
  if (ids.length === 0) return null;
  const first = [...ids].sort((a, b) => (a.length - b.length) || a.localeCompare(b))[0] as string;
  return { type: REF_TYPES[customerObject], id: first };
}

/**
 * A closed-won deal is an order: amount in the portal's home currency when HubSpot converted it,
 * dated at its close date. Line items, when the deal has them, give the item count (quantities).
 */
export function dealToRecord(
  deal: HubspotObjectWithAssociations,
  customerObject: 'contacts' | 'companies',
  minorPerMajor: number,
  lineItems: ReadonlyMap<string, HubspotObject>,
): CrmRecord {
  const o = deal.object;
  const ref = { type: REF_TYPES.deals, id: o.id };
  const won = prop(o, 'hs_is_closed_won') === 'true';
  const customer = customerOf(deal.associations, customerObject);
  const amount = numberProp(o, 'amount_in_home_currency') ?? numberProp(o, 'amount');
  const orderedAt = dateTimeProp(o, 'closedate');
  if (!won || !customer || amount === null || amount < 0 || !orderedAt) return { kind: 'not_order', ref };
  const lines = (deal.associations.line_items ?? []).map((id) => lineItems.get(id)).filter((l): l is HubspotObject => l !== undefined);
  const items = lines.length > 0 ? lines.reduce((sum, l) => sum + Math.max(0, Math.round(numberProp(l, 'quantity') ?? 1)), 0) : null;
  return { kind: 'order', order: { ref, customer, orderedAt, amountMinor: Math.round(amount * minorPerMajor), items } };
}
