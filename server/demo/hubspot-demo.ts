/**
 * The demo's HubSpot: `npm start` runs the local HubSpot sandbox, fills a portal with the demo
 * customers as contacts (same emails, so they link to our customers), the care team as owners,
 * companies and support tickets, and connects the demo tenant to it through the real OAuth flow
 * (state, PKCE, code exchange). The sandbox lives in memory, so every start is a fresh portal:
 * the demo tenant's sync state for it is reset, and the first sync reads everything again.
 */
import { randomBytes } from 'node:crypto';
import { demoPortalData, startHubspotSandbox, type StartedHubspotSandbox } from '../../connectors/hubspot/sandbox/index.js';
import type { CrmRuntime } from '../crm/crm-runtime.js';
import { beginInstall, completeInstall } from '../crm/hubspot/install.js';
import { demoAppFile, readDemoApp, type DemoHubspotApp } from '../crm/runtime-from-config.js';
import type { Logger } from '../logging/logger.js';
import type { Store } from '../store/db.js';
import { forgetSandboxState, rememberDemoApp } from './sandbox-state.js';

export const DEMO_PORTAL_ID = 10_000_001;
const DEMO_APP_ID = 1_000_001;

/** Credentials of the demo app, generated once per data directory (never hard-coded). */
export function demoAppCredentials(dataDir: string): Omit<DemoHubspotApp, 'url'> {
  const known = readDemoApp(dataDir);
  if (known) return { appId: known.appId, clientId: known.clientId, clientSecret: known.clientSecret };
  return { appId: String(DEMO_APP_ID), clientId: `demo-${randomBytes(8).toString('hex')}`, clientSecret: randomBytes(24).toString('base64url') };
}

export interface HubspotDemo {
  sandbox: StartedHubspotSandbox;
  app: DemoHubspotApp;
}

/** Starts the sandbox with the demo portal; the server then builds its CRM runtime on `app`. */
export async function startHubspotDemo(store: Store, opts: { tenantId: string; dataDir: string; publicUrl: string; port: number; specsDir: string; logger: Logger }): Promise<HubspotDemo> {
  const credentials = demoAppCredentials(opts.dataDir);
  const sandbox = await startHubspotSandbox({
    port: opts.port,
    specsDir: opts.specsDir,
    apps: [{ appId: Number(credentials.appId), clientId: credentials.clientId, clientSecret: credentials.clientSecret, webhookTargetUrl: `${opts.publicUrl.replace(/\/+$/, '')}/hubspot/webhooks` }],
  });
  const tenant = await store.db.selectFrom('tenants').select(['timezone', 'currency', 'frozen_clock']).where('id', '=', opts.tenantId).executeTakeFirstOrThrow();
  const portal = sandbox.sandbox.portals.create({ portalId: DEMO_PORTAL_ID, timezone: tenant.timezone, currency: tenant.currency });
  const customers = await store.db.selectFrom('customers').select(['id', 'email', 'name']).where('tenant_id', '=', opts.tenantId).orderBy('id').execute();
  // Tickets and contacts are dated in the demo's own (historical) time.
  const data = demoPortalData(customers, { seed: 7, now: tenant.frozen_clock ?? new Date(), ticketRate: 0.02 });
  portal.seed(data);
  const app = { ...credentials, url: sandbox.url };
  rememberDemoApp(demoAppFile(opts.dataDir), app);
  opts.logger.info('hubspot sandbox ready', { url: sandbox.url, portalId: DEMO_PORTAL_ID, contacts: data.contacts?.length ?? 0, tickets: data.tickets?.length ?? 0 });
  if (!sandbox.sandbox.validatesRequests) opts.logger.warn('hubspot sandbox runs without checking request bodies: HubSpot\'s OpenAPI documents are not there (set VIP_CARE_HUBSPOT_SPECS)', { dir: opts.specsDir });
  return { sandbox, app };
}

/**
 * Connects the demo tenant to the sandbox portal as an admin would: our install link, HubSpot's
 * consent (the sandbox approves at once), the callback with code and state.
 */
export async function connectDemoTenant(store: Store, crm: CrmRuntime, tenantId: string, now: Date, portalId: number = DEMO_PORTAL_ID): Promise<void> {
  const host = crm.hubspot;
  if (!host) throw new Error('the demo HubSpot app is not configured');
  // A fresh sandbox portal knows nothing we wrote to the last one.
  await forgetSandboxState(store, tenantId, 'hubspot');
  const start = await beginInstall(store, crm.box, host.config, { tenantId, now });
  const consent = await fetch(`${start.authorizeUrl}&portal=${portalId}`, { redirect: 'manual' });
  const location = consent.headers.get('location');
  if (consent.status !== 302 || !location) throw new Error(`the sandbox did not approve the demo install (HTTP ${consent.status})`);
  const back = new URL(location);
  const code = back.searchParams.get('code');
  if (!code || back.searchParams.get('state') !== start.stateId) throw new Error('the sandbox answered without a code or with another state');
  await completeInstall(store, crm.box, host.config, { stateId: start.stateId, code, nonce: start.nonce, now });
}
