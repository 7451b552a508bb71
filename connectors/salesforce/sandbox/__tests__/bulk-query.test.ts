/**
 * Bulk API 2.0 query jobs through jsforce's conn.bulk2.query, and their results pages as the raw
 * API serves them (a header row on every page, Sforce-Locator and Sforce-NumberOfRecords).
 * jsforce pipes every page into one CSV parser: pages must be bigger than a stream buffer
 * (16 KB), or its first page ends the parser and the second fails with "write after end".
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API, call, errorOf, startHarness, unexpected, type Harness } from './sandbox-harness.js';

const COUNT = 2500;
const LAST = COUNT - 1;
let h: Harness;
let ids: string[];

beforeAll(async () => {
  h = await startHarness({ bulkResultsPageSize: 1000, now: '2025-07-01T00:00:00Z' });
  ids = h.org.seed({ contacts: Array.from({ length: COUNT }, (_, i) => ({ fields: { LastName: `Row ${i}`, Email: i % 5 === 0 ? null : `r${i}@example.com`, VIP_Predicted_Value__c: i, SystemModstamp: '2025-06-30T10:00:00Z' } })) }).contacts;
  await h.conn.sobject('Contact').destroy([ids[LAST] as string]);
});
afterAll(async () => h.close());

async function readAll(stream: AsyncIterable<unknown>): Promise<Record<string, string>[]> {
  const rows: Record<string, string>[] = [];
  for await (const row of stream) rows.push(row as Record<string, string>);
  return rows;
}

describe('conn.bulk2.query', () => {
  it('streams every page; jsforce reads the header row of each later page as a record', async () => {
    const rows = await readAll(await h.conn.bulk2.query('SELECT Id, LastName, Email, VIP_Predicted_Value__c, SystemModstamp FROM Contact ORDER BY VIP_Predicted_Value__c'));
    const headerRows = rows.filter((r) => r.Id === 'Id');
    const records = rows.filter((r) => r.Id !== 'Id');
    expect(headerRows).toHaveLength(2);
    expect(records.map((r) => r.Id)).toEqual(ids.slice(0, LAST));
    expect(records[0]).toEqual({ Id: ids[0], LastName: 'Row 0', Email: '', VIP_Predicted_Value__c: '0', SystemModstamp: '2025-06-30T10:00:00.000Z' });
  });

  it('includes deleted records with queryAll', async () => {
    const rows = await readAll(await h.conn.bulk2.query('SELECT Id, IsDeleted FROM Contact WHERE IsDeleted = true', { scanAll: true }));
    expect(rows).toEqual([{ Id: ids[LAST], IsDeleted: 'true' }]);
  });

  it('refuses bad SOQL and aggregates when the job is created', async () => {
    expect(errorOf(await h.conn.bulk2.query('SELECT Nope FROM Contact').then(unexpected, (e: unknown) => e))).toMatchObject({ errorCode: 'INVALID_FIELD' });
    expect(errorOf(await h.conn.bulk2.query('SELECT COUNT() FROM Contact').then(unexpected, (e: unknown) => e))).toMatchObject({ errorCode: 'INVALIDJOB' });
  });
});

describe('results pages', () => {
  it('pages with maxRecords and locator, with a header on every page and "null" at the end', async () => {
    const created = await call(h.url, 'POST', `${API}/jobs/query`, h.accessToken, { operation: 'query', query: 'SELECT Id, LastName FROM Contact ORDER BY VIP_Predicted_Value__c' });
    expect(created.json).toMatchObject({ operation: 'query', object: 'Contact', state: 'UploadComplete', contentType: 'CSV', lineEnding: 'LF', columnDelimiter: 'COMMA' });
    const jobId = (created.json as { id: string }).id;
    expect(jobId).toMatch(/^750/);
    expect((await call(h.url, 'GET', `${API}/jobs/query/${jobId}`, h.accessToken)).json).toMatchObject({ state: 'JobComplete', numberRecordsProcessed: LAST, jobType: 'V2Query' });

    const pages: string[] = [];
    let locator: string | null = null;
    do {
      const page = await call(h.url, 'GET', `${API}/jobs/query/${jobId}/results?maxRecords=1500${locator ? `&locator=${locator}` : ''}`, h.accessToken);
      expect(page.headers.get('content-type')).toMatch(/^text\/csv/);
      pages.push(`${page.headers.get('sforce-numberofrecords')}:${page.text.split('\n')[0]}`);
      locator = page.headers.get('sforce-locator');
      expect(locator).not.toBeNull();
    } while (locator !== 'null');
    expect(pages).toEqual(['1500:"Id","LastName"', `${LAST - 1500}:"Id","LastName"`]);

    const bad = await call(h.url, 'GET', `${API}/jobs/query/${jobId}/results?locator=bm9wZQ`, h.accessToken);
    expect(bad.status).toBe(400);
  });

  it('counts query jobs in /limits', async () => {
    const limits = (await h.conn.request(`${API}/limits`)) as Record<string, { Max: number; Remaining: number }>;
    expect(limits.DailyBulkV2QueryJobs?.Max).toBe(10_000);
    expect(limits.DailyBulkV2QueryJobs?.Remaining).toBeLessThan(10_000);
  });
});
