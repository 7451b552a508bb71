/**
 * Paging: keyset pages on (SystemModstamp, Id) when hundreds of records share one timestamp,
 * nextRecordsUrl and jsforce's queryMore/autoFetch, the batchSize header, and query locators
 * that expire or are dropped past 10 open cursors.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { salesforceId } from '../index.js';
import { API, call, errorOf, startHarness, unexpected, type Harness } from './sandbox-harness.js';

const COUNT = 450;
let h: Harness;
/** Ids in (SystemModstamp, Id) order, as Salesforce would return them. */
let expected: string[];

beforeAll(async () => {
  h = await startHarness({ now: '2025-06-01T00:00:00Z' });
  // Ids out of creation order, and four timestamps shared by up to 120 records each.
  const seeds = Array.from({ length: COUNT }, (_, i) => {
    const n = (i * 7919) % 10_000;
    return { Id: salesforceId('003', 20_000 + n, '5g'), fields: { LastName: `L${i}`, SystemModstamp: `2025-05-0${1 + (i % 4)}T10:00:00Z` } };
  });
  h.org.seed({ contacts: seeds });
  expected = [...seeds].sort((a, b) => (a.fields.SystemModstamp === b.fields.SystemModstamp ? (a.Id < b.Id ? -1 : 1) : a.fields.SystemModstamp < b.fields.SystemModstamp ? -1 : 1)).map((s) => s.Id);
});
afterAll(async () => h.close());

interface Row {
  Id: string;
  SystemModstamp: string;
}

describe('keyset paging', () => {
  it('walks every record exactly once on (SystemModstamp, Id) across ties', async () => {
    const seen: string[] = [];
    let cursor: Row | null = null;
    for (let page = 0; page < 20; page++) {
      const after: string = cursor ? `WHERE SystemModstamp > ${cursor.SystemModstamp} OR (SystemModstamp = ${cursor.SystemModstamp} AND Id > '${cursor.Id}') ` : '';
      const result = await h.conn.query<Row>(`SELECT Id, SystemModstamp FROM Contact ${after}ORDER BY SystemModstamp, Id LIMIT 100`);
      seen.push(...result.records.map((r) => r.Id));
      if (result.records.length < 100) break;
      cursor = result.records[result.records.length - 1] as Row;
    }
    expect(seen).toEqual(expected);
  });

  it('breaks ties by Id even when only SystemModstamp is ordered', async () => {
    const result = await h.conn.query<Row>('SELECT Id FROM Contact ORDER BY SystemModstamp LIMIT 150');
    expect(result.records.map((r) => r.Id)).toEqual(expected.slice(0, 150));
  });
});

describe('query locators', () => {
  it('pages with nextRecordsUrl and queryMore in batches of the batchSize header', async () => {
    const first = await h.conn.query<Row>('SELECT Id FROM Contact ORDER BY SystemModstamp, Id', { headers: { 'Sforce-Query-Options': 'batchSize=200' } });
    expect(first).toMatchObject({ totalSize: COUNT, done: false });
    expect(first.records).toHaveLength(200);
    // jsforce rebuilds the URL from the locator; the API sends it relative.
    expect(first.nextRecordsUrl).toMatch(new RegExp(`^${h.url}${API}/query/01g[0-9A-Za-z]{15}-200$`));
    const raw = await call(h.url, 'GET', `${API}/query?q=${encodeURIComponent('SELECT Id FROM Contact')}`, h.accessToken, undefined, { 'Sforce-Query-Options': 'batchSize=200' });
    expect((raw.json as { nextRecordsUrl: string }).nextRecordsUrl).toMatch(new RegExp(`^${API}/query/01g[0-9A-Za-z]{15}-200$`));
    const second = await h.conn.queryMore<Row>(first.nextRecordsUrl as string);
    const third = await h.conn.queryMore<Row>(second.nextRecordsUrl as string);
    expect(third.done).toBe(true);
    expect(third.nextRecordsUrl).toBeUndefined();
    expect([...first.records, ...second.records, ...third.records].map((r) => r.Id)).toEqual(expected);
    // A cursor read to its end is closed.
    expect(errorOf(await h.conn.queryMore(first.nextRecordsUrl as string).then(unexpected, (e: unknown) => e))).toMatchObject({ errorCode: 'INVALID_QUERY_LOCATOR' });
  });

  it('holds batch sizes to 200..2000 and defaults to queryBatchSize', async () => {
    const small = await call(h.url, 'GET', `${API}/query?q=${encodeURIComponent('SELECT Id FROM Contact')}`, h.accessToken, undefined, { 'Sforce-Query-Options': 'batchSize=50' });
    expect((small.json as { records: unknown[] }).records).toHaveLength(200);
    const whole = await h.conn.query<Row>('SELECT Id FROM Contact ORDER BY SystemModstamp, Id');
    expect(whole).toMatchObject({ done: true, totalSize: COUNT });
    const before = h.sandbox.stats.calls('GET /services/data/vXX.X/query/{locator}');
    const all = await h.conn.query<Row>('SELECT Id FROM Contact ORDER BY SystemModstamp, Id', { headers: { 'Sforce-Query-Options': 'batchSize=200' } }).run({ autoFetch: true, maxFetch: 10_000 });
    expect(all.records.map((r) => r.Id)).toEqual(expected);
    expect(h.sandbox.stats.calls('GET /services/data/vXX.X/query/{locator}') - before).toBe(2);
  });

  it('keeps at most 10 open cursors per user and expires idle ones', async () => {
    const opened: string[] = [];
    for (let i = 0; i < 11; i++) opened.push((await h.conn.query('SELECT Id FROM Contact', { headers: { 'Sforce-Query-Options': 'batchSize=200' } })).nextRecordsUrl as string);
    expect(errorOf(await h.conn.queryMore(opened[0] as string).then(unexpected, (e: unknown) => e))).toMatchObject({ errorCode: 'INVALID_QUERY_LOCATOR', message: 'invalid query locator' });
    expect((await h.conn.queryMore(opened[1] as string)).records).toHaveLength(200);
    h.sandbox.control.advanceClock(15 * 60_000);
    expect(errorOf(await h.conn.queryMore(opened[2] as string).then(unexpected, (e: unknown) => e)).errorCode).toBe('INVALID_QUERY_LOCATOR');
  });
});
