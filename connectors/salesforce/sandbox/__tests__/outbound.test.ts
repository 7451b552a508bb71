/**
 * Outbound messages to a local listener that parses the SOAP with fast-xml-parser: the envelope,
 * escaping, batches of at most 100, retries with the same notification ids until Ack true, and
 * which writes fire them.
 */
import { XMLParser } from 'fast-xml-parser';
import { afterEach, describe, expect, it } from 'vitest';
import { ACK, ORG_ID, receiver, startHarness, type Harness, type Receiver } from './sandbox-harness.js';

let h: Harness;
let listener: Receiver;
afterEach(async () => {
  await h.close();
  await listener.close();
});

interface Notification {
  Id: string;
  sObject: Record<string, string>;
}

const parser = new XMLParser({ removeNSPrefix: true, ignoreAttributes: false, attributeNamePrefix: '@_', parseTagValue: false, isArray: (name) => name === 'Notification' });

function notificationsOf(body: string): { OrganizationId: string; ActionId: string; SessionId: Record<string, string>; EnterpriseUrl: string; PartnerUrl: string; Notification: Notification[] } {
  return parser.parse(body).Envelope.Body.notifications;
}

async function setUp(answer?: Parameters<typeof receiver>[0], overrides: Parameters<typeof startHarness>[0] = {}) {
  listener = await receiver(answer);
  h = await startHarness({ outboundRetry: { attempts: 4, baseDelayMs: 20, timeoutMs: 2000 }, ...overrides });
  const definition = h.sandbox.control.defineOutboundMessage(ORG_ID, { object: 'Contact', fields: ['email', 'LastName', 'VIP_Tier__c', 'Birthdate', 'SystemModstamp'], endpointUrl: listener.url });
  return definition;
}

describe('outbound messages', () => {
  it('sends a SOAP notification for a change a user makes', async () => {
    const definition = await setUp();
    expect(definition.actionId).toMatch(/^04k/);
    const [id] = h.org.seed({ contacts: [{ fields: { LastName: 'Smith & <Sons>', Email: 'smith@example.com' } }] }).contacts;
    await h.sandbox.control.flushOutbound();
    expect(listener.requests).toHaveLength(0);

    h.sandbox.control.updateRecord(ORG_ID, 'Contact', id as string, { VIP_Tier__c: 'Gold' });
    await h.sandbox.control.flushOutbound();
    expect(listener.requests).toHaveLength(1);
    const request = listener.requests[0];
    expect(request?.headers['content-type']).toBe('text/xml; charset=utf-8');
    expect(request?.headers.soapaction).toBe('""');
    expect(request?.body).toContain('<sf:LastName>Smith &amp; &lt;Sons&gt;</sf:LastName>');
    const message = notificationsOf(request?.body ?? '');
    expect(request?.body).toContain('<SessionId xsi:nil="true"/>');
    expect(request?.body).toContain('<sObject xsi:type="sf:Contact" xmlns:sf="urn:sobject.enterprise.soap.sforce.com"><sf:Id>');
    expect(request?.body).toContain('<notifications xmlns="http://soap.sforce.com/2005/09/outbound">');
    expect(message).toMatchObject({ OrganizationId: ORG_ID, ActionId: definition.actionId, SessionId: { '@_nil': 'true' } });
    expect(message.EnterpriseUrl).toBe(`${h.url}/services/Soap/c/66.0/${ORG_ID.slice(0, 15)}`);
    expect(message.PartnerUrl).toBe(`${h.url}/services/Soap/u/66.0/${ORG_ID.slice(0, 15)}`);
    expect(message.Notification).toHaveLength(1);
    const [notification] = message.Notification;
    expect(notification?.Id).toMatch(/^04l[0-9A-Za-z]{15}$/);
    expect(notification?.sObject).toMatchObject({ '@_type': 'sf:Contact', Id: id, Email: 'smith@example.com', LastName: 'Smith & <Sons>', VIP_Tier__c: 'Gold' });
    expect(notification?.sObject).not.toHaveProperty('Birthdate');
    expect(notification?.sObject.SystemModstamp).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.000Z$/);
    expect(Object.keys(notification?.sObject ?? {}).filter((k) => !k.startsWith('@_'))).toEqual(['Id', 'Email', 'LastName', 'VIP_Tier__c', 'SystemModstamp']);
    expect(h.sandbox.stats.snapshot().outbound).toMatchObject({ attempts: 1, acknowledged: 1, notificationsDelivered: 1 });
  });

  it('retries with the same notification ids until the listener acknowledges', async () => {
    await setUp((_request, index) => (index === 0 ? { status: 500, body: 'busy' } : index === 1 ? { status: 200, body: ACK.replace('true', 'false') } : { status: 200, body: ACK }));
    h.sandbox.control.createRecord(ORG_ID, 'Contact', { LastName: 'Retry' });
    await h.sandbox.control.flushOutbound();
    expect(listener.requests).toHaveLength(3);
    const ids = listener.requests.map((r) => notificationsOf(r.body).Notification.map((n) => n.Id).join());
    expect(new Set(ids).size).toBe(1);
    expect(h.sandbox.stats.snapshot().outbound).toMatchObject({ attempts: 3, acknowledged: 1, failures: 2, notificationsDelivered: 1, notificationsDropped: 0 });
  });

  it('gives up after the last attempt', async () => {
    await setUp(() => ({ status: 503, body: '' }));
    h.sandbox.control.createRecord(ORG_ID, 'Contact', { LastName: 'Never' });
    await h.sandbox.control.flushOutbound();
    expect(listener.requests).toHaveLength(4);
    expect(h.sandbox.stats.snapshot().outbound).toMatchObject({ failures: 4, notificationsDropped: 1 });
  });

  it('sends at most 100 notifications per message', async () => {
    await setUp();
    const ids = h.org.seed({ contacts: Array.from({ length: 150 }, (_, i) => ({ fields: { LastName: `C${i}` } })) }).contacts;
    for (const id of ids) h.sandbox.control.updateRecord(ORG_ID, 'Contact', id, { VIP_Tier__c: 'Silver' });
    await h.sandbox.control.flushOutbound();
    expect(listener.requests.map((r) => notificationsOf(r.body).Notification.length).sort((a, b) => a - b)).toEqual([50, 100]);
  });

  it('ignores the API\'s own writes unless outboundForApiWrites is on', async () => {
    await setUp();
    const [id] = h.org.seed({ contacts: [{ fields: { LastName: 'Api' } }] }).contacts;
    await h.conn.sobject('Contact').update({ Id: id as string, VIP_Tier__c: 'Gold' });
    await h.sandbox.control.flushOutbound();
    expect(listener.requests).toHaveLength(0);
    await h.close();
    await listener.close();

    await setUp(undefined, { outboundForApiWrites: true });
    const [again] = h.org.seed({ contacts: [{ fields: { LastName: 'Api' } }] }).contacts;
    await h.conn.sobject('Contact').update({ Id: again as string, VIP_Tier__c: 'Gold' });
    await h.conn.sobject('Account').create({ Name: 'Not watched' });
    await h.sandbox.control.flushOutbound();
    expect(listener.requests).toHaveLength(1);
  });
});
