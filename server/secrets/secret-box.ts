/**
 * Secrets at rest (CRM access and refresh tokens, PKCE verifiers): AES-256-GCM with a random
 * 96-bit nonce per value, and the row they belong to as associated data, so a sealed token copied
 * into another tenant's row does not open. The envelope names its key (first 4 bytes of the key's
 * SHA-256) so keys can be rotated: new values use the current key, old ones still open with a
 * retired key listed in VIP_CARE_ENCRYPTION_OLD_KEYS.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { generatedSecret } from './generated-secret.js';

const FORMAT = 1;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const KEY_ID_BYTES = 4;

export interface SecretBox {
  seal(plaintext: string, context: string): Buffer;
  /** Throws when the value was tampered with, sealed for another context, or with an unknown key. */
  open(sealed: Buffer | Uint8Array, context: string): string;
}

const keyId = (key: Buffer) => createHash('sha256').update(key).digest().subarray(0, KEY_ID_BYTES);

export function secretBox(current: Buffer, retired: readonly Buffer[] = []): SecretBox {
  for (const key of [current, ...retired]) if (key.length !== 32) throw new Error('Encryption keys must be 32 bytes');
  const currentId = keyId(current);
  const keys = new Map([current, ...retired].map((k) => [keyId(k).toString('hex'), k]));
  return {
    seal(plaintext, context) {
      const nonce = randomBytes(NONCE_BYTES);
      const cipher = createCipheriv('aes-256-gcm', current, nonce);
      cipher.setAAD(Buffer.from(context, 'utf8'));
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return Buffer.concat([Buffer.from([FORMAT]), currentId, nonce, cipher.getAuthTag(), body]);
    },
    open(stored, context) {
      // PGlite returns bytea as a plain Uint8Array.
      const sealed = Buffer.isBuffer(stored) ? stored : Buffer.from(stored);
      if (sealed.length < 1 + KEY_ID_BYTES + NONCE_BYTES + TAG_BYTES || sealed[0] !== FORMAT) throw new Error('Not a sealed secret');
      const id = sealed.subarray(1, 1 + KEY_ID_BYTES).toString('hex');
      const key = keys.get(id);
      if (!key) throw new Error(`Sealed with an unknown key (${id}); is VIP_CARE_ENCRYPTION_OLD_KEYS missing a retired key?`);
      const nonceAt = 1 + KEY_ID_BYTES;
      const tagAt = nonceAt + NONCE_BYTES;
      const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(nonceAt, tagAt));
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(sealed.subarray(tagAt, tagAt + TAG_BYTES));
      return Buffer.concat([decipher.update(sealed.subarray(tagAt + TAG_BYTES)), decipher.final()]).toString('utf8');
    },
  };
}

/** A 32-byte key from base64 or base64url text. */
export function parseKey(text: string, name: string): Buffer {
  const key = Buffer.from(text.trim(), 'base64');
  if (key.length !== 32) throw new Error(`${name} must be 32 random bytes in base64 (e.g. \`openssl rand -base64 32\`)`);
  return key;
}

/**
 * The key from VIP_CARE_ENCRYPTION_KEY, else one generated once into the data directory
 * (mode 0600), as the embedded setup does for its other secrets.
 */
export function loadEncryptionKey(fromEnv: string | undefined, dataDir: string): Buffer {
  if (fromEnv) return parseKey(fromEnv, 'VIP_CARE_ENCRYPTION_KEY');
  const { text, file } = generatedSecret(dataDir, 'encryption.key', 'base64');
  return parseKey(text, file);
}

export function secretBoxFromConfig(config: { encryptionKey: string | undefined; encryptionOldKeys: string[]; dataDir: string }): SecretBox {
  return secretBox(
    loadEncryptionKey(config.encryptionKey, config.dataDir),
    config.encryptionOldKeys.map((k, i) => parseKey(k, `VIP_CARE_ENCRYPTION_OLD_KEYS[${i}]`)),
  );
}
