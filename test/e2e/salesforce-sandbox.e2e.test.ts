/**
 * Salesforce end to end on the local sandbox, with the real connector and jsforce over loopback:
 * an admin connects the org (web-server flow with PKCE through our callback), which issues the
 * card key and the outbound-message URL; the first sync links the org's contacts to our customers
 * by email and brings users, cases and closed-won opportunities in, tiers are written back to our
 * fields and care tasks become Salesforce Tasks; a second sync writes nothing; a change made in
 * Salesforce reaches us by outbound message; a task completed there completes ours; an expired
 * session is refreshed once; the card answers through the card key; and a server-to-server
 * connection signs in with the JWT bearer flow.
 */
import { generateKeyPairSync } from 'node:crypto';
import type { RequestListener } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoOrgData, startSalesforceSandbox, toId18, type SalesforceOrg, type StartedSalesforceSandbox } from '../../connectors/salesforce/sandbox/index.js';
import { VipCardViewSchema } from '../../core/card/view.js';
import { findConnection } from '../../server/crm/connections.js';
import { createCrmRuntime, type CrmRuntime } from '../../server/crm/crm-runtime.js';
import { SALESFORCE_SCOPES } from '../../server/crm/runtime-from-config.js';
import { beginInstall, connectWithJwt } from '../../server/crm/salesforce/install.js';
import { createApp } from '../../server/http/app.js';
import { handlers } from '../../server/jobs/handlers.js';
import { QUEUES } from '../../server/jobs/queues.js';
import type { Store } from '../../server/store/db.js';
import { jobContext, quietLogger, scoredShopWithCareTasks, TEST_BOX } from '../crm/harness.js';
import { serve, TEST_LINKS, type Served } from '../helpers.js';
import { storeTargets } from '../store-harness.js';

const ORG_ID = toId18('00D5g0000000E2E') as string;
const TENANT = 'e2e-sf-shop';
const NOW = new Date('2025-12-31T10:00:00Z');
const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
const APP = { clientId: '3MVG9e2e.consumer.key', clientSecret: 'E2E0123456789CONSUMERSECRET', jwtPublicKeyPem: publicKey };

