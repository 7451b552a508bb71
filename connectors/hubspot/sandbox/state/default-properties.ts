/**
 * The HubSpot-defined properties a new sandbox portal starts with, per object type: a realistic
 * subset of what a real portal lists under GET /crm/v3/properties/{objectType}.
 * https://knowledge.hubspot.com/properties/hubspots-default-contact-properties
 */
import type { ObjectTypeName } from './object-types.js';
import { OBJECT_TYPES } from './object-types.js';
import { DEAL_PIPELINE_ID, DEAL_STAGES, TICKET_PIPELINE_ID, TICKET_STAGES } from './pipelines.js';
import type { FieldType, PropertyDefinition, PropertyGroup, PropertyOption, PropertyType } from './property-definition.js';

interface Spec {
  name: string;
  label: string;
  type: PropertyType;
  fieldType: FieldType;
  options?: readonly (string | readonly [value: string, label: string])[];
  readOnly?: boolean;
  calculated?: boolean;
  owner?: boolean;
}

const text = (name: string, label: string): Spec => ({ name, label, type: 'string', fieldType: 'text' });
const textarea = (name: string, label: string): Spec => ({ name, label, type: 'string', fieldType: 'textarea' });
const num = (name: string, label: string, extra: Partial<Spec> = {}): Spec => ({ name, label, type: 'number', fieldType: 'number', ...extra });
const datetime = (name: string, label: string, extra: Partial<Spec> = {}): Spec => ({ name, label, type: 'datetime', fieldType: 'date', ...extra });
const select = (name: string, label: string, options: Spec['options']): Spec => ({ name, label, type: 'enumeration', fieldType: 'select', options });
const owner: Spec = { name: 'hubspot_owner_id', label: 'Owner', type: 'enumeration', fieldType: 'select', owner: true };
const objectId: Spec = num('hs_object_id', 'Record ID', { readOnly: true });
const createDate: Spec = datetime('createdate', 'Create Date');

const LANGUAGES = [['en', 'English'], ['zh-cn', 'Chinese - China'], ['zh-tw', 'Chinese - Taiwan'], ['fr', 'French'], ['de', 'German'], ['es', 'Spanish'], ['ja', 'Japanese'], ['pt-br', 'Portuguese - Brazil'], ['it', 'Italian'], ['nl', 'Dutch']] as const;
const CURRENCIES = ['USD', 'EUR', 'GBP', 'CNY', 'JPY', 'CAD', 'AUD', 'CHF'] as const;
const LIFECYCLE_STAGES = ['subscriber', 'lead', 'marketingqualifiedlead', 'salesqualifiedlead', 'opportunity', 'customer', 'evangelist', 'other'] as const;

