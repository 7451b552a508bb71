/**
 * Webhooks as a receiver sees them: JSON arrays of at most 100 events per request, signed v1 and
 * v3 with the app's client secret, retried with the same event ids on failure, and never holding
 * up the API call that caused them.
 */
import { Signature } from '@hubspot/api-client';
import { afterEach, describe, expect, it } from 'vitest';
import type { WebhookEvent } from '../index.js';
import { APP, PORTAL_ID, startHarness, webhookReceiver, type Harness, type ReceivedRequest, type WebhookReceiver } from './sandbox-harness.js';

let h: Harness;
let receiver: WebhookReceiver;
afterEach(async () => {
  await h.close();
  await receiver.close();
});

const eventsOf = (request: ReceivedRequest): WebhookEvent[] => JSON.parse(request.body) as WebhookEvent[];
const allEvents = () => receiver.requests.flatMap(eventsOf);

async function setUp(status?: (r: ReceivedRequest, i: number) => number, options: Parameters<typeof startHarness>[0] = {}, delayMs = 0): Promise<void> {
  receiver = await webhookReceiver(status, delayMs);
  h = await startHarness({ apps: [{ ...APP, redirectUris: [...APP.redirectUris], webhookTargetUrl: receiver.url }], webhookRetry: { attempts: 3, baseDelayMs: 5 }, ...options });
}

describe('delivery', () => {
  it('sends API writes as INTEGRATION changes, signed v1 and v3', async () => {
    await setUp();
    h.portal.seed({ contacts: [{ id: '1', properties: { firstname: 'Old' } }] });
    await h.client.crm.contacts.basicApi.update('1', { properties: { firstname: 'New', hs_language: 'en' } });
    await h.sandbox.control.flushWebhooks();
    expect(receiver.requests).toHaveLength(1);
    const request = receiver.requests[0] as ReceivedRequest;
    const events = eventsOf(request);
    expect(events.map((e) => [e.subscriptionType, e.propertyName, e.propertyValue])).toEqual([
      ['contact.propertyChange', 'firstname', 'New'],
      ['contact.propertyChange', 'hs_language', 'en'],
    ]);
    expect(events[0]).toMatchObject({ portalId: PORTAL_ID, appId: APP.appId, objectId: 1, changeSource: 'INTEGRATION', sourceId: String(APP.appId), attemptNumber: 0 });
    expect(events[0]?.eventId).not.toBe(events[1]?.eventId);
    expect(request.headers['x-hubspot-signature-version']).toBe('v1');
    expect(Signature.isValid({ signatureVersion: 'v1', clientSecret: APP.clientSecret, requestBody: request.body, signature: String(request.headers['x-hubspot-signature']) })).toBe(true);
    expect(
      Signature.isValid({
        signatureVersion: 'v3',
        method: 'POST',
        url: receiver.url,
        clientSecret: APP.clientSecret,
        requestBody: request.body,
        signature: String(request.headers['x-hubspot-signature-v3']),
        timestamp: Number(request.headers['x-hubspot-request-timestamp']),
      }),
    ).toBe(true);
    expect(Signature.isValid({ signatureVersion: 'v1', clientSecret: 'someone-else', requestBody: request.body, signature: String(request.headers['x-hubspot-signature']) })).toBe(false);
    expect(h.sandbox.stats.webhooks).toEqual({ attempts: 1, successes: 1, failures: 0, eventsDelivered: 2 });
  });

  it('batches the changes of one tick into requests of at most 100 events', async () => {
    await setUp();
    for (let i = 0; i < 250; i++) h.sandbox.control.createRecord(PORTAL_ID, 'companies', { name: `C${i}` });
    await h.sandbox.control.flushWebhooks();
    expect(receiver.requests.map((r) => eventsOf(r).length)).toEqual([100, 100, 50]);
    const events = allEvents();
    expect(new Set(events.map((e) => e.eventId)).size).toBe(250);
    expect(events[0]).toMatchObject({ subscriptionType: 'company.creation', changeSource: 'CRM_UI', changeFlag: 'NEW' });
  });

  it('reports UI changes per changed property, deletions and GDPR deletions; tasks send nothing', async () => {
    await setUp(undefined, { now: '2024-04-04T04:04:04.004Z' });
    h.portal.seed({ contacts: [{ id: '1', properties: {} }, { id: '2', properties: {} }], deals: [{ id: '5', properties: { dealstage: 'contractsent' } }], tasks: [{ id: '8', properties: {} }] });
    h.sandbox.control.updateRecord(PORTAL_ID, 'deals', '5', { dealstage: 'closedwon' }, { changeSource: 'CRM_UI' });
    h.sandbox.control.deleteRecord(PORTAL_ID, 'contacts', '1');
    h.sandbox.control.privacyDelete(PORTAL_ID, '2');
    h.sandbox.control.updateRecord(PORTAL_ID, 'tasks', '8', { hs_task_subject: 'Call' });
    await h.sandbox.control.flushWebhooks();
    expect(allEvents().map((e) => [e.subscriptionType, e.objectId, e.propertyName ?? null])).toEqual([
      ['deal.propertyChange', 5, 'dealstage'],
      ['deal.propertyChange', 5, 'hs_is_closed_won'],
      ['deal.propertyChange', 5, 'hs_is_closed'],
      ['contact.deletion', 1, null],
      ['contact.privacyDeletion', 2, null],
    ]);
    expect(allEvents()[0]).toMatchObject({ occurredAt: Date.parse('2024-04-04T04:04:04.004Z'), sourceId: 'userId:1' });
    expect(h.portal.record('contacts', '2')).toBeUndefined();
  });

  it('leaves API writes out when emitWebhooksForApiWrites is false, and skips apps without a target', async () => {
    await setUp(undefined, { emitWebhooksForApiWrites: false });
    h.portal.seed({ contacts: [{ id: '1', properties: {} }] });
    await h.client.crm.contacts.basicApi.update('1', { properties: { firstname: 'Api' } });
    h.sandbox.control.updateRecord(PORTAL_ID, 'contacts', '1', { lastname: 'Ui' });
    await h.sandbox.control.flushWebhooks();
    expect(allEvents().map((e) => e.propertyName)).toEqual(['lastname']);
  });
});

