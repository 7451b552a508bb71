/**
 * `npm run bench -- hubspot`: the HubSpot connector against the local sandbox on loopback, with the
 * real SDK, the per-portal limiter and the sandbox enforcing the same limit HubSpot does.
 *   1. Write-back calls: pushing N changed records takes exactly ceil(N/100) batch writes (the
 *      baseline is that minimum); an unchanged re-run takes 0; K changed records take ceil(K/100).
 *   2. Sustained throughput under the limiter, as a fraction of the configured rate, with the
 *      429s the sandbox served (target: at least 0.9, no 429 storms).
 *   3. The card endpoint at 20 concurrent signed requests (HubSpot's per-portal concurrency),
 *      p50/p99, against GET /health at the same concurrency in the same run.
 */
import type { RequestListener, Server } from 'node:http';
import { sql } from 'kysely';
import { demoPortalData, startHubspotSandbox, type StartedHubspotSandbox } from '../connectors/hubspot/sandbox/index.js';
import { signV3 } from '../connectors/hubspot/index.js';
import { createCrmRuntime } from '../server/crm/crm-runtime.js';
import { HUBSPOT_OPTIONAL_SCOPES, HUBSPOT_SCOPES } from '../server/crm/runtime-from-config.js';
import { connectDemoTenant } from '../server/demo/hubspot-demo.js';
import { surveyLinkSigner } from '../server/feedback/survey-links.js';
import { createApp } from '../server/http/app.js';
import { createLogger } from '../server/logging/logger.js';
import { secretBox } from '../server/secrets/secret-box.js';
import { cardAgainstHealth, listen, scoredTenantWithEmails, syncOnce } from './crm-bench-setup.js';
import { openBenchStore } from './scoring.js';

const TENANT = 'bench-hubspot';
const PORTAL = 50_505;
const APP = { appId: 909, clientId: 'bench-client-id', clientSecret: 'bench-client-secret-0123456789' };
const BATCH = 100;

export interface HubspotBenchOptions {
  customers: number;
  changed: number;
  seconds: number;
  rate: { max: number; intervalMs: number };
  requests: number;
  concurrency: number;
  stores: ('pglite' | 'postgres')[];
  out: (line: string) => void;
}

const fmt = (n: number, digits = 2) => n.toFixed(digits);

