/**
 * The objects the sandbox emulates and their fields: a realistic subset of the standard fields
 * of each, plus our package's custom fields on Account, Contact and Task.
 * https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_list.htm
 */
import { auditFields, checkbox, date, dateTime, idField, longText, lookup, number, ownerField, picklist, readOnly, text, typedText } from './field-builders.js';
import type { FieldDefinition } from './field-definition.js';
import { vipFields, vipTaskFields } from './vip-package-fields.js';

export interface ObjectDefinition {
  name: string;
  label: string;
  labelPlural: string;
  keyPrefix: string;
  createable: boolean;
  updateable: boolean;
  deletable: boolean;
  fields: FieldDefinition[];
}

export const CASE_STATUSES = ['New', 'Working', 'Waiting on Customer', 'Escalated', 'Closed'] as const;
export const CASE_PRIORITIES = ['High', 'Medium', 'Low'] as const;
export const TASK_STATUSES = ['Not Started', 'In Progress', 'Completed', 'Waiting on someone else', 'Deferred'] as const;
export const TASK_PRIORITIES = ['High', 'Normal', 'Low'] as const;
export const OPPORTUNITY_STAGES = [
  'Prospecting',
  'Qualification',
  'Needs Analysis',
  'Value Proposition',
  'Id. Decision Makers',
  'Perception Analysis',
  'Proposal/Price Quote',
  'Negotiation/Review',
  'Closed Won',
  'Closed Lost',
] as const;

/** Task statuses that close a task (the TaskStatus "closed" flag of a default org). */
export const CLOSED_TASK_STATUSES: ReadonlySet<string> = new Set(['Completed']);

const WHAT_TARGETS = ['Account', 'Opportunity', 'Case', 'Order'] as const;

function object(name: string, labelPlural: string, keyPrefix: string, fields: FieldDefinition[], access: Partial<Pick<ObjectDefinition, 'createable' | 'updateable' | 'deletable'>> = {}): ObjectDefinition {
  return { name, label: name, labelPlural, keyPrefix, createable: true, updateable: true, deletable: true, ...access, fields };
}

function user(): ObjectDefinition {
  return object('User', 'Users', '005', [
    idField(),
    text('Username', 'Username', 80, { nillable: false, unique: true }),
    text('LastName', 'Last Name', 80, { nillable: false }),
    text('FirstName', 'First Name', 40),
    readOnly(text('Name', 'Full Name', 121)),
    typedText('Email', 'Email', 'email', 128, { nillable: false }),
    text('Alias', 'Alias', 8),
    checkbox('IsActive', 'Active', { defaultValue: true }),
    text('TimeZoneSidKey', 'Time Zone', 40, { defaultedOnCreate: true }),
    text('Title', 'Title', 80),
    ...auditFields().filter((f) => f.name !== 'IsDeleted'),
  ], { deletable: false });
}

function organization(): ObjectDefinition {
  return object('Organization', 'Organizations', '00D', [
    idField(),
    readOnly(text('Name', 'Name', 80)),
    readOnly(text('InstanceName', 'Instance Name', 8)),
    readOnly(checkbox('IsSandbox', 'Is Sandbox')),
    readOnly(text('OrganizationType', 'Edition', 40)),
    readOnly(text('TimeZoneSidKey', 'Default Time Zone', 40)),
    readOnly(text('DefaultLocaleSidKey', 'Default Locale', 40)),
    readOnly(text('LanguageLocaleKey', 'Default Language', 40)),
    readOnly(text('DefaultCurrencyIsoCode', 'Default Currency', 3)),
    ...auditFields().filter((f) => f.name !== 'IsDeleted'),
  ], { createable: false, updateable: false, deletable: false });
}

function account(): ObjectDefinition {
  return object('Account', 'Accounts', '001', [
    idField(),
    text('Name', 'Account Name', 255, { nillable: false }),
    picklist('Type', 'Account Type', { values: ['Prospect', 'Customer - Direct', 'Customer - Channel', 'Partner', 'Other'], restricted: false }),
    picklist('Industry', 'Industry', { values: ['Retail', 'Technology', 'Manufacturing', 'Media', 'Food & Beverage', 'Other'], restricted: false }),
    typedText('Phone', 'Account Phone', 'phone', 40),
    typedText('Website', 'Website', 'url', 255),
    text('BillingCity', 'Billing City', 40),
    text('BillingCountry', 'Billing Country', 80),
    number('AnnualRevenue', 'Annual Revenue', 'currency', 18, 0),
    number('NumberOfEmployees', 'Employees', 'int', 8, 0),
    longText('Description', 'Account Description'),
    ownerField(),
    readOnly(checkbox('IsPersonAccount', 'Is Person Account')),
    typedText('PersonEmail', 'Email', 'email', 80),
    date('PersonBirthdate', 'Birthdate'),
    ...auditFields(),
    ...vipFields(),
  ]);
}

