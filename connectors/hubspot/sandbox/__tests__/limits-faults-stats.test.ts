/**
 * What a resilient client depends on: rate-limit headers on every answer, 429 with Retry-After
 * when the rolling window is full, injected 429/5xx served in order, and stats that count every
 * call by route and status class (the benchmarks assert on them), also over /_sandbox.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { apiErrorOf, call, PORTAL_ID, startHarness, unexpected, type Harness } from './sandbox-harness.js';

let h: Harness;
afterEach(async () => h.close());

describe('rate limit', () => {
  it('puts the limit headers on every authenticated answer, errors included', async () => {
    h = await startHarness({ rateLimit: { max: 5, intervalMs: 2000 } });
    const ok = await call(h.url, 'GET', '/crm/v3/objects/contacts', h.accessToken);
    expect(ok.headers.get('x-hubspot-ratelimit-max')).toBe('5');
    expect(ok.headers.get('x-hubspot-ratelimit-remaining')).toBe('4');
    expect(ok.headers.get('x-hubspot-ratelimit-interval-milliseconds')).toBe('2000');
    const bad = await call(h.url, 'GET', '/crm/v3/objects/contacts/1', h.accessToken);
    expect(bad.status).toBe(404);
    expect(bad.headers.get('x-hubspot-ratelimit-remaining')).toBe('3');
  });

  it('answers 429 with Retry-After once the window is full, and lets calls through when it slides', async () => {
    let now = 1_000_000;
    h = await startHarness({ rateLimit: { max: 3, intervalMs: 10_000, clock: () => now } });
    for (let i = 0; i < 3; i++) await h.client.crm.contacts.basicApi.getPage();
    now += 2500;
    const refused = await call(h.url, 'GET', '/crm/v3/objects/contacts', h.accessToken);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('8');
    expect(refused.headers.get('x-hubspot-ratelimit-remaining')).toBe('0');
    expect(refused.json).toMatchObject({ status: 'error', message: 'You have reached your ten_secondly_rolling limit.', errorType: 'RATE_LIMIT', policyName: 'TEN_SECONDLY_ROLLING' });
    const viaSdk = await h.client.crm.contacts.basicApi.getPage().then(unexpected, apiErrorOf);
    expect(viaSdk.code).toBe(429);
    now += 7500;
    expect((await h.client.crm.contacts.basicApi.getPage()).results).toEqual([]);
    expect(h.sandbox.stats.rateLimited).toBe(2);
  });

  it('keeps separate windows per portal and app', async () => {
    h = await startHarness({ rateLimit: { max: 1 } });
    const other = h.sandbox.portals.create({ portalId: 2 });
    const otherToken = other.mintTokens(4242).accessToken;
    expect((await call(h.url, 'GET', '/crm/v3/owners', h.accessToken)).status).toBe(200);
    expect((await call(h.url, 'GET', '/crm/v3/owners', h.accessToken)).status).toBe(429);
    expect((await call(h.url, 'GET', '/crm/v3/owners', otherToken)).status).toBe(200);
  });
});

describe('injected faults', () => {
  it('serves them in order before authentication, then normal answers again', async () => {
    h = await startHarness();
    h.sandbox.control.injectFaults([{ status: 503, count: 2 }, { status: 429, count: 1, retryAfterSeconds: 3 }]);
    const first = await call(h.url, 'GET', '/crm/v3/objects/contacts', null);
    expect(first.status).toBe(503);
    expect(first.json).toMatchObject({ status: 'error', message: 'internal error' });
    expect((await h.client.crm.contacts.basicApi.getPage().then(unexpected, apiErrorOf)).code).toBe(503);
    const limited = await call(h.url, 'GET', '/crm/v3/objects/contacts', h.accessToken);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('3');
    expect(h.sandbox.control.pendingFaults()).toBe(0);
    expect((await call(h.url, 'GET', '/crm/v3/objects/contacts', h.accessToken)).status).toBe(200);
  });

  it('hits only requests whose path matches pathPattern', async () => {
    h = await startHarness();
    h.sandbox.control.injectFaults({ status: 502, count: 1, pathPattern: '/batch/update$' });
    h.portal.seed({ contacts: [{ id: '1', properties: {} }] });
    expect((await call(h.url, 'POST', '/crm/v3/objects/contacts/batch/read', h.accessToken, { inputs: [{ id: '1' }], properties: [] })).status).toBe(200);
    expect((await call(h.url, 'POST', '/crm/v3/objects/contacts/batch/update', h.accessToken, { inputs: [{ id: '1', properties: { firstname: 'A' } }] })).status).toBe(502);
    expect(h.portal.record('contacts', '1')?.properties.firstname).toBeUndefined();
    expect((await call(h.url, 'POST', '/crm/v3/objects/contacts/batch/update', h.accessToken, { inputs: [{ id: '1', properties: { firstname: 'A' } }] })).status).toBe(200);
  });
});

describe('stats', () => {
  it('count every call per route key and status class, and reset', async () => {
    h = await startHarness();
    h.portal.seed({ deals: [{ id: '9', properties: {} }] });
    h.sandbox.control.injectFaults({ status: 500, count: 1, pathPattern: '^/crm/v3/objects/0-3/9$' });
    await call(h.url, 'PATCH', '/crm/v3/objects/0-3/9', h.accessToken, { properties: { dealname: 'x' } });
    await call(h.url, 'PATCH', '/crm/v3/objects/0-3/9', h.accessToken, { properties: { dealname: 'x' } });
    await call(h.url, 'PATCH', '/crm/v3/objects/deals/9', h.accessToken, { properties: { nope: 'x' } });
    await call(h.url, 'PATCH', '/crm/v3/objects/deals/9', null, { properties: {} });
    expect(h.sandbox.stats.snapshot().routes['PATCH /crm/v3/objects/deals/{id}']).toEqual({ total: 4, '2xx': 1, '3xx': 0, '4xx': 2, '5xx': 1 });
    await h.client.crm.contacts.batchApi.update({ inputs: [] });
    expect(h.sandbox.stats.calls('POST /crm/v3/objects/contacts/batch/update')).toBe(1);
    h.sandbox.stats.reset();
    expect(h.sandbox.stats.snapshot()).toEqual({ routes: {}, rateLimited: 0, tokenGrants: {}, webhooks: { attempts: 0, successes: 0, failures: 0, eventsDelivered: 0 } });
  });
});

describe('control over HTTP', () => {
  it('injects faults, changes records, reads stats and expires tokens under /_sandbox', async () => {
    h = await startHarness({ now: '2024-01-01T00:00:00Z' });
    expect((await call(h.url, 'POST', '/_sandbox/faults', null, { status: 504, count: 1, pathPattern: 'owners' })).status).toBe(204);
    expect((await call(h.url, 'GET', '/crm/v3/owners', h.accessToken)).status).toBe(504);
    const created = await call(h.url, 'POST', `/_sandbox/portals/${PORTAL_ID}/objects/contacts`, null, { properties: { email: 'ui@example.com' } });
    expect(created.status).toBe(201);
    const id = (created.json as { id: string }).id;
    expect((await call(h.url, 'POST', '/_sandbox/clock/advance', null, { ms: 1000 })).json).toEqual({ now: '2024-01-01T00:00:01.000Z' });
    const updated = await call(h.url, 'PATCH', `/_sandbox/portals/${PORTAL_ID}/objects/contacts/${id}`, null, { properties: { firstname: 'Ui' } });
    expect(updated.json).toMatchObject({ properties: { firstname: 'Ui', lastmodifieddate: '2024-01-01T00:00:01.000Z' } });
    expect((await call(h.url, 'PATCH', `/_sandbox/portals/${PORTAL_ID}/objects/contacts/${id}`, null, { properties: { nope: '1' } })).status).toBe(400);
    expect((await call(h.url, 'POST', `/_sandbox/portals/${PORTAL_ID}/expire-access-tokens`, null, {})).json).toEqual({ expired: 1 });
    expect((await call(h.url, 'GET', '/crm/v3/owners', h.accessToken)).status).toBe(401);
    const stats = (await call(h.url, 'GET', '/_sandbox/stats', null)).json as { routes: Record<string, { total: number }> };
    expect(stats.routes['GET /crm/v3/owners']?.total).toBe(2);
    expect(Object.keys(stats.routes).some((k) => k.includes('_sandbox'))).toBe(false);
    expect((await call(h.url, 'POST', '/_sandbox/portals/999/contacts/1/privacy-delete', null, {})).status).toBe(404);
  });
});
