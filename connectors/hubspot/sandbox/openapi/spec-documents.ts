/**
 * HubSpot's official OpenAPI documents, read at run time from a directory of unmodified copies
 * (by default `../shared/specs/hubspot` beside the repository). They are not bundled: a machine
 * without them still builds and runs the sandbox, only without checking bodies against them.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const SPEC_FILES = {
  oauth: 'auth-oauth-v1.json',
  actions: 'automation-actions-v4.json',
  associations: 'crm-associations-v4.json',
  companies: 'crm-companies-v3.json',
  contacts: 'crm-contacts-v3.json',
  deals: 'crm-deals-v3.json',
  owners: 'crm-owners-v3.json',
  properties: 'crm-properties-v3.json',
  tasks: 'crm-tasks-v3.json',
  tickets: 'crm-tickets-v3.json',
} as const;
export type SpecName = keyof typeof SPEC_FILES;
export const SPEC_NAMES = Object.keys(SPEC_FILES) as SpecName[];

/** Where the documents are when no directory is given: relative to the working directory, like the demo data. */
export const DEFAULT_SPECS_DIR = path.join('..', 'shared', 'specs', 'hubspot');

/** Every document parsed, or null when the directory lacks any of them. */
export function readSpecDocuments(dir: string): Record<SpecName, unknown> | null {
  const files = SPEC_NAMES.map((name) => [name, path.resolve(dir, SPEC_FILES[name])] as const);
  if (!files.every(([, file]) => existsSync(file))) return null;
  return Object.fromEntries(files.map(([name, file]) => [name, JSON.parse(readFileSync(file, 'utf8')) as unknown])) as Record<SpecName, unknown>;
}
