import { randomBytes } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadEncryptionKey, parseKey, secretBox } from '../secret-box.js';
import { tempDir } from '../../../test/helpers.js';

describe('secret box', () => {
  const key = randomBytes(32);

  it('opens what it sealed, for the same context only', () => {
    const box = secretBox(key);
    const sealed = box.seal('pat-na1-0123456789', 'crm-token:hubspot:t1:62515:access');
    expect(sealed.includes(Buffer.from('pat-na1'))).toBe(false);
    expect(box.open(sealed, 'crm-token:hubspot:t1:62515:access')).toBe('pat-na1-0123456789');
    // A token copied into another tenant's row does not open there.
    expect(() => box.open(sealed, 'crm-token:hubspot:t2:62515:access')).toThrow();
  });

  it('uses a fresh nonce each time and detects tampering', () => {
    const box = secretBox(key);
    const a = box.seal('same', 'c');
    const b = box.seal('same', 'c');
    expect(a.equals(b)).toBe(false);
    const tampered = Buffer.from(a);
    tampered[tampered.length - 1] = (tampered[tampered.length - 1] as number) ^ 1;
    expect(() => box.open(tampered, 'c')).toThrow();
    expect(() => box.open(Buffer.from('short'), 'c')).toThrow(/Not a sealed secret/);
  });

  it('rotates keys: old values open with a retired key, new ones use the current key', () => {
    const old = secretBox(key);
    const sealed = old.seal('refresh-token', 'ctx');
    const rotated = secretBox(randomBytes(32), [key]);
    expect(rotated.open(sealed, 'ctx')).toBe('refresh-token');
    expect(() => secretBox(randomBytes(32)).open(sealed, 'ctx')).toThrow(/unknown key/);
    // New values are sealed with the new key, which the old box does not have.
    expect(() => old.open(rotated.seal('x', 'ctx'), 'ctx')).toThrow(/unknown key/);
  });

  it('generates a key once into the data directory, private to the owner', async () => {
    const dir = await tempDir();
    try {
      const first = loadEncryptionKey(undefined, dir.path);
      const second = loadEncryptionKey(undefined, dir.path);
      expect(first.equals(second)).toBe(true);
      const file = dir.file('secrets/encryption.key');
      expect(statSync(file).mode & 0o077).toBe(0);
      expect(parseKey(readFileSync(file, 'utf8'), file).length).toBe(32);
    } finally {
      await dir.remove();
    }
  });

  it('says how to make a key when the one given is wrong', () => {
    expect(() => parseKey('too-short', 'VIP_CARE_ENCRYPTION_KEY')).toThrow(/openssl rand -base64 32/);
  });
});
