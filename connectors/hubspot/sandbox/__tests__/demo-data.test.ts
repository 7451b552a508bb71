/**
 * The demo portal generator: reproducible from its seed, one contact per customer, the owners
 * the demo's account managers log in as, tickets open and closed, deals only when asked, and
 * shared last-modified times; and it loads into a portal the SDK reads back.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { demoPortalData, type DemoCustomer } from '../index.js';
import { op, startHarness, type Harness } from './sandbox-harness.js';

const customers: DemoCustomer[] = Array.from({ length: 120 }, (_, i) => ({
  id: `cust-${i}`,
  email: i % 7 === 0 ? null : `customer${i}@example.com`,
  name: i % 5 === 0 ? null : `Given${i} Family Name${i}`,
}));

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('demoPortalData', () => {
  it('is the same for the same seed and differs for another', () => {
    expect(demoPortalData(customers, { seed: 42 })).toEqual(demoPortalData(customers, { seed: 42 }));
    expect(demoPortalData(customers, { seed: 43 }).contacts).not.toEqual(demoPortalData(customers, { seed: 42 }).contacts);
  });

  it('makes one contact per customer with its email and name, owned by an account manager', () => {
    const data = demoPortalData(customers, { seed: 1 });
    expect(data.owners?.map((o) => o.properties.email)).toEqual(['am-1@example.com', 'am-2@example.com', 'am-3@example.com', 'am-4@example.com', 'lead-1@example.com']);
    const managerIds = new Set(data.owners?.slice(0, 4).map((o) => o.id));
    expect(data.contacts).toHaveLength(customers.length);
    const first = data.contacts?.[1];
    expect(first?.properties).toMatchObject({ email: 'customer1@example.com', firstname: 'Given1', lastname: 'Family Name1' });
    expect(data.contacts?.[0]?.properties.email).toBeUndefined();
    expect(data.contacts?.[0]?.properties.firstname).toMatch(/^[A-Z]/);
    expect(data.contacts?.every((c) => managerIds.has(c.properties.hubspot_owner_id))).toBe(true);
    expect(new Set(data.contacts?.map((c) => c.properties.hubspot_owner_id)).size).toBe(4);
    expect(data.contactIdByCustomerId['cust-1']).toBe(first?.id);
  });

  it('adds companies with contacts, open and closed tickets, and deals only when asked', () => {
    const data = demoPortalData(customers, { seed: 2 });
    expect(data.deals).toEqual([]);
    expect(data.companies?.length).toBeGreaterThan(1);
    expect(data.associations?.some((a) => a.fromType === 'contacts' && a.toType === 'companies')).toBe(true);
    const closed = data.tickets?.filter((t) => t.properties.hs_pipeline_stage === '4') ?? [];
    const open = data.tickets?.filter((t) => t.properties.hs_pipeline_stage !== '4') ?? [];
    expect(closed.length).toBeGreaterThan(0);
    expect(open.length).toBeGreaterThan(0);
    expect(closed.every((t) => t.properties.closed_date && t.properties.closed_date >= (t.properties.createdate ?? ''))).toBe(true);
    expect(open.every((t) => t.properties.closed_date === undefined)).toBe(true);
    expect(data.tickets?.every((t) => ['LOW', 'MEDIUM', 'HIGH', 'URGENT'].includes(t.properties.hs_ticket_priority ?? ''))).toBe(true);
    const withDeals = demoPortalData(customers, { seed: 2, deals: { orders: [{ customerId: 'cust-3', amount: 12.5, closedAt: '2023-05-06T07:08:09Z' }] } });
    expect(withDeals.deals?.map((d) => d.properties)).toEqual([expect.objectContaining({ amount: '12.50', closedate: '2023-05-06T07:08:09.000Z', dealstage: 'closedwon', hs_is_closed_won: 'true' })]);
    expect(withDeals.associations).toContainEqual({ fromType: 'deals', fromId: withDeals.deals?.[0]?.id, toType: 'contacts', toId: withDeals.contactIdByCustomerId['cust-3'], typeId: 3 });
  });

  it('gives groups of records one shared last-modified time', () => {
    const stamps = (size: number) => demoPortalData(customers, { seed: 3, tieGroupSize: size }).contacts?.map((c) => c.properties.lastmodifieddate) ?? [];
    expect(new Set(stamps(20)).size).toBe(6);
    expect(new Set(stamps(1)).size).toBe(customers.length);
  });

  it('loads into a portal that the SDK reads back', async () => {
    h = await startHarness({ now: '2024-01-01T00:00:00Z' });
    const data = demoPortalData(customers, { seed: 4, deals: true });
    const loaded = h.portal.seed(data);
    expect(loaded.contacts).toEqual(data.contacts?.map((c) => c.id));
    const owners = await h.client.crm.owners.ownersApi.getPage('lead-1@example.com');
    expect(owners.results.map((o) => o.firstName)).toEqual(['Lee']);
    const won = await h.client.crm.deals.searchApi.doSearch({ filterGroups: [{ filters: [{ propertyName: 'hs_is_closed_won', operator: op('EQ'), value: 'true' }] }], limit: 1 });
    expect(won.total).toBe(data.deals?.length);
    const ties = await h.client.crm.contacts.searchApi.doSearch({ filterGroups: [{ filters: [{ propertyName: 'lastmodifieddate', operator: op('EQ'), value: data.contacts?.[0]?.properties.lastmodifieddate ?? '' }] }] });
    expect(ties.total).toBe(20);
  });
});
