/**
 * A secret the embedded setup generates once into the data directory (mode 0600, directory 0700)
 * when the environment does not provide one, so it survives restarts. Of two processes starting
 * together, one writes ('wx') and both read the same value.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export function generatedSecret(dataDir: string, name: string, encoding: 'base64' | 'base64url'): { text: string; file: string } {
  const file = path.join(dataDir, 'secrets', name);
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  try {
    writeFileSync(file, randomBytes(32).toString(encoding), { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return { text: readFileSync(file, 'utf8').trim(), file };
}
