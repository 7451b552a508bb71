/**
 * Shared pieces of the store, HTTP and CLI suites: where the repository and the CDNOW sample are,
 * temp directories that are removed afterwards, and loading the sample into a tenant.
 */
import { execFile } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Transaction } from '../core/predict/summary.js';
import { importFile, type ImportReport } from '../server/import/import-file.js';
import { parseCdnowOrders } from '../server/import/parse-cdnow.js';
import type { Store } from '../server/store/db.js';
import { provisionTenant } from '../server/tenants/provision.js';
import { surveyLinkSigner } from '../server/feedback/survey-links.js';

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

/** The CDNOW sample as transactions (UTC dates, dollars), for the prediction tests. */
export async function cdnowTransactions(): Promise<Transaction[]> {
  const out: Transaction[] = [];
  for await (const row of parseCdnowOrders(createReadStream(CDNOW_SAMPLE), { locale: 'en', timezone: 'UTC', currency: 'USD' })) {
    if (!row.ok) throw new Error(`unexpected rejected row at line ${row.line}`);
    out.push({ customerId: row.value.customerId, date: row.value.orderedAt.toISOString().slice(0, 10), value: row.value.amountMinor / 100 });
  }
  return out;
}

/** Survey links signed with a fixed test key (never a production secret). */
export const TEST_LINKS = surveyLinkSigner(Buffer.from('test-only-survey-link-secret-0123456789'), 'http://survey.test');

/** An app served on an ephemeral loopback port, for HTTP suites. */
export interface Served {
  base: string;
  close(): Promise<void>;
}

export async function serve(app: RequestListener): Promise<Served> {
  const server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  };
}

export const CLI = path.join(repoRoot, 'dist', 'cli.mjs');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

const run = promisify(execFile);

/** Runs the built CLI (`dist/cli.mjs`); a non-zero exit is a result, not an error. */
export async function runCli(env: NodeJS.ProcessEnv, args: readonly string[]): Promise<CliResult> {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, ...args], { cwd: repoRoot, env, timeout: 60_000, maxBuffer: 16 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: unknown; stdout?: string; stderr?: string };
    if (typeof e.code !== 'number') throw error;
    return { code: e.code, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}
