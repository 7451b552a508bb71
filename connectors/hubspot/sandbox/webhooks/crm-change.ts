/**
 * What happened to a record, before it is fanned out into one webhook event per subscribed app.
 * https://developers.hubspot.com/docs/api/webhooks#webhook-subscriptions
 */
import type { ObjectTypeName } from '../state/object-types.js';

export type ChangeKind = 'creation' | 'propertyChange' | 'deletion' | 'privacyDeletion';

/** Where a change came from: a user in HubSpot, or an app through the API (`INTEGRATION`). */
export const CHANGE_SOURCES = ['CRM_UI', 'INTEGRATION', 'API', 'IMPORT', 'WORKFLOWS', 'CRM'] as const;
export type ChangeSource = (typeof CHANGE_SOURCES)[number];

export interface CrmChange {
  portalId: number;
  objectType: ObjectTypeName;
  objectId: string;
  kind: ChangeKind;
  occurredAt: number;
  changeSource: ChangeSource;
  /** The writing app, for API writes. */
  sourceAppId?: number;
  propertyName?: string;
  propertyValue?: string;
}

export interface WebhookEvent {
  eventId: number;
  subscriptionId: number;
  portalId: number;
  appId: number;
  occurredAt: number;
  subscriptionType: string;
  attemptNumber: number;
  objectId: number;
  changeSource: ChangeSource;
  changeFlag?: 'NEW' | 'DELETED';
  sourceId?: string;
  propertyName?: string;
  propertyValue?: string;
}
