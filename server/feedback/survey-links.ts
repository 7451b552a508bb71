/**
 * Signed survey links. A token names one invitation and its expiry and carries an HMAC-SHA256
 * over both, so a link cannot be forged or extended; single use is enforced by the invitation
 * row (answered once, in the same transaction as the response). Signatures are compared in
 * constant time.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { generatedSecret } from '../secrets/generated-secret.js';

const VERSION = 'v1';

export interface SurveyLinkSigner {
  sign(invitationId: string, expiresAt: Date): string;
  /** The invitation id and expiry of a genuine token; null for anything forged or malformed. */
  verify(token: string): { invitationId: string; expiresAt: Date } | null;
  url(token: string): string;
}

export function surveyLinkSigner(secret: Buffer, publicUrl: string): SurveyLinkSigner {
  if (secret.length < 32) throw new Error('The survey link secret must be at least 32 bytes');
  const mac = (payload: string) => createHmac('sha256', secret).update(payload).digest();
  const base = publicUrl.replace(/\/+$/, '');
  return {
    sign(invitationId, expiresAt) {
      const payload = `${VERSION}.${invitationId}.${Math.floor(expiresAt.getTime() / 1000).toString(36)}`;
      return `${payload}.${mac(payload).toString('base64url')}`;
    },
    verify(token) {
      const parts = token.split('.');
      if (parts.length !== 4 || parts[0] !== VERSION) return null;
      const [, id, exp, sig] = parts as [string, string, string, string];
      if (!/^[A-Za-z0-9_-]{8,64}$/.test(id) || !/^[0-9a-z]{1,12}$/.test(exp)) return null;
      // Compared as text, not decoded bytes: base64 has spare bits in its last character, so
      // decoding would accept several spellings of one signature.
      const given = Buffer.from(sig, 'latin1');
      const expected = Buffer.from(mac(`${VERSION}.${id}.${exp}`).toString('base64url'), 'latin1');
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
      return { invitationId: id, expiresAt: new Date(Number.parseInt(exp, 36) * 1000) };
    },
    url: (token) => `${base}/s/${token}`,
  };
}

/** A fresh invitation id: unguessable, URL-safe. */
export function newInvitationId(): string {
  return randomBytes(16).toString('base64url');
}

/**
 * The secret from `VIP_CARE_SURVEY_SECRET`, else one generated once into the data directory
 * (mode 0600) so links keep working across restarts of the embedded setup.
 */
export function loadSurveySecret(fromEnv: string | undefined, dataDir: string): Buffer {
  if (fromEnv) return Buffer.from(fromEnv, 'utf8');
  return Buffer.from(generatedSecret(dataDir, 'survey-link.key', 'base64url').text, 'base64url');
}

export function surveyLinksFromConfig(config: { surveySecret: string | undefined; dataDir: string; publicUrl: string }): SurveyLinkSigner {
  return surveyLinkSigner(loadSurveySecret(config.surveySecret, config.dataDir), config.publicUrl);
}
