/**
 * The HubSpot connector against HubSpot's real host, with only the network mocked (msw, unhandled
 * requests fail the test): the official SDK builds and parses every request. Time is virtual, so
 * backoffs and Retry-After waits are asserted exactly and cost nothing.
 */
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ApiUsageEvent } from '../../../core/ports/crm-connector.js';
import { HubspotConnector } from '../connector.js';
import { HubspotSettingsSchema } from '../config.js';
import type { LimiterClock } from '../rate-limiter.js';

const API = 'https://api.hubapi.com';
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

function virtualClock(): LimiterClock & { t: number; slept: number[] } {
  const c = { t: 1_780_000_000_000, slept: [] as number[], now: () => c.t, sleep: async (ms: number) => { c.slept.push(ms); c.t += ms; } };
  return c;
}

function connector(opts: { pageSize?: number; token?: () => string; onRefresh?: () => string } = {}) {
  const clock = virtualClock();
  const usage: ApiUsageEvent[] = [];
  let token = 'token-1';
  const c = new HubspotConnector({
    apiBaseUrl: API,
    settings: HubspotSettingsSchema.parse({ pageSize: opts.pageSize ?? 10, lookbackMs: 0 }),
    tokens: {
      current: async () => opts.token?.() ?? token,
      refreshAfterRejection: async () => {
        token = opts.onRefresh?.() ?? 'token-2';
        return token;
      },
    },
    minorPerMajor: 100,
    clock,
    usage: { record: (e) => usage.push(e) },
    random: () => 0.5,
  });
  return { c, clock, usage };
}

const contact = (id: number, modified: string) => ({
  id: String(id),
  properties: { hs_object_id: String(id), email: `c${id}@example.com`, firstname: `C${id}`, lastmodifieddate: modified, createdate: '2025-01-01T00:00:00.000Z' },
  createdAt: '2025-01-01T00:00:00.000Z',
  updatedAt: modified,
  archived: false,
});

