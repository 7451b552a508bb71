/**
 * `npm run bench -- salesforce`: the Salesforce connector and jsforce against the local sandbox on
 * loopback, connected through the real web-server flow.
 *   1. Write-back calls: K changed records take ceil(K/200) sObject Collections calls below the
 *      Bulk threshold and one Bulk API 2.0 ingest job above it (the job's own calls: create,
 *      upload, close, status polls, failed results); an unchanged re-run takes 0.
 *   2. Pull throughput of a first load: records per second and API calls, through SOQL keyset
 *      pages (with queryMore) and through one Bulk API 2.0 query job.
 *   3. The card endpoint at 25 concurrent requests with the org's card key, p50/p99, against
 *      GET /health at the same concurrency in the same run.
 */
import type { RequestListener, Server } from 'node:http';
import { sql } from 'kysely';
import { SalesforceConnector, SalesforceSettingsSchema } from '../connectors/salesforce/index.js';
import { demoOrgData, startSalesforceSandbox, toId18, type StartedSalesforceSandbox } from '../connectors/salesforce/sandbox/index.js';
import { createCrmRuntime } from '../server/crm/crm-runtime.js';
import { SALESFORCE_SCOPES } from '../server/crm/runtime-from-config.js';
import { connectDemoSalesforce } from '../server/demo/salesforce-demo.js';
import { surveyLinkSigner } from '../server/feedback/survey-links.js';
import { createApp } from '../server/http/app.js';
import { createLogger } from '../server/logging/logger.js';
import { secretBox } from '../server/secrets/secret-box.js';
import { cardAgainstHealth, listen, scoredTenantWithEmails, syncOnce } from './crm-bench-setup.js';
import { openBenchStore } from './scoring.js';

const TENANT = 'bench-salesforce';
const ORG_ID = toId18('00D5g0000BENCH1') as string;
const APP = { clientId: '3MVG9bench.consumer.key', clientSecret: 'BENCH0123456789CONSUMERSECRET' };
const COLLECTION = 200;
const COLLECTIONS_ROUTE = 'PATCH /services/data/vXX.X/composite/sobjects';

export interface SalesforceBenchOptions {
  customers: number;
  changed: number[];
  requests: number;
  concurrency: number;
  stores: ('pglite' | 'postgres')[];
  out: (line: string) => void;
}

const fmt = (n: number, digits = 2) => n.toFixed(digits);
const pad = (v: string | number, n: number) => String(v).padStart(n);

