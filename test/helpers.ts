/**
 * Shared pieces of the store, HTTP and CLI suites: where the repository and the CDNOW sample are,
 * temp directories that are removed afterwards, and loading the sample into a tenant.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { importFile, type ImportReport } from '../server/import/import-file.js';
import type { Store } from '../server/store/db.js';
import { provisionTenant } from '../server/tenants/provision.js';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const CDNOW_SAMPLE = path.resolve(repoRoot, '..', 'shared', 'data', 'cdnow', 'CDNOW_sample.txt');
/** Lines (purchases) and distinct customers in the CDNOW sample. */
export const CDNOW_ORDERS = 6919;
export const CDNOW_CUSTOMERS = 2357;

export interface TempDir {
  path: string;
  file(name: string): string;
  remove(): Promise<void>;
}

export async function tempDir(prefix = 'vip-care-test-'): Promise<TempDir> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  return { path: dir, file: (name) => path.join(dir, name), remove: () => rm(dir, { recursive: true, force: true }) };
}

/** A tenant in UTC and USD with the default program. */
export async function provisionUsdTenant(store: Store, id: string): Promise<void> {
  await provisionTenant(store, { id, timezone: 'UTC', currency: 'USD', actor: 'test' });
}

export async function importOrders(store: Store, tenantId: string, file: string, format: 'csv' | 'cdnow' = 'csv'): Promise<ImportReport> {
  return importFile(store, { tenantId, kind: 'orders', format, file, locale: 'en', timezone: 'UTC', currency: 'USD', actor: 'test' });
}

export async function importCustomers(store: Store, tenantId: string, file: string): Promise<ImportReport> {
  return importFile(store, { tenantId, kind: 'customers', format: 'csv', file, locale: 'en', timezone: 'UTC', currency: 'USD', actor: 'test' });
}

/** A provisioned tenant holding the whole CDNOW sample. */
export async function cdnowTenant(store: Store, tenantId: string): Promise<ImportReport> {
  await provisionUsdTenant(store, tenantId);
  return importOrders(store, tenantId, CDNOW_SAMPLE, 'cdnow');
}
