/**
 * HubSpot end to end on the local sandbox, with the real connector and SDK over loopback: an
 * admin connects the workspace (OAuth with PKCE through our callback), the first sync links the
 * portal's contacts to our customers by email and brings owners, tickets and deals in, tiers are
 * scored and written back as properties, care tasks are created as HubSpot tasks; a second sync
 * writes nothing; then a change made in HubSpot reaches us by webhook and moves the customer's
 * score, a task completed in HubSpot completes ours, the card shows the result, and a GDPR
 * deletion erases the person.
 */
import type { RequestListener } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPortalData, startHubspotSandbox, type StartedHubspotSandbox } from '../../connectors/hubspot/sandbox/index.js';
import { VipCardViewSchema } from '../../core/card/view.js';
import { createCrmRuntime, type CrmRuntime } from '../../server/crm/crm-runtime.js';
import { findConnection } from '../../server/crm/connections.js';
import { beginInstall } from '../../server/crm/hubspot/install.js';
import { HUBSPOT_OPTIONAL_SCOPES, HUBSPOT_SCOPES } from '../../server/crm/runtime-from-config.js';
import { createApp } from '../../server/http/app.js';
import { handlers } from '../../server/jobs/handlers.js';
import { QUEUES } from '../../server/jobs/queues.js';
import type { Store } from '../../server/store/db.js';
import { serve, TEST_LINKS, type Served } from '../helpers.js';
import { hubspotHeaders, jobContext, quietLogger, scoredShopWithCareTasks, TEST_BOX } from '../crm/harness.js';
import { storeTargets } from '../store-harness.js';

const APP = { appId: 4242, clientId: 'e2e-client-id-0001', clientSecret: 'e2e-client-secret-0123456789' };
const PORTAL = 31_337;
const TENANT = 'e2e-shop';
const NOW = new Date('2025-12-31T10:00:00Z');

