/** What the CRM benchmarks share: a scored synthetic tenant whose customers have e-mails, our server on loopback, one sync, and the card measured against GET /health. */
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateSyntheticTenant } from '../server/demo/synthetic-tenant.js';
import { runScoring } from '../server/scoring/score-run.js';
import type { ApiUsageMeter } from '../server/crm/api-usage.js';
import { createLogger } from '../server/logging/logger.js';
import type { Store } from '../server/store/db.js';
import { runSync, type SyncReport, type SyncTarget } from '../server/sync/run-sync.js';
import { load } from './load.js';
import { migrateToLatest } from '../server/store/migrate.js';
import { provisionTenant } from '../server/tenants/provision.js';

export async function scoredTenantWithEmails(store: Store, tenantId: string, customers: number): Promise<void> {
  await migrateToLatest(store);
  await provisionTenant(store, { id: tenantId, timezone: 'UTC', currency: 'USD', actor: 'bench' });
  // The CRM records link to our customers by e-mail.
  await generateSyntheticTenant(store, { tenantId, customers, orders: customers * 6, endDate: '2025-12-30', emailDomain: 'bench.example' });
  await runScoring(store, { tenantId, asOf: '2025-12-30', actor: 'bench' });
}

export async function listen(handler: RequestListener): Promise<{ server: Server; base: string }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

/** One whole sync of the tenant with the CRM host's binding (`streams: []`: write-back only). */
export async function syncOnce(store: Store, host: { bind(tenantId: string): Promise<{ target: SyncTarget; usage: ApiUsageMeter }> }, tenantId: string, streams?: []): Promise<SyncReport> {
  const binding = await host.bind(tenantId);
  const report = await runSync(store, binding.target, { now: () => new Date(), logger: createLogger('silent'), maxPages: 100_000, ...(streams ? { streams } : {}) });
  await binding.usage.flush(store);
  return report;
}

const cell = (n: number, digits: number, width: number) => n.toFixed(digits).padStart(width);

/** `requests` card calls from `concurrency` clients, against as many GET /health calls: throughput, p50/p99 and statuses. */
export async function cardAgainstHealth(o: { requests: number; concurrency: number; out: (line: string) => void }, label: string, base: string, card: (i: number) => Promise<Response>): Promise<void> {
  const health = await load(o.requests, o.concurrency, async () => {
    const res = await fetch(`${base}/health`);
    await res.arrayBuffer();
    return res.status;
  });
  const cards = await load(o.requests, o.concurrency, async (i) => {
    const res = await card(i);
    await res.arrayBuffer();
    return res.status;
  });
  const statuses = [...cards.statuses].map(([s, n]) => `${s}:${n}`).join(' ');
  o.out(`card endpoint (${o.concurrency} concurrent)   requests/s  p50 ms  p99 ms | GET /health/s  p50 ms  p99 ms | statuses`);
  o.out(`${label.padEnd(30)} ${cell(cards.perSecond, 0, 10)}  ${cell(cards.p50, 1, 6)}  ${cell(cards.p99, 1, 6)} | ${cell(health.perSecond, 0, 13)}  ${cell(health.p50, 1, 6)}  ${cell(health.p99, 1, 6)} | ${statuses}`);
}
