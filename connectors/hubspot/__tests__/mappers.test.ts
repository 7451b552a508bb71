import { describe, expect, it } from 'vitest';
import { HubspotObjectSchema, type HubspotObjectWithAssociations } from '../mappers/hubspot-record.js';
import { companyToCustomer, contactToCustomer } from '../mappers/to-customer.js';
import { customerOf, dealToRecord } from '../mappers/to-order.js';
import { ticketToRecord } from '../mappers/to-complaint.js';
import { toHubspotProperties } from '../mappers/from-vip-fields.js';
import { ianaFromHubspot } from '../mappers/timezone.js';

const rec = (id: string, properties: Record<string, string | null>, associations: HubspotObjectWithAssociations['associations'] = {}): HubspotObjectWithAssociations => ({
  object: HubspotObjectSchema.parse({ id, properties }),
  associations,
});

describe('HubSpot records to our models', () => {
  it('maps a contact: name, lowercased email, locale, time zone, dates, owner, company', () => {
    const c = contactToCustomer(rec('101', { firstname: 'Mei', lastname: 'Chen', email: 'Mei.Chen@Example.com', hs_language: 'zh-cn', hs_timezone: 'asia_slash_shanghai', date_of_birth: '1990-04-02', hubspot_owner_id: '77', associatedcompanyid: '9', hs_lifecyclestage_customer_date: '2021-03-04T10:00:00.000Z', phone: '+86 21 5555', country: 'China' }));
    expect(c).toEqual({
      ref: { type: 'contact', id: '101' },
      name: 'Mei Chen',
      email: 'mei.chen@example.com',
      locale: 'zh-cn',
      timezone: 'Asia/Shanghai',
      birthday: '1990-04-02',
      customerSince: '2021-03-04',
      phone: '+86 21 5555',
      country: 'China',
      owner: { type: 'owner', id: '77' },
      organization: { type: 'company', id: '9' },
    });
  });

  it('drops what is not valid instead of failing the page', () => {
    const c = contactToCustomer(rec('5', { email: 'not an email', hs_timezone: 'mars_slash_olympus', date_of_birth: 'someday', firstname: '  ' }));
    expect(c).toMatchObject({ name: null, email: null, timezone: null, birthday: null, owner: null, organization: null });
  });

  it('maps a company customer by name, falling back to the domain', () => {
    expect(companyToCustomer(rec('9', { domain: 'acme.example', hubspot_owner_id: '3' }))).toMatchObject({ ref: { type: 'company', id: '9' }, name: 'acme.example', owner: { type: 'owner', id: '3' } });
  });

  it('turns HubSpot time zone names back into IANA ones', () => {
    expect(ianaFromHubspot('america_slash_new_york')).toBe('America/New_York');
    expect(ianaFromHubspot('europe_slash_london')).toBe('Europe/London');
    expect(ianaFromHubspot('utc')).toBe('UTC');
    expect(ianaFromHubspot('nowhere')).toBeNull();
  });

  it('a closed-won deal is an order in minor units of the home currency, items from line items', () => {
    const lines = new Map([
      ['l1', HubspotObjectSchema.parse({ id: 'l1', properties: { quantity: '2' } })],
      ['l2', HubspotObjectSchema.parse({ id: 'l2', properties: { quantity: '1' } })],
    ]);
    const r = dealToRecord(rec('55', { hs_is_closed_won: 'true', amount: '120.5', amount_in_home_currency: '99.99', closedate: '2026-02-01T12:00:00Z' }, { contacts: ['300', '12'], line_items: ['l1', 'l2'] }), 'contacts', 100, lines);
    expect(r).toEqual({ kind: 'order', order: { ref: { type: 'deal', id: '55' }, customer: { type: 'contact', id: '12' }, orderedAt: new Date('2026-02-01T12:00:00Z'), amountMinor: 9999, items: 3 } });
  });

  it('an open, lost, unattributed or undated deal is not an order', () => {
    const base = { amount: '10', closedate: '2026-02-01T12:00:00Z' };
    expect(dealToRecord(rec('1', { ...base, hs_is_closed_won: 'false' }, { contacts: ['1'] }), 'contacts', 100, new Map()).kind).toBe('not_order');
    expect(dealToRecord(rec('2', { ...base, hs_is_closed_won: 'true' }, {}), 'contacts', 100, new Map()).kind).toBe('not_order');
    expect(dealToRecord(rec('3', { amount: '10', hs_is_closed_won: 'true' }, { contacts: ['1'] }), 'contacts', 100, new Map()).kind).toBe('not_order');
    expect(dealToRecord(rec('4', { ...base, hs_is_closed_won: 'true' }, { companies: ['8'] }), 'companies', 1, new Map())).toMatchObject({ kind: 'order', order: { customer: { type: 'company', id: '8' }, amountMinor: 10, items: null } });
  });

  it('picks the same customer whatever the association order', () => {
    expect(customerOf({ contacts: ['20', '3', '100'] }, 'contacts')).toEqual({ type: 'contact', id: '3' });
    expect(customerOf({ contacts: ['100', '20', '3'] }, 'contacts')).toEqual({ type: 'contact', id: '3' });
  });

  it('maps tickets to complaints: priority, waiting stage, first reply, resolution', () => {
    const open = ticketToRecord(rec('7', { subject: 'Late delivery', content: 'Where is it?', hs_ticket_priority: 'URGENT', hs_pipeline_stage: '1', createdate: '2026-01-01T09:00:00Z', first_agent_reply_date: '2026-01-01T09:20:00Z', hubspot_owner_id: '77' }, { contacts: ['101'] }), 'contacts');
    expect(open).toEqual({
      kind: 'complaint',
      complaint: {
        ref: { type: 'ticket', id: '7' },
        customer: { type: 'contact', id: '101' },
        subject: 'Late delivery',
        description: 'Where is it?',
        priority: 'critical',
        owner: { type: 'owner', id: '77' },
        openedAt: new Date('2026-01-01T09:00:00Z'),
        status: 'open',
        firstResponseAt: new Date('2026-01-01T09:20:00Z'),
        resolvedAt: null,
      },
    });
    expect(ticketToRecord(rec('8', { hs_pipeline_stage: '2', createdate: '2026-01-01T09:00:00Z' }, { contacts: ['1'] }), 'contacts')).toMatchObject({ complaint: { status: 'waiting', subject: 'Ticket 8', priority: null } });
    expect(ticketToRecord(rec('9', { closed_date: '2026-01-02T09:00:00Z', createdate: '2026-01-01T09:00:00Z', hs_ticket_priority: 'MEDIUM' }, { contacts: ['1'] }), 'contacts')).toMatchObject({ complaint: { status: 'resolved', priority: 'normal' } });
    expect(ticketToRecord(rec('10', { subject: 'x' }, {}), 'contacts')).toBeNull();
  });

  it('writes our values as HubSpot strings; null clears, churn risk as a percentage, no tier as "none"', () => {
    expect(toHubspotProperties({ tier: null, score: 71.5, churnRisk: 0.1234, reason: null, nextActionDue: '2026-03-01', predictedValue: 1234.567 })).toEqual({
      vip_care_tier: 'none',
      vip_care_score: '71.5',
      vip_care_churn_risk: '12.3',
      vip_care_score_reason: '',
      vip_care_next_action_due: '2026-03-01',
      vip_care_predicted_value: '1234.57',
    });
    // Only the fields given are written.
    expect(Object.keys(toHubspotProperties({ tier: 'gold' }))).toEqual(['vip_care_tier']);
  });
});
