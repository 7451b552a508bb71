/**
 * Access tokens refresh before they expire, once per connection however many jobs ask at once;
 * a worker that lost the race uses the winner's token; a refused refresh token marks the
 * connection for re-authorization only when no other worker refreshed meanwhile. Tokens are
 * sealed at rest. HubSpot's token endpoint is mocked at its real host (msw).
 */
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { findConnection } from '../../server/crm/connections.js';
import { TokenManager } from '../../server/crm/token-manager.js';
import type { Store } from '../../server/store/db.js';
import { storeTargets } from '../store-harness.js';
import { connectHubspot, crmRuntime, TEST_BOX } from './harness.js';

const API = 'https://api.hubapi.com';
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

function tokenEndpoint(opts: { delayMs?: number; reject?: boolean } = {}) {
  const calls: URLSearchParams[] = [];
  server.use(
    http.post(`${API}/oauth/v1/token`, async ({ request }) => {
      const form = new URLSearchParams(await request.text());
      calls.push(form);
      if (opts.delayMs) await new Promise((r) => setTimeout(r, opts.delayMs));
      if (opts.reject) return HttpResponse.json({ status: 'BAD_REFRESH_TOKEN', message: 'missing or invalid refresh token' }, { status: 400 });
      return HttpResponse.json({ token_type: 'bearer', access_token: `access-${calls.length + 1}`, refresh_token: 'refresh-1', expires_in: 1800 });
    }),
  );
  return calls;
}

describe.each(storeTargets())('token refresh on $kind', (target) => {
  let store: Store;
  beforeAll(async () => {
    store = await target.open();
  });
  afterAll(async () => {
    await store.close();
  });

  it('keeps tokens sealed at rest and uses a fresh one without calling HubSpot', async () => {
    await connectHubspot(store, 'tok-fresh', { portalId: '1001', accessToken: 'access-fresh', refreshToken: 'refresh-1', expiresAt: new Date(Date.now() + 3_600_000) });
    const calls = tokenEndpoint();
    const crm = crmRuntime(store, API);
    const row = await findConnection(store.db, 'tok-fresh', 'hubspot');
    expect(Buffer.from(row?.access_token ?? []).includes('access-fresh')).toBe(false);
    expect(Buffer.from(row?.refresh_token ?? []).includes('refresh-1')).toBe(false);
    expect(row?.access_token?.length).toBeGreaterThan(30);
    expect(await crm.tokens.accessToken('tok-fresh', 'hubspot', crm.hubspot!.refresher, null)).toBe('access-fresh');
    expect(calls).toHaveLength(0);
  });

  it('refreshes an expiring token exactly once for twenty concurrent jobs', async () => {
    await connectHubspot(store, 'tok-race', { portalId: '1002', accessToken: 'access-old', refreshToken: 'refresh-1', expiresAt: new Date(Date.now() + 60_000) });
    const calls = tokenEndpoint({ delayMs: 50 });
    const crm = crmRuntime(store, API);
    const tokens = await Promise.all(Array.from({ length: 20 }, () => crm.tokens.accessToken('tok-race', 'hubspot', crm.hubspot!.refresher, null)));
    expect(calls).toHaveLength(1);
    expect(calls[0]?.get('grant_type')).toBe('refresh_token');
    expect(calls[0]?.get('refresh_token')).toBe('refresh-1');
    expect(calls[0]?.get('client_id')).toBe('test-client-id-0001');
    expect(new Set(tokens)).toEqual(new Set(['access-2']));
    const row = await findConnection(store.db, 'tok-race', 'hubspot');
    expect(row?.token_version).toBe(1);
    expect(row?.token_expires_at && row.token_expires_at.getTime()).toBeGreaterThan(Date.now() + 1_700_000);
  });

  it('replaces a token HubSpot rejected as expired even when our clock thought it fresh', async () => {
    await connectHubspot(store, 'tok-skew', { portalId: '1003', accessToken: 'access-skewed', refreshToken: 'refresh-1', expiresAt: new Date(Date.now() + 3_600_000) });
    const calls = tokenEndpoint();
    const crm = crmRuntime(store, API);
    expect(await crm.tokens.accessToken('tok-skew', 'hubspot', crm.hubspot!.refresher, 'access-skewed')).toBe('access-2');
    expect(calls).toHaveLength(1);
  });

  it('marks the connection for re-authorization when HubSpot refuses the refresh token', async () => {
    await connectHubspot(store, 'tok-revoked', { portalId: '1004', accessToken: 'access-old', refreshToken: 'refresh-revoked', expiresAt: new Date(Date.now() - 1000) });
    tokenEndpoint({ reject: true });
    const crm = crmRuntime(store, API);
    await expect(crm.tokens.accessToken('tok-revoked', 'hubspot', crm.hubspot!.refresher, null)).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    expect((await findConnection(store.db, 'tok-revoked', 'hubspot'))?.status).toBe('needs_reauth');
    // Later calls fail fast, without asking HubSpot again.
    const calls = tokenEndpoint();
    await expect(crm.tokens.accessToken('tok-revoked', 'hubspot', crm.hubspot!.refresher, null)).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    expect(calls).toHaveLength(0);
  });

});

// Two processes only exist on Postgres (an embedded PGlite store has one process by construction).
describe.each(storeTargets().filter((t) => t.kind === 'postgres'))('token refresh across worker processes on $kind', (target) => {
  let store: Store;
  beforeAll(async () => {
    store = await target.open();
  });
  afterAll(async () => {
    await store.close();
  });

  it('a second worker process that lost the race re-reads the winner\'s token instead of refreshing', async () => {
    await connectHubspot(store, 'tok-two-workers', { portalId: '1005', accessToken: 'access-old', refreshToken: 'refresh-1', expiresAt: new Date(Date.now() + 60_000) });
    const calls = tokenEndpoint({ delayMs: 100 });
    const other = await target.openSameSchema!(store);
    try {
      const a = new TokenManager({ store, box: TEST_BOX });
      const b = new TokenManager({ store: other, box: TEST_BOX });
      const refresher = crmRuntime(store, API).hubspot!.refresher;
      const [ta, tb] = await Promise.all([a.accessToken('tok-two-workers', 'hubspot', refresher, null), b.accessToken('tok-two-workers', 'hubspot', refresher, null)]);
      expect(calls).toHaveLength(1);
      expect(ta).toBe(tb);
    } finally {
      await other.close();
    }
  });
});
