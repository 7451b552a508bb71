/**
 * Salesforce records to our provider-neutral ones.
 * Contact: https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_contact.htm
 * Account (person accounts): .../sforce_api_objects_account.htm, Opportunity, Order, Case, Task, User likewise.
 */
import type { ComplaintPriority } from '../../../core/feedback/schema.js';
import type { CrmCustomer, CrmOwner, CrmRecord, CrmRef } from '../../../core/ports/crm-connector.js';
import { TASK_ID_FIELD } from '../config.js';
import { bool, date, dateTime, num, str, type SalesforceRecord } from './salesforce-record.js';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const email = (v: string | null) => (v && EMAIL.test(v) ? v.toLowerCase() : null);
const ref = (type: string, id: string | null): CrmRef | null => (id ? { type, id } : null);

export const USER_FIELDS = ['Id', 'Name', 'Email', 'IsActive', 'SystemModstamp'] as const;
export const CONTACT_FIELDS = ['Id', 'FirstName', 'LastName', 'Name', 'Email', 'Phone', 'MailingCountry', 'Birthdate', 'AccountId', 'OwnerId', 'CreatedDate', 'SystemModstamp'] as const;
export const ACCOUNT_FIELDS = ['Id', 'Name', 'Phone', 'BillingCountry', 'OwnerId', 'IsPersonAccount', 'PersonEmail', 'PersonBirthdate', 'CreatedDate', 'SystemModstamp'] as const;
export const OPPORTUNITY_FIELDS = ['Id', 'AccountId', 'ContactId', 'Amount', 'CloseDate', 'IsWon', 'IsClosed', 'SystemModstamp'] as const;
export const ORDER_FIELDS = ['Id', 'AccountId', 'BillToContactId', 'Status', 'EffectiveDate', 'TotalAmount', 'SystemModstamp'] as const;
export const CASE_FIELDS = ['Id', 'AccountId', 'ContactId', 'Subject', 'Description', 'Priority', 'Status', 'IsClosed', 'ClosedDate', 'OwnerId', 'CreatedDate', 'SystemModstamp'] as const;
export const TASK_FIELDS = ['Id', 'WhoId', 'WhatId', 'Subject', 'Status', 'IsClosed', 'ActivityDate', 'CompletedDateTime', 'TaskSubtype', 'OwnerId', TASK_ID_FIELD, 'SystemModstamp'] as const;

export function toOwner(r: SalesforceRecord): CrmOwner {
  return { ref: { type: 'user', id: r.Id }, name: str(r, 'Name'), email: email(str(r, 'Email')) };
}

export function contactToCustomer(r: SalesforceRecord): CrmCustomer {
  const name = str(r, 'Name') ?? ([str(r, 'FirstName'), str(r, 'LastName')].filter(Boolean).join(' ') || null);
  return {
    ref: { type: 'contact', id: r.Id },
    name,
    email: email(str(r, 'Email')),
    locale: null,
    timezone: null,
    birthday: date(r, 'Birthdate'),
    customerSince: date(r, 'CreatedDate') ?? dateTime(r, 'CreatedDate')?.toISOString().slice(0, 10) ?? null,
    phone: str(r, 'Phone'),
    country: str(r, 'MailingCountry'),
    owner: ref('user', str(r, 'OwnerId')),
    organization: ref('account', str(r, 'AccountId')),
  };
}

/** A business account, or a person account (its person fields are on the account itself). */
export function accountToCustomer(r: SalesforceRecord): CrmCustomer {
  const person = bool(r, 'IsPersonAccount');
  return {
    ref: { type: 'account', id: r.Id },
    name: str(r, 'Name'),
    email: person ? email(str(r, 'PersonEmail')) : null,
    locale: null,
    timezone: null,
    birthday: person ? date(r, 'PersonBirthdate') : null,
    customerSince: dateTime(r, 'CreatedDate')?.toISOString().slice(0, 10) ?? null,
    phone: str(r, 'Phone'),
    country: str(r, 'BillingCountry'),
    owner: ref('user', str(r, 'OwnerId')),
    organization: null,
  };
}

/** The customer record an opportunity, order, case or task belongs to, in the org's customer object. */
export function customerRef(customerObject: 'contacts' | 'accounts', contactId: string | null, accountId: string | null): CrmRef | null {
  return customerObject === 'contacts' ? ref('contact', contactId) : ref('account', accountId);
}

