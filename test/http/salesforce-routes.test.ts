/**
 * What a Salesforce org calls on us, over HTTP on loopback: outbound messages (org id and per-org
 * secret checked in constant time, acknowledged, stored once per notification, processed from the
 * queue) and the VIP card through the org's Named Credential (the card key decides the tenant).
 * Salesforce's APIs are mocked at the org's real hosts with msw; our server is let through.
 */
import { randomBytes } from 'node:crypto';
import { http, HttpResponse, passthrough } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { VipCardViewSchema } from '../../core/card/view.js';
import { createApiKey } from '../../server/auth/api-keys.js';
import { createCrmRuntime, type CrmRuntime } from '../../server/crm/crm-runtime.js';
import { findConnection, rotateNotifySecret, saveConnection } from '../../server/crm/connections.js';
import { createApp } from '../../server/http/app.js';
import { handlers } from '../../server/jobs/handlers.js';
import { QUEUES } from '../../server/jobs/queues.js';
import { runScoring } from '../../server/scoring/score-run.js';
import type { Store } from '../../server/store/db.js';
import { storeTargets } from '../store-harness.js';
import { cdnowTenant, serve, TEST_LINKS, type Served } from '../helpers.js';
import { jobContext, quietLogger, TEST_BOX, type SentJob } from '../crm/harness.js';

const LOGIN = 'https://login.salesforce.com';
const INSTANCE = 'https://acme.my.salesforce.com';
const ORG = '00D5g000000XyZaEAK';
const OTHER_ORG = '00D5g000000OtHeEAK';
const mock = setupServer(http.all(/^http:\/\/127\.0\.0\.1/, () => passthrough()));
beforeAll(() => mock.listen({ onUnhandledRequest: 'error' }));
afterEach(() => mock.resetHandlers());
afterAll(() => mock.close());

const sfId = (prefix: string, n: number) => `${prefix}${String(n).padStart(15, '0')}`;

