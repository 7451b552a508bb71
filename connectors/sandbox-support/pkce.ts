/** PKCE (RFC 7636): the S256 challenge is base64url(sha256(verifier)). */
import { createHash, timingSafeEqual } from 'node:crypto';

export function s256Challenge(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}

export function verifierMatches(verifier: string, challenge: string): boolean {
  const expected = Buffer.from(s256Challenge(verifier));
  const given = Buffer.from(challenge);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