export function opportunityToRecord(r: SalesforceRecord, customerObject: 'contacts' | 'accounts', minorPerMajor: number): CrmRecord {
  const self = { type: 'opportunity', id: r.Id };
  const customer = customerRef(customerObject, str(r, 'ContactId'), str(r, 'AccountId'));
  const amount = num(r, 'Amount');
  const closed = date(r, 'CloseDate');
  if (!bool(r, 'IsWon') || !customer || amount === null || amount < 0 || !closed) return { kind: 'not_order', ref: self };
  return { kind: 'order', order: { ref: self, customer, orderedAt: new Date(`${closed}T12:00:00Z`), amountMinor: Math.round(amount * minorPerMajor), items: null } };
}

export function orderToRecord(r: SalesforceRecord, customerObject: 'contacts' | 'accounts', minorPerMajor: number): CrmRecord {
  const self = { type: 'order', id: r.Id };
  const customer = customerRef(customerObject, str(r, 'BillToContactId'), str(r, 'AccountId'));
  const amount = num(r, 'TotalAmount');
  const effective = date(r, 'EffectiveDate');
  if (str(r, 'Status') !== 'Activated' || !customer || amount === null || amount < 0 || !effective) return { kind: 'not_order', ref: self };
  return { kind: 'order', order: { ref: self, customer, orderedAt: new Date(`${effective}T12:00:00Z`), amountMinor: Math.round(amount * minorPerMajor), items: null } };
}

const PRIORITY: Record<string, ComplaintPriority> = { low: 'low', medium: 'normal', normal: 'normal', high: 'high', critical: 'critical', urgent: 'critical' };

export function caseToRecord(r: SalesforceRecord, customerObject: 'contacts' | 'accounts', waitingStatuses: ReadonlySet<string>): CrmRecord | null {
  const customer = customerRef(customerObject, str(r, 'ContactId'), str(r, 'AccountId'));
  if (!customer) return null;
  const closed = bool(r, 'IsClosed');
  const priority = str(r, 'Priority');
  return {
    kind: 'complaint',
    complaint: {
      ref: { type: 'case', id: r.Id },
      customer,
      subject: (str(r, 'Subject') ?? `Case ${r.Id}`).slice(0, 500),
      description: str(r, 'Description')?.slice(0, 5000) ?? null,
      priority: priority ? (PRIORITY[priority.toLowerCase()] ?? null) : null,
      owner: ref('user', str(r, 'OwnerId')),
      openedAt: dateTime(r, 'CreatedDate') ?? new Date(0),
      status: closed ? 'resolved' : waitingStatuses.has(str(r, 'Status') ?? '') ? 'waiting' : 'open',
      // Salesforce has no standard first-response time; entitlement milestones are org-specific.
      firstResponseAt: null,
      resolvedAt: closed ? (dateTime(r, 'ClosedDate') ?? dateTime(r, 'SystemModstamp')) : null,
    },
  };
}

const TOUCH_KIND: Record<string, 'call' | 'email' | 'task' | 'other'> = { Call: 'call', Email: 'email', Task: 'task', ListEmail: 'email', Cadence: 'task' };

/** A completed task that is not ours is a touch with the customer (a call logged, an e-mail sent). */
export function taskToTouch(r: SalesforceRecord, customerObject: 'contacts' | 'accounts'): CrmRecord | null {
  if (str(r, TASK_ID_FIELD) || !bool(r, 'IsClosed')) return null;
  const who = str(r, 'WhoId');
  const what = str(r, 'WhatId');
  // WhoId is a contact or a lead (00Q); WhatId an account or another object.
  const customer = customerObject === 'contacts' ? (who?.startsWith('003') ? ref('contact', who) : null) : what?.startsWith('001') ? ref('account', what) : null;
  if (!customer) return null;
  const at = dateTime(r, 'CompletedDateTime') ?? dateTime(r, 'SystemModstamp');
  if (!at) return null;
  return { kind: 'touch', touch: { ref: { type: 'task', id: r.Id }, customer, kind: TOUCH_KIND[str(r, 'TaskSubtype') ?? ''] ?? 'other', occurredAt: at, summary: str(r, 'Subject')?.slice(0, 2000) ?? null } };
}