async function benchStore(kind: 'pglite' | 'postgres', o: HubspotBenchOptions): Promise<void> {
  const { store, cleanup } = await openBenchStore(kind, 10);
  let hubspot: StartedHubspotSandbox | undefined;
  let ours: Server | undefined;
  try {
    await scoredTenantWithEmails(store, TENANT, o.customers);

    const holder: { app?: RequestListener } = {};
    const served = await listen((req, res) => holder.app?.(req, res));
    ours = served.server;
    hubspot = await startHubspotSandbox({ apps: [{ ...APP }], rateLimit: o.rate, emitWebhooksForApiWrites: false });
    const portal = hubspot.sandbox.portals.create({ portalId: PORTAL });
    const customers = await store.db.selectFrom('customers').select(['id', 'email', 'name']).where('tenant_id', '=', TENANT).orderBy('id').execute();
    const data = demoPortalData(customers, { seed: 3, ticketRate: 0 });
    portal.seed(data);
    const contactIds = Object.values(data.contactIdByCustomerId);
    const crm = createCrmRuntime({
      store,
      box: secretBox(Buffer.alloc(32, 9)),
      hubspot: { app: { clientId: APP.clientId, clientSecret: APP.clientSecret, apiBaseUrl: hubspot.url, appBaseUrl: hubspot.url, scopes: HUBSPOT_SCOPES, optionalScopes: HUBSPOT_OPTIONAL_SCOPES }, appId: String(APP.appId), publicUrl: served.base },
    });
    holder.app = createApp({ store, logger: createLogger('silent'), version: 'bench', links: surveyLinkSigner(Buffer.alloc(32, 1), served.base), crm });
    await connectDemoTenant(store, crm, TENANT, new Date(), PORTAL);
    await store.db.updateTable('crm_connections').set({ settings: JSON.stringify({ rateLimit: o.rate, pushTasks: false }) }).where('tenant_id', '=', TENANT).execute();
    const sync = (streams?: []) => syncOnce(store, crm.hubspot!, TENANT, streams);
    const writeCalls = () => hubspot!.sandbox.stats.calls('POST /crm/v3/objects/contacts/batch/update');

    // 1. Write-back calls.
    o.out(`[${kind}] ${o.customers.toLocaleString('en')} customers linked to contacts; limiter ${o.rate.max} per ${o.rate.intervalMs / 1000} s`);
    const started = performance.now();
    const first = await sync();
    const firstSeconds = (performance.now() - started) / 1000;
    const firstWrites = writeCalls();
    hubspot.sandbox.stats.reset();
    const again = await sync([]);
    const unchangedWrites = writeCalls();
    const changedIds = contactIds.slice(0, o.changed);
    await sql`update customer_scores s set score = least(100, s.score + 0.5)
      from crm_links l where l.tenant_id = s.tenant_id and l.local_id = s.customer_id and l.provider = 'hubspot'
        and l.object_type = 'contact' and l.object_id in (select jsonb_array_elements_text(${JSON.stringify(changedIds)}::jsonb)) and s.tenant_id = ${TENANT}`.execute(store.db);
    hubspot.sandbox.stats.reset();
    const partial = await sync([]);
    const partialWrites = writeCalls();
    const minimum = (n: number) => Math.ceil(n / BATCH);
    o.out('write-back                 records  write calls  minimum  ratio');
    o.out(`first sync            ${String(first.fields.changed).padStart(12)}  ${String(firstWrites).padStart(11)}  ${String(minimum(first.fields.changed)).padStart(7)}  ${fmt(firstWrites / Math.max(1, minimum(first.fields.changed)))}   (pulled ${first.pulled.customers} contacts in ${fmt(firstSeconds, 1)} s)`);
    o.out(`unchanged re-run      ${String(again.fields.changed).padStart(12)}  ${String(unchangedWrites).padStart(11)}  ${String(0).padStart(7)}  ${unchangedWrites === 0 ? 'exact' : 'EXTRA CALLS'}`);
    o.out(`${o.changed} changed        ${String(partial.fields.changed).padStart(12)}  ${String(partialWrites).padStart(11)}  ${String(minimum(o.changed)).padStart(7)}  ${fmt(partialWrites / Math.max(1, minimum(o.changed)))}`);

    // 2. Sustained throughput under the limiter: eight workers sharing the portal's limiter read
    // pages back to back for whole windows. Both windows (ours and the sandbox's) drain first, so
    // the measurement starts from an empty window as a new minute of work would.
    const binding = await crm.hubspot!.bind(TENANT);
    const connector = binding.connector;
    const windowMs = o.rate.intervalMs;
    const windows = Math.max(1, Math.ceil((o.seconds * 1000) / windowMs));
    await new Promise((resolve) => setTimeout(resolve, windowMs + 200));
    hubspot.sandbox.stats.reset();
    const t0 = performance.now();
    const deadline = t0 + windows * windowMs;
    let completed = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        let checkpoint: Record<string, unknown> | null = null;
        for (;;) {
          const page = await connector.pull('customers', checkpoint);
          // Count the calls that finished inside the measured windows.
          if (performance.now() <= deadline) completed++;
          else break;
          checkpoint = page.checkpoint.phase === 'initial' ? page.checkpoint : null;
        }
      }),
    );
    const limit = windows * o.rate.max;
    const served429 = hubspot.sandbox.stats.snapshot().rateLimited;
    const perSecond = completed / ((windows * windowMs) / 1000);
    o.out('throughput under the limiter   windows  calls  most allowed  calls/s  configured/s  fraction  429s served');
    o.out(`8 workers, one portal        ${String(windows).padStart(9)}  ${String(completed).padStart(5)}  ${String(limit).padStart(12)}  ${fmt(perSecond).padStart(7)}  ${fmt(o.rate.max / (windowMs / 1000)).padStart(12)}  ${fmt(completed / limit).padStart(8)}  ${String(served429).padStart(11)}`);

    // 3. The card endpoint, signed as HubSpot signs it.
    const paths = Array.from({ length: o.requests }, (_, i) => `/hubspot/card?objectType=contact&objectId=${contactIds[(i * 7919) % contactIds.length]}&locale=${i % 3 ? 'en' : 'zh-CN'}&portalId=${PORTAL}&userId=1&appId=${APP.appId}`);
    await cardAgainstHealth(o, kind, served.base, (i) => {
      const path = paths[i] as string;
      const timestamp = String(Date.now());
      return fetch(`${served.base}${path}`, { headers: { 'X-HubSpot-Signature-v3': signV3(APP.clientSecret, 'GET', `${served.base}${path}`, '', timestamp), 'X-HubSpot-Request-Timestamp': timestamp } });
    });
    o.out('');
  } finally {
    if (ours) await new Promise<void>((resolve) => ours!.close(() => resolve()));
    await hubspot?.close();
    await cleanup();
  }
}

export async function hubspotBench(o: HubspotBenchOptions): Promise<void> {
  for (const kind of o.stores) await benchStore(kind, o);
}
