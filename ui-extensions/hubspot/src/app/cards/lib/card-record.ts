/** Which VIP Care record a HubSpot record page shows. */
import type { CardRecord } from '../types/card-actions';

const OBJECT_TYPES_BY_ID: Readonly<Record<string, CardRecord['objectType']>> = {
  '0-1': 'contact',
  '0-2': 'company',
};

/** Null on any other object: the card is configured for contacts and companies only. */
export function toCardRecord(crm: { objectId: number | string; objectTypeId: string }): CardRecord | null {
  const objectType = OBJECT_TYPES_BY_ID[crm.objectTypeId];
  return objectType ? { objectType, objectId: String(crm.objectId) } : null;
}
