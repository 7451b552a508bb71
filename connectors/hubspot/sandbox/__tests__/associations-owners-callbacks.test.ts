/**
 * Associations v4, owners, workflow-action callbacks and account details through the SDK.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { apiErrorOf, APP, call, HUBSPOT_DEFINED, PORTAL_ID, sdkClient, startHarness, unexpected, type Harness } from './sandbox-harness.js';

let h: Harness;
afterEach(async () => h.close());

describe('associations v4', () => {
  it('batch-reads associations stored both ways, with numeric ids and labels', async () => {
    h = await startHarness();
    h.portal.seed({
      contacts: [{ id: '1', properties: {} }, { id: '2', properties: {} }],
      companies: [{ id: '10', properties: { name: 'Acme' } }],
      tickets: [{ id: '20', properties: { subject: 'A' } }, { id: '21', properties: { subject: 'B' } }],
      associations: [
        { fromType: 'contacts', fromId: '1', toType: 'companies', toId: '10', typeId: 1 },
        { fromType: 'tickets', fromId: '21', toType: 'contacts', toId: '1' },
        { fromType: 'tickets', fromId: '20', toType: 'contacts', toId: '1', typeId: 16 },
      ],
    });
    const tickets = await h.client.crm.associations.v4.batchApi.getPage('contacts', 'tickets', { inputs: [{ id: '1' }, { id: '2' }] });
    expect(tickets.results.map((r) => [r._from.id, r.to.map((t) => t.toObjectId)])).toEqual([['1', [20, 21]]]);
    expect(tickets.results[0]?.to[0]?.associationTypes).toEqual([{ category: 'HUBSPOT_DEFINED', typeId: 15, label: null }]);
    expect('errors' in tickets && tickets.errors?.[0]?.context).toEqual({ fromObjectId: ['2'] });
    const fromCompany = await h.client.crm.associations.v4.batchApi.getPage('companies', 'contacts', { inputs: [{ id: '10' }] });
    expect(fromCompany.results[0]?.to[0]?.associationTypes.map((t) => t.typeId)).toEqual([2, 280]);
    const fromContact = await h.client.crm.associations.v4.batchApi.getPage('0-1', '0-2', { inputs: [{ id: '1' }] });
    expect(fromContact.results[0]?.to[0]?.associationTypes.map((t) => [t.typeId, t.label])).toEqual([[1, 'Primary'], [279, null]]);
  });

  it('creates labeled and default associations, and archives them', async () => {
    h = await startHarness();
    h.portal.seed({ contacts: [{ id: '1', properties: {} }], companies: [{ id: '10', properties: {} }, { id: '11', properties: {} }], deals: [{ id: '30', properties: {} }] });
    const created = await h.client.crm.associations.v4.batchApi.create('contacts', 'companies', {
      inputs: [{ _from: { id: '1' }, to: { id: '10' }, types: [{ associationCategory: HUBSPOT_DEFINED, associationTypeId: 1 }] }],
    });
    expect(created.results[0]).toMatchObject({ fromObjectTypeId: '0-1', toObjectTypeId: '0-2', labels: ['Primary'] });
    const defaults = await h.client.crm.associations.v4.batchApi.createDefault('deals', 'contacts', { inputs: [{ _from: { id: '30' }, to: { id: '1' } }] });
    expect(defaults.results.map((r) => [r._from.id, r.to.id, r.associationSpec.associationTypeId])).toEqual([['30', '1', 3], ['1', '30', 4]]);
    // A second primary company replaces the first one's label.
    await h.client.crm.associations.v4.batchApi.create('contacts', 'companies', { inputs: [{ _from: { id: '1' }, to: { id: '11' }, types: [{ associationCategory: HUBSPOT_DEFINED, associationTypeId: 1 }] }] });
    expect(h.portal.associations.list('contacts', '1', 'companies')).toEqual([{ toId: '10', typeIds: [279] }, { toId: '11', typeIds: [1, 279] }]);
    await h.client.crm.associations.v4.batchApi.archive('contacts', 'companies', { inputs: [{ _from: { id: '1' }, to: [{ id: '10' }, { id: '11' }] }] });
    expect(h.portal.associations.list('companies', '11', 'contacts')).toEqual([]);
    const wrongType = await call(h.url, 'POST', '/crm/v4/associations/contacts/companies/batch/create', h.accessToken, { inputs: [{ from: { id: '1' }, to: { id: '10' }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 4 }] }] });
    expect(wrongType.status).toBe(207);
    expect((await call(h.url, 'POST', '/crm/v4/associations/contacts/companies/batch/read', h.accessToken, { inputs: Array.from({ length: 1001 }, () => ({ id: '1' })) })).status).toBe(400);
  });

  it('pages one record’s associations', async () => {
    h = await startHarness();
    h.portal.seed({ companies: [{ id: '1', properties: {} }], contacts: Array.from({ length: 7 }, (_, i) => ({ id: String(100 + i), properties: {} })) });
    for (let i = 0; i < 7; i++) h.portal.associate('companies', '1', 'contacts', String(100 + i));
    const first = await h.client.crm.associations.v4.basicApi.getPage('companies', '1', 'contacts', undefined, 5);
    expect(first.results.map((r) => r.toObjectId)).toEqual([100, 101, 102, 103, 104]);
    const second = await h.client.crm.associations.v4.basicApi.getPage('companies', '1', 'contacts', first.paging?.next?.after, 5);
    expect(second.results.map((r) => r.toObjectId)).toEqual([105, 106]);
    expect(second.paging).toBeUndefined();
  });
});

describe('owners', () => {
  it('pages in id order and filters by email', async () => {
    h = await startHarness();
    h.portal.seed({ owners: ['a', 'b', 'c'].map((x, i) => ({ id: String(i + 1), properties: { email: `${x}@example.com`, firstName: x.toUpperCase(), lastName: 'Owner' } })) });
    const first = await h.client.crm.owners.ownersApi.getPage(undefined, undefined, 2);
    expect(first.results.map((o) => o.email)).toEqual(['a@example.com', 'b@example.com']);
    expect(first.results[0]?.createdAt).toBeInstanceOf(Date);
    const rest = await h.client.crm.owners.ownersApi.getPage(undefined, first.paging?.next?.after, 2);
    expect(rest.results.map((o) => o.id)).toEqual(['3']);
    const byEmail = await h.client.crm.owners.ownersApi.getPage('B@example.com');
    expect(byEmail.results.map((o) => [o.id, o.firstName, o.type])).toEqual([['2', 'B', 'PERSON']]);
    expect((await h.client.crm.owners.ownersApi.getById(3)).email).toBe('c@example.com');
    expect((await h.client.crm.owners.ownersApi.getById(9).then(unexpected, apiErrorOf)).code).toBe(404);
  });
});

describe('workflow action callbacks', () => {
  it('records single and batch completions for the caller’s portal and app', async () => {
    h = await startHarness({ now: '2024-06-01T00:00:00Z' });
    await h.client.automation.actions.callbacksApi.complete('cb-1', { outputFields: { hs_execution_state: 'SUCCESS' } });
    await h.client.automation.actions.callbacksApi.completeBatch({ inputs: [{ callbackId: 'cb-2', outputFields: { hs_execution_state: 'FAIL_CONTINUE' } }, { callbackId: 'cb-3', outputFields: {} }] });
    expect(h.sandbox.control.callbackCompletions()).toEqual([
      { portalId: PORTAL_ID, appId: APP.appId, callbackId: 'cb-1', outputFields: { hs_execution_state: 'SUCCESS' }, completedAt: Date.parse('2024-06-01T00:00:00Z') },
      { portalId: PORTAL_ID, appId: APP.appId, callbackId: 'cb-2', outputFields: { hs_execution_state: 'FAIL_CONTINUE' }, completedAt: Date.parse('2024-06-01T00:00:00Z') },
      { portalId: PORTAL_ID, appId: APP.appId, callbackId: 'cb-3', outputFields: {}, completedAt: Date.parse('2024-06-01T00:00:00Z') },
    ]);
    const invalid = await call(h.url, 'POST', '/automation/v4/actions/callbacks/cb-4/complete', h.accessToken, { outputFields: { state: 1 } });
    expect(invalid.status).toBe(400);
    expect(h.sandbox.control.callbackCompletions()).toHaveLength(3);
  });
});

describe('account details', () => {
  it('give the portal’s time zone, currency and UTC offset at sandbox time', async () => {
    h = await startHarness({ now: '2024-01-15T12:00:00Z' });
    const portal = h.sandbox.portals.create({ portalId: 31, timezone: 'America/New_York', currency: 'EUR' });
    const details = await sdkClient(h.url, portal.mintTokens(APP.appId).accessToken).apiRequest({ method: 'GET', path: '/account-info/v3/details' });
    expect(await details.json()).toMatchObject({ portalId: 31, timeZone: 'America/New_York', companyCurrency: 'EUR', utcOffset: '-05:00', utcOffsetMilliseconds: -18_000_000 });
  });
});
