/**
 * Where the card's requests go. Only the record and the reader's language travel in the URL; HubSpot
 * appends portalId, userId, userEmail and appId itself and signs the request, and the backend takes
 * the portal from that signature.
 */
import { BACKEND_URL } from '../../backend';
import type { CardLocale } from '../i18n/locale';
import type { CardRecord } from '../types/card-actions';

const CARD_PATH = `${BACKEND_URL}/hubspot/card`;

function recordQuery(record: CardRecord, locale: CardLocale): string {
  return new URLSearchParams({ objectType: record.objectType, objectId: record.objectId, locale }).toString();
}

export function cardViewUrl(record: CardRecord, locale: CardLocale): string {
  return `${CARD_PATH}?${recordQuery(record, locale)}`;
}

/** Actions answer with the refreshed view, so they name the language it should be written in. */
function withLocale(path: string, locale: CardLocale): string {
  return `${path}?${new URLSearchParams({ locale }).toString()}`;
}

export function completeTaskUrl(taskId: number, locale: CardLocale): string {
  return withLocale(`${CARD_PATH}/tasks/${encodeURIComponent(String(taskId))}/complete`, locale);
}

export function logTouchUrl(locale: CardLocale): string {
  return withLocale(`${CARD_PATH}/touches`, locale);
}

export function recordFeedbackUrl(locale: CardLocale): string {
  return withLocale(`${CARD_PATH}/feedback`, locale);
}
