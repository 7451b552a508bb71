/**
 * The CRM object types the sandbox emulates, with the names, ids and quirks HubSpot gives them:
 * contacts keep their last-modified time in `lastmodifieddate`, every other object in
 * `hs_lastmodifieddate`. https://developers.hubspot.com/docs/api/crm/understanding-the-crm
 */
export interface ObjectTypeInfo {
  name: ObjectTypeName;
  typeId: string;
  singular: string;
  /** Upper-case name used in HubSpot's messages ("Could not get some CONTACT objects"). */
  label: string;
  lastModified: string;
  /** Prefix of legacy webhook subscription types (`contact.creation`); null: no webhooks. */
  webhookPrefix: string | null;
  defaultGroup: string;
  /** Properties returned when a list or search names none. */
  defaultProperties: readonly string[];
  /** Properties the free-text `query` of a search looks into. */
  searchableProperties: readonly string[];
  /** Properties that identify a record besides its id (`idProperty`), beyond hasUniqueValue ones. */
  builtInUniqueProperties: readonly string[];
}

export const OBJECT_TYPE_NAMES = ['contacts', 'companies', 'deals', 'tickets', 'tasks', 'line_items'] as const;
export type ObjectTypeName = (typeof OBJECT_TYPE_NAMES)[number];

export const OBJECT_TYPES: Readonly<Record<ObjectTypeName, ObjectTypeInfo>> = {
  contacts: {
    name: 'contacts', typeId: '0-1', singular: 'contact', label: 'CONTACT', lastModified: 'lastmodifieddate',
    webhookPrefix: 'contact', defaultGroup: 'contactinformation',
    defaultProperties: ['createdate', 'email', 'firstname', 'hs_object_id', 'lastmodifieddate', 'lastname'],
    searchableProperties: ['firstname', 'lastname', 'email', 'phone', 'company'],
    builtInUniqueProperties: ['email'],
  },
  companies: {
    name: 'companies', typeId: '0-2', singular: 'company', label: 'COMPANY', lastModified: 'hs_lastmodifieddate',
    webhookPrefix: 'company', defaultGroup: 'companyinformation',
    defaultProperties: ['createdate', 'domain', 'hs_lastmodifieddate', 'hs_object_id', 'name'],
    searchableProperties: ['name', 'domain'],
    builtInUniqueProperties: [],
  },
  deals: {
    name: 'deals', typeId: '0-3', singular: 'deal', label: 'DEAL', lastModified: 'hs_lastmodifieddate',
    webhookPrefix: 'deal', defaultGroup: 'dealinformation',
    defaultProperties: ['amount', 'closedate', 'createdate', 'dealname', 'dealstage', 'hs_lastmodifieddate', 'hs_object_id', 'pipeline'],
    searchableProperties: ['dealname'],
    builtInUniqueProperties: [],
  },
  tickets: {
    name: 'tickets', typeId: '0-5', singular: 'ticket', label: 'TICKET', lastModified: 'hs_lastmodifieddate',
    webhookPrefix: 'ticket', defaultGroup: 'ticketinformation',
    defaultProperties: ['content', 'createdate', 'hs_lastmodifieddate', 'hs_object_id', 'hs_pipeline', 'hs_pipeline_stage', 'hs_ticket_category', 'hs_ticket_priority', 'subject'],
    searchableProperties: ['subject', 'content'],
    builtInUniqueProperties: [],
  },
  tasks: {
    name: 'tasks', typeId: '0-27', singular: 'task', label: 'TASK', lastModified: 'hs_lastmodifieddate',
    webhookPrefix: null, defaultGroup: 'taskinformation',
    defaultProperties: ['createdate', 'hs_lastmodifieddate', 'hs_object_id'],
    searchableProperties: ['hs_task_subject', 'hs_task_body'],
    builtInUniqueProperties: [],
  },
  line_items: {
    name: 'line_items', typeId: '0-8', singular: 'line_item', label: 'LINE_ITEM', lastModified: 'hs_lastmodifieddate',
    webhookPrefix: null, defaultGroup: 'lineiteminformation',
    defaultProperties: ['amount', 'createdate', 'hs_lastmodifieddate', 'hs_object_id', 'name', 'price', 'quantity'],
    searchableProperties: ['name'],
    builtInUniqueProperties: [],
  },
};

const ALIASES = new Map<string, ObjectTypeName>();
for (const info of Object.values(OBJECT_TYPES)) {
  for (const alias of [info.name, info.typeId, info.singular]) ALIASES.set(alias, info.name);
}

/** HubSpot accepts the plural name, the object type id (`0-3`) or the singular name in paths. */
export function resolveObjectType(raw: string): ObjectTypeName | undefined {
  return ALIASES.get(raw.toLowerCase());
}

/** Properties HubSpot returns on every record whatever was asked for. */
export function alwaysReturnedProperties(type: ObjectTypeName): readonly string[] {
  return ['hs_object_id', 'createdate', OBJECT_TYPES[type].lastModified];
}
