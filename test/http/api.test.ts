import { writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey, revokeApiKeys } from '../../server/auth/api-keys.js';
import { createApp } from '../../server/http/app.js';
import { createLogger } from '../../server/logging/logger.js';
import { explainCustomer, tierSummary } from '../../server/scoring/read-models.js';
import { runScoring } from '../../server/scoring/score-run.js';
import type { Store } from '../../server/store/db.js';
import { storeTargets } from '../store-harness.js';
import { CDNOW_CUSTOMERS, TEST_LINKS, cdnowTenant, importOrders, provisionUsdTenant, tempDir, type TempDir, serve, type Served } from '../helpers.js';

const AS_OF = '1998-06-30';
const CJK = /[\u4e00-\u9fff]/;

interface ErrorBody {
  error: { code: string; message: string };
}

interface TiersBody {
  asOf: string | null;
  programVersion: number;
  customers: number;
  tiers: { name: string; customers: number; label: string }[];
  notVip: number;
  flags: { potentialVip: number; atRisk: number };
}

interface CustomersBody {
  items: { customerId: string; name: string | null; score: number; tier: string | null; tierLabel: string; tierSince: string; flags: { code: string; text: string }[] }[];
  next: string | null;
}

interface ExplanationBody {
  customerId: string;
  asOf: string;
  score: number;
  tier: string | null;
  tierLabel: string;
  tierSince: string;
  tierSource: string;
  contributions: { measure: string; label: string; value: number | null; normalized: number; weight: number; points: number }[];
  reasons: { code: string; text: string; params: Record<string, unknown> }[];
  flags: { code: string; text: string }[];
  changes: unknown;
}

