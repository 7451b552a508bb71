/**
 * What HubSpot calls on us, over HTTP on loopback: webhooks (signature cases, replay, fast
 * acknowledgement, processing on the queue, privacy erasure), the app card (signed requests,
 * tenant from the signed portal, every action), and the custom workflow actions (idempotent on
 * callbackId, BLOCK then completion through the callbacks API). HubSpot's API is mocked at its
 * real host with msw; our own server is let through on loopback.
 */
import { http, HttpResponse, passthrough } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { VipCardViewSchema } from '../../core/card/view.js';
import { createApp } from '../../server/http/app.js';
import { handlers } from '../../server/jobs/handlers.js';
import { QUEUES } from '../../server/jobs/queues.js';
import { runScoring } from '../../server/scoring/score-run.js';
import type { Store } from '../../server/store/db.js';
import { storeTargets } from '../store-harness.js';
import { cdnowTenant, serve, TEST_LINKS, type Served } from '../helpers.js';
import { connectHubspot, crmRuntime, hubspotHeaders, jobContext, linkContacts, quietLogger, type SentJob } from '../crm/harness.js';
import type { CrmRuntime } from '../../server/crm/crm-runtime.js';

interface ErrorBody {
  error: { code: string; message: string };
}

const API = 'https://api.hubapi.com';
const PUBLIC = 'https://vip.example.com';
const PORTAL = '62515';
const mock = setupServer(http.all(/^http:\/\/127\.0\.0\.1/, () => passthrough()));
beforeAll(() => mock.listen({ onUnhandledRequest: 'error' }));
afterEach(() => mock.resetHandlers());
afterAll(() => mock.close());

