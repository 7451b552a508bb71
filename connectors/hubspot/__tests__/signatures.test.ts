/**
 * HubSpot request signatures: v3 (HMAC over method, URI, body and timestamp, five minutes either
 * way), v2 and v1 where HubSpot still sends them. Cross-checked against the official SDK's own
 * implementation, so our constant-time verifier agrees with HubSpot's definition.
 */
import { Signature } from '@hubspot/api-client';
import { describe, expect, it } from 'vitest';
import { MAX_SIGNATURE_AGE_MS, signV1, signV2, signV3, uriForSignature, verifyHubspotSignature, type SignedRequest } from '../signatures.js';

const SECRET = 'client-secret-for-tests-0123456789';
const URL = 'https://vip.example.com/hubspot/webhooks?portalId=62515&userEmail=rep%40example.com';
const BODY = Buffer.from('[{"eventId":1,"subscriptionType":"contact.propertyChange","portalId":62515,"objectId":123}]');
const NOW = 1_790_000_000_000;

function request(headers: Record<string, string>, body = BODY, url = URL, method = 'POST'): SignedRequest {
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  return { method, url, rawBody: body, header: (name) => lower[name.toLowerCase()] };
}

describe('HubSpot signatures', () => {
  it('agrees with the official SDK on v1, v2 and v3', () => {
    // The SDK checks v3 freshness against the real clock.
    const now = Date.now();
    const v3 = signV3(SECRET, 'POST', URL, BODY, String(now));
    expect(Signature.isValid({ signatureVersion: 'v3', signature: v3, clientSecret: SECRET, requestBody: BODY.toString(), method: 'POST', url: uriForSignature(URL), timestamp: now })).toBe(true);
    expect(Signature.isValid({ signatureVersion: 'v2', signature: signV2(SECRET, 'POST', URL, BODY), clientSecret: SECRET, requestBody: BODY.toString(), method: 'POST', url: URL })).toBe(true);
    expect(Signature.isValid({ signatureVersion: 'v1', signature: signV1(SECRET, BODY), clientSecret: SECRET, requestBody: BODY.toString() })).toBe(true);
  });

  it('accepts a valid v3 signature within five minutes, either side', () => {
    for (const skew of [0, MAX_SIGNATURE_AGE_MS - 1, -(MAX_SIGNATURE_AGE_MS - 1)]) {
      const ts = String(NOW - skew);
      const check = verifyHubspotSignature(request({ 'X-HubSpot-Signature-v3': signV3(SECRET, 'POST', URL, BODY, ts), 'X-HubSpot-Request-Timestamp': ts }), SECRET, NOW, { allowLegacy: false });
      expect(check).toEqual({ ok: true, version: 'v3' });
    }
  });

  it('rejects a stale or future timestamp, a tampered body, another secret, another URL', () => {
    const sign = (ts: string, secret = SECRET, body = BODY, url = URL) => ({ 'X-HubSpot-Signature-v3': signV3(secret, 'POST', url, body, ts), 'X-HubSpot-Request-Timestamp': ts });
    const old = String(NOW - MAX_SIGNATURE_AGE_MS - 1);
    expect(verifyHubspotSignature(request(sign(old)), SECRET, NOW, { allowLegacy: true })).toEqual({ ok: false, reason: 'stale' });
    const future = String(NOW + MAX_SIGNATURE_AGE_MS + 1);
    expect(verifyHubspotSignature(request(sign(future)), SECRET, NOW, { allowLegacy: true })).toEqual({ ok: false, reason: 'stale' });
    const ts = String(NOW);
    expect(verifyHubspotSignature(request(sign(ts), Buffer.from(BODY.toString().replace('123', '124'))), SECRET, NOW, { allowLegacy: true })).toEqual({ ok: false, reason: 'mismatch' });
    expect(verifyHubspotSignature(request(sign(ts, 'another-secret-0123456789')), SECRET, NOW, { allowLegacy: true })).toEqual({ ok: false, reason: 'mismatch' });
    expect(verifyHubspotSignature(request(sign(ts), BODY, URL.replace('62515', '62516')), SECRET, NOW, { allowLegacy: true })).toEqual({ ok: false, reason: 'mismatch' });
    expect(verifyHubspotSignature(request({ 'X-HubSpot-Signature-v3': 'x', 'X-HubSpot-Request-Timestamp': 'yesterday' }), SECRET, NOW, { allowLegacy: true })).toEqual({ ok: false, reason: 'stale' });
  });

  it('hashes the URI with the escapes HubSpot decodes, and keeps the others', () => {
    expect(uriForSignature('https://h/p?a=b%3Ac%2Fd%40e%20f')).toBe('https://h/p?a=b:c/d@e%20f');
    const ts = String(NOW);
    // HubSpot signs the decoded form; the request arrives encoded.
    const signedDecoded = createdV3('https://vip.example.com/hubspot/card?userEmail=rep@example.com', ts);
    expect(verifyHubspotSignature(request({ 'X-HubSpot-Signature-v3': signedDecoded, 'X-HubSpot-Request-Timestamp': ts }, Buffer.alloc(0), 'https://vip.example.com/hubspot/card?userEmail=rep%40example.com', 'GET'), SECRET, NOW, { allowLegacy: false }).ok).toBe(true);
  });

  it('accepts v1 and v2 only where legacy signatures are allowed', () => {
    const v1 = { 'X-HubSpot-Signature': signV1(SECRET, BODY), 'X-HubSpot-Signature-Version': 'v1' };
    expect(verifyHubspotSignature(request(v1), SECRET, NOW, { allowLegacy: true })).toEqual({ ok: true, version: 'v1' });
    expect(verifyHubspotSignature(request(v1), SECRET, NOW, { allowLegacy: false })).toEqual({ ok: false, reason: 'version' });
    const v2 = { 'X-HubSpot-Signature': signV2(SECRET, 'POST', URL, BODY), 'X-HubSpot-Signature-Version': 'v2' };
    expect(verifyHubspotSignature(request(v2), SECRET, NOW, { allowLegacy: true })).toEqual({ ok: true, version: 'v2' });
    expect(verifyHubspotSignature(request({ ...v2, 'X-HubSpot-Signature': signV2(SECRET, 'PUT', URL, BODY) }), SECRET, NOW, { allowLegacy: true })).toEqual({ ok: false, reason: 'mismatch' });
    expect(verifyHubspotSignature(request({}), SECRET, NOW, { allowLegacy: true })).toEqual({ ok: false, reason: 'missing' });
  });
});

function createdV3(url: string, ts: string): string {
  return signV3(SECRET, 'GET', url, Buffer.alloc(0), ts);
}
