#!/usr/bin/env node
/**
 * Points the whole HubSpot project at one VIP Care backend:
 *   node scripts/set-backend-url.mjs https://care.example.org [--project-dir DIR]
 * Rewrites the constant in src/app/backend.ts and every URL in src/app/**\/*-hsmeta.json that starts
 * with the current value (fetch permission, OAuth redirect, workflow action and options URLs,
 * webhook target). HubSpot config files cannot import code, so this script is what keeps them equal;
 * the project tests fail if they ever disagree.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const CONSTANT = /export const BACKEND_URL = '([^']*)';/;

function fail(message) {
  process.stderr.write(`set-backend-url: ${message}\n`);
  process.exit(1);
}

/** HTTPS, not a loopback host (hubspot.fetch refuses both), no query or fragment; no trailing slash. */
export function normaliseBackendUrl(input) {
  let url;
  try {
    url = new URL(input);
  } catch {
    throw new Error(`not a URL: ${input}`);
  }
  if (url.protocol !== 'https:') throw new Error('the backend URL must use https (hubspot.fetch only calls HTTPS)');
  if (['localhost', '127.0.0.1', '[::1]', '0.0.0.0'].includes(url.hostname) || url.hostname.endsWith('.localhost')) {
    throw new Error('hubspot.fetch cannot call localhost; use a public HTTPS URL (a tunnel during development)');
  }
  if (url.search || url.hash || url.username || url.password) throw new Error('the backend URL takes no query, fragment or credentials');
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}

function hsmetaFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : hsmetaFiles(path);
    return entry.name.endsWith('-hsmeta.json') ? [path] : [];
  });
}

function rewrite(value, from, to) {
  if (typeof value === 'string') {
    return value === from || value.startsWith(`${from}/`) || value.startsWith(`${from}?`) ? to + value.slice(from.length) : value;
  }
  if (Array.isArray(value)) return value.map((item) => rewrite(item, from, to));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, rewrite(item, from, to)]));
  return value;
}

export function setBackendUrl(projectDir, input) {
  const next = normaliseBackendUrl(input);
  const backendFile = join(projectDir, 'src', 'app', 'backend.ts');
  const source = readFileSync(backendFile, 'utf8');
  const current = CONSTANT.exec(source)?.[1];
  if (!current) throw new Error(`no "export const BACKEND_URL = '...';" in ${backendFile}`);
  const changed = [];
  if (current !== next) {
    writeFileSync(backendFile, source.replace(CONSTANT, `export const BACKEND_URL = '${next}';`));
    changed.push(backendFile);
  }
  for (const file of hsmetaFiles(join(projectDir, 'src', 'app'))) {
    const text = readFileSync(file, 'utf8');
    const updated = `${JSON.stringify(rewrite(JSON.parse(text), current, next), null, 2)}\n`;
    if (updated !== text) {
      writeFileSync(file, updated);
      changed.push(file);
    }
  }
  return { from: current, to: next, changed };
}

function main(argv) {
  const args = [...argv];
  const dirFlag = args.indexOf('--project-dir');
  const projectDir = dirFlag >= 0 ? resolve(args.splice(dirFlag, 2)[1] ?? '') : resolve(dirname(fileURLToPath(import.meta.url)), '..');
  if (args.length !== 1) fail('usage: node scripts/set-backend-url.mjs <https-url> [--project-dir DIR]');
  try {
    const { from, to, changed } = setBackendUrl(projectDir, args[0]);
    const files = changed.map((file) => `  ${relative(projectDir, file)}`).join('\n');
    process.stdout.write(changed.length ? `Backend URL ${from} -> ${to}\n${files}\n` : `Backend URL is already ${to}\n`);
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main(process.argv.slice(2));
