/** GET /api/v1/kpi: the key's tenant, validated query, the same report as kpiReport. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KpiReportSchema, type KpiReport } from '../../core/kpi/report.js';
import { createApiKey } from '../../server/auth/api-keys.js';
import { createApp } from '../../server/http/app.js';
import { createLogger } from '../../server/logging/logger.js';
import type { Store } from '../../server/store/db.js';
import { storeTargets } from '../store-harness.js';
import { TEST_LINKS, serve, type Served } from '../helpers.js';
import { FROM, KPI_TENANT, OTHER_TENANT, TO, seedKpiTenant } from './fixtures.js';

interface ErrorBody {
  error: { code: string; message: string };
}

describe.each(storeTargets())('GET /api/v1/kpi ($kind)', (target) => {
  let store: Store;
  let served: Served | undefined;
  let base: string;
  let key: string;
  let otherKey: string;

  const get = (path: string, k = key, headers: Record<string, string> = {}) => fetch(`${base}${path}`, { headers: { authorization: `Bearer ${k}`, ...headers } });

  beforeAll(async () => {
    store = await target.open();
    await seedKpiTenant(store);
    key = await createApiKey(store.db, { tenantId: KPI_TENANT, label: 'test', actor: 'test' });
    otherKey = await createApiKey(store.db, { tenantId: OTHER_TENANT, label: 'test', actor: 'test' });
    const now = new Date('2026-03-01T00:00:00Z');
    served = await serve(createApp({ store, logger: createLogger('silent'), version: 'test', links: TEST_LINKS, now: () => now }));
    base = served.base;
  });
  afterAll(async () => {
    await served?.close();
    await store?.close();
  });

  it('returns the report of the key\'s tenant', async () => {
    const res = await get(`/api/v1/kpi?from=${FROM}&to=${TO}&by=tier`);
    expect(res.status).toBe(200);
    const body = KpiReportSchema.parse(await res.json());
    expect(body).toMatchObject({ tenantId: KPI_TENANT, from: FROM, to: TO, by: 'tier', generatedAt: '2026-03-01T00:00:00.000Z' });
    expect(body.satisfaction.overall.nps).toMatchObject({ n: 10, value: 20 });
    expect(body.groups).toEqual(['diamond', 'platinum', 'gold', 'none']);
    expect(body.tierMigration.customers).toBe(5);

    // The other tenant's key sees only its own single answer (a 0: NPS −100).
    const other = (await (await get(`/api/v1/kpi?from=${FROM}&to=${TO}`, otherKey)).json()) as KpiReport;
    expect(other.tenantId).toBe(OTHER_TENANT);
    expect(other.by).toBeNull();
    expect(other.satisfaction.overall.nps).toMatchObject({ n: 1, detractors: 1, value: -100 });
  });

  it('400 on missing or bad dates, a reversed range or an unknown grouping', async () => {
    for (const query of [`from=${FROM}`, `from=2026-02-30&to=${TO}`, `from=${FROM}&to=28-02-2026`, `from=${TO}&to=${FROM}`, `from=${FROM}&to=${TO}&by=week`]) {
      const res = await get(`/api/v1/kpi?${query}`);
      expect(res.status, query).toBe(400);
      const body = (await res.json()) as ErrorBody;
      expect(body.error.code).toBe('INVALID_INPUT');
    }
    const reversed = (await (await get(`/api/v1/kpi?from=${TO}&to=${FROM}`)).json()) as ErrorBody;
    expect(reversed.error.message).toContain('to: must not be before from');
  });

  it('needs an API key', async () => {
    const res = await fetch(`${base}/api/v1/kpi?from=${FROM}&to=${TO}`);
    expect(res.status).toBe(401);
  });
});
