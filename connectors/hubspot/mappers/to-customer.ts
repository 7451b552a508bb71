import type { CrmCustomer } from '../../../core/ports/crm-connector.js';
import { REF_TYPES } from '../config.js';
import { dateProp, prop, type HubspotObjectWithAssociations } from './hubspot-record.js';
import { ianaFromHubspot } from './timezone.js';

/** The contact properties we read (https://knowledge.hubspot.com/properties/hubspots-default-contact-properties). */
export const CONTACT_PROPERTIES = ['email', 'firstname', 'lastname', 'phone', 'hs_language', 'hs_timezone', 'date_of_birth', 'country', 'hubspot_owner_id', 'associatedcompanyid', 'hs_lifecyclestage_customer_date', 'createdate', 'lastmodifieddate'] as const;
export const COMPANY_PROPERTIES = ['name', 'domain', 'country', 'phone', 'hubspot_owner_id', 'hs_lifecyclestage_customer_date', 'createdate', 'hs_lastmodifieddate'] as const;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function contactToCustomer({ object: o }: HubspotObjectWithAssociations): CrmCustomer {
  const name = [prop(o, 'firstname'), prop(o, 'lastname')].filter(Boolean).join(' ');
  const email = prop(o, 'email');
  const owner = prop(o, 'hubspot_owner_id');
  const company = prop(o, 'associatedcompanyid');
  return {
    ref: { type: REF_TYPES.contacts, id: o.id },
    name: name || null,
    email: email && EMAIL.test(email) ? email.toLowerCase() : null,
    locale: prop(o, 'hs_language'),
    timezone: ianaFromHubspot(prop(o, 'hs_timezone')),
    birthday: dateProp(o, 'date_of_birth'),
    customerSince: dateProp(o, 'hs_lifecyclestage_customer_date'),
    phone: prop(o, 'phone'),
    country: prop(o, 'country'),
    owner: owner ? { type: REF_TYPES.owners, id: owner } : null,
    organization: company ? { type: REF_TYPES.companies, id: company } : null,
  };
}

export function companyToCustomer({ object: o }: HubspotObjectWithAssociations): CrmCustomer {
  const owner = prop(o, 'hubspot_owner_id');
  return {
    ref: { type: REF_TYPES.companies, id: o.id },
    name: prop(o, 'name') ?? prop(o, 'domain'),
    email: null,
    locale: null,
    timezone: null,
    birthday: null,
    customerSince: dateProp(o, 'hs_lifecyclestage_customer_date'),
    phone: prop(o, 'phone'),
    country: prop(o, 'country'),
    owner: owner ? { type: REF_TYPES.owners, id: owner } : null,
    organization: null,
  };
}