describe('retries', () => {
  it('resends a failed batch with the same event ids and attemptNumber + 1', async () => {
    await setUp((_r, i) => (i < 2 ? 500 : 200));
    h.sandbox.control.createRecord(PORTAL_ID, 'tickets', { subject: 'Help' });
    await h.sandbox.control.flushWebhooks();
    const attempts = receiver.requests.map(eventsOf);
    expect(attempts.map((events) => events.map((e) => e.attemptNumber))).toEqual([[0], [1], [2]]);
    expect(new Set(attempts.map((events) => events[0]?.eventId)).size).toBe(1);
    expect(h.sandbox.stats.webhooks).toEqual({ attempts: 3, successes: 1, failures: 2, eventsDelivered: 1 });
  });

  it('gives up after webhookRetry.attempts', async () => {
    await setUp(() => 503);
    h.sandbox.control.createRecord(PORTAL_ID, 'deals', { dealname: 'D' });
    await h.sandbox.control.flushWebhooks();
    expect(receiver.requests).toHaveLength(3);
    expect(h.sandbox.stats.webhooks.successes).toBe(0);
  });

  it('never holds up the API answer that caused the change', async () => {
    await setUp(undefined, {}, 400);
    h.portal.seed({ contacts: [{ id: '1', properties: {} }] });
    await h.client.crm.contacts.basicApi.update('1', { properties: { firstname: 'Fast' } });
    // The receiver takes 400 ms to answer: an API call that waited for it would find it answered.
    expect(h.sandbox.stats.webhooks.successes).toBe(0);
    await h.sandbox.control.flushWebhooks();
    expect(h.sandbox.stats.webhooks.successes).toBe(1);
  });
});
