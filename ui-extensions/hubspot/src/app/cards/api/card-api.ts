/** The card's calls to the VIP Care backend, all through `hubspot.fetch` (signed by HubSpot, no secrets here). */
import { hubspot } from '@hubspot/ui-extensions';
import type { CardLocale } from '../i18n/locale';
import type { CardRecord, CompleteTaskBody, LogTouchBody, RecordFeedbackBody } from '../types/card-actions';
import { cardViewUrl, completeTaskUrl, logTouchUrl, recordFeedbackUrl } from './card-urls';
import { readCardResponse, type CardResult } from './read-card-response';

/** Under HubSpot's 15 s proxy limit, so our timeout is the one the user sees. */
export const REQUEST_TIMEOUT_MS = 10_000;

async function send(url: string, body?: CompleteTaskBody | LogTouchBody | RecordFeedbackBody): Promise<CardResult> {
  try {
    const response = body
      ? await hubspot.fetch(url, { method: 'POST', timeout: REQUEST_TIMEOUT_MS, body: { ...body } })
      : await hubspot.fetch(url, { method: 'GET', timeout: REQUEST_TIMEOUT_MS });
    return await readCardResponse(response);
  } catch {
    // Network failure or timeout: nothing from the server to show.
    return { kind: 'failed', message: null };
  }
}

export function fetchCardView(record: CardRecord, locale: CardLocale): Promise<CardResult> {
  return send(cardViewUrl(record, locale));
}

export function completeTask(record: CardRecord, taskId: number, note: string | undefined, locale: CardLocale): Promise<CardResult> {
  const body: CompleteTaskBody = note ? { ...record, note } : { ...record };
  return send(completeTaskUrl(taskId, locale), body);
}

export function logTouch(body: LogTouchBody, locale: CardLocale): Promise<CardResult> {
  return send(logTouchUrl(locale), body);
}

export function recordFeedback(body: RecordFeedbackBody, locale: CardLocale): Promise<CardResult> {
  return send(recordFeedbackUrl(locale), body);
}
