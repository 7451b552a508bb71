/**
 * Links to preview a customer's VIP card outside the CRM (the Salesforce card rendered by LWC OSS
 * on our server): a short-lived token naming the tenant, the customer and the expiry, signed with
 * HMAC-SHA256 and compared as text in constant time. The link is the credential, like a survey
 * link, so it is short-lived and made only through the authenticated API.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { generatedSecret } from '../secrets/generated-secret.js';

const VERSION = 'p1';
export const PREVIEW_TTL_MS = 30 * 60_000;

const Claims = z.object({ t: z.string().min(1).max(64), c: z.string().min(1).max(200), e: z.number().int() });
export type PreviewClaims = { tenantId: string; customerId: string; expiresAt: Date };

export interface PreviewLinkSigner {
  sign(claims: PreviewClaims): string;
  /** The claims of a genuine, unexpired token; null otherwise. */
  verify(token: string, now: Date): PreviewClaims | null;
  url(token: string): string;
}

export function previewLinkSigner(secret: Buffer, publicUrl: string): PreviewLinkSigner {
  if (secret.length < 32) throw new Error('The preview link secret must be at least 32 bytes');
  const mac = (payload: string) => createHmac('sha256', secret).update(payload).digest('base64url');
  const base = publicUrl.replace(/\/+$/, '');
  return {
    sign({ tenantId, customerId, expiresAt }) {
      const payload = `${VERSION}.${Buffer.from(JSON.stringify({ t: tenantId, c: customerId, e: Math.floor(expiresAt.getTime() / 1000) })).toString('base64url')}`;
      return `${payload}.${mac(payload)}`;
    },
    verify(token, now) {
      if (token.length > 600) return null;
      const parts = token.split('.');
      if (parts.length !== 3 || parts[0] !== VERSION) return null;
      const payload = `${parts[0]}.${parts[1]}`;
      const given = Buffer.from(parts[2] as string, 'latin1');
      const expected = Buffer.from(mac(payload), 'latin1');
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
      let claims;
      try {
        claims = Claims.safeParse(JSON.parse(Buffer.from(parts[1] as string, 'base64url').toString('utf8')));
      } catch {
        return null;
      }
      if (!claims.success || claims.data.e * 1000 <= now.getTime()) return null;
      return { tenantId: claims.data.t, customerId: claims.data.c, expiresAt: new Date(claims.data.e * 1000) };
    },
    url: (token) => `${base}/preview/salesforce-card/${token}`,
  };
}

/** The key from `VIP_CARE_PREVIEW_SECRET` (the same on every server), else one generated once into the data directory. */
export function previewLinksFromConfig(config: { previewSecret: string | undefined; dataDir: string; publicUrl: string }): PreviewLinkSigner {
  const secret = config.previewSecret ? Buffer.from(config.previewSecret, 'utf8') : Buffer.from(generatedSecret(config.dataDir, 'preview-link.key', 'base64url').text, 'base64url');
  return previewLinkSigner(secret, config.publicUrl);
}
