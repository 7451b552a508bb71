/**
 * Verifies that a request came from HubSpot (webhooks, app-card fetches, workflow actions).
 * https://developers.hubspot.com/docs/apps/developer-platform/build-apps/authentication/request-validation
 *   v3: base64(HMAC-SHA256(clientSecret, method + uri + body + timestamp)), timestamp in ms,
 *       rejected when more than 5 minutes away (past or future);
 *   v2: hex(SHA-256(clientSecret + method + uri + body));  v1: hex(SHA-256(clientSecret + body)).
 * v1 and v2 carry no timestamp: their replay protection is the caller's dedup (eventId, callbackId).
 * Signatures are compared in constant time, over the raw body bytes as received.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export const MAX_SIGNATURE_AGE_MS = 5 * 60 * 1000;

export interface SignedRequest {
  method: string;
  /** The full public URL HubSpot called (scheme, host, path and query). */
  url: string;
  rawBody: Buffer;
  header(name: string): string | undefined;
}

export type SignatureCheck = { ok: true; version: 'v1' | 'v2' | 'v3' } | { ok: false; reason: 'missing' | 'stale' | 'mismatch' | 'version' };

/**
 * HubSpot hashes the URI with these percent-escapes decoded (the request-validation page's table);
 * anything else stays as sent.
 */
const DECODED_IN_URI: Record<string, string> = {
  '%3A': ':', '%2F': '/', '%3F': '?', '%40': '@', '%21': '!', '%24': '$', '%27': "'", '%28': '(', '%29': ')', '%2A': '*', '%2C': ',', '%3B': ';',
};

export function uriForSignature(url: string): string {
  return url.replace(/%(3A|2F|3F|40|21|24|27|28|29|2A|2C|3B)/gi, (m) => DECODED_IN_URI[m.toUpperCase()] ?? m);
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

export function signV3(secret: string, method: string, url: string, body: Buffer | string, timestamp: string): string {
  return createHmac('sha256', secret).update(`${method.toUpperCase()}${uriForSignature(url)}`).update(body).update(timestamp).digest('base64');
}

export function signV2(secret: string, method: string, url: string, body: Buffer | string): string {
  return createHash('sha256').update(`${secret}${method.toUpperCase()}${url}`).update(body).digest('hex');
}

export function signV1(secret: string, body: Buffer | string): string {
  return createHash('sha256').update(secret).update(body).digest('hex');
}

/**
 * Checks the newest signature the request carries. `allowLegacy` admits v1/v2 (webhook
 * subscriptions and workflow actions still send them); cards always carry v3.
 */
export function verifyHubspotSignature(req: SignedRequest, secret: string, now: number, opts: { allowLegacy: boolean }): SignatureCheck {
  const v3 = req.header('x-hubspot-signature-v3');
  if (v3) {
    const timestamp = req.header('x-hubspot-request-timestamp') ?? '';
    const ts = /^\d{10,16}$/.test(timestamp) ? Number(timestamp) : Number.NaN;
    if (!Number.isFinite(ts) || Math.abs(now - ts) > MAX_SIGNATURE_AGE_MS) return { ok: false, reason: 'stale' };
    return sameText(v3, signV3(secret, req.method, req.url, req.rawBody, timestamp)) ? { ok: true, version: 'v3' } : { ok: false, reason: 'mismatch' };
  }
  const legacy = req.header('x-hubspot-signature');
  if (!legacy) return { ok: false, reason: 'missing' };
  if (!opts.allowLegacy) return { ok: false, reason: 'version' };
  const version = (req.header('x-hubspot-signature-version') ?? 'v1').toLowerCase();
  if (version === 'v1') return sameText(legacy.toLowerCase(), signV1(secret, req.rawBody)) ? { ok: true, version: 'v1' } : { ok: false, reason: 'mismatch' };
  if (version === 'v2') return sameText(legacy.toLowerCase(), signV2(secret, req.method, req.url, req.rawBody)) ? { ok: true, version: 'v2' } : { ok: false, reason: 'mismatch' };
  return { ok: false, reason: 'version' };
}
