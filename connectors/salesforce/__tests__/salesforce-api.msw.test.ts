/**
 * The Salesforce connector against an org's real instance URL with only the network mocked (msw,
 * unhandled requests fail): jsforce 3.10.16 builds and parses every request. Time is virtual, so
 * backoffs are asserted exactly and cost nothing.
 */
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ApiUsageEvent } from '../../../core/ports/crm-connector.js';
import { SalesforceConnector } from '../connector.js';
import { SalesforceSettingsSchema, type SalesforceSettings } from '../config.js';

const INSTANCE = 'https://vip-demo.my.salesforce.com';
const API = `${INSTANCE}/services/data/v66.0`;
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const LIMIT_HEADER = { 'Sforce-Limit-Info': 'api-usage=1200/15000' };

function connector(settings: Partial<SalesforceSettings> = {}, sessions?: { current(): Promise<string>; refreshAfterRejection(t: string): Promise<string> }) {
  const slept: number[] = [];
  const usage: ApiUsageEvent[] = [];
  const c = new SalesforceConnector({
    instanceUrl: INSTANCE,
    settings: SalesforceSettingsSchema.parse({ lookbackMs: 0, bulkQueryThreshold: 0, ...settings }),
    sessions: sessions ?? { current: async () => 'session-1', refreshAfterRejection: async () => 'session-2' },
    minorPerMajor: 100,
    clock: { now: () => 1_780_000_000_000 + slept.reduce((a, b) => a + b, 0), sleep: async (ms) => void slept.push(ms) },
    usage: { record: (e) => usage.push(e) },
    random: () => 0.5,
  });
  return { c, slept, usage };
}

const contact = (n: number, modstamp: string) => ({ attributes: { type: 'Contact', url: `/services/data/v66.0/sobjects/Contact/003${String(n).padStart(15, '0')}` }, Id: `003${String(n).padStart(15, '0')}`, FirstName: `C${n}`, LastName: 'Test', Name: `C${n} Test`, Email: `c${n}@example.com`, OwnerId: '005000000000000001', SystemModstamp: modstamp });

