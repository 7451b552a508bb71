/**
 * The daily API allocation (Sforce-Limit-Info, /limits, REQUEST_LIMIT_EXCEEDED), injected faults
 * as jsforce meets them (it retries GETs on 5xx by itself, never POST or PATCH), API versions,
 * the stats and the control API over HTTP.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { API, call, errorOf, ORG_ID, startHarness, unexpected, type Harness } from './sandbox-harness.js';

let h: Harness;
afterEach(async () => h.close());

describe('daily API allocation', () => {
  it('reports usage in Sforce-Limit-Info, which jsforce reads into limitInfo, and in /limits', async () => {
    h = await startHarness({ dailyApiLimit: 500 });
    await h.conn.query('SELECT Id FROM User');
    expect(h.conn.limitInfo).toEqual({ apiUsage: { used: 1, limit: 500 } });
    const limits = (await h.conn.request(`${API}/limits`)) as Record<string, { Max: number; Remaining: number }>;
    expect(limits.DailyApiRequests).toEqual({ Max: 500, Remaining: 498 });
    expect(limits).toHaveProperty('DailyBulkV2QueryJobs');
    expect(limits).toHaveProperty('DailyBulkV2QueryFileStorageMB');
    const raw = await call(h.url, 'GET', `${API}/sobjects`, h.accessToken);
    expect(raw.headers.get('sforce-limit-info')).toBe('api-usage=3/500');
    expect(h.sandbox.stats.snapshot().apiUsage[ORG_ID]).toEqual({ used: 3, limit: 500, remaining: 497 });
  });

  it('refuses calls with 403 REQUEST_LIMIT_EXCEEDED once the allocation is used up', async () => {
    h = await startHarness();
    h.sandbox.control.setRemainingApiCalls(ORG_ID, 1);
    await h.conn.query('SELECT Id FROM User');
    expect(h.conn.limitInfo.apiUsage).toEqual({ used: 15_000, limit: 15_000 });
    const error = errorOf(await h.conn.query('SELECT Id FROM User').then(unexpected, (e: unknown) => e));
    expect(error).toEqual({ errorCode: 'REQUEST_LIMIT_EXCEEDED', name: 'REQUEST_LIMIT_EXCEEDED', message: 'TotalRequests Limit exceeded.' });
    const raw = await call(h.url, 'GET', `${API}/limits`, h.accessToken);
    expect(raw.status).toBe(403);
    expect(raw.json).toEqual([{ message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' }]);
    expect(h.sandbox.stats.requestLimitExceeded).toBe(2);
    // The allocation is rolling: a day later the calls are back.
    h.sandbox.control.setRemainingApiCalls(ORG_ID, 15_000);
    expect((await h.conn.query('SELECT Id FROM User')).totalSize).toBe(1);
  });

  it('frees calls as they leave the rolling 24 hours', async () => {
    h = await startHarness({ now: '2025-01-01T00:00:00Z', dailyApiLimit: 2, sessionTtlSeconds: 200_000 });
    await h.conn.query('SELECT Id FROM User');
    await h.conn.query('SELECT Id FROM User');
    expect(errorOf(await h.conn.query('SELECT Id FROM User').then(unexpected, (e: unknown) => e)).errorCode).toBe('REQUEST_LIMIT_EXCEEDED');
    h.sandbox.control.advanceClock(24 * 3_600_000);
    expect((await h.conn.query('SELECT Id FROM User')).totalSize).toBe(1);
  });
});

describe('injected faults', () => {
  it('serves REQUEST_LIMIT_EXCEEDED and 503 to matching calls', async () => {
    h = await startHarness();
    const [contactId] = h.org.seed({ contacts: [{ fields: { LastName: 'X' } }] }).contacts;
    h.sandbox.control.injectFaults([{ errorCode: 'REQUEST_LIMIT_EXCEEDED', pathPattern: '^PATCH /services/data/v[0-9.]+/composite/sobjects$' }, { status: 503, pathPattern: 'composite/sobjects' }]);
    const update = () => h.conn.sobject('Contact').update([{ Id: contactId as string, VIP_Tier__c: 'Gold' }]);
    expect(errorOf(await update().then(unexpected, (e: unknown) => e))).toMatchObject({ errorCode: 'REQUEST_LIMIT_EXCEEDED' });
    expect(errorOf(await update().then(unexpected, (e: unknown) => e))).toMatchObject({ errorCode: 'SERVER_UNAVAILABLE' });
    expect(h.sandbox.control.pendingFaults()).toBe(0);
    expect((await update())[0]?.success).toBe(true);
    expect(h.sandbox.stats.calls('PATCH /services/data/vXX.X/composite/sobjects')).toBe(3);
    expect(h.sandbox.stats.calls('PATCH /services/data/vXX.X/composite/sobjects', '5xx')).toBe(1);
  });

  it('lets jsforce retry a GET that met a 500 (after 500 ms)', async () => {
    h = await startHarness();
    h.sandbox.control.injectFaults({ status: 500, pathPattern: '/query$' });
    const result = await h.conn.query('SELECT Id FROM User');
    expect(result.totalSize).toBe(1);
    expect(h.sandbox.stats.calls('GET /services/data/vXX.X/query', '5xx')).toBe(1);
    expect(h.sandbox.stats.calls('GET /services/data/vXX.X/query', '2xx')).toBe(1);
  });
});

describe('API versions and unknown resources', () => {
  it('serves 50.0 to 68.0 and answers NOT_FOUND otherwise', async () => {
    h = await startHarness();
    const versions = (await call(h.url, 'GET', '/services/data', null)).json as { version: string; label: string }[];
    expect(versions[0]).toEqual({ label: "Winter '21", url: '/services/data/v50.0', version: '50.0' });
    expect(versions.find((v) => v.version === '66.0')?.label).toBe("Spring '26");
    expect(versions.at(-1)?.version).toBe('68.0');
    expect((await call(h.url, 'GET', '/services/data/v68.0/limits', h.accessToken)).status).toBe(200);
    for (const path of ['/services/data/v49.0/limits', '/services/data/v69.0/limits', '/services/data/latest/limits', `${API}/nope`, '/nowhere']) {
      const answer = await call(h.url, 'GET', path, h.accessToken);
      expect(answer.status, path).toBe(404);
      expect(answer.json).toEqual([{ message: 'The requested resource does not exist', errorCode: 'NOT_FOUND' }]);
    }
    expect((await call(h.url, 'GET', `${API}/limits`, null)).json).toEqual([{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]);
  });
});

describe('control over HTTP', () => {
  it('injects faults, changes records as a user and reports stats', async () => {
    h = await startHarness({ now: '2025-08-01T10:00:00Z' });
    expect((await call(h.url, 'POST', '/_sandbox/faults', null, [{ errorCode: 'UNKNOWN_EXCEPTION', pathPattern: '^POST ' }])).status).toBe(204);
    expect(errorOf(await h.conn.sobject('Account').create({ Name: 'A' }).then(unexpected, (e: unknown) => e)).errorCode).toBe('UNKNOWN_EXCEPTION');
    const created = await call(h.url, 'POST', `/_sandbox/orgs/${ORG_ID}/sobjects/Contact`, null, { fields: { LastName: 'Made in UI', Email: 'ui@example.com' } });
    expect(created.status).toBe(201);
    const id = (created.json as { Id: string }).Id;
    h.sandbox.control.advanceClock(5000);
    const updated = await call(h.url, 'PATCH', `/_sandbox/orgs/${ORG_ID}/sobjects/Contact/${id}`, null, { fields: { VIP_Tier__c: 'Gold' } });
    expect(updated.json).toMatchObject({ Id: id, fields: { VIP_Tier__c: 'Gold', SystemModstamp: '2025-08-01T10:00:05.000+0000' } });
    const refused = await call(h.url, 'PATCH', `/_sandbox/orgs/${ORG_ID}/sobjects/Contact/${id}`, null, { fields: { Email: 'nope' } });
    expect(refused.status).toBe(400);
    expect((await call(h.url, 'POST', `/_sandbox/orgs/${ORG_ID}/api-remaining`, null, { remaining: 0 })).status).toBe(204);
    expect(errorOf(await h.conn.query('SELECT Id FROM Contact').then(unexpected, (e: unknown) => e)).errorCode).toBe('REQUEST_LIMIT_EXCEEDED');
    const stats = (await call(h.url, 'GET', '/_sandbox/stats', null)).json as { routes: Record<string, { total: number }>; requestLimitExceeded: number };
    expect(stats.routes['POST /services/data/vXX.X/sobjects/Account']?.total).toBe(1);
    expect(stats.routes['GET /services/data/vXX.X/query']?.total).toBe(1);
    expect(Object.keys(stats.routes).some((key) => key.includes('_sandbox'))).toBe(false);
    expect(stats.requestLimitExceeded).toBe(1);
    await call(h.url, 'POST', '/_sandbox/stats/reset', null);
    expect(h.sandbox.stats.calls('GET /services/data/vXX.X/query')).toBe(0);
  });
});
