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

const VERSION = '0.1.0';
const DEMO_KEY_LABEL = 'demo (printed at start-up)';

async function start(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const store = await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, schema: config.dbSchema });
  const applied = await migrateToLatest(store);
  logger.info('store ready', { store: store.kind, ...(store.kind === 'pglite' ? { dataDir: config.dataDir } : {}), migrationsApplied: applied.length });

  const links = surveyLinksFromConfig(config);
  if (config.demo) {
    await seedDemo(store, { dataFile: config.demoDataFile, logger, links });
    // A fresh demo key each start; the previous one stops working.
    await revokeApiKeys(store.db, { tenantId: DEMO_TENANT, label: DEMO_KEY_LABEL, actor: 'system:demo' });
    const key = await createApiKey(store.db, { tenantId: DEMO_TENANT, label: DEMO_KEY_LABEL, actor: 'system:demo' });
    process.stdout.write(`\nDemo tenant "${DEMO_TENANT}" is ready. Try:\n  curl -H "Authorization: Bearer ${key}" http://${config.host}:${config.port}/api/v1/tiers\n  curl -H "Authorization: Bearer ${key}" "http://${config.host}:${config.port}/api/v1/tasks?status=open&limit=5"\n\n`);
  }

  const notifier = config.smtp ? smtpNotifier(config.smtp) : outboxOnlyNotifier;
  const jobs = await startJobRuntime({ store, logger, notifier, links, work: config.worker, stepBatchSize: config.stepBatchSize, pollingIntervalSeconds: config.pollSeconds });
  logger.info('job runtime ready', { worker: config.worker, delivery: config.smtp ? 'smtp' : 'outbox' });

  const server = createServer(createApp({ store, logger, version: VERSION, jobs, links }));
  server.listen(config.port, config.host, () => logger.info('listening', { url: `http://${config.host}:${config.port}` }));

  const shutdown = (signal: string) => {
    logger.info('shutting down', { signal });
    server.close(() => void jobs.stop().then(() => store.close()).then(() => process.exit(0)));
    setTimeout(() => process.exit(1), 10_000).unref();
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

start().catch((error: unknown) => {
  process.stderr.write(`VIP Care could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
