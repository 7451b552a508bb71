/**
 * CRM search as an incremental sync uses it: filters on the last-modified property (epoch ms or
 * ISO), one sort, offset paging over many records sharing one timestamp, the 10,000-result cap,
 * and HubSpot's limits on filter groups.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { apiErrorOf, unexpected, call, op, startHarness, type Harness } from './sandbox-harness.js';

let h: Harness;
afterEach(async () => h.close());

const T0 = Date.UTC(2024, 0, 10, 8, 0, 0, 250);
const at = (offsetMs: number) => new Date(T0 + offsetMs).toISOString();

async function seedPeople(): Promise<void> {
  h.portal.seed({
    owners: [{ id: '11', properties: { email: 'am@example.com' } }],
    contacts: [
      { id: '1', properties: { email: 'ada@acme.com', firstname: 'Ada', lastname: 'Lovelace', country: 'UK', hubspot_owner_id: '11', lastmodifieddate: at(0) } },
      { id: '2', properties: { email: 'alan@acme.com', firstname: 'Alan', lastname: 'Turing', country: 'UK', lastmodifieddate: at(1000) } },
      { id: '3', properties: { email: 'grace@navy.mil', firstname: 'Grace', lastname: 'Hopper', country: 'US', hubspot_owner_id: '11', lastmodifieddate: at(1000) } },
      { id: '4', properties: { firstname: 'Edsger', country: 'NL', date_of_birth: '1930-05-11', lastmodifieddate: at(2000) } },
    ],
  });
}

const ids = (results: { id: string }[]) => results.map((r) => r.id);

describe('filters', () => {
  it('compares date-times as instants, given epoch ms or ISO-8601', async () => {
    h = await startHarness();
    await seedPeople();
    const search = (value: string, operator = 'GTE') => h.client.crm.contacts.searchApi.doSearch({ filterGroups: [{ filters: [{ propertyName: 'lastmodifieddate', operator: op(operator), value }] }] });
    expect(ids((await search(String(T0 + 1000))).results)).toEqual(['2', '3', '4']);
    expect(ids((await search(at(1000), 'GT')).results)).toEqual(['4']);
    expect(ids((await search('2024-01-10T09:00:00.250+01:00', 'EQ')).results)).toEqual(['1']);
  });

  it('ANDs the filters of a group and ORs the groups', async () => {
    h = await startHarness();
    await seedPeople();
    const result = await h.client.crm.contacts.searchApi.doSearch({
      filterGroups: [
        { filters: [{ propertyName: 'country', operator: op('EQ'), value: 'uk' }, { propertyName: 'hubspot_owner_id', operator: op('HAS_PROPERTY') }] },
        { filters: [{ propertyName: 'country', operator: op('IN'), values: ['nl', 'fr'] }] },
      ],
    });
    expect(result.total).toBe(2);
    expect(ids(result.results)).toEqual(['1', '4']);
  });

  it('supports NEQ, NOT_IN, NOT_HAS_PROPERTY, BETWEEN, CONTAINS_TOKEN and numeric comparison', async () => {
    h = await startHarness();
    await seedPeople();
    const one = async (filter: { propertyName: string; operator: string; value?: string; highValue?: string; values?: string[] }) =>
      ids((await h.client.crm.contacts.searchApi.doSearch({ filterGroups: [{ filters: [{ ...filter, operator: op(filter.operator) }] }] })).results);
    expect(await one({ propertyName: 'country', operator: 'NEQ', value: 'UK' })).toEqual(['3', '4']);
    expect(await one({ propertyName: 'country', operator: 'NOT_IN', values: ['uk', 'us'] })).toEqual(['4']);
    expect(await one({ propertyName: 'email', operator: 'NOT_HAS_PROPERTY' })).toEqual(['4']);
    expect(await one({ propertyName: 'lastmodifieddate', operator: 'BETWEEN', value: String(T0 + 500), highValue: at(2000) })).toEqual(['2', '3', '4']);
    expect(await one({ propertyName: 'email', operator: 'CONTAINS_TOKEN', value: '*@acme.com' })).toEqual(['1', '2']);
    expect(await one({ propertyName: 'lastname', operator: 'CONTAINS_TOKEN', value: 'hop*' })).toEqual(['3']);
    expect(await one({ propertyName: 'hs_object_id', operator: 'LT', value: '3' })).toEqual(['1', '2']);
    expect(await one({ propertyName: 'date_of_birth', operator: 'LT', value: String(Date.UTC(1940, 0, 1)) })).toEqual(['4']);
  });

  it('refuses more than 5 groups, 6 filters in a group or 18 in all', async () => {
    h = await startHarness();
    const filter = { propertyName: 'email', operator: 'HAS_PROPERTY' };
    const group = (n: number) => ({ filters: Array.from({ length: n }, () => filter) });
    const status = async (groups: { filters: typeof filter[] }[]) => (await call(h.url, 'POST', '/crm/v3/objects/contacts/search', h.accessToken, { filterGroups: groups })).status;
    expect(await status([group(6), group(6), group(6)])).toBe(200);
    expect(await status(Array.from({ length: 6 }, () => group(1)))).toBe(400);
    expect(await status([group(7)])).toBe(400);
    expect(await status([group(6), group(6), group(6), group(1)])).toBe(400);
    expect(await status([{ filters: [{ propertyName: 'no_such_property', operator: 'EQ', value: 'x' } as typeof filter] }])).toBe(400);
  });
});

describe('sorting and paging', () => {
  it('honours one sort, in any of the three forms, and breaks ties by id', async () => {
    h = await startHarness();
    await seedPeople();
    const sorted = async (sorts: unknown[]) => ids((await h.client.crm.contacts.searchApi.doSearch({ sorts: sorts as string[] })).results);
    expect(await sorted(['-lastmodifieddate'])).toEqual(['4', '2', '3', '1']);
    expect(await sorted([{ propertyName: 'lastmodifieddate', direction: 'DESCENDING' }, 'firstname'])).toEqual(['4', '2', '3', '1']);
    expect(await sorted(['firstname'])).toEqual(['1', '2', '4', '3']);
    expect(await sorted([{ propertyName: 'email', direction: 'ASCENDING' }])).toEqual(['1', '2', '3', '4']);
  });

  it('pages by offset through records that share one exact last-modified time, without gaps or repeats', async () => {
    h = await startHarness();
    const shared = at(5000);
    h.portal.seed({ contacts: Array.from({ length: 250 }, (_, i) => ({ properties: { email: `t${i}@example.com`, lastmodifieddate: i < 10 ? at(0) : shared } })) });
    const seen: string[] = [];
    let after: string | undefined = '0';
    do {
      const page = await h.client.crm.contacts.searchApi.doSearch({
        filterGroups: [{ filters: [{ propertyName: 'lastmodifieddate', operator: op('GTE'), value: String(T0 + 5000) }] }],
        sorts: ['lastmodifieddate'],
        properties: ['email'],
        limit: 100,
        after,
      });
      expect(page.total).toBe(240);
      seen.push(...ids(page.results));
      after = page.paging?.next?.after;
    } while (after);
    expect(seen).toHaveLength(240);
    expect(new Set(seen).size).toBe(240);
    expect(seen.map(Number)).toEqual([...seen.map(Number)].sort((a, b) => a - b));
  });

  it('caps paging at 10,000 results and enforces limit ≤ 200', async () => {
    h = await startHarness({ rateLimit: { max: 1000 } });
    h.portal.seed({ contacts: Array.from({ length: 10_050 }, (_, i) => ({ properties: { firstname: `n${i}` } })) });
    const page = await h.client.crm.contacts.searchApi.doSearch({ limit: 200, after: '9800' });
    expect(page.total).toBe(10_050);
    expect(page.paging?.next?.after).toBe('10000');
    const beyond = await h.client.crm.contacts.searchApi.doSearch({ limit: 200, after: '10000' }).then(unexpected, apiErrorOf);
    expect(beyond.code).toBe(400);
    expect(beyond.body.category).toBe('VALIDATION_ERROR');
    expect((await h.client.crm.contacts.searchApi.doSearch({ limit: 1, after: '9999' })).results).toHaveLength(1);
    expect((await h.client.crm.contacts.searchApi.doSearch({ limit: 201 }).then(unexpected, apiErrorOf)).code).toBe(400);
  });

  it('searches the other object types on their own last-modified property and sees writes at once', async () => {
    h = await startHarness({ now: '2024-02-01T00:00:00Z' });
    h.portal.seed({ tickets: [{ id: '1', properties: { subject: 'Late', hs_pipeline_stage: '1' } }, { id: '2', properties: { subject: 'Broken', hs_pipeline_stage: '4' } }] });
    h.sandbox.control.advanceClock(60_000);
    await h.client.crm.tickets.basicApi.update('1', { properties: { hs_pipeline_stage: '4' } });
    const changed = await h.client.crm.tickets.searchApi.doSearch({
      filterGroups: [{ filters: [{ propertyName: 'hs_lastmodifieddate', operator: op('GT'), value: '2024-02-01T00:00:00Z' }] }],
      properties: ['subject', 'closed_date'],
    });
    expect(changed.results.map((r) => [r.id, r.properties.closed_date])).toEqual([['1', '2024-02-01T00:01:00.000Z']]);
    const text = await h.client.crm.tickets.searchApi.doSearch({ query: 'brok' });
    expect(ids(text.results)).toEqual(['2']);
  });
});
