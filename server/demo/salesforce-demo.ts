/**
 * The demo's Salesforce: `npm start` runs the local Salesforce sandbox with one org holding the
 * demo customers as contacts (same e-mails, so they link to our customers), the care team as
 * users, business accounts and cases, and connects the demo tenant to it through the real
 * web-server flow (state, PKCE, code exchange). Connecting issues the org's outbound-message URL;
 * the demo org's workflow rules send Contact, Account, Opportunity and Case changes there, as an
 * admin would set them up. The sandbox lives in memory, so every start is a fresh org and a first full sync.
 */
import { createPublicKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import { demoOrgData, startSalesforceSandbox, toId18, type SalesforceOrg, type StartedSalesforceSandbox } from '../../connectors/salesforce/sandbox/index.js';
import type { CrmRuntime } from '../crm/crm-runtime.js';
import { beginInstall, completeInstall, redirectUriFor, type Connected } from '../crm/salesforce/install.js';
import { demoSalesforceAppFile, readDemoSalesforceApp, type DemoSalesforceApp } from '../crm/runtime-from-config.js';
import type { Logger } from '../logging/logger.js';
import type { Store } from '../store/db.js';
import { forgetSandboxState, rememberDemoApp } from './sandbox-state.js';

/** An org id with a valid case-safe suffix, as Salesforce issues them. */
export const DEMO_ORG_ID = toId18('00D5g0000001VIP') as string;
/** Objects whose changes the demo org announces by outbound message. */
const WATCHED = ['Contact', 'Account', 'Opportunity', 'Case'] as const;

/** Credentials of the demo app and its JWT signing key, generated once per data directory. */
export function demoSalesforceCredentials(dataDir: string): Omit<DemoSalesforceApp, 'url'> & { jwtPrivateKeyPem: string } {
  const known = readDemoSalesforceApp(dataDir);
  if (known?.jwtPrivateKeyPem) return { clientId: known.clientId, clientSecret: known.clientSecret, jwtPrivateKeyPem: known.jwtPrivateKeyPem };
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
  return { clientId: `3MVG9demo${randomBytes(12).toString('hex')}`, clientSecret: randomBytes(32).toString('hex').toUpperCase(), jwtPrivateKeyPem: privateKey };
}

export interface SalesforceDemo {
  sandbox: StartedSalesforceSandbox;
  org: SalesforceOrg;
  app: DemoSalesforceApp;
}

/** Starts the sandbox with the demo org; the server then builds its CRM runtime on `app`. */
export async function startSalesforceDemo(store: Store, opts: { tenantId: string; dataDir: string; publicUrl: string; port: number; logger: Logger }): Promise<SalesforceDemo> {
  const credentials = demoSalesforceCredentials(opts.dataDir);
  const jwtPublicKeyPem = createPublicKey(credentials.jwtPrivateKeyPem).export({ type: 'spki', format: 'pem' }).toString();
  const callback = redirectUriFor({ publicUrl: opts.publicUrl });
  const sandbox = await startSalesforceSandbox({
    port: opts.port,
    apps: [{ clientId: credentials.clientId, clientSecret: credentials.clientSecret, redirectUris: [callback], jwtPublicKeyPem }],
  });
  const tenant = await store.db.selectFrom('tenants').select(['name', 'timezone', 'currency', 'frozen_clock']).where('id', '=', opts.tenantId).executeTakeFirstOrThrow();
  const org = sandbox.sandbox.orgs.create({ orgId: DEMO_ORG_ID, name: tenant.name, timezone: tenant.timezone, currency: tenant.currency });
  const customers = await store.db.selectFrom('customers').select(['id', 'email', 'name']).where('tenant_id', '=', opts.tenantId).orderBy('id').execute();
  // Cases are dated in the demo's own (historical) time; orders stay the demo data's own.
  const data = demoOrgData(customers, { seed: 11, now: tenant.frozen_clock ?? new Date(), caseRate: 0.03 });
  org.seed(data);
  const app: DemoSalesforceApp = { ...credentials, url: sandbox.url };
  rememberDemoApp(demoSalesforceAppFile(opts.dataDir), app);
  opts.logger.info('salesforce sandbox ready', { url: sandbox.url, orgId: DEMO_ORG_ID, contacts: data.contacts.length, cases: data.cases.length });
  return { sandbox, org, app };
}

/**
 * Connects the demo tenant to the sandbox org as an admin would: our install link, Salesforce's
 * consent (the sandbox approves at once as the org's admin), the callback with code and state.
 * Then points the org's outbound messages at the URL the connection issued.
 */
export async function connectDemoSalesforce(store: Store, crm: CrmRuntime, demo: SalesforceDemo, tenantId: string, now: Date): Promise<Connected> {
  const host = crm.salesforce;
  if (!host) throw new Error('the demo Salesforce app is not configured');
  await forgetSandboxState(store, tenantId, 'salesforce');
  const start = await beginInstall(store, crm.box, host.config, { tenantId, now });
  const consent = await fetch(`${start.authorizeUrl}&org=${demo.org.orgId}`, { redirect: 'manual' });
  const location = consent.headers.get('location');
  if (consent.status !== 302 || !location) throw new Error(`the sandbox did not approve the demo install (HTTP ${consent.status})`);
  const back = new URL(location);
  const code = back.searchParams.get('code');
  if (!code || back.searchParams.get('state') !== start.stateId) throw new Error(`the sandbox answered without a code or with another state (${back.searchParams.get('error') ?? 'no error'})`);
  const connected = await completeInstall(store, crm.box, host.config, { stateId: start.stateId, code, nonce: start.nonce, now });
  for (const object of WATCHED) demo.org.defineOutboundMessage({ object, endpointUrl: connected.outboundUrl, name: `VIP Care: ${object} changes` });
  return connected;
}
