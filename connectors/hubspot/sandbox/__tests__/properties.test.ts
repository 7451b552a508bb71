/**
 * The properties API through the SDK's coreApi, batchApi and groupsApi: default definitions,
 * custom properties (and the checks HubSpot makes on them), groups, and record writes validated
 * against the definitions a connector creates.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { apiErrorOf, call, propertyCreate, propertyUpdate, startHarness, unexpected, type Harness } from './sandbox-harness.js';

let h: Harness;
afterEach(async () => h.close());

const tierProperty = {
  name: 'vip_tier',
  label: 'VIP tier',
  type: 'enumeration',
  fieldType: 'select',
  groupName: 'vip_care',
  options: [
    { label: 'Gold', value: 'gold', displayOrder: 0, hidden: false },
    { label: 'Silver', value: 'silver', displayOrder: 1, hidden: false },
  ],
} as const;

describe('definitions', () => {
  it('lists the realistic defaults for each object type', async () => {
    h = await startHarness();
    const contactNames = (await h.client.crm.properties.coreApi.getAll('contacts')).results.map((p) => p.name);
    expect(contactNames).toEqual(expect.arrayContaining(['email', 'firstname', 'lastname', 'phone', 'hs_language', 'hs_timezone', 'date_of_birth', 'country', 'lifecyclestage', 'hubspot_owner_id', 'company', 'associatedcompanyid', 'createdate', 'lastmodifieddate']));
    const priority = await h.client.crm.properties.coreApi.getByName('tickets', 'hs_ticket_priority');
    expect(priority.options.map((o) => o.value)).toEqual(['LOW', 'MEDIUM', 'HIGH', 'URGENT']);
    const status = await h.client.crm.properties.coreApi.getByName('tasks', 'hs_task_status');
    expect(status.options.map((o) => o.value)).toEqual(['NOT_STARTED', 'IN_PROGRESS', 'WAITING', 'COMPLETED', 'DEFERRED']);
    const dealNames = (await h.client.crm.properties.coreApi.getAll('0-3')).results.map((p) => p.name);
    expect(dealNames).toEqual(expect.arrayContaining(['amount', 'closedate', 'dealstage', 'hs_is_closed_won', 'hs_lastmodifieddate']));
    expect((await h.client.crm.properties.coreApi.getByName('contacts', 'nope').then(unexpected, apiErrorOf)).code).toBe(404);
  });

  it('creates a custom enumeration in a new group; a second create of the name is a 409', async () => {
    h = await startHarness();
    expect((await h.client.crm.properties.groupsApi.getByName('contacts', 'vip_care').then(unexpected, apiErrorOf)).code).toBe(404);
    await h.client.crm.properties.groupsApi.create('contacts', { name: 'vip_care', label: 'VIP Care', displayOrder: -1 });
    expect((await h.client.crm.properties.groupsApi.getByName('contacts', 'vip_care')).label).toBe('VIP Care');
    const created = await h.client.crm.properties.coreApi.create('contacts', propertyCreate({ ...tierProperty, options: [...tierProperty.options] }));
    expect(created).toMatchObject({ name: 'vip_tier', type: 'enumeration', hubspotDefined: false });
    const again = await h.client.crm.properties.coreApi.create('contacts', propertyCreate({ ...tierProperty, options: [...tierProperty.options] })).then(unexpected, apiErrorOf);
    expect(again.code).toBe(409);
    expect(again.body.category).toBe('OBJECT_ALREADY_EXISTS');
  });

  it('batch create answers 207 naming the properties that already exist', async () => {
    h = await startHarness();
    const inputs = [
      { name: 'vip_score', label: 'VIP score', type: 'number', fieldType: 'number', groupName: 'contactinformation' },
      { name: 'email', label: 'Email again', type: 'string', fieldType: 'text', groupName: 'contactinformation' },
    ];
    const result = await h.client.crm.properties.batchApi.create('contacts', { inputs: inputs.map(propertyCreate) });
    expect(result.results.map((p) => p.name)).toEqual(['vip_score']);
    expect('errors' in result && result.errors?.map((e) => [e.category, e.context])).toEqual([['OBJECT_ALREADY_EXISTS', { name: ['email'] }]]);
  });

  it('checks type and fieldType pairs, names, groups and options as HubSpot does', async () => {
    h = await startHarness();
    const create = (body: Record<string, unknown>) => call(h.url, 'POST', '/crm/v3/properties/contacts', h.accessToken, { label: 'X', groupName: 'contactinformation', ...body });
    expect((await create({ name: 'a_flag', type: 'bool', fieldType: 'booleancheckbox' })).status).toBe(201);
    expect((await create({ name: 'a_date', type: 'datetime', fieldType: 'date' })).status).toBe(201);
    expect((await create({ name: 'bad_pair', type: 'number', fieldType: 'text' })).status).toBe(400);
    expect((await create({ name: 'bad_bool', type: 'bool', fieldType: 'select' })).status).toBe(400);
    expect((await create({ name: 'no_options', type: 'enumeration', fieldType: 'radio' })).status).toBe(400);
    expect((await create({ name: 'Bad-Name', type: 'string', fieldType: 'text' })).status).toBe(400);
    expect((await create({ name: 'hs_mine', type: 'string', fieldType: 'text' })).status).toBe(400);
    expect((await create({ name: 'lost', type: 'string', fieldType: 'text', groupName: 'nowhere' })).status).toBe(400);
    expect((await create({ name: 'wrong_enum', type: 'text', fieldType: 'text' })).json).toMatchObject({ category: 'VALIDATION_ERROR' });
  });

  it('updates and archives custom properties but not HubSpot-defined ones', async () => {
    h = await startHarness();
    await h.client.crm.properties.coreApi.create('contacts', propertyCreate({ name: 'vip_note', label: 'Note', type: 'string', fieldType: 'text', groupName: 'contactinformation' }));
    expect((await h.client.crm.properties.coreApi.update('contacts', 'vip_note', propertyUpdate({ label: 'VIP note', fieldType: 'textarea' }))).fieldType).toBe('textarea');
    expect((await h.client.crm.properties.coreApi.update('contacts', 'email', propertyUpdate({ type: 'number', fieldType: 'number' })).then(unexpected, apiErrorOf)).code).toBe(400);
    expect((await h.client.crm.properties.coreApi.archive('contacts', 'email').then(unexpected, apiErrorOf)).code).toBe(400);
    await h.client.crm.properties.coreApi.archive('contacts', 'vip_note');
    const archived = await h.client.crm.properties.coreApi.getAll('contacts', true);
    expect(archived.results.map((p) => p.name)).toEqual(['vip_note']);
  });
});

describe('record values against definitions', () => {
  it('accept only the options of a custom enumeration, and unique values stay unique', async () => {
    h = await startHarness();
    await h.client.crm.properties.groupsApi.create('contacts', { name: 'vip_care', label: 'VIP Care' });
    await h.client.crm.properties.coreApi.create('contacts', propertyCreate({ ...tierProperty, options: [...tierProperty.options] }));
    await h.client.crm.properties.coreApi.create('contacts', propertyCreate({ name: 'vip_key', label: 'Key', type: 'string', fieldType: 'text', groupName: 'vip_care', hasUniqueValue: true }));
    const ok = await h.client.crm.contacts.basicApi.create({ properties: { vip_tier: 'gold', vip_key: 'k-1' }, associations: [] });
    expect(ok.properties.vip_tier).toBe('gold');
    const wrong = await h.client.crm.contacts.basicApi.create({ properties: { vip_tier: 'platinum' }, associations: [] }).then(unexpected, apiErrorOf);
    expect((wrong.body.errors as { code: string }[])[0]?.code).toBe('INVALID_OPTION');
    expect((await h.client.crm.contacts.basicApi.create({ properties: { vip_key: 'k-1' }, associations: [] }).then(unexpected, apiErrorOf)).code).toBe(409);
    const read = await h.client.crm.contacts.batchApi.read({ inputs: [{ id: 'k-1' }], idProperty: 'vip_key', properties: ['vip_tier'], propertiesWithHistory: [] });
    expect(read.results.map((r) => r.id)).toEqual([ok.id]);
  });

  it('normalise booleans, datetimes and owner references, and refuse padded numbers', async () => {
    h = await startHarness();
    h.portal.seed({ owners: [{ id: '5', properties: { email: 'o@example.com' } }] });
    const deal = await h.client.crm.deals.basicApi.create({ properties: { closedate: String(Date.UTC(2024, 1, 3, 4, 5, 6)), hubspot_owner_id: '5' }, associations: [] });
    expect(deal.properties.closedate).toBe('2024-02-03T04:05:06.000Z');
    const owner = await h.client.crm.deals.basicApi.create({ properties: { hubspot_owner_id: '6' }, associations: [] }).then(unexpected, apiErrorOf);
    expect((owner.body.errors as { code: string }[])[0]?.code).toBe('INVALID_OWNER_ID');
    const padded = await h.client.crm.deals.basicApi.create({ properties: { amount: ' 5' }, associations: [] }).then(unexpected, apiErrorOf);
    expect(padded.code).toBe(400);
    await h.client.crm.properties.coreApi.create('deals', propertyCreate({ name: 'vip_flag', label: 'Flag', type: 'bool', fieldType: 'booleancheckbox', groupName: 'dealinformation' }));
    expect((await h.client.crm.deals.basicApi.update(deal.id, { properties: { vip_flag: 'TRUE' } })).properties.vip_flag).toBe('true');
  });
});
