/**
 * `npm start`: opens the store (PGlite under VIP_CARE_DATA_DIR unless DATABASE_URL is set), runs
 * migrations, loads and scores the demo tenant, prints a demo API key, and serves HTTP.
 */
import { createServer } from 'node:http';
import { loadConfig } from './config/env.js';
import { createLogger } from './logging/logger.js';
import { openStore } from './store/db.js';
import { migrateToLatest } from './store/migrate.js';
import { createApp } from './http/app.js';
import { DEMO_TENANT, seedDemo } from './demo/seed-demo.js';
import { createApiKey, revokeApiKeys } from './auth/api-keys.js';
import { startJobRuntime } from './jobs/runtime.js';
import { outboxOnlyNotifier, smtpNotifier } from './notify/smtp-notifier.js';
import { surveyLinksFromConfig } from './feedback/survey-links.js';
import { crmRuntimeFromConfig } from './crm/runtime-from-config.js';
import { connectDemoTenant, DEMO_PORTAL_ID, startHubspotDemo, type HubspotDemo } from './demo/hubspot-demo.js';
import { connectDemoSalesforce, DEMO_ORG_ID, startSalesforceDemo, type SalesforceDemo } from './demo/salesforce-demo.js';
import { QUEUES } from './jobs/queues.js';
import { PREVIEW_TTL_MS, previewLinksFromConfig } from './cards/preview-links.js';
import type { Store } from './store/db.js';

const VERSION = '0.1.0';
const DEMO_KEY_LABEL = 'demo (printed at start-up)';

async function start(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const store = await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, schema: config.dbSchema });
  const applied = await migrateToLatest(store);
  logger.info('store ready', { store: store.kind, ...(store.kind === 'pglite' ? { dataDir: config.dataDir } : {}), migrationsApplied: applied.length });

  const links = surveyLinksFromConfig(config);
  let hubspotDemo: HubspotDemo | null = null;
  let salesforceDemo: SalesforceDemo | null = null;
  if (config.demo) {
    await seedDemo(store, { dataFile: config.demoDataFile, logger, links });
    // A fresh demo key each start; the previous one stops working.
    await revokeApiKeys(store.db, { tenantId: DEMO_TENANT, label: DEMO_KEY_LABEL, actor: 'system:demo' });
    const key = await createApiKey(store.db, { tenantId: DEMO_TENANT, label: DEMO_KEY_LABEL, actor: 'system:demo' });
    process.stdout.write(`\nDemo tenant "${DEMO_TENANT}" is ready. Try:\n  curl -H "Authorization: Bearer ${key}" http://${config.host}:${config.port}/api/v1/tiers\n  curl -H "Authorization: Bearer ${key}" "http://${config.host}:${config.port}/api/v1/tasks?status=open&limit=5"\n  curl -H "Authorization: Bearer ${key}" http://${config.host}:${config.port}/api/v1/connections\n\n`);
    // The demo's CRMs: local HubSpot and Salesforce sandboxes, unless real apps are configured.
    if ((config.demoCrm === 'hubspot' || config.demoCrm === 'all') && !config.hubspot) {
      hubspotDemo = await startHubspotDemo(store, { tenantId: DEMO_TENANT, dataDir: config.dataDir, publicUrl: config.publicUrl, port: config.hubspotSandboxPort, specsDir: config.hubspotSpecsDir, logger });
    }
    if ((config.demoCrm === 'salesforce' || config.demoCrm === 'all') && !config.salesforce) {
      salesforceDemo = await startSalesforceDemo(store, { tenantId: DEMO_TENANT, dataDir: config.dataDir, publicUrl: config.publicUrl, port: config.salesforceSandboxPort, logger });
    }
  }

  const crm = crmRuntimeFromConfig(config, store, { hubspot: hubspotDemo?.app ?? null, salesforce: salesforceDemo?.app ?? null });
  const notifier = config.smtp ? smtpNotifier(config.smtp) : outboxOnlyNotifier;
  const jobs = await startJobRuntime({ store, logger, notifier, links, work: config.worker, stepBatchSize: config.stepBatchSize, pollingIntervalSeconds: config.pollSeconds, crm, sync: config.sync });
  logger.info('job runtime ready', { worker: config.worker, delivery: config.smtp ? 'smtp' : 'outbox', hubspot: crm.hubspot ? 'configured' : 'off', salesforce: crm.salesforce ? 'configured' : 'off' });

  const previews = previewLinksFromConfig(config);
  const server = createServer(createApp({ store, logger, version: VERSION, jobs, links, crm, previews }));
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? new Error(`port ${config.port} on ${config.host} is already in use: stop the other process or set PORT to another port`) : error),
    );
    server.listen(config.port, config.host, resolve);
  });
  logger.info('listening', { url: `http://${config.host}:${config.port}` });

  if (hubspotDemo) {
    // Connect once we listen: the sandbox's webhooks come to this server.
    await connectDemoTenant(store, crm, DEMO_TENANT, new Date());
    await jobs.send(QUEUES.sync, { tenantId: DEMO_TENANT, provider: 'hubspot' }, { singletonKey: `${DEMO_TENANT}:hubspot` });
    process.stdout.write(`HubSpot sandbox at ${hubspotDemo.app.url} (portal ${DEMO_PORTAL_ID}) is connected to "${DEMO_TENANT}"; the first sync is running (see /api/v1/connections).\n\n`);
  }
  if (salesforceDemo) {
    // Outbound messages come to this server, so connect once we listen.
    await connectDemoSalesforce(store, crm, salesforceDemo, DEMO_TENANT, new Date());
    await jobs.send(QUEUES.sync, { tenantId: DEMO_TENANT, provider: 'salesforce' }, { singletonKey: `${DEMO_TENANT}:salesforce` });
    process.stdout.write(`Salesforce sandbox at ${salesforceDemo.app.url} (org ${DEMO_ORG_ID}) is connected to "${DEMO_TENANT}"; the first sync is running.\n\n`);
  }
  if (config.demo) {
    const top = await topVip(store, DEMO_TENANT);
    if (top) {
      const link = previews.url(previews.sign({ tenantId: DEMO_TENANT, customerId: top.customer_id, expiresAt: new Date(Date.now() + PREVIEW_TTL_MS) }));
      process.stdout.write(`The Salesforce card of the top VIP (${top.customer_id}), as our server renders it (link valid 30 minutes):\n  ${link}\n\n`);
    }
  }

  const shutdown = (signal: string) => {
    logger.info('shutting down', { signal });
    server.close(() => void jobs.stop().then(() => hubspotDemo?.sandbox.close()).then(() => salesforceDemo?.sandbox.close()).then(() => store.close()).then(() => process.exit(0)));
    setTimeout(() => process.exit(1), 10_000).unref();
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

async function topVip(store: Store, tenantId: string): Promise<{ customer_id: string } | undefined> {
  return store.db.selectFrom('customer_scores').select('customer_id').where('tenant_id', '=', tenantId).where('tier', 'is not', null).orderBy('score', 'desc').orderBy('customer_id').limit(1).executeTakeFirst();
}

start().catch((error: unknown) => {
  process.stderr.write(`VIP Care could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
