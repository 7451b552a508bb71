/**
 * Which spec document describes an object type's endpoints, and under which path. There is no
 * line-items spec among the copied ones; line items use the contacts document, whose object
 * schemas are the same generic CRM object shapes.
 */
import type { ObjectTypeName } from '../state/object-types.js';
import type { SpecName } from './spec-documents.js';

export interface ObjectSpec {
  spec: SpecName;
  basePath: string;
}

const OBJECT_SPECS: Readonly<Record<ObjectTypeName, ObjectSpec>> = {
  contacts: { spec: 'contacts', basePath: '/crm/v3/objects/contacts' },
  companies: { spec: 'companies', basePath: '/crm/v3/objects/companies' },
  deals: { spec: 'deals', basePath: '/crm/v3/objects/0-3' },
  tickets: { spec: 'tickets', basePath: '/crm/v3/objects/tickets' },
  tasks: { spec: 'tasks', basePath: '/crm/v3/objects/tasks' },
  line_items: { spec: 'contacts', basePath: '/crm/v3/objects/contacts' },
};

export function objectSpec(type: ObjectTypeName): ObjectSpec {
  return OBJECT_SPECS[type];
}
