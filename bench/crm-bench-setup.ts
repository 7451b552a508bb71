/** What the CRM benchmarks share: a scored synthetic tenant whose customers have e-mails, and our server on loopback. */
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateSyntheticTenant } from '../server/demo/synthetic-tenant.js';
import { runScoring } from '../server/scoring/score-run.js';
import type { Store } from '../server/store/db.js';
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