function notifications(orgId: string, items: { id: string; type: string; recordId: string }[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
 <soapenv:Body>
  <notifications xmlns="http://soap.sforce.com/2005/09/outbound">
   <OrganizationId>${orgId}</OrganizationId>
   <ActionId>04k5g000000AbCdAAK</ActionId>
   <SessionId xsi:nil="true"/>
   <EnterpriseUrl>${INSTANCE}/services/Soap/c/66.0/${orgId}</EnterpriseUrl>
   <PartnerUrl>${INSTANCE}/services/Soap/u/66.0/${orgId}</PartnerUrl>
   ${items.map((i) => `<Notification><Id>${i.id}</Id><sObject xsi:type="sf:${i.type}" xmlns:sf="urn:sobject.enterprise.soap.sforce.com"><sf:Id>${i.recordId}</sf:Id><sf:LastName>Chen</sf:LastName></sObject></Notification>`).join('')}
  </notifications>
 </soapenv:Body>
</soapenv:Envelope>`;
}

describe.each(storeTargets())('Salesforce routes ($kind)', (target) => {
  let store: Store;
  let served: Served;
  let crm: CrmRuntime;
  let cardKey: string;
  let secret: string;
  const sent: SentJob[] = [];
  let linked: { contactId: string; customerId: string }[];

  beforeAll(async () => {
    store = await target.open();
    await cdnowTenant(store, 'sf');
    await runScoring(store, { tenantId: 'sf', asOf: '1998-06-30', actor: 'test' });
    await saveConnection(store.db, TEST_BOX, { tenantId: 'sf', provider: 'salesforce', accountId: ORG, scopes: ['api', 'refresh_token'], tokens: { accessToken: 'session-old', refreshToken: 'refresh-1', expiresAt: null }, instanceUrl: INSTANCE, settings: {}, actor: 'test', now: new Date() });
    secret = randomBytes(24).toString('base64url');
    await rotateNotifySecret(store.db, TEST_BOX, (await findConnection(store.db, 'sf', 'salesforce'))!, secret, new Date());
    cardKey = await createApiKey(store.db, { tenantId: 'sf', label: 'salesforce-card', actor: 'test' });
    const customers = await store.db.selectFrom('customers').select('id').where('tenant_id', '=', 'sf').orderBy('id').limit(10).execute();
    linked = customers.map((c, i) => ({ contactId: sfId('003', i + 1), customerId: c.id }));
    await store.db.insertInto('crm_links').values(linked.map((l) => ({ tenant_id: 'sf', provider: 'salesforce' as const, object_type: 'contact', object_id: l.contactId, local_id: l.customerId }))).execute();
    crm = createCrmRuntime({ store, box: TEST_BOX, hubspot: null, salesforce: { app: { clientId: 'sf-client-id', clientSecret: 'sf-client-secret', loginUrl: LOGIN, scopes: ['api', 'refresh_token'] }, publicUrl: 'https://vip.example.com', jwtPrivateKeyPem: null }, retry: { retries: 1, baseDelayMs: 1, maxDelayMs: 2 } });
    served = await serve(createApp({ store, logger: quietLogger, version: 'test', links: TEST_LINKS, crm, jobs: { send: async (queue, data) => { sent.push({ queue, data }); return 'job'; } } }));
  });
  afterAll(async () => {
    await served.close();
    await store.close();
  });

  const outbound = (orgInUrl: string, secretInUrl: string, xml: string) =>
    fetch(`${served.base}/salesforce/outbound/${orgInUrl}/${secretInUrl}`, { method: 'POST', headers: { 'content-type': 'text/xml; charset=utf-8', SOAPAction: '""' }, body: xml });

  describe('outbound messages', () => {
    it('acknowledges a genuine message, stores each notification once and queues the processing', async () => {
      sent.length = 0;
      const xml = notifications(ORG, [{ id: '04l5g00000AAAA1AAA', type: 'Contact', recordId: linked[0]!.contactId }]);
      const res = await outbound(ORG, secret, xml);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('<Ack>true</Ack>');
      expect(sent).toEqual([{ queue: QUEUES.crmEvents, data: { tenantId: 'sf', provider: 'salesforce' } }]);
      // Salesforce resends until acknowledged: the same notification is not stored twice.
      sent.length = 0;
      expect((await outbound(ORG, secret, xml)).status).toBe(200);
      expect(sent).toEqual([]);
    });

    it.each([
      ['an unknown org id', () => outbound(OTHER_ORG, secret, notifications(OTHER_ORG, [{ id: '04l5g00000AAAA2AAA', type: 'Contact', recordId: sfId('003', 1) }]))],
      ['a wrong secret', () => outbound(ORG, `${secret.slice(0, -2)}xx`, notifications(ORG, [{ id: '04l5g00000AAAA3AAA', type: 'Contact', recordId: sfId('003', 1) }]))],
      ['a message from another org under our URL', () => outbound(ORG, secret, notifications(OTHER_ORG, [{ id: '04l5g00000AAAA4AAA', type: 'Contact', recordId: sfId('003', 1) }]))],
    ])('refuses %s without acknowledging or storing anything', async (_name, send) => {
      const before = await store.db.selectFrom('crm_webhook_events').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      const res = await send();
      expect(res.status).toBe(401);
      expect(await res.text()).toContain('<Ack>false</Ack>');
      const after = await store.db.selectFrom('crm_webhook_events').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      expect(Number(after.n)).toBe(Number(before.n));
    });

    it('refuses a body that is not a notifications call', async () => {
      const res = await outbound(ORG, secret, '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><other/></soapenv:Body></soapenv:Envelope>');
      expect(res.status).toBe(400);
    });

    it('processes the notifications: re-reads the records (refreshing an expired session once) and applies them', async () => {
      let refreshes = 0;
      mock.use(
        http.post(`${LOGIN}/services/oauth2/token`, async ({ request }) => {
          refreshes++;
          const form = new URLSearchParams(await request.text());
          expect(form.get('grant_type')).toBe('refresh_token');
          expect(form.get('refresh_token')).toBe('refresh-1');
          return HttpResponse.json({ access_token: 'session-new', instance_url: INSTANCE, id: `${LOGIN}/id/${ORG}/005000000000000001`, token_type: 'Bearer', issued_at: String(Date.now()), signature: 'x' });
        }),
        http.get(`${INSTANCE}/services/data/v66.0/query`, ({ request }) => {
          if (request.headers.get('authorization') !== 'Bearer session-new') return HttpResponse.json([{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }], { status: 401 });
          const q = new URL(request.url).searchParams.get('q') ?? '';
          if (q.includes('FROM Contact') && q.includes('Id IN')) return HttpResponse.json({ totalSize: 1, done: true, records: [{ attributes: { type: 'Contact' }, Id: linked[0]!.contactId, FirstName: 'Mei', LastName: 'Chen', Name: 'Mei Chen', Email: 'mei.chen@example.com', OwnerId: null, SystemModstamp: '2026-01-01T00:00:00.000+0000' }] });
          return HttpResponse.json({ totalSize: 0, done: true, records: [] });
        }),
        http.get(`${INSTANCE}/services/data/v66.0/sobjects/:sobject/describe`, ({ params }) =>
          HttpResponse.json({ name: params.sobject, fields: ['Id', 'VIP_Tier__c', 'VIP_Tier_Label__c', 'VIP_Tier_Since__c', 'VIP_Score__c', 'VIP_Score_Reason__c', 'VIP_Predicted_Value__c', 'VIP_Churn_Risk__c', 'VIP_Next_Action__c', 'VIP_Next_Action_Due__c', 'VIP_Account_Manager__c', 'VIP_Care_Task_Id__c'].map((name) => ({ name, updateable: true })) }),
        ),
        http.patch(`${INSTANCE}/services/data/v66.0/composite/sobjects`, async ({ request }) => {
          const body = (await request.json()) as { records: { Id: string }[] };
          return HttpResponse.json(body.records.map((r) => ({ id: r.Id, success: true, errors: [] })));
        }),
        http.patch(`${INSTANCE}/services/data/v66.0/composite/sobjects/Task/VIP_Care_Task_Id__c`, async ({ request }) => {
          const body = (await request.json()) as { records: unknown[] };
          return HttpResponse.json(body.records.map((_, i) => ({ id: sfId('00T', i + 1), success: true, created: true, errors: [] })));
        }),
      );
      await handlers[QUEUES.crmEvents]!(jobContext(store, crm), { tenantId: 'sf', provider: 'salesforce' });
      expect(refreshes).toBe(1);
      const customer = await store.db.selectFrom('customers').select(['name', 'email']).where('tenant_id', '=', 'sf').where('id', '=', linked[0]!.customerId).executeTakeFirstOrThrow();
      expect(customer).toEqual({ name: 'Mei Chen', email: 'mei.chen@example.com' });
      const row = await findConnection(store.db, 'sf', 'salesforce');
      expect(row?.token_version).toBe(1);
      expect(await store.db.selectFrom('crm_webhook_events').select('event_id').where('tenant_id', '=', 'sf').where('processed_at', 'is', null).execute()).toEqual([]);
    });
  });

  describe('the card, called by Apex through the Named Credential', () => {
    const card = (path: string, init: RequestInit = {}, key = cardKey) => fetch(`${served.base}${path}`, { ...init, headers: { authorization: `Bearer ${key}`, 'x-vipcare-user': '005000000000000042', 'content-type': 'application/json', ...(init.headers ?? {}) } });

    it('answers the VIP view of the record, in the user\'s language', async () => {
      const res = await card(`/salesforce/card?objectType=contact&objectId=${linked[2]!.contactId}&locale=zh-CN`);
      expect(res.status).toBe(200);
      const view = VipCardViewSchema.parse(await res.json());
      expect(view.customer.id).toBe(linked[2]!.customerId);
      expect(view.locale).toBe('zh-CN');
    });

    it('needs the card key, and does not know records of other tenants or unlinked ones', async () => {
      expect((await card(`/salesforce/card?objectType=contact&objectId=${linked[2]!.contactId}`, {}, 'vck_not-a-key')).status).toBe(401);
      const unknown = await card(`/salesforce/card?objectType=contact&objectId=${sfId('003', 999)}`);
      expect(unknown.status).toBe(404);
      expect(((await unknown.json()) as { error: { code: string } }).error.code).toBe('CUSTOMER_NOT_FOUND');
    });

    it('logs a touch as the Salesforce user and answers the refreshed view', async () => {
      const body = JSON.stringify({ objectType: 'contact', objectId: linked[3]!.contactId, kind: 'meeting', summary: 'Lunch with the buyer', requestKey: 'sf-touch-key-01' });
      expect((await card('/salesforce/card/touches?locale=en', { method: 'POST', body })).status).toBe(200);
      const touch = await store.db.selectFrom('interactions').select(['kind', 'summary']).where('tenant_id', '=', 'sf').where('id', '=', 'card-touch:sf-touch-key-01').executeTakeFirstOrThrow();
      expect(touch).toEqual({ kind: 'meeting', summary: 'Lunch with the buyer' });
    });
  });
});
