/** Reads the HubSpot project's config files for the project tests. */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT_DIR = join(dirname(fileURLToPath(import.meta.url)), '..');
export const APP_DIR = join(PROJECT_DIR, 'src', 'app');

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

export function readJson(path: string): Json {
  return JSON.parse(readFileSync(path, 'utf8')) as Json;
}

/** Every `*-hsmeta.json` under src/app, as paths relative to src/app. */
export function hsmetaFiles(dir = APP_DIR): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : hsmetaFiles(path);
    return entry.name.endsWith('-hsmeta.json') ? [relative(APP_DIR, path)] : [];
  });
}

/** All source files of the cards that HubSpot bundles (tests and fixtures excluded). */
export function cardSourceFiles(dir = join(APP_DIR, 'cards')): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return ['node_modules', '__tests__', 'fixtures'].includes(entry.name) ? [] : cardSourceFiles(path);
    return /\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

/** Every string in a JSON value, with its path (`config.auth.redirectUrls.0`). */
export function stringsIn(value: Json, path = ''): { path: string; value: string }[] {
  if (typeof value === 'string') return [{ path, value }];
  if (Array.isArray(value)) return value.flatMap((item, index) => stringsIn(item, path ? `${path}.${index}` : String(index)));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([key, item]) => stringsIn(item, path ? `${path}.${key}` : key));
  return [];
}

/** A typed step into a JSON object; throws when the shape is not what the test expects. */
export function at(value: Json | undefined, ...keys: (string | number)[]): Json {
  let current: Json | undefined = value;
  for (const key of keys) {
    if (current === null || typeof current !== 'object') throw new Error(`no ${String(key)} in ${JSON.stringify(current)}`);
    current = Array.isArray(current) ? current[Number(key)] : current[String(key)];
  }
  if (current === undefined) throw new Error(`nothing at ${keys.join('.')}`);
  return current;
}
