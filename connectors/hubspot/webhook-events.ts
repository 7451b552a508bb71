/**
 * Webhook payloads: a JSON array of events, at least once and in no particular order
 * (https://developers.hubspot.com/docs/api/webhooks#webhook-payloads). Legacy subscriptions name
 * the object in the type (`contact.propertyChange`); 2025.2 projects may send generic ones
 * (`object.propertyChange` with `objectTypeId`). Changes to our own properties are our writes
 * coming back, and are dropped so they never trigger a loop.
 */
import { z } from 'zod';
import type { CrmRef } from '../../core/ports/crm-connector.js';
import { OBJECT_TYPE_IDS, REF_TYPES, TASK_ID_PROPERTY, VIP_PROPERTIES } from './config.js';

export const HubspotEventSchema = z.object({
  eventId: z.union([z.number(), z.string()]).transform(String),
  subscriptionId: z.union([z.number(), z.string()]).optional(),
  portalId: z.union([z.number(), z.string()]).transform(String),
  appId: z.union([z.number(), z.string()]).transform(String).optional(),
  occurredAt: z.number(),
  subscriptionType: z.string().min(1).max(100),
  attemptNumber: z.number().int().optional(),
  objectId: z.union([z.number(), z.string()]).transform(String).optional(),
  objectTypeId: z.string().optional(),
  propertyName: z.string().optional(),
  propertyValue: z.string().optional(),
  changeSource: z.string().optional(),
  sourceId: z.string().optional(),
}).loose();
export type HubspotEvent = z.infer<typeof HubspotEventSchema>;

export const HubspotEventBatchSchema = z.array(HubspotEventSchema).min(1).max(1000);

export type EventMeaning =
  | { kind: 'changed'; ref: CrmRef }
  | { kind: 'deleted'; ref: CrmRef }
  | { kind: 'privacy_deletion'; ref: CrmRef }
  | { kind: 'ignored'; reason: 'own_property' | 'unsupported' };

const OURS = new Set<string>([...Object.values(VIP_PROPERTIES), TASK_ID_PROPERTY]);
const TYPE_BY_NAME: Record<string, string> = { contact: REF_TYPES.contacts, company: REF_TYPES.companies, deal: REF_TYPES.deals, ticket: REF_TYPES.tickets };
const TYPE_BY_ID: Record<string, string> = { [OBJECT_TYPE_IDS.contacts]: REF_TYPES.contacts, [OBJECT_TYPE_IDS.companies]: REF_TYPES.companies, [OBJECT_TYPE_IDS.deals]: REF_TYPES.deals, [OBJECT_TYPE_IDS.tickets]: REF_TYPES.tickets };

export function eventKey(e: HubspotEvent): string {
  return `${e.portalId}:${e.eventId}`;
}

export function interpretEvent(e: HubspotEvent): EventMeaning {
  const [object = '', action = ''] = e.subscriptionType.split('.');
  const type = object === 'object' ? TYPE_BY_ID[e.objectTypeId ?? ''] : TYPE_BY_NAME[object];
  if (!type || !e.objectId) return { kind: 'ignored', reason: 'unsupported' };
  const ref = { type, id: e.objectId };
  if (action === 'privacyDeletion') return { kind: 'privacy_deletion', ref };
  if (action === 'deletion') return { kind: 'deleted', ref };
  if (action === 'propertyChange' && e.propertyName && OURS.has(e.propertyName)) return { kind: 'ignored', reason: 'own_property' };
  if (['creation', 'propertyChange', 'restore', 'merge', 'associationChange'].includes(action)) return { kind: 'changed', ref };
  return { kind: 'ignored', reason: 'unsupported' };
}
