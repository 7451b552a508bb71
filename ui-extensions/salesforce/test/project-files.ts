/** Where the SFDX project's files are, for the tests that read them as text. */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { PROJECT_DIR } from '../tools/custom-labels.mjs';

export const DEFAULT_DIR = path.join(PROJECT_DIR, 'force-app', 'main', 'default');
export const LWC_DIR = path.join(DEFAULT_DIR, 'lwc');
export const PREVIEW_DIR = path.join(PROJECT_DIR, 'preview');

export function filesUnder(dir: string, test: (file: string) => boolean): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return name === '__tests__' ? [] : filesUnder(full, test);
    return test(full) ? [full] : [];
  });
}

export function read(file: string): string {
  return readFileSync(file, 'utf8');
}

const parser = new XMLParser({ parseTagValue: false, isArray: (name) => ['fieldPermissions', 'value', 'labels', 'customLabels', 'namedCredentialParameters', 'externalCredentialParameters', 'classAccesses', 'objectPermissions', 'userPermissions'].includes(name) });

/** A metadata file as an object (repeated elements always arrays), under its root element. */
export function metadata(file: string): Record<string, unknown> {
  const parsed = parser.parse(read(file)) as Record<string, Record<string, unknown>>;
  const root = Object.keys(parsed).find((key) => key !== '?xml');
  if (!root) throw new Error(`${file} has no root element`);
  return parsed[root] ?? {};
}

/** The child element names of the root, in file order (the Metadata API reads them in schema order). */
export function elementOrder(file: string): string[] {
  const body = read(file).replace(/^<\?xml[^>]*>\s*<\w+[^>]*>/, '');
  const names: string[] = [];
  let depth = 0;
  for (const m of body.matchAll(/<(\/?)(\w+)[^>]*?(\/?)>/g)) {
    if (m[1]) depth -= 1;
    else if (!m[3]) {
      if (depth === 0 && names.at(-1) !== m[2]) names.push(m[2] ?? '');
      depth += 1;
    }
  }
  return names;
}
