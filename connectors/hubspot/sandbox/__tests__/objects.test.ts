/**
 * Basic and batch CRM object endpoints through the SDK: id-ordered cursor paging, property
 * selection, associations, writes with validation against property definitions, and the 207
 * multi-status answers a connector must handle.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { apiErrorOf, unexpected, call, startHarness, type Harness } from './sandbox-harness.js';

let h: Harness;
afterEach(async () => h.close());

const contacts = (n: number, from = 0) => Array.from({ length: n }, (_, i) => ({ properties: { email: `c${from + i}@example.com`, firstname: `First${from + i}` } }));

describe('list', () => {
  it('pages through every record once, in id order, with the after cursor', async () => {
    h = await startHarness();
    h.portal.seed({ contacts: [{ id: '50', properties: { email: 'late@example.com' } }, ...contacts(24)] });
    const seen: string[] = [];
    let after: string | undefined;
    let pages = 0;
    do {
      const page = await h.client.crm.contacts.basicApi.getPage(10, after);
      seen.push(...page.results.map((r) => r.id));
      after = page.paging?.next?.after;
      pages++;
    } while (after);
    expect(pages).toBe(3);
    expect(seen).toHaveLength(25);
    expect(seen[0]).toBe('50');
    expect(seen.slice(1)).toEqual(Array.from({ length: 24 }, (_, i) => String(51 + i)));
  });

  it('returns the requested properties (null when unset) plus the defaults', async () => {
    h = await startHarness();
    h.portal.seed({ contacts: [{ id: '7', properties: { email: 'a@example.com', firstname: 'Ada', phone: '+1 555' } }] });
    const page = await h.client.crm.contacts.basicApi.getPage(10, undefined, ['email', 'hs_language', 'no_such_property']);
    const properties = page.results[0]?.properties ?? {};
    expect(Object.keys(properties).sort()).toEqual(['createdate', 'email', 'hs_language', 'hs_object_id', 'lastmodifieddate']);
    expect(properties.hs_language).toBeNull();
    expect(properties.hs_object_id).toBe('7');
    const defaults = await h.client.crm.contacts.basicApi.getPage();
    expect(Object.keys(defaults.results[0]?.properties ?? {}).sort()).toEqual(['createdate', 'email', 'firstname', 'hs_object_id', 'lastmodifieddate', 'lastname']);
  });

  it('accepts comma-separated properties and rejects a limit above 100', async () => {
    h = await startHarness();
    h.portal.seed({ contacts: contacts(1) });
    const raw = await call(h.url, 'GET', '/crm/v3/objects/contacts?properties=email,firstname', h.accessToken);
    expect((raw.json as { results: { properties: Record<string, string> }[] }).results[0]?.properties.firstname).toBe('First0');
    expect((await call(h.url, 'GET', '/crm/v3/objects/contacts?limit=101', h.accessToken)).status).toBe(400);
  });

  it('lists associations on request, and the last-modified property is hs_lastmodifieddate outside contacts', async () => {
    h = await startHarness();
    h.portal.seed({
      companies: [{ id: '900', properties: { name: 'Acme' } }],
      contacts: [{ id: '1', properties: { email: 'a@example.com' } }],
      associations: [{ fromType: 'contacts', fromId: '1', toType: 'companies', toId: '900', typeId: 1 }],
    });
    const company = await h.client.crm.companies.basicApi.getById('900', ['name'], undefined, ['contacts']);
    expect(Object.keys(company.properties)).toContain('hs_lastmodifieddate');
    expect(company.properties).not.toHaveProperty('lastmodifieddate');
    expect(company.associations?.contacts?.results.map((r) => [r.id, r.type])).toEqual([
      ['1', 'company_to_contact'],
      ['1', 'company_to_contact_unlabeled'],
    ]);
  });
});

describe('single-record writes', () => {
  it('create sets hs_object_id, createdate and lastmodifieddate from the sandbox clock', async () => {
    h = await startHarness({ now: '2024-05-01T12:00:00.123Z' });
    const created = await h.client.crm.contacts.basicApi.create({ properties: { email: 'new@example.com', date_of_birth: '1990-04-02' }, associations: [] });
    expect(created.properties).toMatchObject({ hs_object_id: created.id, createdate: '2024-05-01T12:00:00.123Z', lastmodifieddate: '2024-05-01T12:00:00.123Z', date_of_birth: '1990-04-02' });
    expect(created.createdAt.toISOString()).toBe('2024-05-01T12:00:00.123Z');
  });

  it('update moves the last-modified time only when a value changes', async () => {
    h = await startHarness({ now: '2024-05-01T12:00:00.000Z' });
    h.portal.seed({ deals: [{ id: '3', properties: { dealname: 'D', dealstage: 'contractsent', amount: '10' } }] });
    h.sandbox.control.advanceClock(5000);
    await h.client.crm.deals.basicApi.update('3', { properties: { dealname: 'D' } });
    expect(h.portal.record('deals', '3')?.properties.hs_lastmodifieddate).toBe('2024-05-01T12:00:00.000Z');
    const updated = await h.client.crm.deals.basicApi.update('3', { properties: { dealstage: 'closedwon' } });
    expect(updated.properties).toMatchObject({ hs_lastmodifieddate: '2024-05-01T12:00:05.000Z', hs_is_closed_won: 'true', hs_is_closed: 'true', amount_in_home_currency: '10' });
  });

  it('refuses unknown, read-only and badly typed values with HubSpot’s VALIDATION_ERROR', async () => {
    h = await startHarness();
    h.portal.seed({ contacts: [{ id: '1', properties: {} }] });
    const error = await h.client.crm.contacts.basicApi.update('1', { properties: { favourite_colour: 'red', lastmodifieddate: '1', hs_language: 'klingon' } }).then(unexpected, apiErrorOf);
    expect(error.code).toBe(400);
    expect(error.body.category).toBe('VALIDATION_ERROR');
    expect(String(error.body.message)).toMatch(/^Property values were not valid: \[/);
    const codes = (error.body.errors as { code: string }[]).map((e) => e.code);
    expect(codes).toEqual(['PROPERTY_DOESNT_EXIST', 'READ_ONLY_VALUE', 'INVALID_OPTION']);
    const numbers = await h.client.crm.deals.basicApi.create({ properties: { amount: '1e3' }, associations: [] }).then(unexpected, apiErrorOf);
    expect((numbers.body.errors as { code: string }[])[0]?.code).toBe('INVALID_INTEGER');
    const dates = await h.client.crm.contacts.basicApi.create({ properties: { date_of_birth: String(Date.UTC(1990, 0, 1, 5)) }, associations: [] }).then(unexpected, apiErrorOf);
    expect(String(dates.body.message)).toContain('not midnight');
  });

  it('answers 409 for a second contact with the same email (any case)', async () => {
    h = await startHarness();
    h.portal.seed({ contacts: [{ id: '5', properties: { email: 'dup@example.com' } }] });
    const error = await h.client.crm.contacts.basicApi.create({ properties: { email: 'DUP@example.com' }, associations: [] }).then(unexpected, apiErrorOf);
    expect(error.code).toBe(409);
    expect(error.body.message).toBe('Contact already exists. Existing ID: 5');
  });

  it('reads by idProperty=email, 404s unknown ids, archives with DELETE', async () => {
    h = await startHarness();
    h.portal.seed({ contacts: [{ id: '5', properties: { email: 'x@example.com' } }] });
    expect((await h.client.crm.contacts.basicApi.getById('x@example.com', undefined, undefined, undefined, undefined, 'email')).id).toBe('5');
    expect((await h.client.crm.contacts.basicApi.getById('6').then(unexpected, apiErrorOf)).code).toBe(404);
    await h.client.crm.contacts.basicApi.archive('5');
    expect((await h.client.crm.contacts.basicApi.getById('5').then(unexpected, apiErrorOf)).body.category).toBe('OBJECT_NOT_FOUND');
    const archived = await h.client.crm.contacts.basicApi.getPage(10, undefined, undefined, undefined, undefined, true);
    expect(archived.results.map((r) => [r.id, r.archived])).toEqual([['5', true]]);
  });

  it('creates with associations and accepts the 0-3 object type id for deals', async () => {
    h = await startHarness();
    h.portal.seed({ contacts: [{ id: '1', properties: {} }] });
    const raw = await call(h.url, 'POST', '/crm/v3/objects/0-3', h.accessToken, {
      properties: { dealname: 'Big one', dealstage: 'closedwon', amount: '99.5' },
      associations: [{ to: { id: '1' }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 3 }] }],
    });
    expect(raw.status).toBe(201);
    const dealId = (raw.json as { id: string }).id;
    expect(h.portal.associations.list('contacts', '1', 'deals')).toEqual([{ toId: dealId, typeIds: [4] }]);
    const bad = await call(h.url, 'POST', '/crm/v3/objects/deals', h.accessToken, { properties: {}, associations: [{ to: { id: '1' }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 279 }] }] });
    expect(bad.status).toBe(400);
    expect(h.portal.records.deals.size).toBe(1);
  });
});

describe('batch', () => {
  it('read answers 207 with the missing ids and the found records', async () => {
    h = await startHarness();
    h.portal.seed({ contacts: contacts(2) });
    const result = await h.client.crm.contacts.batchApi.read({ inputs: [{ id: '1' }, { id: '404' }, { id: '2' }, { id: '405' }], properties: ['email'], propertiesWithHistory: [] });
    expect(result.results.map((r) => r.id)).toEqual(['1', '2']);
    expect('errors' in result && result.errors?.[0]).toMatchObject({ category: 'OBJECT_NOT_FOUND', context: { ids: ['404', '405'] } });
  });

  it('update applies the good inputs and reports each bad one (207)', async () => {
    h = await startHarness();
    h.portal.seed({ contacts: contacts(3), owners: [{ id: '77', properties: { email: 'o@example.com' } }] });
    const result = await h.client.crm.contacts.batchApi.update({
      inputs: [
        { id: '1', properties: { firstname: 'Changed', hubspot_owner_id: '77' } },
        { id: '999', properties: { firstname: 'Nobody' } },
        { id: '2', properties: { made_up: 'x' } },
        { id: '3', properties: { hs_language: 'xx', associatedcompanyid: 'abc' } },
      ],
    });
    expect(result.results.map((r) => r.id)).toEqual(['1']);
    expect(h.portal.record('contacts', '1')?.properties.firstname).toBe('Changed');
    expect(h.portal.record('contacts', '2')?.properties.firstname).toBe('First1');
    const errors = 'errors' in result ? (result.errors ?? []) : [];
    expect(errors.map((e) => e.category)).toEqual(['OBJECT_NOT_FOUND', 'VALIDATION_ERROR', 'VALIDATION_ERROR']);
    expect(errors[1]?.errors.map((e) => e.code)).toEqual(['PROPERTY_DOESNT_EXIST']);
    expect(errors[2]?.errors.map((e) => e.code)).toEqual(['INVALID_OPTION', 'INVALID_INTEGER']);
    expect(errors[2]?.context).toMatchObject({ id: ['3'] });
  });

  it('answers 200 when every input is good, and 400 beyond 100 inputs or for repeated ids', async () => {
    h = await startHarness();
    h.portal.seed({ contacts: contacts(2) });
    const ok = await call(h.url, 'POST', '/crm/v3/objects/contacts/batch/update', h.accessToken, { inputs: [{ id: '1', properties: { firstname: 'A' } }] });
    expect(ok.status).toBe(200);
    const tooMany = await call(h.url, 'POST', '/crm/v3/objects/contacts/batch/update', h.accessToken, { inputs: Array.from({ length: 101 }, () => ({ id: '1', properties: {} })) });
    expect(tooMany).toMatchObject({ status: 400, json: { category: 'VALIDATION_ERROR' } });
    const repeated = await call(h.url, 'POST', '/crm/v3/objects/contacts/batch/update', h.accessToken, { inputs: [{ id: '1', properties: {} }, { id: '1', properties: {} }] });
    expect(repeated.status).toBe(400);
  });

  it('create is all or nothing and returns 201', async () => {
    h = await startHarness();
    const bad = await h.client.crm.contacts.batchApi.create({ inputs: [{ properties: { email: 'a@example.com' }, associations: [] }, { properties: { nope: '1' }, associations: [] }] }).then(unexpected, apiErrorOf);
    expect(bad.code).toBe(400);
    expect(h.portal.records.contacts.size).toBe(0);
    const created = await h.client.crm.contacts.batchApi.create({ inputs: contacts(3).map((c) => ({ ...c, associations: [] })) });
    expect(created.results.map((r) => r.properties.email).sort()).toEqual(['c0@example.com', 'c1@example.com', 'c2@example.com']);
    expect(h.sandbox.stats.calls('POST /crm/v3/objects/contacts/batch/create', '2xx')).toBe(1);
    expect(h.sandbox.stats.calls('POST /crm/v3/objects/contacts/batch/create', '4xx')).toBe(1);
  });

  it('upsert by email creates the missing and updates the existing', async () => {
    h = await startHarness();
    h.portal.seed({ contacts: [{ id: '1', properties: { email: 'old@example.com', firstname: 'Old' } }] });
    const result = await h.client.crm.contacts.batchApi.upsert({
      inputs: [
        { id: 'old@example.com', idProperty: 'email', properties: { firstname: 'Renamed' } },
        { id: 'new@example.com', idProperty: 'email', properties: { firstname: 'New' } },
      ],
    });
    expect(result.results.map((r) => [r.properties.email, r._new])).toEqual([
      ['old@example.com', false],
      ['new@example.com', true],
    ]);
    expect(h.portal.record('contacts', '1')?.properties.firstname).toBe('Renamed');
  });
});