describe.each(storeTargets())('HubSpot routes ($kind)', (target) => {
  let store: Store;
  let served: Served;
  let crm: CrmRuntime;
  const sent: SentJob[] = [];
  let linked: { contactId: string; customerId: string }[];

  /** A request as HubSpot sends it: signed over the public URL, delivered to our loopback server. */
  const hubspot = (method: string, path: string, body?: unknown, opts: { secret?: string; at?: number; rawBody?: string; signedBody?: string } = {}) => {
    const text = opts.rawBody ?? (body === undefined ? '' : JSON.stringify(body));
    const headers = { ...hubspotHeaders(method, `${PUBLIC}${path}`, opts.signedBody ?? text, opts), ...(text ? { 'content-type': 'application/json' } : {}) };
    return fetch(`${served.base}${path}`, { method, headers, ...(text ? { body: text } : {}) });
  };

  beforeAll(async () => {
    store = await target.open();
    await cdnowTenant(store, 'hs');
    await runScoring(store, { tenantId: 'hs', asOf: '1998-06-30', actor: 'test' });
    await connectHubspot(store, 'hs', { portalId: PORTAL, accessToken: 'access-1', refreshToken: 'refresh-1', expiresAt: new Date(Date.now() + 3_600_000) });
    linked = await linkContacts(store, 'hs', 30);
    crm = crmRuntime(store, API, { publicUrl: PUBLIC, retry: { retries: 1, baseDelayMs: 1, maxDelayMs: 2 } });
    served = await serve(createApp({ store, logger: quietLogger, version: 'test', links: TEST_LINKS, crm, jobs: { send: async (queue, data) => { sent.push({ queue, data }); return 'job'; } } }));
  });
  afterAll(async () => {
    await served.close();
    await store.close();
  });

  describe('webhooks', () => {
    const event = (eventId: number, extra: Record<string, unknown> = {}) => ({ eventId, subscriptionId: 7, portalId: Number(PORTAL), appId: 4242, occurredAt: Date.now(), subscriptionType: 'contact.propertyChange', attemptNumber: 0, objectId: Number(linked[0]!.contactId), propertyName: 'firstname', propertyValue: 'Mei', changeSource: 'CRM_UI', ...extra });

    it('stores a validly signed batch once, acknowledges it and queues the processing; our own writes coming back are not stored', async () => {
      sent.length = 0;
      const res = await hubspot('POST', '/hubspot/webhooks', [event(1), event(2, { propertyName: 'vip_care_tier', changeSource: 'INTEGRATION' })]);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ received: 2, stored: 1 });
      expect(sent).toEqual([{ queue: QUEUES.crmEvents, data: { tenantId: 'hs', provider: 'hubspot' } }]);
    });

    it('answers a replayed event without storing or queueing it again', async () => {
      sent.length = 0;
      const res = await hubspot('POST', '/hubspot/webhooks', [event(1)]);
      expect(await res.json()).toEqual({ received: 1, stored: 0 });
      expect(sent).toEqual([]);
    });

    it.each([
      ['a tampered body', () => ({ rawBody: JSON.stringify([event(3, { propertyValue: 'Mallory' })]), signedBody: JSON.stringify([event(3)]) })],
      ['another app\'s secret', () => ({ secret: 'someone-elses-secret-999' })],
      ['a timestamp older than five minutes', () => ({ at: Date.now() - 5 * 60_000 - 1000 })],
      ['a timestamp from the future', () => ({ at: Date.now() + 6 * 60_000 })],
    ])('refuses %s with 401 and stores nothing', async (_name, options) => {
      const opts = options();
      const before = await store.db.selectFrom('crm_webhook_events').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      const res = await hubspot('POST', '/hubspot/webhooks', [event(3)], opts);
      expect(res.status).toBe(401);
      expect(((await res.json()) as ErrorBody).error.code).toBe('UNAUTHORIZED');
      const after = await store.db.selectFrom('crm_webhook_events').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      expect(Number(after.n)).toBe(Number(before.n));
    });

    it('refuses an unsigned request', async () => {
      const res = await fetch(`${served.base}/hubspot/webhooks`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify([event(4)]) });
      expect(res.status).toBe(401);
    });

    it('processes stored events from the queue: re-reads the contact, skips our own property changes, applies it', async () => {
      const contactId = linked[0]!.contactId;
      const reads: string[][] = [];
      mock.use(
        http.post(`${API}/crm/v3/objects/contacts/batch/read`, async ({ request }) => {
          const body = (await request.json()) as { inputs: { id: string }[] };
          reads.push(body.inputs.map((i) => i.id));
          return HttpResponse.json({ status: 'COMPLETE', results: [{ id: contactId, properties: { firstname: 'Mei', lastname: 'Chen', email: 'mei@example.com', hs_language: 'zh-cn', lastmodifieddate: new Date().toISOString() }, createdAt: '2025-01-01T00:00:00Z', updatedAt: '2025-01-01T00:00:00Z', archived: false }], startedAt: '2025-01-01T00:00:00Z', completedAt: '2025-01-01T00:00:00Z' });
        }),
        // The events job writes back what changed, and looks for completed tasks.
        http.post(`${API}/crm/v3/objects/tasks/search`, () => HttpResponse.json({ total: 0, results: [] })),
        http.get(/\/crm\/v3\/properties\/(contacts|companies|tasks)\/groups\/vip_care$/, () => HttpResponse.json({ name: 'vip_care', label: 'VIP Care', displayOrder: 0, archived: false })),
        http.get(/\/crm\/v3\/properties\/(contacts|companies|tasks)$/, () => HttpResponse.json({ results: [] })),
        http.post(/\/crm\/v3\/properties\/(contacts|companies|tasks)\/batch\/create$/, () => HttpResponse.json({ status: 'COMPLETE', results: [], startedAt: '2025-01-01T00:00:00Z', completedAt: '2025-01-01T00:00:00Z' }, { status: 201 })),
        http.post(`${API}/crm/v3/objects/contacts/batch/update`, async ({ request }) => {
          const body = (await request.json()) as { inputs: { id: string }[] };
          return HttpResponse.json({ status: 'COMPLETE', results: body.inputs.map((i) => ({ id: i.id, properties: {}, createdAt: '2025-01-01T00:00:00Z', updatedAt: '2025-01-01T00:00:00Z', archived: false })), startedAt: '2025-01-01T00:00:00Z', completedAt: '2025-01-01T00:00:00Z' });
        }),
        http.post(`${API}/crm/v3/objects/tasks/batch/create`, async ({ request }) => {
          const body = (await request.json()) as { inputs: { properties: Record<string, string> }[] };
          return HttpResponse.json({ status: 'COMPLETE', results: body.inputs.map((i, n) => ({ id: String(50_000 + n), properties: i.properties, createdAt: '2025-01-01T00:00:00Z', updatedAt: '2025-01-01T00:00:00Z', archived: false })), startedAt: '2025-01-01T00:00:00Z', completedAt: '2025-01-01T00:00:00Z' }, { status: 201 });
        }),
      );
      await handlers[QUEUES.crmEvents]!(jobContext(store, crm), { tenantId: 'hs', provider: 'hubspot' });
      expect(reads).toEqual([[contactId]]);
      const customer = await store.db.selectFrom('customers').select(['name', 'email', 'locale']).where('tenant_id', '=', 'hs').where('id', '=', linked[0]!.customerId).executeTakeFirstOrThrow();
      expect(customer).toEqual({ name: 'Mei Chen', email: 'mei@example.com', locale: 'zh-CN' });
      const pending = await store.db.selectFrom('crm_webhook_events').select('event_id').where('tenant_id', '=', 'hs').where('processed_at', 'is', null).execute();
      expect(pending).toEqual([]);
    });

    it('erases a person on contact.privacyDeletion and logs the erasure without personal data', async () => {
      const victim = linked[1]!;
      const res = await hubspot('POST', '/hubspot/webhooks', [event(10, { subscriptionType: 'contact.privacyDeletion', objectId: Number(victim.contactId), propertyName: undefined, propertyValue: undefined })]);
      expect(res.status).toBe(200);
      mock.use(
        http.post(`${API}/crm/v3/objects/tasks/search`, () => HttpResponse.json({ total: 0, results: [] })),
        http.post(`${API}/crm/v3/objects/contacts/batch/update`, async ({ request }) => {
          const body = (await request.json()) as { inputs: { id: string }[] };
          return HttpResponse.json({ status: 'COMPLETE', results: body.inputs.map((i) => ({ id: i.id, properties: {}, createdAt: '2025-01-01T00:00:00Z', updatedAt: '2025-01-01T00:00:00Z', archived: false })), startedAt: '2025-01-01T00:00:00Z', completedAt: '2025-01-01T00:00:00Z' });
        }),
      );
      await handlers[QUEUES.crmEvents]!(jobContext(store, crm), { tenantId: 'hs', provider: 'hubspot' });
      expect(await store.db.selectFrom('customers').select('id').where('tenant_id', '=', 'hs').where('id', '=', victim.customerId).executeTakeFirst()).toBeUndefined();
      expect(await store.db.selectFrom('orders').select('id').where('tenant_id', '=', 'hs').where('customer_id', '=', victim.customerId).executeTakeFirst()).toBeUndefined();
      expect(await store.db.selectFrom('crm_links').select('local_id').where('tenant_id', '=', 'hs').where('local_id', '=', victim.customerId).executeTakeFirst()).toBeUndefined();
      const audit = await store.db.selectFrom('audit_log').select(['action', 'target', 'details']).where('tenant_id', '=', 'hs').where('action', '=', 'privacy.erase').executeTakeFirstOrThrow();
      expect(audit.target).toBe(`hubspot:contact:${victim.contactId}`);
      expect(JSON.stringify(audit.details)).not.toMatch(/@|customer-/);
    });
  });

  describe('the app card', () => {
    const card = (objectId: string, extra = '') => `/hubspot/card?objectType=contact&objectId=${objectId}&locale=en&portalId=${PORTAL}&userId=77&userEmail=rep%40example.com&appId=4242${extra}`;

    it('serves the VIP view of the record the card sits on, for the portal HubSpot signed', async () => {
      const res = await hubspot('GET', card(linked[2]!.contactId));
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-store');
      const view = VipCardViewSchema.parse(await res.json());
      expect(view.customer.id).toBe(linked[2]!.customerId);
      expect(view.asOf).toBe('1998-06-30');
      expect(['vip', 'not_vip']).toContain(view.status);
    });

    it('speaks Chinese when the card asks for zh-CN', async () => {
      const res = await hubspot('GET', card(linked[2]!.contactId).replace('locale=en', 'locale=zh-CN'));
      const view = VipCardViewSchema.parse(await res.json());
      expect(view.locale).toBe('zh-CN');
      expect(view.reasons.map((r) => r.text).join('')).toMatch(/[\u4e00-\u9fff]/);
    });

    it('says CUSTOMER_NOT_FOUND for a record not in the program', async () => {
      const res = await hubspot('GET', card('999999'));
      expect(res.status).toBe(404);
      expect(((await res.json()) as ErrorBody).error.code).toBe('CUSTOMER_NOT_FOUND');
    });

    it('refuses a request whose portal was changed after signing, and a portal that is not connected', async () => {
      const signedFor = card(linked[2]!.contactId);
      const headers = hubspotHeaders('GET', `${PUBLIC}${signedFor}`, '');
      const forged = await fetch(`${served.base}${signedFor.replace(`portalId=${PORTAL}`, 'portalId=1')}`, { headers });
      expect(forged.status).toBe(401);
      const other = await hubspot('GET', card(linked[2]!.contactId).replace(`portalId=${PORTAL}`, 'portalId=777'));
      expect(other.status).toBe(403);
      const legacy = await fetch(`${served.base}${signedFor}`, { headers: { 'X-HubSpot-Signature': 'x', 'X-HubSpot-Signature-Version': 'v1' } });
      expect(legacy.status).toBe(401);
    });

    it('completes a task, logs a touch and records feedback, answering with the refreshed view', async () => {
      const { contactId, customerId } = linked[3]!;
      const task = await store.db
        .insertInto('care_tasks')
        .values({ tenant_id: 'hs', dedup_key: 'card-test-1', customer_id: customerId, title: 'Call to thank', description: null, owner_id: null, queue: null, priority: 'high', locale: 'en', due_at: new Date('1998-07-02T09:00:00Z'), created_at: new Date('1998-07-01T09:00:00Z'), completed_at: null, completed_by: null, closed_reason: null, external_id: null, synced_at: null, complaint_id: null })
        .returning('id')
        .executeTakeFirstOrThrow();
      const path = (p: string) => `/hubspot/card${p}?portalId=${PORTAL}&userId=77&appId=4242&locale=en`;
      let res = await hubspot('POST', path(`/tasks/${task.id}/complete`), { objectType: 'contact', objectId: contactId, note: 'Called, all good' });
      expect(res.status).toBe(200);
      let view = VipCardViewSchema.parse(await res.json());
      expect(view.nextActions.find((t) => t.id === task.id)).toBeUndefined();
      const done = await store.db.selectFrom('care_tasks').select(['status', 'completed_by']).where('id', '=', task.id).executeTakeFirstOrThrow();
      expect(done).toEqual({ status: 'completed', completed_by: 'hubspot-user:77' });

      const touch = { objectType: 'contact', objectId: contactId, kind: 'call', summary: 'Quarterly check-in', requestKey: 'touch-key-0001' };
      for (let i = 0; i < 2; i++) expect((await hubspot('POST', path('/touches'), touch)).status).toBe(200);
      const touches = await store.db.selectFrom('interactions').select('id').where('tenant_id', '=', 'hs').where('customer_id', '=', customerId).where('id', 'like', 'card-touch:%').execute();
      expect(touches).toHaveLength(1);

      res = await hubspot('POST', path('/feedback'), { objectType: 'contact', objectId: contactId, kind: 'nps', score: 9, comment: 'Great service', requestKey: 'nps-key-0001' });
      view = VipCardViewSchema.parse(await res.json());
      expect(view.feedback.nps).toMatchObject({ score: 9, category: 'promoter' });

      const bad = await hubspot('POST', path('/feedback'), { objectType: 'contact', objectId: contactId, kind: 'csat', score: 9, requestKey: 'csat-key-0001' });
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as ErrorBody).error.message).toMatch(/csat.*1 to 5/);
    });

    it('will not complete another customer\'s task from this record', async () => {
      const other = await store.db
        .insertInto('care_tasks')
        .values({ tenant_id: 'hs', dedup_key: 'card-test-2', customer_id: linked[5]!.customerId, title: 'Not yours', description: null, owner_id: null, queue: null, priority: 'normal', locale: 'en', due_at: new Date('1998-07-02T09:00:00Z'), created_at: new Date('1998-07-01T09:00:00Z'), completed_at: null, completed_by: null, closed_reason: null, external_id: null, synced_at: null, complaint_id: null })
        .returning('id')
        .executeTakeFirstOrThrow();
      const res = await hubspot('POST', `/hubspot/card/tasks/${other.id}/complete?portalId=${PORTAL}&userId=77`, { objectType: 'contact', objectId: linked[4]!.contactId });
      expect(res.status).toBe(404);
    });
  });

  describe('workflow actions', () => {
    const execution = (callbackId: string, objectId: string, inputFields: Record<string, unknown> = {}) => ({
      callbackId,
      origin: { portalId: Number(PORTAL), actionDefinitionId: 11, actionDefinitionVersion: 1 },
      context: { source: 'WORKFLOWS', workflowId: 99 },
      object: { objectId: Number(objectId), objectType: 'CONTACT' },
      inputFields,
    });

    it('evaluates the tier of a known contact at once, and answers a retry the same way', async () => {
      const { contactId, customerId } = linked[6]!;
      const score = await store.db.selectFrom('customer_scores').select(['tier', 'score']).where('tenant_id', '=', 'hs').where('customer_id', '=', customerId).executeTakeFirstOrThrow();
      const expected = { outputFields: { vip_tier: score.tier ?? 'none', vip_tier_label: expect.any(String), vip_score: score.score, is_vip: score.tier ? 'true' : 'false', hs_execution_state: 'SUCCESS' } };
      for (let i = 0; i < 2; i++) {
        const res = await hubspot('POST', '/hubspot/workflow-actions/evaluate-tier', execution('cb-eval-1', contactId));
        expect(res.status).toBe(200);
        expect(await res.json()).toEqual(expected);
      }
    });

    it('blocks on a contact we have not synced, then completes the callback once it is read and scored', async () => {
      sent.length = 0;
      const res = await hubspot('POST', '/hubspot/workflow-actions/evaluate-tier', execution('cb-eval-2', '424242'));
      expect(await res.json()).toEqual({ outputFields: { hs_execution_state: 'BLOCK', hs_expiration_duration: 'P1D' } });
      expect(sent).toEqual([{ queue: QUEUES.crmWorkflow, data: { tenantId: 'hs', provider: 'hubspot' } }]);
      const completions: unknown[] = [];
      mock.use(
        http.post(`${API}/crm/v3/objects/contacts/batch/read`, () => HttpResponse.json({ status: 'COMPLETE', results: [{ id: '424242', properties: { email: 'new@example.com', firstname: 'New', lastmodifieddate: new Date().toISOString() }, createdAt: '2025-01-01T00:00:00Z', updatedAt: '2025-01-01T00:00:00Z', archived: false }], startedAt: '2025-01-01T00:00:00Z', completedAt: '2025-01-01T00:00:00Z' })),
        http.post(`${API}/automation/v4/actions/callbacks/cb-eval-2/complete`, async ({ request }) => {
          completions.push(await request.json());
          return new HttpResponse(null, { status: 204 });
        }),
      );
      await handlers[QUEUES.crmWorkflow]!(jobContext(store, crm), { tenantId: 'hs', provider: 'hubspot' });
      expect(completions).toEqual([{ outputFields: { vip_tier: 'none', vip_tier_label: 'Not a VIP', vip_score: expect.any(String), is_vip: 'false', hs_execution_state: 'SUCCESS' } }]);
      const call = await store.db.selectFrom('crm_workflow_calls').select('status').where('callback_id', '=', 'cb-eval-2').executeTakeFirstOrThrow();
      expect(call.status).toBe('done');
    });

    it('enrols in a manual playbook (idempotent on callbackId) and reports an unknown playbook', async () => {
      const { contactId } = linked[7]!;
      const options = await hubspot('POST', '/hubspot/workflow-actions/options/playbooks', { origin: { portalId: Number(PORTAL) }, inputFieldName: 'playbook_id' });
      const { options: list } = (await options.json()) as { options: { value: string }[] };
      const manual = list[0]?.value;
      if (!manual) throw new Error('the default program has a manual playbook');
      const first = await (await hubspot('POST', '/hubspot/workflow-actions/enroll-playbook', execution('cb-enrol-1', contactId, { playbook_id: manual }))).json();
      const again = await (await hubspot('POST', '/hubspot/workflow-actions/enroll-playbook', execution('cb-enrol-1', contactId, { playbook_id: manual }))).json();
      expect(first).toEqual({ outputFields: { enrolment_status: 'enrolled', hs_execution_state: 'SUCCESS' } });
      expect(again).toEqual(first);
      const unknown = await (await hubspot('POST', '/hubspot/workflow-actions/enroll-playbook', execution('cb-enrol-2', contactId, { playbook_id: 'no_such_playbook' }))).json();
      expect(unknown).toEqual({ outputFields: { enrolment_status: 'not_found', hs_execution_state: 'FAIL_CONTINUE' } });
    });

    it('sends a survey through the contact policy', async () => {
      const { contactId } = linked[8]!;
      const res = await hubspot('POST', '/hubspot/workflow-actions/send-survey', execution('cb-survey-1', contactId, { survey_kind: 'nps' }));
      const body = (await res.json()) as { outputFields: Record<string, string> };
      expect(body.outputFields.hs_execution_state).toBe('SUCCESS');
      expect(['queued', 'deferred', 'suppressed']).toContain(body.outputFields.survey_status);
    });

    it('accepts the v2 signature workflow actions carry, and refuses a bad one', async () => {
      const { signV2 } = await import('../../connectors/hubspot/index.js');
      const body = JSON.stringify(execution('cb-v2', linked[6]!.contactId));
      const url = `${PUBLIC}/hubspot/workflow-actions/evaluate-tier`;
      const ok = await fetch(`${served.base}/hubspot/workflow-actions/evaluate-tier`, { method: 'POST', body, headers: { 'content-type': 'application/json', 'X-HubSpot-Signature': signV2('test-client-secret-0123456789', 'POST', url, body), 'X-HubSpot-Signature-Version': 'v2' } });
      expect(ok.status).toBe(200);
      const bad = await fetch(`${served.base}/hubspot/workflow-actions/evaluate-tier`, { method: 'POST', body, headers: { 'content-type': 'application/json', 'X-HubSpot-Signature': signV2('wrong-secret-000000000', 'POST', url, body), 'X-HubSpot-Signature-Version': 'v2' } });
      expect(bad.status).toBe(401);
    });
  });
});