describe.each(storeTargets())('Salesforce end to end on the sandbox ($kind)', (target) => {
  let store: Store;
  let served: Served;
  let salesforce: StartedSalesforceSandbox;
  let org: SalesforceOrg;
  let crm: CrmRuntime;
  let contactOf: Record<string, string>;
  let cardKey: string;
  let outboundUrl: string;
  const run = (queue: string) => handlers[queue as keyof typeof handlers]!(jobContext(store, crm), { tenantId: TENANT, provider: 'salesforce' });
  const control = () => salesforce.sandbox.control;

  beforeAll(async () => {
    store = await target.open();
    await scoredShopWithCareTasks(store, TENANT, NOW);

    const holder: { app?: RequestListener } = {};
    served = await serve((req, res) => holder.app?.(req, res));
    salesforce = await startSalesforceSandbox({ apps: [{ ...APP, redirectUris: [`${served.base}/salesforce/oauth/callback`] }], outboundRetry: { attempts: 2, baseDelayMs: 10 } });
    org = salesforce.sandbox.orgs.create({ orgId: ORG_ID, timezone: 'UTC' });
    const customers = await store.db.selectFrom('customers').select(['id', 'email', 'name']).where('tenant_id', '=', TENANT).orderBy('id').execute();
    // The org has our customers as contacts, plus 20 people we have never seen, cases, and one won opportunity.
    const strangers = Array.from({ length: 20 }, (_, i) => ({ id: `stranger-${i}`, email: `stranger-${i}@elsewhere.example`, name: null }));
    const data = demoOrgData([...customers, ...strangers], { seed: 11, now: NOW, caseRate: 0.15, opportunities: { orders: [{ customerId: customers[0]!.id, amount: 250, closedAt: '2025-12-20T12:00:00Z' }] } });
    org.seed(data);
    contactOf = data.contactIdByCustomerId;
    crm = createCrmRuntime({
      store,
      box: TEST_BOX,
      hubspot: null,
      salesforce: { app: { clientId: APP.clientId, clientSecret: APP.clientSecret, loginUrl: salesforce.url, scopes: SALESFORCE_SCOPES }, publicUrl: served.base, jwtPrivateKeyPem: privateKey },
    });
    holder.app = createApp({ store, logger: quietLogger, version: 'test', links: TEST_LINKS, crm, jobs: { send: async () => 'job' } });
  });
  afterAll(async () => {
    await salesforce?.close();
    await served?.close();
    await store?.close();
  });

  it('connects through the web-server flow with PKCE and shows the org\'s two secrets once', async () => {
    const start = await beginInstall(store, crm.box, crm.salesforce!.config, { tenantId: TENANT, now: new Date() });
    const consent = await fetch(`${start.authorizeUrl}&org=${ORG_ID}`, { redirect: 'manual' });
    expect(consent.status).toBe(302);
    const callback = new URL(consent.headers.get('location')!);
    expect(callback.pathname).toBe('/salesforce/oauth/callback');
    // Without the browser's cookie the code is refused: it cannot be injected into another session.
    expect((await fetch(callback)).status).toBe(403);
    const ok = await fetch(callback, { headers: { cookie: `vipcare_sf_oauth=${start.nonce}` } });
    expect(ok.status).toBe(200);
    const page = await ok.text();
    expect(page).toContain(ORG_ID);
    const secrets = [...page.matchAll(/<code>([^<]+)<\/code>/g)].map((m) => m[1]!.replace(/&amp;/g, '&'));
    cardKey = secrets.find((s) => s.startsWith('vck_'))!;
    outboundUrl = secrets.find((s) => s.includes('/salesforce/outbound/'))!;
    expect(cardKey).toBeTruthy();
    expect(outboundUrl).toContain(`/salesforce/outbound/${ORG_ID}/`);
    expect((await fetch(callback, { headers: { cookie: `vipcare_sf_oauth=${start.nonce}` } })).status).toBe(400);
    expect(await findConnection(store.db, TENANT, 'salesforce')).toMatchObject({ status: 'active', account_id: ORG_ID, instance_url: salesforce.url, auth_method: 'oauth' });
    expect(salesforce.sandbox.stats.snapshot().tokenGrants).toMatchObject({ authorization_code: 1 });
    // The admin sets up the org's outbound messages with the URL we issued.
    for (const object of ['Contact', 'Opportunity', 'Case'] as const) org.defineOutboundMessage({ object, endpointUrl: outboundUrl });
  });

  it('syncs: contacts linked by email, users, cases as complaints, won opportunities as orders; fields written back; tasks created', async () => {
    await run(QUEUES.sync);
    const links = await store.db.selectFrom('crm_links').select(['object_type', 'object_id', 'local_id']).where('tenant_id', '=', TENANT).where('provider', '=', 'salesforce').execute();
    const contactLinks = links.filter((l) => l.object_type === 'contact');
    expect(contactLinks).toHaveLength(140);
    for (const [customerId, contactId] of Object.entries(contactOf)) {
      const link = contactLinks.find((l) => l.object_id === contactId);
      expect(link?.local_id).toBe(customerId.startsWith('stranger') ? `salesforce-contact-${contactId}` : customerId);
    }
    expect(links.filter((l) => l.object_type === 'user').length).toBeGreaterThanOrEqual(5);
    const cases = org.records('Case');
    expect(cases.length).toBeGreaterThan(5);
    const complaints = await store.db.selectFrom('complaints').select(['source_ref', 'status']).where('tenant_id', '=', TENANT).where('source', '=', 'crm').execute();
    expect(complaints).toHaveLength(cases.length);
    expect(complaints.filter((c) => c.status === 'resolved').length).toBe(cases.filter((c) => c.fields.IsClosed).length);
    const orders = await store.db.selectFrom('orders').select(['customer_id', 'amount_minor']).where('tenant_id', '=', TENANT).where('id', 'like', 'salesforce-opportunity-%').execute();
    expect(orders).toEqual([{ customer_id: Object.keys(contactOf)[0], amount_minor: 25000 }]);

    const scored = await store.db.selectFrom('customer_scores').select(['customer_id', 'tier', 'score']).where('tenant_id', '=', TENANT).execute();
    const byCustomer = new Map(scored.map((s) => [s.customer_id, s]));
    let checked = 0;
    for (const [customerId, contactId] of Object.entries(contactOf).slice(0, 40)) {
      const s = byCustomer.get(customerId);
      if (!s) continue;
      const fields = org.record('Contact', contactId)?.fields ?? {};
      expect(fields.VIP_Tier__c).toBe(s.tier ?? 'none');
      expect(fields.VIP_Score__c).toBeCloseTo(s.score, 2);
      checked++;
    }
    expect(checked).toBeGreaterThan(30);
    // One Salesforce Task per open care task of a linked customer, on its contact, owned by a user, with our id.
    const open = await store.db.selectFrom('care_tasks').select(['id']).where('tenant_id', '=', TENANT).where('status', '=', 'open').execute();
    const tasks = org.records('Task').filter((t) => t.fields.VIP_Care_Task_Id__c);
    expect(open.length).toBeGreaterThan(0);
    expect(tasks).toHaveLength(open.length);
    expect(new Set(tasks.map((t) => t.fields.VIP_Care_Task_Id__c))).toEqual(new Set(open.map((t) => String(t.id))));
    expect(tasks.every((t) => String(t.fields.WhoId).startsWith('003') && String(t.fields.OwnerId).startsWith('005'))).toBe(true);
  });

  it('a second sync changes nothing and writes nothing', async () => {
    salesforce.sandbox.stats.reset();
    await run(QUEUES.sync);
    expect(salesforce.sandbox.stats.writeCalls()).toBe(0);
    expect(salesforce.sandbox.stats.snapshot().bulk.queryJobs).toBe(0);
  });

  it('a change in Salesforce arrives by outbound message: a won opportunity moves the customer\'s score, written back', async () => {
    const [customerId, contactId] = Object.entries(contactOf)[5]!;
    const before = await store.db.selectFrom('customer_scores').select('score').where('tenant_id', '=', TENANT).where('customer_id', '=', customerId).executeTakeFirstOrThrow();
    const opp = control().createRecord(ORG_ID, 'Opportunity', { Name: 'Big order', Amount: 5000, CloseDate: '2025-12-29', StageName: 'Negotiation/Review', ContactId: contactId });
    control().updateRecord(ORG_ID, 'Opportunity', opp.Id, { StageName: 'Closed Won' });
    control().updateRecord(ORG_ID, 'Contact', contactId, { FirstName: 'Renamed' });
    await control().flushOutbound();
    expect(salesforce.sandbox.stats.snapshot().outbound.acknowledged).toBeGreaterThanOrEqual(1);
    const stored = await store.db.selectFrom('crm_webhook_events').select('subscription_type').where('tenant_id', '=', TENANT).where('provider', '=', 'salesforce').where('processed_at', 'is', null).execute();
    expect(new Set(stored.map((e) => e.subscription_type))).toEqual(new Set(['opportunity.change', 'contact.change']));
    await run(QUEUES.crmEvents);
    const order = await store.db.selectFrom('orders').select(['customer_id', 'amount_minor']).where('tenant_id', '=', TENANT).where('id', '=', `salesforce-opportunity-${opp.Id}`).executeTakeFirstOrThrow();
    expect(order).toEqual({ customer_id: customerId, amount_minor: 500_000 });
    const after = await store.db.selectFrom('customer_scores').select('score').where('tenant_id', '=', TENANT).where('customer_id', '=', customerId).executeTakeFirstOrThrow();
    expect(after.score).toBeGreaterThan(before.score);
    expect(org.record('Contact', contactId)?.fields.VIP_Score__c).toBeCloseTo(after.score, 2);
    const customer = await store.db.selectFrom('customers').select('name').where('tenant_id', '=', TENANT).where('id', '=', customerId).executeTakeFirstOrThrow();
    expect(customer.name).toMatch(/^Renamed/);
  });

  it('a task completed in Salesforce completes ours on the next sync, after one refresh of an expired session', async () => {
    const task = org.records('Task').find((t) => t.fields.VIP_Care_Task_Id__c)!;
    control().updateRecord(ORG_ID, 'Task', task.Id, { Status: 'Completed' });
    expect(control().expireSessions(ORG_ID)).toBeGreaterThan(0);
    salesforce.sandbox.stats.reset();
    await run(QUEUES.sync);
    expect(salesforce.sandbox.stats.snapshot().tokenGrants).toEqual({ refresh_token: 1 });
    const ours = await store.db.selectFrom('care_tasks').select(['status', 'completed_by']).where('id', '=', Number(task.fields.VIP_Care_Task_Id__c)).executeTakeFirstOrThrow();
    expect(ours.status).toBe('completed');
    expect(ours.completed_by).toMatch(/^salesforce:/);
  });

  it('a call a rep logs in Salesforce becomes a touch of the customer on the next sync', async () => {
    const [customerId, contactId] = Object.entries(contactOf)[9]!;
    const call = control().createRecord(ORG_ID, 'Task', { Subject: 'Called about the renewal', Status: 'Completed', TaskSubtype: 'Call', WhoId: contactId, ActivityDate: '2025-12-30' });
    await run(QUEUES.sync);
    const touch = await store.db.selectFrom('interactions').select(['customer_id', 'kind', 'summary']).where('tenant_id', '=', TENANT).where('id', '=', `salesforce-task-${call.Id}`).executeTakeFirstOrThrow();
    expect(touch).toEqual({ customer_id: customerId, kind: 'call', summary: 'Called about the renewal' });
  });

  it('the card answers the org\'s Apex through the card key, in the user\'s language', async () => {
    const [customerId, contactId] = Object.entries(contactOf)[5]!;
    const res = await fetch(`${served.base}/salesforce/card?objectType=contact&objectId=${contactId}&locale=zh-CN`, { headers: { authorization: `Bearer ${cardKey}`, 'x-vipcare-user': org.adminUserId } });
    expect(res.status).toBe(200);
    const view = VipCardViewSchema.parse(await res.json());
    expect(view.customer.id).toBe(customerId);
    expect(view.locale).toBe('zh-CN');
  });

  it('reconnects server to server with the JWT bearer flow; the old card key stops working', async () => {
    const username = String(org.record('User', org.adminUserId)?.fields.Username);
    const connected = await connectWithJwt(store, crm.box, crm.salesforce!.config, { tenantId: TENANT, username, now: new Date() });
    expect(connected.orgId).toBe(ORG_ID);
    expect(await findConnection(store.db, TENANT, 'salesforce')).toMatchObject({ status: 'active', auth_method: 'jwt', auth_user: username });
    expect(salesforce.sandbox.stats.snapshot().tokenGrants).toMatchObject({ 'urn:ietf:params:oauth:grant-type:jwt-bearer': 1 });
    const [, contactId] = Object.entries(contactOf)[5]!;
    const card = (key: string) => fetch(`${served.base}/salesforce/card?objectType=contact&objectId=${contactId}`, { headers: { authorization: `Bearer ${key}` } });
    expect((await card(cardKey)).status).toBe(401);
    expect((await card(connected.cardKey)).status).toBe(200);
    salesforce.sandbox.stats.reset();
    await run(QUEUES.sync);
    expect(salesforce.sandbox.stats.calls('GET /services/data/vXX.X/query', '2xx')).toBeGreaterThan(0);
    expect(salesforce.sandbox.stats.calls('GET /services/data/vXX.X/query', '4xx')).toBe(0);
  });
});