describe.each(storeTargets())('the HTTP API ($kind)', (target) => {
  let store: Store;
  let served: Served | undefined;
  let base: string;
  let dir: TempDir;
  let keyA: string;
  let keyB: string;
  let revokedKey: string;

  const get = (path: string, init: { key?: string; headers?: Record<string, string> } = {}) =>
    fetch(`${base}${path}`, { headers: { ...(init.key ? { authorization: `Bearer ${init.key}` } : {}), ...init.headers } });
  async function json<T>(path: string, init: { key?: string; headers?: Record<string, string> } = {}, status = 200): Promise<T> {
    const res = await get(path, init);
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    return (await res.json()) as T;
  }

  beforeAll(async () => {
    store = await target.open();
    dir = await tempDir();
    // Tenant A: the CDNOW sample (customer ids 1..2357). Tenant B: a few customers of its own, one
    // of them sharing an id with A.
    await cdnowTenant(store, 'shop-a');
    await runScoring(store, { tenantId: 'shop-a', asOf: AS_OF, actor: 'test' });
    await provisionUsdTenant(store, 'shop-b');
    const orders = dir.file('b.csv');
    await writeFile(
      orders,
      ['order_id,customer_id,ordered_at,amount', 'B1,b-only-1,1998-06-01,900.00', 'B2,b-only-2,1998-05-01,20.00', 'B3,1,1998-06-15,5000.00', 'B4,b-only-1,1998-06-20,700.00'].join('\n'),
    );
    await importOrders(store, 'shop-b', orders);
    await runScoring(store, { tenantId: 'shop-b', asOf: AS_OF, actor: 'test' });
    // A customer of B that exists but has not been scored yet.
    const late = dir.file('b-late.csv');
    await writeFile(late, 'order_id,customer_id,ordered_at,amount\nB5,b-late,1998-06-29,10.00\n');
    await importOrders(store, 'shop-b', late);

    keyA = await createApiKey(store.db, { tenantId: 'shop-a', label: 'test', actor: 'test' });
    keyB = await createApiKey(store.db, { tenantId: 'shop-b', label: 'test', actor: 'test' });
    revokedKey = await createApiKey(store.db, { tenantId: 'shop-a', label: 'old', actor: 'test' });
    expect(await revokeApiKeys(store.db, { tenantId: 'shop-a', label: 'old', actor: 'test' })).toBe(1);

    served = await serve(createApp({ store, logger: createLogger('silent'), version: 'test', links: TEST_LINKS }));
    base = served.base;
  });

  afterAll(async () => {
    await served?.close();
    await store?.close();
    await dir?.remove();
  });

  it('/health reports the store', async () => {
    expect(await json('/health')).toEqual({ status: 'ok', store: target.kind, version: 'test' });
  });

  it('the API needs a key: 401 with a localized message', async () => {
    for (const path of ['/api/v1/tiers', '/api/v1/customers', '/api/v1/customers/1/explanation', '/api/v1/program']) {
      const res = await get(path);
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe('Bearer realm="vip-care"');
      expect(await res.json()).toEqual({ error: { code: 'UNAUTHORIZED', message: 'Sign-in is required' } });
    }
    const zh = await json<ErrorBody>('/api/v1/tiers', { headers: { 'accept-language': 'zh-CN,zh;q=0.9' } }, 401);
    expect(zh.error).toEqual({ code: 'UNAUTHORIZED', message: '需要登录' });
  });

  it('rejects malformed, unknown, tampered and revoked keys', async () => {
    const [, id] = /^vck_([A-Za-z0-9]{12})_/.exec(keyA) ?? [];
    const presented = [
      'not-a-key',
      'vck_short_key',
      `${keyA}x`,
      `vck_AAAAAAAAAAAA_${'a'.repeat(43)}`, // well-formed, no such key
      `vck_${id}_${'b'.repeat(43)}`, // A's key id with the wrong secret
      revokedKey,
    ];
    for (const key of presented) {
      const body = await json<ErrorBody>('/api/v1/tiers', { key }, 401);
      expect(body.error.code).toBe('UNAUTHORIZED');
    }
    // Only the Bearer scheme counts.
    for (const authorization of [`Basic ${Buffer.from(`x:${keyA}`).toString('base64')}`, keyA, `bearer${keyA}`]) {
      expect((await get('/api/v1/tiers', { headers: { authorization } })).status).toBe(401);
    }
    // The key still works when presented properly.
    expect((await get('/api/v1/tiers', { key: keyA })).status).toBe(200);
  });

  it('/api/v1/tiers gives the tenant tier counts', async () => {
    const body = await json<TiersBody>('/api/v1/tiers', { key: keyA });
    const expected = await tierSummary(store, 'shop-a', ['diamond', 'platinum', 'gold']);
    expect(body).toMatchObject({ asOf: AS_OF, programVersion: 1, customers: CDNOW_CUSTOMERS, notVip: expected.notVip, flags: expected.flags });
    expect(body.tiers).toEqual([
      { name: 'diamond', label: 'Diamond', customers: expected.tiers[0]?.customers },
      { name: 'platinum', label: 'Platinum', customers: expected.tiers[1]?.customers },
      { name: 'gold', label: 'Gold', customers: expected.tiers[2]?.customers },
    ]);
    expect(body.tiers.reduce((s, t) => s + t.customers, 0) + body.notVip).toBe(CDNOW_CUSTOMERS);
    const zh = await json<TiersBody>('/api/v1/tiers', { key: keyA, headers: { 'accept-language': 'zh-CN' } });
    expect(zh.tiers.map((t) => t.label)).toEqual(['钻石', '铂金', '黄金']);
  });

  it('/api/v1/customers pages through every customer with a cursor, without overlap', async () => {
    const seen: string[] = [];
    const scores: number[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = cursor ? `?limit=400&cursor=${encodeURIComponent(cursor)}` : '?limit=400';
      const page: CustomersBody = await json<CustomersBody>(`/api/v1/customers${query}`, { key: keyA });
      expect(page.items.length).toBeLessThanOrEqual(400);
      seen.push(...page.items.map((c) => c.customerId));
      scores.push(...page.items.map((c) => c.score));
      cursor = page.next;
      pages++;
    } while (cursor !== null && pages < 20);
    expect(pages).toBe(Math.ceil(CDNOW_CUSTOMERS / 400));
    expect(new Set(seen).size).toBe(seen.length);
    const stored = await store.db.selectFrom('customer_scores').select('customer_id').where('tenant_id', '=', 'shop-a').execute();
    expect([...seen].sort()).toEqual(stored.map((r) => r.customer_id).sort());
    // Highest score first, across pages too.
    expect(scores.every((s, i) => i === 0 || (scores[i - 1] as number) >= s)).toBe(true);
  });

  it('/api/v1/customers filters by tier', async () => {
    const tiers = await json<TiersBody>('/api/v1/tiers', { key: keyA });
    const diamonds = await json<CustomersBody>('/api/v1/customers?tier=diamond&limit=500', { key: keyA });
    expect(diamonds.items).toHaveLength(tiers.tiers[0]?.customers as number);
    expect(diamonds.items.every((c) => c.tier === 'diamond' && c.tierLabel === 'Diamond')).toBe(true);
    const none = await json<CustomersBody>('/api/v1/customers?tier=none&limit=5', { key: keyA, headers: { 'accept-language': 'zh-CN' } });
    expect(none.items).toHaveLength(5);
    expect(none.items.every((c) => c.tier === null && c.tierLabel === '非 VIP')).toBe(true);
  });

  it('/api/v1/customers/:id/explanation explains, in English or Chinese', async () => {
    const top = (await json<CustomersBody>('/api/v1/customers?tier=diamond&limit=1', { key: keyA })).items[0];
    expect(top).toBeDefined();
    const id = top?.customerId as string;
    const en = await json<ExplanationBody>(`/api/v1/customers/${id}/explanation`, { key: keyA });
    const direct = await explainCustomer(store, 'shop-a', id);
    expect(en).toMatchObject({ customerId: id, asOf: AS_OF, score: direct.score, tier: 'diamond', tierLabel: 'Diamond', tierSince: AS_OF, tierSource: 'score', changes: null });
    expect(en.contributions.reduce((s, c) => s + Math.round(c.points * 100), 0)).toBe(Math.round(en.score * 100));
    expect(en.contributions.find((c) => c.measure === 'spend_12m')?.label).toBe('Spend (12 months)');
    expect(en.reasons[0]?.text).toMatch(/^Score [\d.]+ reached the Diamond entry line \(85\)$/);

    const zh = await json<ExplanationBody>(`/api/v1/customers/${id}/explanation`, { key: keyA, headers: { 'accept-language': 'zh-CN,zh;q=0.8,en;q=0.5' } });
    expect(zh.tierLabel).toBe('钻石');
    expect(zh.score).toBe(en.score);
    expect(zh.reasons.map((r) => r.code)).toEqual(en.reasons.map((r) => r.code));
    expect(zh.reasons.every((r) => CJK.test(r.text))).toBe(true);
    expect(zh.reasons[0]?.text).toContain('钻石');
    expect(zh.contributions.find((c) => c.measure === 'spend_12m')?.label).toBe('近 12 个月消费额');
    // ?locale= wins over the header.
    const forced = await json<ExplanationBody>(`/api/v1/customers/${id}/explanation?locale=zh-CN`, { key: keyA, headers: { 'accept-language': 'en' } });
    expect(forced.tierLabel).toBe('钻石');
  });

  it('an unknown customer is 404 CUSTOMER_NOT_FOUND; one not scored yet is 409 NOT_SCORED', async () => {
    const body = await json<ErrorBody>('/api/v1/customers/999999/explanation', { key: keyA }, 404);
    expect(body.error).toEqual({ code: 'CUSTOMER_NOT_FOUND', message: 'There is no customer "999999" in tenant "shop-a"' });
    const zh = await json<ErrorBody>('/api/v1/customers/999999/explanation', { key: keyA, headers: { 'accept-language': 'zh-CN' } }, 404);
    expect(zh.error.code).toBe('CUSTOMER_NOT_FOUND');
    expect(zh.error.message).toMatch(CJK);
    const late = await json<ErrorBody>('/api/v1/customers/b-late/explanation', { key: keyB }, 409);
    expect(late.error.code).toBe('NOT_SCORED');
  });

  it('a key sees only its own tenant: another tenant\'s customer is 404, never 403', async () => {
    // B's customer through A's key: not found, exactly like an id that exists nowhere.
    for (const id of ['b-only-1', 'b-only-2', 'b-late']) {
      const body = await json<ErrorBody>(`/api/v1/customers/${id}/explanation`, { key: keyA }, 404);
      expect(body.error.code).toBe('CUSTOMER_NOT_FOUND');
      expect(body.error.message).not.toContain('shop-b');
    }
    // And the other way round.
    const fromB = await json<ErrorBody>('/api/v1/customers/2/explanation', { key: keyB }, 404);
    expect(fromB.error.code).toBe('CUSTOMER_NOT_FOUND');
    // The id both tenants use resolves to each key's own customer.
    const oneA = await json<ExplanationBody>('/api/v1/customers/1/explanation', { key: keyA });
    const oneB = await json<ExplanationBody>('/api/v1/customers/1/explanation', { key: keyB });
    expect(oneA.score).toBe((await explainCustomer(store, 'shop-a', '1')).score);
    expect(oneB.score).toBe((await explainCustomer(store, 'shop-b', '1')).score);
    expect(oneA.score).not.toBe(oneB.score);
    // A tenant in the query string changes nothing: the key decides.
    const tiers = await json<TiersBody>('/api/v1/tiers?tenant=shop-b', { key: keyA });
    expect(tiers.customers).toBe(CDNOW_CUSTOMERS);
    const bTiers = await json<TiersBody>('/api/v1/tiers?tenant=shop-a', { key: keyB });
    expect(bTiers.customers).toBe(4);
    const bList = await json<CustomersBody>('/api/v1/customers?limit=500', { key: keyB });
    expect(bList.items.map((c) => c.customerId).sort()).toEqual(['1', 'b-only-1', 'b-only-2']);
    const aIds = new Set<string>();
    let cursor: string | null = null;
    do {
      const page: CustomersBody = await json<CustomersBody>(`/api/v1/customers?limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { key: keyA });
      for (const c of page.items) aIds.add(c.customerId);
      cursor = page.next;
    } while (cursor !== null);
    expect([...aIds].filter((id) => id.startsWith('b-'))).toEqual([]);
  });

  it('bad query parameters are 400 INVALID_INPUT', async () => {
    const cursorOf = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    for (const query of [
      '/api/v1/customers?limit=0',
      '/api/v1/customers?limit=501',
      '/api/v1/customers?limit=abc',
      '/api/v1/customers?limit=1.5',
      '/api/v1/customers?cursor=not-a-cursor',
      `/api/v1/customers?cursor=${cursorOf(['high', 1])}`,
      `/api/v1/customers?cursor=${'a'.repeat(600)}`,
      '/api/v1/customers?tier=Diamond!',
      '/api/v1/customers?flag=rich',
      '/api/v1/customers/1/explanation?since=2024-13-01',
      '/api/v1/customers/1/explanation?since=yesterday',
    ]) {
      const body = await json<ErrorBody>(query, { key: keyA }, 400);
      expect(body.error.code, query).toBe('INVALID_INPUT');
      expect(body.error.message, query).toMatch(/^The request is not valid: /);
    }
    const zh = await json<ErrorBody>('/api/v1/customers?limit=0', { key: keyA, headers: { 'accept-language': 'zh-CN' } }, 400);
    expect(zh.error.message).toMatch(/^请求无效/);
  });

  it('unknown paths are 404 JSON, and responses carry the security headers', async () => {
    const res = await get('/api/v1/nothing-here', { key: keyA });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { code: 'NOT_FOUND', message: 'Not found: GET /api/v1/nothing-here' } });
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('x-powered-by')).toBeNull();
  });

  it('the home page is HTML in the reader\'s language, with every value escaped', async () => {
    const res = await get('/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await res.text();
    expect(html).toMatch(/^<!doctype html>\s*<html lang="en">/);
    expect(html).toContain('<title>VIP Care for CRM</title>');
    // The help text quotes the header; the quotes are escaped, never raw.
    expect(html).toContain('&quot;Authorization: Bearer vck_...&quot;');
    expect(html).not.toContain('"Authorization');

    const zh = await (await get('/', { headers: { 'accept-language': 'zh-CN,zh;q=0.9' } })).text();
    expect(zh).toMatch(/<html lang="zh-CN">/);
    expect(zh).toContain('VIP 关怀服务器正在运行');

    const hostile = await (await get(`/?locale=${encodeURIComponent('"><script>alert(1)</script>')}`)).text();
    expect(hostile).toMatch(/<html lang="en">/);
    expect(hostile).not.toContain('<script>');
  });
});