describe.each(storeTargets())('HubSpot end to end on the sandbox ($kind)', (target) => {
  let store: Store;
  let served: Served;
  let hubspot: StartedHubspotSandbox;
  let crm: CrmRuntime;
  let contactOf: Record<string, string>;
  const run = (queue: string) => handlers[queue as keyof typeof handlers]!(jobContext(store, crm), { tenantId: TENANT, provider: 'hubspot' });
  const portal = () => hubspot.sandbox.portals.require(PORTAL);
  const writes = (path: string) => hubspot.sandbox.stats.calls(`POST ${path}`);

  beforeAll(async () => {
    store = await target.open();
    await scoredShopWithCareTasks(store, TENANT, NOW);

    const holder: { app?: RequestListener } = {};
    served = await serve((req, res) => holder.app?.(req, res));
    hubspot = await startHubspotSandbox({ apps: [{ ...APP, webhookTargetUrl: `${served.base}/hubspot/webhooks` }], webhookRetry: { attempts: 2, baseDelayMs: 10 } });
    const p = hubspot.sandbox.portals.create({ portalId: PORTAL });
    const customers = await store.db.selectFrom('customers').select(['id', 'email', 'name']).where('tenant_id', '=', TENANT).orderBy('id').execute();
    // The portal has our customers as contacts, plus 20 people we have never seen, tickets, and a few deals.
    const strangers = Array.from({ length: 20 }, (_, i) => ({ id: `stranger-${i}`, email: `stranger-${i}@elsewhere.example`, name: null }));
    const data = demoPortalData([...customers, ...strangers], { seed: 11, now: NOW, ticketRate: 0.15, deals: { orders: [{ customerId: customers[0]!.id, amount: 250, closedAt: '2025-12-20T12:00:00Z' }] } });
    p.seed(data);
    contactOf = data.contactIdByCustomerId;
    crm = createCrmRuntime({
      store,
      box: TEST_BOX,
      hubspot: { app: { clientId: APP.clientId, clientSecret: APP.clientSecret, apiBaseUrl: hubspot.url, appBaseUrl: hubspot.url, scopes: HUBSPOT_SCOPES, optionalScopes: HUBSPOT_OPTIONAL_SCOPES }, appId: String(APP.appId), publicUrl: served.base },
    });
    holder.app = createApp({ store, logger: quietLogger, version: 'test', links: TEST_LINKS, crm, jobs: { send: async () => 'job' } });
  });
  afterAll(async () => {
    await hubspot?.close();
    await served?.close();
    await store?.close();
  });

  it('connects through OAuth with PKCE: our link, HubSpot\'s consent, our callback', async () => {
    const start = await beginInstall(store, crm.box, crm.hubspot!.config, { tenantId: TENANT, now: new Date() });
    const consent = await fetch(`${start.authorizeUrl}&portal=${PORTAL}`, { redirect: 'manual' });
    const callback = new URL(consent.headers.get('location')!);
    expect(callback.pathname).toBe('/hubspot/oauth/callback');
    // Without the browser's cookie the code is refused: it cannot be injected into another session.
    expect((await fetch(callback)).status).toBe(403);
    expect((await fetch(callback, { headers: { cookie: 'vipcare_hs_oauth=someone-elses-cookie-value' } })).status).toBe(403);
    const ok = await fetch(callback, { headers: { cookie: `vipcare_hs_oauth=${start.nonce}` } });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain(String(PORTAL));
    // The state is single use: replaying the callback fails.
    const replay = await fetch(callback, { headers: { cookie: `vipcare_hs_oauth=${start.nonce}` } });
    expect(replay.status).toBe(400);
    const connection = await findConnection(store.db, TENANT, 'hubspot');
    expect(connection).toMatchObject({ status: 'active', account_id: String(PORTAL) });
    expect(hubspot.sandbox.stats.snapshot().tokenGrants).toMatchObject({ authorization_code: 1 });
  });

  it('syncs: contacts linked by email, owners, tickets as complaints, deals as orders; tiers written back; tasks created', async () => {
    await run(QUEUES.sync);
    const links = await store.db.selectFrom('crm_links').select(['object_type', 'object_id', 'local_id']).where('tenant_id', '=', TENANT).execute();
    const contactLinks = links.filter((l) => l.object_type === 'contact');
    expect(contactLinks).toHaveLength(140);
    // Our 120 customers are matched by email; the 20 strangers become new customers.
    for (const [customerId, contactId] of Object.entries(contactOf)) {
      const link = contactLinks.find((l) => l.object_id === contactId);
      expect(link?.local_id).toBe(customerId.startsWith('stranger') ? `hubspot-contact-${contactId}` : customerId);
    }
    expect(links.filter((l) => l.object_type === 'owner')).toHaveLength(5);
    const tickets = portal().listRecords('tickets');
    const complaints = await store.db.selectFrom('complaints').select(['source_ref', 'status']).where('tenant_id', '=', TENANT).where('source', '=', 'crm').execute();
    expect(complaints).toHaveLength(tickets.length);
    expect(complaints.filter((c) => c.status === 'resolved').length).toBe(tickets.filter((t) => t.properties.closed_date).length);
    const deal = await store.db.selectFrom('orders').select(['customer_id', 'amount_minor']).where('tenant_id', '=', TENANT).where('id', 'like', 'hubspot-deal-%').execute();
    expect(deal).toEqual([{ customer_id: Object.keys(contactOf)[0], amount_minor: 25000 }]);

    // Tiers and scores are on the contacts, as HubSpot properties in our group.
    const scored = await store.db.selectFrom('customer_scores').select(['customer_id', 'tier', 'score']).where('tenant_id', '=', TENANT).execute();
    const byCustomer = new Map(scored.map((s) => [s.customer_id, s]));
    for (const [customerId, contactId] of Object.entries(contactOf).slice(0, 30)) {
      const props = portal().record('contacts', contactId)?.properties ?? {};
      const s = byCustomer.get(customerId);
      if (!s) continue;
      expect(props.vip_care_tier).toBe(s.tier ?? 'none');
      expect(Number(props.vip_care_score)).toBeCloseTo(s.score, 2);
    }
    // One care task in HubSpot per open task of a linked customer, on its contact, with our id.
    const open = await store.db.selectFrom('care_tasks').select(['id', 'customer_id']).where('tenant_id', '=', TENANT).where('status', '=', 'open').execute();
    const hsTasks = portal().listRecords('tasks');
    expect(open.length).toBeGreaterThan(0);
    expect(hsTasks).toHaveLength(open.length);
    expect(new Set(hsTasks.map((t) => t.properties.vip_care_task_id))).toEqual(new Set(open.map((t) => String(t.id))));
  });

  it('a second sync changes nothing and writes nothing', async () => {
    hubspot.sandbox.stats.reset();
    await run(QUEUES.sync);
    expect(writes('/crm/v3/objects/contacts/batch/update')).toBe(0);
    expect(writes('/crm/v3/objects/tasks/batch/create')).toBe(0);
    expect(writes('/crm/v3/objects/tasks/batch/update')).toBe(0);
  });

  it('a change in HubSpot arrives by webhook: a new closed-won deal moves the customer\'s score, written back', async () => {
    const [customerId, contactId] = Object.entries(contactOf)[5]!;
    const before = await store.db.selectFrom('customer_scores').select('score').where('tenant_id', '=', TENANT).where('customer_id', '=', customerId).executeTakeFirstOrThrow();
    const deal = hubspot.sandbox.control.createRecord(PORTAL, 'deals', { dealname: 'Big order', amount: '5000', closedate: '2025-12-29T12:00:00.000Z', dealstage: 'closedwon', pipeline: 'default' });
    portal().associate('deals', deal.id, 'contacts', contactId, 3);
    hubspot.sandbox.control.updateRecord(PORTAL, 'deals', deal.id, { dealname: 'Big order (confirmed)' });
    hubspot.sandbox.control.updateRecord(PORTAL, 'contacts', contactId, { firstname: 'Renamed' });
    await hubspot.sandbox.control.flushWebhooks();
    const stored = await store.db.selectFrom('crm_webhook_events').select('subscription_type').where('tenant_id', '=', TENANT).where('processed_at', 'is', null).execute();
    expect(stored.map((e) => e.subscription_type)).toEqual(expect.arrayContaining(['deal.creation', 'contact.propertyChange']));
    await run(QUEUES.crmEvents);
    const order = await store.db.selectFrom('orders').select(['customer_id', 'amount_minor']).where('tenant_id', '=', TENANT).where('id', '=', `hubspot-deal-${deal.id}`).executeTakeFirstOrThrow();
    expect(order).toEqual({ customer_id: customerId, amount_minor: 500_000 });
    const after = await store.db.selectFrom('customer_scores').select(['score', 'tier']).where('tenant_id', '=', TENANT).where('customer_id', '=', customerId).executeTakeFirstOrThrow();
    expect(after.score).toBeGreaterThan(before.score);
    expect(Number(portal().record('contacts', contactId)?.properties.vip_care_score)).toBeCloseTo(after.score, 2);
    const customer = await store.db.selectFrom('customers').select('name').where('tenant_id', '=', TENANT).where('id', '=', customerId).executeTakeFirstOrThrow();
    expect(customer.name).toMatch(/^Renamed/);
  });

  it('a task completed in HubSpot completes ours on the next sync', async () => {
    const task = portal().listRecords('tasks')[0]!;
    hubspot.sandbox.control.updateRecord(PORTAL, 'tasks', task.id, { hs_task_status: 'COMPLETED' });
    await run(QUEUES.sync);
    const ours = await store.db.selectFrom('care_tasks').select(['status', 'completed_by']).where('id', '=', Number(task.properties.vip_care_task_id)).executeTakeFirstOrThrow();
    expect(ours.status).toBe('completed');
    expect(ours.completed_by).toMatch(/^hubspot:/);
  });

  it('the card shows the synced customer to a HubSpot user, signed by HubSpot', async () => {
    const [customerId, contactId] = Object.entries(contactOf)[5]!;
    const path = `/hubspot/card?objectType=contact&objectId=${contactId}&locale=zh-CN&portalId=${PORTAL}&userId=9000001&appId=${APP.appId}`;
    const res = await fetch(`${served.base}${path}`, { headers: hubspotHeaders('GET', `${served.base}${path}`, '', { secret: APP.clientSecret }) });
    expect(res.status).toBe(200);
    const view = VipCardViewSchema.parse(await res.json());
    expect(view.customer.id).toBe(customerId);
    expect(view.locale).toBe('zh-CN');
  });

  it('a GDPR deletion in HubSpot erases the person here', async () => {
    const [customerId, contactId] = Object.entries(contactOf)[7]!;
    hubspot.sandbox.control.privacyDelete(PORTAL, contactId);
    await hubspot.sandbox.control.flushWebhooks();
    await run(QUEUES.crmEvents);
    expect(await store.db.selectFrom('customers').select('id').where('tenant_id', '=', TENANT).where('id', '=', customerId).executeTakeFirst()).toBeUndefined();
    const audit = await store.db.selectFrom('audit_log').select('target').where('tenant_id', '=', TENANT).where('action', '=', 'privacy.erase').execute();
    expect(audit.map((a) => a.target)).toContain(`hubspot:contact:${contactId}`);
  });
});