describe('Salesforce connector over the REST API', () => {
  it('follows queryMore to the end of a page and keeps paging by (SystemModstamp, Id)', async () => {
    const queries: string[] = [];
    server.use(
      http.get(`${API}/query`, ({ request }) => {
        expect(request.headers.get('authorization')).toBe('Bearer session-1');
        const q = new URL(request.url).searchParams.get('q') ?? '';
        queries.push(q);
        if (queries.length === 1) return HttpResponse.json({ totalSize: 10, done: false, nextRecordsUrl: '/services/data/v66.0/query/01gD0000002HU6KIAW-6', records: [1, 2, 3, 4, 5, 6].map((n) => contact(n, '2025-06-01T10:00:00.000+0000')) }, { headers: LIMIT_HEADER });
        return HttpResponse.json({ totalSize: 0, done: true, records: [] }, { headers: LIMIT_HEADER });
      }),
      http.get(`${API}/query/01gD0000002HU6KIAW-6`, () => HttpResponse.json({ totalSize: 10, done: true, records: [7, 8, 9].map((n) => contact(n, '2025-06-01T10:00:00.000+0000')).concat(contact(10, '2025-06-01T10:00:01.000+0000')) }, { headers: LIMIT_HEADER })),
    );
    const { c, usage } = connector({ pageSize: 10 });
    const first = await c.pull('customers', null);
    expect(first.records).toHaveLength(10);
    expect(queries[0]).toBe('SELECT Id, FirstName, LastName, Name, Email, Phone, MailingCountry, Birthdate, AccountId, OwnerId, CreatedDate, SystemModstamp FROM Contact WHERE SystemModstamp >= 1970-01-01T00:00:00.000Z ORDER BY SystemModstamp, Id LIMIT 10');
    expect(first.done).toBe(false);
    const second = await c.pull('customers', first.checkpoint);
    // The tie-break: records at the last timestamp with a greater Id are read next, never skipped.
    expect(queries[1]).toContain("WHERE (SystemModstamp > 2025-06-01T10:00:01.000Z OR (SystemModstamp = 2025-06-01T10:00:01.000Z AND Id > '003000000000000010'))");
    expect(second).toMatchObject({ records: [], done: true, checkpoint: { caughtUp: true } });
    expect(usage.find((u) => u.kind === 'call')).toEqual({ kind: 'call', reported: { used: 1200, limit: 15000, remaining: 13800 } });
  });

  it('maps a contact, a closed-won opportunity and a case', async () => {
    server.use(
      http.get(`${API}/query`, ({ request }) => {
        const q = new URL(request.url).searchParams.get('q') ?? '';
        if (q.includes('FROM Opportunity')) return HttpResponse.json({ totalSize: 2, done: true, records: [{ attributes: { type: 'Opportunity' }, Id: '006000000000000001', AccountId: '001000000000000001', ContactId: '003000000000000001', Amount: 1250.5, CloseDate: '2025-05-02', IsWon: true, IsClosed: true, SystemModstamp: '2025-06-01T10:00:00.000+0000' }, { attributes: { type: 'Opportunity' }, Id: '006000000000000002', AccountId: null, ContactId: '003000000000000001', Amount: 10, CloseDate: '2025-05-03', IsWon: false, IsClosed: true, SystemModstamp: '2025-06-01T10:00:00.000+0000' }] });
        if (q.includes('FROM Case')) return HttpResponse.json({ totalSize: 1, done: true, records: [{ attributes: { type: 'Case' }, Id: '500000000000000001', AccountId: null, ContactId: '003000000000000001', Subject: 'Late delivery', Description: 'Still waiting', Priority: 'High', Status: 'Waiting on Customer', IsClosed: false, ClosedDate: null, OwnerId: '005000000000000001', CreatedDate: '2025-06-01T09:00:00.000+0000', SystemModstamp: '2025-06-01T10:00:00.000+0000' }] });
        return HttpResponse.json({ totalSize: 0, done: true, records: [] });
      }),
    );
    const { c } = connector();
    const orders = await c.pull('orders', null);
    expect(orders.records).toEqual([
      { kind: 'order', order: { ref: { type: 'opportunity', id: '006000000000000001' }, customer: { type: 'contact', id: '003000000000000001' }, orderedAt: new Date('2025-05-02T12:00:00Z'), amountMinor: 125050, items: null } },
      { kind: 'not_order', ref: { type: 'opportunity', id: '006000000000000002' } },
    ]);
    const cases = await c.pull('complaints', null);
    expect(cases.records).toEqual([expect.objectContaining({ kind: 'complaint', complaint: expect.objectContaining({ status: 'waiting', priority: 'high', subject: 'Late delivery', openedAt: new Date('2025-06-01T09:00:00Z') }) })]);
  });

  it('writes 200 records per Collections call with allOrNone false, and reports the records Salesforce refused', async () => {
    const bodies: { allOrNone: boolean; records: { Id: string }[] }[] = [];
    server.use(
      http.patch(`${API}/composite/sobjects`, async ({ request }) => {
        const body = (await request.json()) as { allOrNone: boolean; records: { Id: string }[] };
        bodies.push(body);
        return HttpResponse.json(body.records.map((r) => (r.Id === '003000000000000013' ? { id: r.Id, success: false, errors: [{ statusCode: 'ENTITY_IS_DELETED', message: 'entity is deleted', fields: [] }] } : { id: r.Id, success: true, errors: [] })));
      }),
    );
    const { c } = connector();
    const updates = Array.from({ length: 450 }, (_, i) => ({ ref: { type: 'contact', id: `003${String(i + 1).padStart(15, '0')}` }, fields: { tier: i % 2 ? 'gold' : null, score: i, churnRisk: 0.125 } }));
    const outcome = await c.pushFields(updates);
    expect(bodies.map((b) => b.records.length)).toEqual([200, 200, 50]);
    expect(bodies.every((b) => b.allOrNone === false)).toBe(true);
    expect(bodies[0]?.records[0]).toEqual({ attributes: { type: 'Contact' }, Id: '003000000000000001', VIP_Tier__c: 'none', VIP_Score__c: 0, VIP_Churn_Risk__c: 12.5 });
    expect(outcome.calls).toBe(3);
    expect(outcome.written).toHaveLength(449);
    expect(outcome.failed).toEqual([{ ref: { type: 'contact', id: '003000000000000013' }, code: 'NOT_FOUND', message: 'ENTITY_IS_DELETED: entity is deleted' }]);
  });

  it('writes above the threshold with one Bulk API 2.0 ingest job, and reads its failed records', async () => {
    const steps: string[] = [];
    let csv = '';
    let polls = 0;
    server.use(
      http.post(`${API}/jobs/ingest`, async ({ request }) => {
        steps.push('create');
        expect(await request.json()).toEqual({ object: 'Contact', operation: 'update', contentType: 'CSV', lineEnding: 'LF' });
        return HttpResponse.json({ id: '7505e00000AbCdE', state: 'Open', object: 'Contact', operation: 'update' });
      }),
      http.put(`${API}/jobs/ingest/7505e00000AbCdE/batches`, async ({ request }) => {
        steps.push('upload');
        csv = await request.text();
        return new HttpResponse(null, { status: 201 });
      }),
      http.patch(`${API}/jobs/ingest/7505e00000AbCdE`, async ({ request }) => {
        steps.push('close');
        expect(await request.json()).toEqual({ state: 'UploadComplete' });
        return HttpResponse.json({ id: '7505e00000AbCdE', state: 'UploadComplete' });
      }),
      http.get(`${API}/jobs/ingest/7505e00000AbCdE`, () => {
        steps.push('poll');
        return HttpResponse.json({ id: '7505e00000AbCdE', state: ++polls < 3 ? 'InProgress' : 'JobComplete', numberRecordsProcessed: 5, numberRecordsFailed: 1 });
      }),
      http.get(`${API}/jobs/ingest/7505e00000AbCdE/failedResults`, () => {
        steps.push('failures');
        return new HttpResponse('"sf__Id","sf__Error",Id,VIP_Score__c\n"003000000000000002","INVALID_CROSS_REFERENCE_KEY:invalid cross reference id:--",003000000000000002,1\n', { headers: { 'Content-Type': 'text/csv' } });
      }),
    );
    const { c, slept } = connector({ bulkIngestThreshold: 3 });
    const outcome = await c.pushFields(Array.from({ length: 5 }, (_, i) => ({ ref: { type: 'contact', id: `003${String(i + 1).padStart(15, '0')}` }, fields: { score: i, reason: i === 0 ? null : 'Spends "a lot", often' } })));
    expect(steps).toEqual(['create', 'upload', 'close', 'poll', 'poll', 'poll', 'failures']);
    expect(csv.split('\n')[0]).toBe('Id,VIP_Score__c,VIP_Score_Reason__c');
    // #N/A clears a field in a Bulk CSV; quotes are escaped.
    expect(csv).toContain('003000000000000001,0,#N/A');
    expect(csv).toContain('003000000000000002,1,"Spends ""a lot"", often"');
    expect(outcome.written).toHaveLength(4);
    expect(outcome.failed).toEqual([{ ref: { type: 'contact', id: '003000000000000002' }, code: 'NOT_FOUND', message: 'INVALID_CROSS_REFERENCE_KEY:invalid cross reference id:--' }]);
    expect(slept.length).toBe(3);
  });

  describe('a first load above the threshold, through one Bulk API 2.0 query job', () => {
    const JOB = '750R0000000zlh9IAA';
    const countQuery = (total: number) =>
      http.get(`${API}/query`, ({ request }) => {
        const q = new URL(request.url).searchParams.get('q') ?? '';
        if (q.startsWith('SELECT COUNT()')) return HttpResponse.json({ totalSize: total, done: true, records: [] });
        return HttpResponse.json({ totalSize: 1, done: true, records: [contact(1, '2025-06-01T10:00:00.000+0000')] });
      });

    it('creates the job, polls with backoff until it completes, and reads every results page by its locator', async () => {
      const steps: string[] = [];
      let polls = 0;
      server.use(
        countQuery(5),
        http.post(`${API}/jobs/query`, async ({ request }) => {
          steps.push('create');
          expect(await request.json()).toEqual({ operation: 'query', query: 'SELECT Id, FirstName, LastName, Name, Email, Phone, MailingCountry, Birthdate, AccountId, OwnerId, CreatedDate, SystemModstamp FROM Contact' });
          return HttpResponse.json({ id: JOB, state: 'UploadComplete' });
        }),
        http.get(`${API}/jobs/query/${JOB}`, () => {
          steps.push('poll');
          return HttpResponse.json({ id: JOB, state: ++polls < 3 ? 'InProgress' : 'JobComplete' });
        }),
        http.get(`${API}/jobs/query/${JOB}/results`, ({ request }) => {
          const url = new URL(request.url);
          expect(url.searchParams.get('maxRecords')).toBe('3');
          const second = url.searchParams.get('locator') === 'MTAwMDA';
          steps.push(second ? 'page 2' : 'page 1');
          const rows = second ? [4, 5] : [1, 2, 3];
          const body = ['"Id","FirstName","LastName","Name","Email","OwnerId","SystemModstamp"', ...rows.map((n) => `"003${String(n).padStart(15, '0')}","C${n}","Test","C${n} Test","c${n}@example.com","005000000000000001","2025-06-01T10:00:00.000Z"`)].join('\n');
          return new HttpResponse(body, { headers: { 'Content-Type': 'text/csv', 'Sforce-Locator': second ? 'null' : 'MTAwMDA', 'Sforce-NumberOfRecords': String(rows.length) } });
        }),
      );
      const { c, slept } = connector({ bulkQueryThreshold: 4, bulkResultsPageSize: 3 });
      const started = await c.pull('customers', null);
      expect(started).toMatchObject({ records: [], done: false, checkpoint: { phase: 'bulk', jobId: JOB, locator: null } });
      // Each page is its own call with its own checkpoint: a crash between them resumes at the locator.
      const first = await c.pull('customers', JSON.parse(JSON.stringify(started.checkpoint)) as Record<string, unknown>);
      expect(first.checkpoint).toMatchObject({ phase: 'bulk', locator: 'MTAwMDA' });
      const second = await c.pull('customers', first.checkpoint);
      expect([...first.records, ...second.records].map((r) => (r.kind === 'customer' ? r.customer.email : null))).toEqual(['c1@example.com', 'c2@example.com', 'c3@example.com', 'c4@example.com', 'c5@example.com']);
      expect(steps).toEqual(['create', 'poll', 'poll', 'poll', 'page 1', 'page 2']);
      expect(slept).toEqual([250, 500]);
      // Then incremental SOQL from when the job started, less the lookback: changes made during the export are read again.
      expect(second).toMatchObject({ done: false, checkpoint: { phase: 'incremental', from: started.checkpoint.startedAt as number } });
    });

    it('falls back to SOQL paging when Salesforce fails the job, instead of retrying a dead job forever', async () => {
      server.use(
        countQuery(5),
        http.post(`${API}/jobs/query`, () => HttpResponse.json({ id: JOB, state: 'UploadComplete' })),
        http.get(`${API}/jobs/query/${JOB}`, () => HttpResponse.json({ id: JOB, state: 'Failed', errorMessage: 'Query timed out' })),
      );
      const { c } = connector({ bulkQueryThreshold: 4 });
      const started = await c.pull('customers', null);
      const failed = await c.pull('customers', started.checkpoint);
      expect(failed).toMatchObject({ records: [], done: false, checkpoint: { phase: 'incremental', from: 0 } });
      const soql = await c.pull('customers', failed.checkpoint);
      expect(soql.records).toHaveLength(1);
    });

    it('starts over with SOQL when the job\'s results are gone (a sync resumed days later)', async () => {
      server.use(http.get(`${API}/jobs/query/${JOB}/results`, () => HttpResponse.json([{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }], { status: 404 })));
      const { c } = connector({ bulkQueryThreshold: 4 });
      const resumed = await c.pull('customers', { phase: 'bulk', startedAt: 1_700_000_000_000, jobId: JOB, locator: 'MjAwMDA' });
      expect(resumed).toMatchObject({ records: [], done: false, checkpoint: { phase: 'incremental', from: 0 } });
    });
  });

  it('gives up at once when the daily allocation is used up, and retries the concurrent-request limit', async () => {
    server.use(http.get(`${API}/query`, () => HttpResponse.json([{ message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' }], { status: 403 })));
    const daily = connector();
    await expect(daily.c.pull('owners', null)).rejects.toMatchObject({ code: 'RATE_LIMITED', sfCode: 'REQUEST_LIMIT_EXCEEDED' });
    expect(daily.slept).toEqual([]);

    let calls = 0;
    server.use(
      http.get(`${API}/query`, () =>
        ++calls === 1
          ? HttpResponse.json([{ message: 'ConcurrentPerOrgLongTxn Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' }], { status: 403 })
          : HttpResponse.json({ totalSize: 0, done: true, records: [] }),
      ),
    );
    const concurrent = connector();
    await expect(concurrent.c.pull('owners', null)).resolves.toMatchObject({ done: true });
    expect(concurrent.slept).toHaveLength(1);
    expect(concurrent.usage.some((u) => u.kind === 'throttled')).toBe(true);
  });

  it('keeps the daily reserve free: no call once the org is nearly out of API calls', async () => {
    let calls = 0;
    server.use(http.get(`${API}/query`, () => { calls++; return HttpResponse.json({ totalSize: 0, done: true, records: [] }, { headers: { 'Sforce-Limit-Info': 'api-usage=14000/15000' } }); }));
    const { c } = connector({ dailyReserve: 0.1 });
    await c.pull('owners', null);
    await expect(c.pull('owners', null)).rejects.toMatchObject({ code: 'RATE_LIMITED', sfCode: 'RESERVE' });
    expect(calls).toBe(1);
  });

  it('retries 5xx with backoff, then fails as temporary', async () => {
    let calls = 0;
    server.use(http.get(`${API}/query`, () => { calls++; return HttpResponse.json([{ message: 'Server unavailable', errorCode: 'SERVER_UNAVAILABLE' }], { status: 503 }); }));
    const { c, slept } = connector();
    await expect(c.pull('owners', null)).rejects.toMatchObject({ code: 'TEMPORARY' });
    expect(calls).toBe(6);
    expect(slept).toHaveLength(5);
  });

  it('on an expired session asks the host for one new session, even for concurrent calls, and retries', async () => {
    let refreshes = 0;
    let session = 'session-old';
    const sessions = {
      current: async () => session,
      refreshAfterRejection: async () => {
        refreshes++;
        await new Promise((r) => setTimeout(r, 20));
        session = 'session-new';
        return session;
      },
    };
    server.use(
      http.get(`${API}/query`, ({ request }) =>
        request.headers.get('authorization') === 'Bearer session-new'
          ? HttpResponse.json({ totalSize: 0, done: true, records: [] })
          : HttpResponse.json([{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }], { status: 401 }),
      ),
    );
    const { c } = connector({}, sessions);
    const pages = await Promise.all([c.pull('owners', null), c.pull('customers', null), c.pull('complaints', null)]);
    expect(pages.every((p) => p.done)).toBe(true);
    expect(refreshes).toBe(1);
  });

  it('upserts tasks on our External ID, so a retried push never makes a second task', async () => {
    const bodies: { allOrNone: boolean; records: Record<string, unknown>[] }[] = [];
    server.use(
      http.patch(`${API}/composite/sobjects/Task/VIP_Care_Task_Id__c`, async ({ request }) => {
        const body = (await request.json()) as { allOrNone: boolean; records: Record<string, unknown>[] };
        bodies.push(body);
        return HttpResponse.json(body.records.map((r, i) => ({ id: `00T00000000000000${i}`, success: true, created: true, errors: [] })));
      }),
    );
    const task = { id: '41', customer: { type: 'contact', id: '003000000000000001' }, title: 'Call Mei', description: null, owner: { type: 'user', id: '005000000000000001' }, priority: 'urgent' as const, dueAt: new Date('2026-01-05T09:00:00Z'), status: 'open' as const, externalId: null, mayExist: false };
    const results = await connector().c.upsertTasks([task, { ...task, id: '42', customer: { type: 'account', id: '001000000000000001' }, externalId: '00T000000000000009', mayExist: true }]);
    expect(results).toEqual([{ id: '41', externalId: '00T000000000000000' }, { id: '42', externalId: '00T000000000000001' }]);
    expect(bodies[0]?.records).toEqual([
      { attributes: { type: 'Task' }, VIP_Care_Task_Id__c: '41', Subject: 'Call Mei', Description: null, ActivityDate: '2026-01-05', Priority: 'High', Status: 'Not Started', OwnerId: '005000000000000001', WhoId: '003000000000000001' },
      // Already in Salesforce and open here: no status, so a task a rep completed stays completed.
      { attributes: { type: 'Task' }, VIP_Care_Task_Id__c: '42', Subject: 'Call Mei', Description: null, ActivityDate: '2026-01-05', Priority: 'High', OwnerId: '005000000000000001', WhatId: '001000000000000001' },
    ]);
  });
});
