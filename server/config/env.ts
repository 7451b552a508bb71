/**
 * Configuration from the environment, validated once. Every variable is documented in the
 * README and .env.example.
 */
import path from 'node:path';
import { z } from 'zod';
import { resolveLocale, type Locale } from '../../core/i18n/index.js';

const EnvSchema = z.object({
  DATABASE_URL: z.string().url().optional(),
  VIP_CARE_DB_SCHEMA: z.string().regex(/^[a-z_][a-z0-9_]*$/).default('public'),
  VIP_CARE_DATA_DIR: z.string().min(1).default('./.vip-care'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  VIP_CARE_LOCALE: z.string().optional(),
  VIP_CARE_DEMO: z.enum(['true', 'false']).default('true'),
  VIP_CARE_DEMO_DATA: z.string().optional(),
  VIP_CARE_HUBSPOT_SPECS: z.string().optional(),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  VIP_CARE_WORKER: z.enum(['true', 'false']).default('true'),
  VIP_CARE_STEP_BATCH: z.coerce.number().int().min(1).max(10_000).default(500),
  VIP_CARE_POLL_SECONDS: z.coerce.number().min(0.5).max(60).default(2),
  SMTP_URL: z.string().url().optional(),
  SMTP_FROM: z.string().min(3).default('VIP Care <vip-care@localhost>'),
  // At least 32 characters; unset: a key generated once into VIP_CARE_DATA_DIR/secrets.
  VIP_CARE_SURVEY_SECRET: z.string().min(32).optional(),
  VIP_CARE_PREVIEW_SECRET: z.string().min(32).optional(),
  VIP_CARE_PUBLIC_URL: z.string().url().optional(),
  // 32 random bytes, base64; unset: a key generated once into VIP_CARE_DATA_DIR/secrets.
  VIP_CARE_ENCRYPTION_KEY: z.string().min(40).optional(),
  VIP_CARE_ENCRYPTION_OLD_KEYS: z.string().optional(),
  HUBSPOT_APP_ID: z.string().regex(/^\d+$/).optional(),
  HUBSPOT_CLIENT_ID: z.string().min(8).optional(),
  HUBSPOT_CLIENT_SECRET: z.string().min(8).optional(),
  HUBSPOT_API_BASE: z.string().url().default('https://api.hubapi.com'),
  HUBSPOT_APP_BASE: z.string().url().default('https://app.hubspot.com'),
  SALESFORCE_CLIENT_ID: z.string().min(8).optional(),
  SALESFORCE_CLIENT_SECRET: z.string().min(8).optional(),
  SALESFORCE_LOGIN_URL: z.string().url().default('https://login.salesforce.com'),
  // PEM text of the private key whose certificate is on the External Client App (JWT bearer flow).
  SALESFORCE_JWT_PRIVATE_KEY: z.string().includes('PRIVATE KEY').optional(),
  VIP_CARE_DEMO_CRM: z.enum(['all', 'hubspot', 'salesforce', 'none']).default('all'),
  VIP_CARE_HUBSPOT_SANDBOX_PORT: z.coerce.number().int().min(0).max(65535).default(0),
  VIP_CARE_SALESFORCE_SANDBOX_PORT: z.coerce.number().int().min(0).max(65535).default(0),
  VIP_CARE_SYNC_MINUTES: z.coerce.number().int().min(1).max(1440).default(15),
  VIP_CARE_SYNC_PAGES_PER_JOB: z.coerce.number().int().min(1).max(10_000).default(50),
});

export interface Config {
  databaseUrl: string | undefined;
  /** Postgres schema holding our tables (pg-boss uses `pgboss`, or `<schema>_jobs`). */
  dbSchema: string;
  dataDir: string;
  port: number;
  host: string;
  locale: Locale;
  demo: boolean;
  demoDataFile: string;
  /** HubSpot's OpenAPI documents, which the demo's HubSpot sandbox checks request bodies against. */
  hubspotSpecsDir: string;
  logLevel: z.infer<typeof EnvSchema>['LOG_LEVEL'];
  /** Run a job worker inside the server process. */
  worker: boolean;
  stepBatchSize: number;
  pollSeconds: number;
  smtp: { url: string; from: string } | null;
  surveySecret: string | undefined;
  /** Signs card preview links; unset: generated into the data directory. */
  previewSecret: string | undefined;
  /** Base of links we send to customers (survey pages), and of the URLs CRMs call (their signatures cover it). */
  publicUrl: string;
  encryptionKey: string | undefined;
  encryptionOldKeys: string[];
  /** A HubSpot app from the environment; null when not configured (the demo then uses its sandbox's app). */
  hubspot: { appId: string | null; clientId: string; clientSecret: string; apiBaseUrl: string; appBaseUrl: string } | null;
  /** A Salesforce External Client App from the environment; null when not configured. */
  salesforce: { clientId: string; clientSecret: string | null; loginUrl: string; jwtPrivateKeyPem: string | null } | null;
  /** The CRM sandboxes the demo tenant is connected to on `npm start`. */
  demoCrm: 'all' | 'hubspot' | 'salesforce' | 'none';
  hubspotSandboxPort: number;
  salesforceSandboxPort: number;
  sync: { everyMinutes: number; pagesPerJob: number };
}

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  const e = parsed.data;
  if (Boolean(e.HUBSPOT_CLIENT_ID) !== Boolean(e.HUBSPOT_CLIENT_SECRET)) {
    throw new ConfigError('Invalid configuration:\n  HUBSPOT_CLIENT_ID and HUBSPOT_CLIENT_SECRET are set together (both from your HubSpot app\'s Auth settings)');
  }
  return {
    databaseUrl: e.DATABASE_URL,
    dbSchema: e.VIP_CARE_DB_SCHEMA,
    dataDir: path.resolve(e.VIP_CARE_DATA_DIR),
    port: e.PORT,
    host: e.HOST,
    locale: resolveLocale(e.VIP_CARE_LOCALE ?? env.LC_ALL ?? env.LC_MESSAGES ?? env.LANG),
    demo: e.VIP_CARE_DEMO === 'true',
    demoDataFile: path.resolve(e.VIP_CARE_DEMO_DATA ?? '../shared/data/cdnow/CDNOW_sample.txt'),
    hubspotSpecsDir: path.resolve(e.VIP_CARE_HUBSPOT_SPECS ?? '../shared/specs/hubspot'),
    logLevel: e.LOG_LEVEL,
    worker: e.VIP_CARE_WORKER === 'true',
    stepBatchSize: e.VIP_CARE_STEP_BATCH,
    pollSeconds: e.VIP_CARE_POLL_SECONDS,
    smtp: e.SMTP_URL ? { url: e.SMTP_URL, from: e.SMTP_FROM } : null,
    surveySecret: e.VIP_CARE_SURVEY_SECRET,
    previewSecret: e.VIP_CARE_PREVIEW_SECRET,
    publicUrl: e.VIP_CARE_PUBLIC_URL ?? `http://${e.HOST}:${e.PORT}`,
    encryptionKey: e.VIP_CARE_ENCRYPTION_KEY,
    encryptionOldKeys: (e.VIP_CARE_ENCRYPTION_OLD_KEYS ?? '').split(',').map((k) => k.trim()).filter(Boolean),
    hubspot:
      e.HUBSPOT_CLIENT_ID && e.HUBSPOT_CLIENT_SECRET
        ? { appId: e.HUBSPOT_APP_ID ?? null, clientId: e.HUBSPOT_CLIENT_ID, clientSecret: e.HUBSPOT_CLIENT_SECRET, apiBaseUrl: e.HUBSPOT_API_BASE, appBaseUrl: e.HUBSPOT_APP_BASE }
        : null,
    salesforce: e.SALESFORCE_CLIENT_ID
      ? { clientId: e.SALESFORCE_CLIENT_ID, clientSecret: e.SALESFORCE_CLIENT_SECRET ?? null, loginUrl: e.SALESFORCE_LOGIN_URL, jwtPrivateKeyPem: e.SALESFORCE_JWT_PRIVATE_KEY?.replace(/\\n/g, '\n') ?? null }
      : null,
    demoCrm: e.VIP_CARE_DEMO_CRM,
    hubspotSandboxPort: e.VIP_CARE_HUBSPOT_SANDBOX_PORT,
    salesforceSandboxPort: e.VIP_CARE_SALESFORCE_SANDBOX_PORT,
    sync: { everyMinutes: e.VIP_CARE_SYNC_MINUTES, pagesPerJob: e.VIP_CARE_SYNC_PAGES_PER_JOB },
  };
}