/** HubSpot spells time zones as option values like `america_slash_new_york`. */
export function hubspotTimezoneValue(ianaZone: string): string {
  return ianaZone.toLowerCase().replace(/\//g, '_slash_');
}

const TIMEZONES: readonly (readonly [string, string])[] = ['Etc/UTC', ...Intl.supportedValuesOf('timeZone')].map((zone) => [hubspotTimezoneValue(zone), zone]);

const SPECS: Readonly<Record<ObjectTypeName, readonly Spec[]>> = {
  contacts: [
    text('email', 'Email'), text('firstname', 'First Name'), text('lastname', 'Last Name'),
    { name: 'phone', label: 'Phone Number', type: 'string', fieldType: 'phonenumber' },
    select('hs_language', 'Preferred language', LANGUAGES), select('hs_timezone', 'Time Zone', TIMEZONES),
    { name: 'date_of_birth', label: 'Date of birth', type: 'date', fieldType: 'date' },
    text('country', 'Country/Region'), select('lifecyclestage', 'Lifecycle Stage', LIFECYCLE_STAGES), owner,
    text('company', 'Company Name'), num('associatedcompanyid', 'Primary Associated Company ID'),
    createDate, datetime('lastmodifieddate', 'Last Modified Date', { readOnly: true }), objectId,
  ],
  companies: [
    text('name', 'Company name'), text('domain', 'Company Domain Name'), text('country', 'Country/Region'), owner,
    createDate, datetime('hs_lastmodifieddate', 'Last Modified Date', { readOnly: true }), objectId,
  ],
  deals: [
    text('dealname', 'Deal Name'), num('amount', 'Amount'), num('amount_in_home_currency', 'Amount in company currency', { readOnly: true, calculated: true }),
    select('deal_currency_code', 'Currency', CURRENCIES), datetime('closedate', 'Close Date'),
    select('dealstage', 'Deal Stage', DEAL_STAGES.map((s) => [s.id, s.label])), select('pipeline', 'Pipeline', [[DEAL_PIPELINE_ID, 'Sales Pipeline']]),
    { name: 'hs_is_closed_won', label: 'Is Closed Won', type: 'bool', fieldType: 'booleancheckbox', readOnly: true, calculated: true },
    { name: 'hs_is_closed', label: 'Is Deal Closed?', type: 'bool', fieldType: 'booleancheckbox', readOnly: true, calculated: true },
    owner, createDate, datetime('hs_lastmodifieddate', 'Last Modified Date', { readOnly: true }), objectId,
  ],
  tickets: [
    text('subject', 'Ticket name'), textarea('content', 'Ticket description'),
    select('hs_ticket_priority', 'Priority', [['LOW', 'Low'], ['MEDIUM', 'Medium'], ['HIGH', 'High'], ['URGENT', 'Urgent']]),
    select('hs_ticket_category', 'Category', [['PRODUCT_ISSUE', 'Product issue'], ['BILLING_ISSUE', 'Billing issue'], ['FEATURE_REQUEST', 'Feature request'], ['GENERAL_INQUIRY', 'General inquiry']]),
    select('hs_pipeline', 'Pipeline', [[TICKET_PIPELINE_ID, 'Support Pipeline']]),
    select('hs_pipeline_stage', 'Ticket status', TICKET_STAGES.map((s) => [s.id, s.label])),
    datetime('closed_date', 'Close date'), datetime('first_agent_reply_date', 'First agent reply date'),
    owner, createDate, datetime('hs_lastmodifieddate', 'Last Modified Date', { readOnly: true }), objectId,
  ],
  tasks: [
    text('hs_task_subject', 'Task Title'), textarea('hs_task_body', 'Task notes'),
    select('hs_task_status', 'Task Status', [['NOT_STARTED', 'Not started'], ['IN_PROGRESS', 'In progress'], ['WAITING', 'Waiting'], ['COMPLETED', 'Completed'], ['DEFERRED', 'Deferred']]),
    select('hs_task_priority', 'Priority', [['LOW', 'Low'], ['MEDIUM', 'Medium'], ['HIGH', 'High'], ['NONE', 'None']]),
    select('hs_task_type', 'Task Type', [['CALL', 'Call'], ['EMAIL', 'Email'], ['TODO', 'To-do'], ['LINKED_IN', 'LinkedIn'], ['MEETING', 'Meeting']]),
    datetime('hs_timestamp', 'Due date'), datetime('hs_task_completion_date', 'Completed at', { readOnly: true, calculated: true }),
    owner, createDate, datetime('hs_lastmodifieddate', 'Last Modified Date', { readOnly: true }), objectId,
  ],
  line_items: [
    text('name', 'Name'), num('quantity', 'Quantity'), num('price', 'Unit price'), num('amount', 'Net price', { readOnly: true, calculated: true }),
    createDate, datetime('hs_lastmodifieddate', 'Last Modified Date', { readOnly: true }), objectId,
  ],
};

function options(spec: Spec): PropertyOption[] {
  return (spec.options ?? []).map((o, i) => {
    const [value, label] = typeof o === 'string' ? [o, o] : o;
    return { value, label, displayOrder: i, hidden: false };
  });
}

export function defaultPropertyDefinitions(type: ObjectTypeName, now: number): PropertyDefinition[] {
  return SPECS[type].map((spec, i) => ({
    name: spec.name,
    label: spec.label,
    type: spec.type,
    fieldType: spec.fieldType,
    groupName: OBJECT_TYPES[type].defaultGroup,
    description: '',
    options: options(spec),
    displayOrder: i,
    hasUniqueValue: false,
    hidden: false,
    formField: !spec.readOnly,
    hubspotDefined: true,
    calculated: spec.calculated ?? false,
    readOnlyValue: spec.readOnly ?? false,
    externalOptions: spec.owner ?? false,
    ...(spec.owner ? { referencedObjectType: 'OWNER' } : {}),
    createdAt: now,
    updatedAt: now,
    archived: false,
  }));
}

export function defaultPropertyGroups(type: ObjectTypeName): PropertyGroup[] {
  const info = OBJECT_TYPES[type];
  return [{ name: info.defaultGroup, label: `${info.singular.replace('_', ' ')} information`, displayOrder: 0, archived: false }];
}