describe('HubSpot connector over the HubSpot API', () => {
  it('pages the initial load with HubSpot\'s after tokens, then switches to incremental search', async () => {
    const seen: (string | null)[] = [];
    server.use(
      http.get(`${API}/crm/v3/objects/contacts`, ({ request }) => {
        const url = new URL(request.url);
        expect(request.headers.get('authorization')).toBe('Bearer token-1');
        expect(url.searchParams.get('limit')).toBe('10');
        expect(url.searchParams.get('properties')).toContain('email');
        expect(url.searchParams.get('archived')).toBe('false');
        const after = url.searchParams.get('after');
        seen.push(after);
        const start = after ? Number(after) : 1;
        const results = Array.from({ length: start < 21 ? 10 : 5 }, (_, i) => contact(start + i, '2025-06-01T00:00:00.000Z'));
        return HttpResponse.json({ results, ...(start < 21 ? { paging: { next: { after: String(start + 10), link: 'x' } } } : {}) });
      }),
    );
    const { c } = connector();
    let cp: Record<string, unknown> | null = null;
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const page = await c.pull('customers', cp);
      ids.push(...page.records.map((r) => (r.kind === 'customer' ? r.customer.ref.id : '')));
      expect(page.done).toBe(false);
      cp = page.checkpoint;
    }
    expect(seen).toEqual([null, '11', '21']);
    expect(ids).toHaveLength(25);
    expect(cp).toMatchObject({ phase: 'incremental', mode: 'scan', inclusive: true });
  });

  it('never skips records sharing the cursor\'s millisecond: it drains them by id', async () => {
    // 25 contacts share one millisecond, 3 come later; HubSpot returns ties in no particular order.
    const shared = '2025-06-01T10:00:00.000Z';
    const all = [...Array.from({ length: 25 }, (_, i) => contact(100 - i * 3, shared)), contact(7, '2025-06-01T10:00:00.500Z'), contact(8, '2025-06-01T10:00:01.000Z'), contact(9, '2025-06-01T10:00:01.000Z')];
    const requests: unknown[] = [];
    server.use(
      http.post(`${API}/crm/v3/objects/contacts/search`, async ({ request }) => {
        const body = (await request.json()) as { filterGroups: { filters: { propertyName: string; operator: string; value: string }[] }[]; sorts: string[]; limit: number };
        requests.push(body);
        const filters = body.filterGroups[0]?.filters ?? [];
        const matches = all.filter((r) =>
          filters.every((f) => {
            const v = f.propertyName === 'hs_object_id' ? Number(r.id) : Date.parse(r.properties.lastmodifieddate);
            const w = Number(f.value);
            return f.operator === 'GT' ? v > w : f.operator === 'GTE' ? v >= w : v === w;
          }),
        );
        matches.sort(body.sorts[0] === 'hs_object_id' ? (a, b) => Number(a.id) - Number(b.id) : (a, b) => Date.parse(a.properties.lastmodifieddate) - Date.parse(b.properties.lastmodifieddate) || Number(b.id) - Number(a.id));
        return HttpResponse.json({ total: matches.length, results: matches.slice(0, body.limit) });
      }),
    );
    const { c } = connector();
    let cp: Record<string, unknown> | null = { phase: 'incremental', mode: 'scan', from: Date.parse(shared) - 1, inclusive: false, afterId: null, high: 0, caughtUp: false };
    const got = new Set<string>();
    for (let i = 0; i < 20; i++) {
      const page = await c.pull('customers', cp);
      for (const r of page.records) if (r.kind === 'customer') got.add(r.customer.ref.id);
      cp = page.checkpoint;
      if (page.done) break;
    }
    expect(got.size).toBe(all.length);
    // The tie-break request: the shared millisecond by id, after the last id read.
    expect(requests).toContainEqual(expect.objectContaining({ sorts: ['hs_object_id'], filterGroups: [{ filters: [{ propertyName: 'lastmodifieddate', operator: 'EQ', value: String(Date.parse(shared)) }, { propertyName: 'hs_object_id', operator: 'GT', value: expect.any(String) }] }] }));
    expect(cp).toMatchObject({ caughtUp: true, high: Date.parse('2025-06-01T10:00:01.000Z') });
  });

  it('waits what a 429\'s Retry-After says, then succeeds, and reports the throttle', async () => {
    let calls = 0;
    server.use(
      http.get(`${API}/crm/v3/owners/`, () => {
        calls++;
        if (calls === 1) return HttpResponse.json({ status: 'error', message: 'You have reached your ten_secondly_rolling limit.', errorType: 'RATE_LIMIT', policyName: 'TEN_SECONDLY_ROLLING' }, { status: 429, headers: { 'Retry-After': '2' } });
        return HttpResponse.json({ results: [{ id: '77', email: 'am@example.com', firstName: 'Ann', lastName: 'Lee', archived: false, createdAt: '2025-01-01T00:00:00Z', updatedAt: '2025-01-01T00:00:00Z' }] }, { headers: { 'X-HubSpot-RateLimit-Max': '100', 'X-HubSpot-RateLimit-Remaining': '97', 'X-HubSpot-RateLimit-Interval-Milliseconds': '10000' } });
      }),
    );
    const { c, clock, usage } = connector();
    const page = await c.pull('owners', null);
    expect(page.records).toEqual([{ kind: 'owner', owner: { ref: { type: 'owner', id: '77' }, name: 'Ann Lee', email: 'am@example.com' } }]);
    expect(calls).toBe(2);
    expect(clock.slept.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(2000);
    expect(usage.filter((u) => u.kind === 'throttled')).toEqual([{ kind: 'throttled', retryAfterMs: 2000 }]);
    expect(usage.at(-1)).toEqual({ kind: 'call', reported: { max: 100, remaining: 97, intervalMs: 10000, dailyRemaining: null } });
  });

  it('retries 5xx with backoff and gives up with a temporary error after the last retry', async () => {
    let calls = 0;
    server.use(http.get(`${API}/crm/v3/owners/`, () => (++calls <= 2 ? new HttpResponse('bad gateway', { status: 502 }) : HttpResponse.json({ results: [] }))));
    const ok = connector();
    await expect(ok.c.pull('owners', null)).resolves.toMatchObject({ records: [], done: true });
    expect(calls).toBe(3);
    expect(ok.clock.slept.filter((s) => s > 0)).toHaveLength(2);

    calls = 0;
    server.use(http.get(`${API}/crm/v3/owners/`, () => { calls++; return HttpResponse.json({ status: 'error', message: 'internal error' }, { status: 503 }); }));
    const failing = connector();
    await expect(failing.c.pull('owners', null)).rejects.toMatchObject({ code: 'TEMPORARY', status: 503 });
    expect(calls).toBe(6);
    expect(failing.usage.filter((u) => u.kind === 'failed')).toEqual([{ kind: 'failed', code: 'TEMPORARY' }]);
  });

  it('refreshes once when HubSpot says the token expired, and does not retry other 401s', async () => {
    server.use(
      http.get(`${API}/crm/v3/owners/`, ({ request }) =>
        request.headers.get('authorization') === 'Bearer token-2'
          ? HttpResponse.json({ results: [] })
          : HttpResponse.json({ status: 'error', message: 'The OAuth token used to make this call expired 2 minute(s) ago.', category: 'EXPIRED_AUTHENTICATION' }, { status: 401 }),
      ),
    );
    await expect(connector().c.pull('owners', null)).resolves.toMatchObject({ done: true });
    server.use(http.get(`${API}/crm/v3/owners/`, () => HttpResponse.json({ status: 'error', message: 'Authentication credentials not found.', category: 'INVALID_AUTHENTICATION' }, { status: 401 })));
    let refreshed = 0;
    await expect(connector({ onRefresh: () => { refreshed++; return 'token-3'; } }).c.pull('owners', null)).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    expect(refreshed).toBe(0);
  });

  it('writes changed fields 100 per call; a 207 marks only the missing record as failed', async () => {
    const bodies: { inputs: { id: string; properties: Record<string, string> }[] }[] = [];
    server.use(
      http.post(`${API}/crm/v3/objects/contacts/batch/update`, async ({ request }) => {
        const body = (await request.json()) as { inputs: { id: string; properties: Record<string, string> }[] };
        bodies.push(body);
        const ok = body.inputs.filter((i) => i.id !== '13');
        const missing = body.inputs.length - ok.length;
        return HttpResponse.json(
          {
            status: 'COMPLETE',
            results: ok.map((i) => ({ id: i.id, properties: i.properties, createdAt: '2025-01-01T00:00:00Z', updatedAt: '2025-01-01T00:00:00Z', archived: false })),
            ...(missing ? { numErrors: 1, errors: [{ status: 'error', category: 'OBJECT_NOT_FOUND', message: 'Could not get some CONTACT objects', context: { ids: ['13'] } }] } : {}),
            startedAt: '2025-01-01T00:00:00Z',
            completedAt: '2025-01-01T00:00:00Z',
          },
          { status: missing ? 207 : 200 },
        );
      }),
    );
    const { c } = connector();
    const updates = Array.from({ length: 250 }, (_, i) => ({ ref: { type: 'contact', id: String(i + 1) }, fields: { tier: i % 2 ? 'gold' : null, score: i } }));
    const outcome = await c.pushFields(updates);
    expect(outcome.calls).toBe(3);
    expect(bodies.map((b) => b.inputs.length)).toEqual([100, 100, 50]);
    expect(bodies[0]?.inputs[0]).toEqual({ id: '1', properties: { vip_care_tier: 'none', vip_care_score: '0' } });
    expect(outcome.written).toHaveLength(249);
    expect(outcome.failed).toEqual([{ ref: { type: 'contact', id: '13' }, code: 'NOT_FOUND', message: 'Could not get some CONTACT objects' }]);
  });

  it('isolates the bad record when HubSpot rejects a whole batch, and writes the rest', async () => {
    let calls = 0;
    server.use(
      http.post(`${API}/crm/v3/objects/contacts/batch/update`, async ({ request }) => {
        calls++;
        const body = (await request.json()) as { inputs: { id: string; properties: Record<string, string> }[] };
        if (body.inputs.some((i) => i.id === '6')) return HttpResponse.json({ status: 'error', category: 'VALIDATION_ERROR', message: 'Property values were not valid' }, { status: 400 });
        return HttpResponse.json({ status: 'COMPLETE', results: body.inputs.map((i) => ({ id: i.id, properties: {}, createdAt: '2025-01-01T00:00:00Z', updatedAt: '2025-01-01T00:00:00Z', archived: false })), startedAt: '2025-01-01T00:00:00Z', completedAt: '2025-01-01T00:00:00Z' });
      }),
    );
    const { c } = connector();
    const outcome = await c.pushFields(Array.from({ length: 8 }, (_, i) => ({ ref: { type: 'contact', id: String(i + 1) }, fields: { score: i } })));
    expect(outcome.written.map((r) => r.id).sort()).toEqual(['1', '2', '3', '4', '5', '7', '8']);
    expect(outcome.failed).toEqual([{ ref: { type: 'contact', id: '6' }, code: 'INVALID_INPUT', message: 'Property values were not valid' }]);
    // 8 -> 4+4 -> 2+2 -> 1+1: seven calls, not eight single writes.
    expect(calls).toBe(7);
  });

  it('looks a task up by our id before creating it again after a lost answer', async () => {
    const created: unknown[] = [];
    server.use(
      http.post(`${API}/crm/v3/objects/tasks/search`, async ({ request }) => {
        const body = (await request.json()) as { filterGroups: { filters: { values?: string[] }[] }[] };
        expect(body.filterGroups[0]?.filters[0]?.values).toEqual(['41', '42']);
        return HttpResponse.json({ total: 1, results: [{ id: '9001', properties: { vip_care_task_id: '41' }, createdAt: '2025-01-01T00:00:00Z', updatedAt: '2025-01-01T00:00:00Z', archived: false }] });
      }),
      http.post(`${API}/crm/v3/objects/tasks/batch/create`, async ({ request }) => {
        const body = (await request.json()) as { inputs: { properties: Record<string, string>; associations: unknown[] }[] };
        created.push(...body.inputs);
        return HttpResponse.json({ status: 'COMPLETE', results: body.inputs.map((i, n) => ({ id: String(9100 + n), properties: i.properties, createdAt: '2025-01-01T00:00:00Z', updatedAt: '2025-01-01T00:00:00Z', archived: false })), startedAt: '2025-01-01T00:00:00Z', completedAt: '2025-01-01T00:00:00Z' }, { status: 201 });
      }),
      http.post(`${API}/crm/v3/objects/tasks/batch/update`, async ({ request }) => {
        const body = (await request.json()) as { inputs: { id: string; properties: Record<string, string> }[] };
        expect(body.inputs.map((i) => i.id)).toEqual(['9001']);
        // An open task is never re-opened by an update.
        expect(body.inputs[0]?.properties.hs_task_status).toBeUndefined();
        return HttpResponse.json({ status: 'COMPLETE', results: [{ id: '9001', properties: {}, createdAt: '2025-01-01T00:00:00Z', updatedAt: '2025-01-01T00:00:00Z', archived: false }], startedAt: '2025-01-01T00:00:00Z', completedAt: '2025-01-01T00:00:00Z' });
      }),
    );
    const base = { customer: { type: 'contact', id: '101' }, description: null, owner: { type: 'owner', id: '77' }, priority: 'high' as const, dueAt: new Date('2026-01-05T09:00:00Z'), status: 'open' as const, externalId: null };
    const results = await connector().c.upsertTasks([
      { ...base, id: '41', title: 'Call Mei', mayExist: true },
      { ...base, id: '42', title: 'Send a thank-you note', mayExist: true },
    ]);
    expect(results).toEqual(expect.arrayContaining([{ id: '41', externalId: '9001' }, { id: '42', externalId: '9100' }]));
    expect(created).toEqual([
      {
        properties: expect.objectContaining({ hs_task_subject: 'Send a thank-you note', hs_task_status: 'NOT_STARTED', hs_task_priority: 'HIGH', hubspot_owner_id: '77', vip_care_task_id: '42', hs_timestamp: '2026-01-05T09:00:00.000Z' }),
        associations: [{ to: { id: '101' }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 204 }] }],
      },
    ]);
  });

  it('reports records HubSpot no longer has as deleted', async () => {
    server.use(
      http.post(`${API}/crm/v3/objects/contacts/batch/read`, () =>
        HttpResponse.json({ status: 'COMPLETE', results: [contact(5, '2025-06-01T00:00:00.000Z')], numErrors: 1, errors: [{ status: 'error', category: 'OBJECT_NOT_FOUND', message: 'not found', context: { ids: ['6'] } }], startedAt: '2025-01-01T00:00:00Z', completedAt: '2025-01-01T00:00:00Z' }, { status: 207 }),
      ),
    );
    const records = await connector().c.fetchRecords([{ type: 'contact', id: '5' }, { type: 'contact', id: '6' }]);
    expect(records.map((r) => r.kind)).toEqual(['customer', 'deleted']);
  });
});
