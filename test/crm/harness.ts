/**
 * Shared pieces of the CRM suites: a secret box with a test key, a tenant with a HubSpot
 * connection (tokens sealed as in production), and the host config pointing at a given API base.
 */
import { createLogger } from '../../server/logging/logger.js';
import { secretBox, type SecretBox } from '../../server/secrets/secret-box.js';
import { saveConnection } from '../../server/crm/connections.js';
import { createCrmRuntime, type CrmRuntime } from '../../server/crm/crm-runtime.js';
import type { HubspotHostConfig } from '../../server/crm/hubspot/hubspot-host.js';
import type { Store } from '../../server/store/db.js';
import { provisionUsdTenant, TEST_LINKS } from '../helpers.js';
import { generateSyntheticTenant } from '../../server/demo/synthetic-tenant.js';
import { evaluatePlaybooks } from '../../server/playbooks/evaluate.js';
import { runDueSteps } from '../../server/playbooks/run-steps.js';
import { runScoring } from '../../server/scoring/score-run.js';
import { provisionTenant } from '../../server/tenants/provision.js';
import type { JobContext } from '../../server/jobs/handlers.js';
import { outboxOnlyNotifier } from '../../server/notify/smtp-notifier.js';
import { systemClock } from '../../core/ports/clock.js';
import type { RetryPolicy } from '../../core/sync/retry-policy.js';
import { signV3 } from '../../connectors/hubspot/index.js';

export const TEST_BOX: SecretBox = secretBox(Buffer.alloc(32, 7));
export const HUBSPOT_SECRET = 'test-client-secret-0123456789';
export const quietLogger = createLogger('silent');

export function hubspotConfig(apiBaseUrl: string, publicUrl = 'https://vip.example.com'): HubspotHostConfig {
  return {
    app: { clientId: 'test-client-id-0001', clientSecret: HUBSPOT_SECRET, appBaseUrl: apiBaseUrl, apiBaseUrl, scopes: ['crm.objects.contacts.read'], optionalScopes: [] },
    appId: '4242',
    publicUrl,
  };
}

export function crmRuntime(store: Store, apiBaseUrl: string, opts: { publicUrl?: string; retry?: RetryPolicy } = {}): CrmRuntime {
  return createCrmRuntime({ store, box: TEST_BOX, hubspot: hubspotConfig(apiBaseUrl, opts.publicUrl), ...(opts.retry ? { retry: opts.retry } : {}) });
}

/** A tenant connected to HubSpot portal `portalId` with the given tokens. */
export async function connectHubspot(store: Store, tenantId: string, opts: { portalId: string; accessToken: string; refreshToken: string; expiresAt: Date; settings?: Record<string, unknown> }): Promise<void> {
  await provisionUsdTenant(store, tenantId);
  await saveConnection(store.db, TEST_BOX, {
    tenantId,
    provider: 'hubspot',
    accountId: opts.portalId,
    scopes: ['crm.objects.contacts.read'],
    tokens: { accessToken: opts.accessToken, refreshToken: opts.refreshToken, expiresAt: opts.expiresAt },
    settings: opts.settings ?? {},
    actor: 'test',
    now: new Date(),
  });
}

/** Signs a request the way HubSpot does (v3) for a URL under `publicUrl`. */
export function hubspotHeaders(method: string, url: string, body: string, opts: { secret?: string; at?: number } = {}): Record<string, string> {
  const timestamp = String(opts.at ?? Date.now());
  return { 'X-HubSpot-Signature-v3': signV3(opts.secret ?? HUBSPOT_SECRET, method, url, Buffer.from(body), timestamp), 'X-HubSpot-Request-Timestamp': timestamp };
}

/** Links HubSpot contacts 1000+i to the first `count` customers (by id) of a tenant. */
export async function linkContacts(store: Store, tenantId: string, count: number): Promise<{ contactId: string; customerId: string }[]> {
  const customers = await store.db.selectFrom('customers').select('id').where('tenant_id', '=', tenantId).orderBy('id').limit(count).execute();
  const pairs = customers.map((c, i) => ({ contactId: String(1000 + i), customerId: c.id }));
  if (pairs.length > 0) {
    await store.db
      .insertInto('crm_links')
      .values(pairs.map((p) => ({ tenant_id: tenantId, provider: 'hubspot' as const, object_type: 'contact', object_id: p.contactId, local_id: p.customerId })))
      .execute();
  }
  return pairs;
}

export interface SentJob {
  queue: string;
  data: object;
}

/** A job context that runs handlers inline in tests and records what they send. */
export function jobContext(store: Store, crm: CrmRuntime, sent: SentJob[] = []): JobContext {
  return {
    store,
    logger: quietLogger,
    notifier: outboxOnlyNotifier,
    links: TEST_LINKS,
    clock: systemClock,
    send: async (queue, data) => {
      sent.push({ queue, data });
      return 'job';
    },
    stepBatchSize: 500,
    crm,
    sync: { pagesPerJob: 1000, everyMinutes: 15 },
  };
}

/**
 * A shop the CRM end-to-end suites sync: 120 synthetic customers with e-mails (the CRM's records
 * link to them), scored on the day before `now`, its clock frozen at `now`, and the playbooks'
 * care tasks of that day created.
 */
export async function scoredShopWithCareTasks(store: Store, tenantId: string, now: Date): Promise<void> {
  const day = new Date(now.getTime() - 86_400_000).toISOString().slice(0, 10);
  await provisionTenant(store, { id: tenantId, timezone: 'UTC', currency: 'USD', actor: 'test' });
  await generateSyntheticTenant(store, { tenantId, customers: 120, orders: 700, endDate: day, emailDomain: 'shop.example' });
  await runScoring(store, { tenantId, asOf: day, actor: 'test' });
  await store.db.updateTable('tenants').set({ frozen_clock: now }).where('id', '=', tenantId).execute();
  await evaluatePlaybooks(store, { tenantId, now });
  await runDueSteps(store, { tenantId, now, links: TEST_LINKS });
}
