/**
 * Checks the assertion of the JWT bearer flow: an RS256-signed JWT whose `iss` is the app's
 * consumer key, `sub` a username, `aud` the login URL, and `exp` in the future but at most three
 * minutes ahead. Failures are Salesforce's `invalid_grant` descriptions.
 * https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_jwt_flow.htm
 */
import { createPublicKey, createVerify, X509Certificate, type KeyObject } from 'node:crypto';
import { z } from 'zod';
import { OAuthError } from '../errors.js';

const MAX_LIFETIME_SECONDS = 180;

const Header = z.object({ alg: z.string(), typ: z.string().optional() });
const Claims = z.object({ iss: z.string(), sub: z.string(), aud: z.union([z.string(), z.array(z.string())]), exp: z.number() });
export type AssertionClaims = z.output<typeof Claims>;

function decodePart(part: string): unknown {
  try {
    return JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

export function publicKeyOf(pem: string): KeyObject {
  return pem.includes('BEGIN CERTIFICATE') ? new X509Certificate(pem).publicKey : createPublicKey(pem);
}

const invalidAssertion = (): OAuthError => new OAuthError('invalid_grant', 'invalid assertion');

/** The claims, read without checking anything (the issuer says which app's key verifies it). */
export function readClaims(assertion: string): AssertionClaims {
  const parts = assertion.split('.');
  if (parts.length !== 3) throw invalidAssertion();
  const header = Header.safeParse(decodePart(parts[0] as string));
  const claims = Claims.safeParse(decodePart(parts[1] as string));
  if (!header.success || header.data.alg !== 'RS256' || !claims.success) throw invalidAssertion();
  return claims.data;
}

export function verifyAssertion(assertion: string, publicKeyPem: string, audiences: readonly string[], nowMs: number): AssertionClaims {
  const claims = readClaims(assertion);
  const [header, payload, signature] = assertion.split('.') as [string, string, string];
  let valid = false;
  try {
    valid = createVerify('RSA-SHA256').update(`${header}.${payload}`).verify(publicKeyOf(publicKeyPem), Buffer.from(signature, 'base64url'));
  } catch {
    valid = false;
  }
  if (!valid) throw invalidAssertion();
  const aud = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  const normalize = (url: string): string => url.replace(/\/+$/, '').toLowerCase();
  if (!aud.some((a) => audiences.map(normalize).includes(normalize(a)))) throw new OAuthError('invalid_grant', 'audience is invalid');
  const now = nowMs / 1000;
  if (claims.exp <= now || claims.exp > now + MAX_LIFETIME_SECONDS) throw invalidAssertion();
  return claims;
}
