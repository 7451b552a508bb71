/**
 * The signatures HubSpot puts on webhook requests: v1 for legacy CRM-object subscriptions and v3
 * (HMAC with a timestamp) for everything newer.
 * https://developers.hubspot.com/docs/apps/developer-platform/build-apps/authentication/request-validation
 */
import { createHash, createHmac } from 'node:crypto';

/** hex(sha256(clientSecret + body)) */
export function signatureV1(clientSecret: string, body: string): string {
  return createHash('sha256').update(clientSecret + body, 'utf8').digest('hex');
}

/** base64(HMAC-SHA256(clientSecret, method + uri + body + timestamp)) */
export function signatureV3(clientSecret: string, method: string, uri: string, body: string, timestampMs: number): string {
  return createHmac('sha256', clientSecret).update(`${method}${uri}${body}${timestampMs}`, 'utf8').digest('base64');
}