async function benchStore(kind: 'pglite' | 'postgres', o: SalesforceBenchOptions): Promise<void> {
  const { store, cleanup } = await openBenchStore(kind, 10);
  let salesforce: StartedSalesforceSandbox | undefined;
  let ours: Server | undefined;
  try {
    await scoredTenantWithEmails(store, TENANT, o.customers);

    const holder: { app?: RequestListener } = {};
    const served = await listen((req, res) => holder.app?.(req, res));
    ours = served.server;
    salesforce = await startSalesforceSandbox({ apps: [APP], dailyApiLimit: 1_000_000 });
    const { sandbox } = salesforce;
    const org = sandbox.orgs.create({ orgId: ORG_ID });
    const customers = await store.db.selectFrom('customers').select(['id', 'email', 'name']).where('tenant_id', '=', TENANT).orderBy('id').execute();
    const data = demoOrgData(customers, { seed: 3, caseRate: 0 });
    org.seed(data);
    const contactIds = Object.values(data.contactIdByCustomerId);
    const crm = createCrmRuntime({
      store,
      box: secretBox(Buffer.alloc(32, 9)),
      hubspot: null,
      salesforce: { app: { clientId: APP.clientId, clientSecret: APP.clientSecret, loginUrl: salesforce.url, scopes: SALESFORCE_SCOPES }, publicUrl: served.base, jwtPrivateKeyPem: null },
    });
    holder.app = createApp({ store, logger: createLogger('silent'), version: 'bench', links: surveyLinkSigner(Buffer.alloc(32, 1), served.base), crm });
    const connected = await connectDemoSalesforce(store, crm, { sandbox: salesforce, org, app: { ...APP, url: salesforce.url, jwtPrivateKeyPem: null } }, TENANT, new Date());
    await store.db.updateTable('crm_connections').set({ settings: JSON.stringify({ pushTasks: false }) }).where('tenant_id', '=', TENANT).where('provider', '=', 'salesforce').execute();
    const sync = (streams?: []) => syncOnce(store, crm.salesforce!, TENANT, streams);
    const threshold = SalesforceSettingsSchema.parse({}).bulkIngestThreshold;
    const writeRow = (label: string, records: number) => {
      const bulk = sandbox.stats.snapshot().bulk;
      const collections = sandbox.stats.calls(COLLECTIONS_ROUTE);
      const writes = sandbox.stats.writeCalls();
      const path = bulk.ingestJobs > 0 ? `${bulk.ingestJobs} Bulk job` : records === 0 ? 'none' : 'Collections';
      const minimum = records > threshold ? '1 job' : String(Math.ceil(records / COLLECTION));
      // A Bulk job's calls: create, upload, close (its writes), then status polls and the failed-results read.
      const jobCalls = Object.entries(sandbox.stats.snapshot().routes).filter(([route]) => route.includes('/jobs/ingest')).reduce((sum, [, r]) => sum + r.total, 0);
      const calls = records > threshold ? `${jobCalls} (${writes} writes)` : String(collections);
      o.out(`${label.padEnd(22)} ${pad(records, 7)}  ${path.padEnd(12)} ${pad(calls, 15)}  ${pad(minimum, 7)}  ${records > threshold ? (bulk.ingestJobs === 1 ? 'exact' : 'EXTRA JOBS') : records === 0 ? (writes === 0 ? 'exact' : 'EXTRA CALLS') : fmt(collections / Math.max(1, Math.ceil(records / COLLECTION)))}`);
    };

    // 1. Write-back calls.
    o.out(`[${kind}] ${o.customers.toLocaleString('en')} customers linked to contacts; Bulk ingest above ${threshold} changed records`);
    o.out('write-back             records  path         write calls  minimum  ratio');
    sandbox.stats.reset();
    const started = performance.now();
    const first = await sync();
    const firstSeconds = (performance.now() - started) / 1000;
    writeRow('first sync', first.fields.changed);
    sandbox.stats.reset();
    const again = await sync([]);
    writeRow('unchanged re-run', again.fields.changed);
    for (const k of o.changed) {
      const changedIds = contactIds.slice(0, k);
      await sql`update customer_scores s set score = case when s.score >= 99 then s.score - 0.5 else s.score + 0.5 end
        from crm_links l where l.tenant_id = s.tenant_id and l.local_id = s.customer_id and l.provider = 'salesforce'
          and l.object_type = 'contact' and l.object_id in (select jsonb_array_elements_text(${JSON.stringify(changedIds)}::jsonb)) and s.tenant_id = ${TENANT}`.execute(store.db);
      sandbox.stats.reset();
      const partial = await sync([]);
      writeRow(`${k} changed`, partial.fields.changed);
    }
    o.out(`(first sync pulled ${first.pulled.customers} contacts and wrote ${first.fields.written} in ${fmt(firstSeconds, 1)} s)`);

    // 2. Pull throughput of a first load, with a session of the org and the connector alone.
    const { accessToken } = org.mintSession(APP.clientId);
    o.out('first-load pull                 records  seconds  records/s  API calls');
    for (const [label, settings] of [
      ['SOQL pages of 2,000', { bulkQueryThreshold: 0 }],
      ['one Bulk API 2.0 query', { bulkQueryThreshold: 1 }],
    ] as const) {
      const connector = new SalesforceConnector({ instanceUrl: salesforce.url, settings: SalesforceSettingsSchema.parse({ ...settings, lookbackMs: 0 }), sessions: { current: async () => accessToken, refreshAfterRejection: async () => accessToken }, minorPerMajor: 100 });
      sandbox.stats.reset();
      const t0 = performance.now();
      let checkpoint: Record<string, unknown> | null = null;
      let records = 0;
      for (;;) {
        const page = await connector.pull('customers', checkpoint);
        records += page.records.length;
        checkpoint = page.checkpoint;
        if (page.done) break;
      }
      const seconds = (performance.now() - t0) / 1000;
      const calls = Object.values(sandbox.stats.snapshot().routes).reduce((sum, r) => sum + r.total, 0);
      o.out(`${label.padEnd(30)} ${pad(records, 8)}  ${pad(fmt(seconds), 7)}  ${pad(fmt(records / seconds, 0), 9)}  ${pad(calls, 9)}`);
    }

    // 3. The card endpoint, as the org's Apex calls it through the Named Credential.
    const paths = Array.from({ length: o.requests }, (_, i) => `/salesforce/card?objectType=contact&objectId=${contactIds[(i * 7919) % contactIds.length]}&locale=${i % 3 ? 'en' : 'zh-CN'}`);
    await cardAgainstHealth(o, kind, served.base, (i) => fetch(`${served.base}${paths[i] as string}`, { headers: { authorization: `Bearer ${connected.cardKey}`, 'x-vipcare-user': org.adminUserId } }));
    o.out('');
  } finally {
    if (ours) await new Promise<void>((resolve) => ours!.close(() => resolve()));
    await salesforce?.close();
    await cleanup();
  }
}

export async function salesforceBench(o: SalesforceBenchOptions): Promise<void> {
  for (const kind of o.stores) await benchStore(kind, o);
}