function contact(): ObjectDefinition {
  return object('Contact', 'Contacts', '003', [
    idField(),
    lookup('AccountId', 'Account ID', ['Account'], 'Account'),
    text('FirstName', 'First Name', 40),
    text('LastName', 'Last Name', 80, { nillable: false }),
    readOnly(text('Name', 'Full Name', 121)),
    text('Title', 'Title', 128),
    typedText('Email', 'Email', 'email', 80),
    typedText('Phone', 'Business Phone', 'phone', 40),
    typedText('MobilePhone', 'Mobile Phone', 'phone', 40),
    text('MailingCity', 'Mailing City', 40),
    text('MailingCountry', 'Mailing Country', 80),
    date('Birthdate', 'Birthdate'),
    checkbox('HasOptedOutOfEmail', 'Email Opt Out'),
    longText('Description', 'Contact Description'),
    ownerField(),
    readOnly(checkbox('IsPersonAccount', 'Is Person Account')),
    ...auditFields(),
    ...vipFields(),
  ]);
}

function opportunity(): ObjectDefinition {
  return object('Opportunity', 'Opportunities', '006', [
    idField(),
    lookup('AccountId', 'Account ID', ['Account'], 'Account'),
    lookup('ContactId', 'Contact ID', ['Contact'], 'Contact'),
    text('Name', 'Name', 120, { nillable: false }),
    number('Amount', 'Amount', 'currency', 18, 2),
    date('CloseDate', 'Close Date', { nillable: false }),
    picklist('StageName', 'Stage', { values: OPPORTUNITY_STAGES, restricted: true }, { nillable: false }),
    number('Probability', 'Probability (%)', 'percent', 3, 0),
    readOnly(checkbox('IsClosed', 'Closed')),
    readOnly(checkbox('IsWon', 'Won')),
    longText('Description', 'Description'),
    ownerField(),
    ...auditFields(),
  ]);
}

function order(): ObjectDefinition {
  return object('Order', 'Orders', '801', [
    idField(),
    lookup('AccountId', 'Account ID', ['Account'], 'Account', { nillable: false }),
    lookup('BillToContactId', 'Bill To Contact ID', ['Contact'], 'BillToContact'),
    readOnly(text('OrderNumber', 'Order Number', 30, { autoNumber: true, defaultedOnCreate: true, nillable: false })),
    picklist('Status', 'Status', { values: ['Draft', 'Activated'], restricted: true, defaultValue: 'Draft' }, { nillable: false }),
    date('EffectiveDate', 'Order Start Date', { nillable: false }),
    // Rolled up from order products in Salesforce; seeded as a plain value here.
    readOnly(number('TotalAmount', 'Order Amount', 'currency', 18, 2)),
    longText('Description', 'Description'),
    ownerField(),
    ...auditFields(),
  ]);
}

function caseObject(): ObjectDefinition {
  return object('Case', 'Cases', '500', [
    idField(),
    readOnly(text('CaseNumber', 'Case Number', 30, { autoNumber: true, defaultedOnCreate: true, nillable: false })),
    lookup('AccountId', 'Account ID', ['Account'], 'Account'),
    lookup('ContactId', 'Contact ID', ['Contact'], 'Contact'),
    text('Subject', 'Subject', 255),
    longText('Description', 'Description'),
    picklist('Priority', 'Priority', { values: CASE_PRIORITIES, restricted: true, defaultValue: 'Medium' }),
    picklist('Status', 'Status', { values: CASE_STATUSES, restricted: true, defaultValue: 'New' }),
    picklist('Origin', 'Case Origin', { values: ['Phone', 'Email', 'Web'], restricted: false }),
    readOnly(checkbox('IsClosed', 'Closed')),
    readOnly(dateTime('ClosedDate', 'Closed Date')),
    ownerField(),
    ...auditFields(),
  ]);
}

function task(): ObjectDefinition {
  return object('Task', 'Tasks', '00T', [
    idField(),
    text('Subject', 'Subject', 255),
    longText('Description', 'Comments'),
    picklist('Status', 'Status', { values: TASK_STATUSES, restricted: true, defaultValue: 'Not Started' }, { nillable: false }),
    picklist('Priority', 'Priority', { values: TASK_PRIORITIES, restricted: true, defaultValue: 'Normal' }, { nillable: false }),
    date('ActivityDate', 'Due Date Only'),
    ownerField(),
    lookup('WhoId', 'Name ID', ['Contact'], 'Who'),
    lookup('WhatId', 'Related To ID', WHAT_TARGETS, 'What'),
    readOnly(checkbox('IsClosed', 'Closed')),
    readOnly(dateTime('CompletedDateTime', 'Completed Date/Time')),
    picklist('TaskSubtype', 'Task Subtype', { values: ['Task', 'Email', 'Call', 'ListEmail', 'Cadence'], restricted: true, defaultValue: 'Task' }, { updateable: false }),
    ...auditFields(),
    ...vipTaskFields(),
  ]);
}

/** Every emulated object, in the order describeGlobal lists them. */
export function standardObjects(): ObjectDefinition[] {
  return [account(), caseObject(), contact(), opportunity(), order(), organization(), task(), user()];
}
