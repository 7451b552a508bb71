/**
 * The feedback API over HTTP: survey dispatch, recorded feedback, the complaint lifecycle and the
 * closed loop, with the tenant taken from the API key (another tenant's key sees nothing).
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../server/auth/api-keys.js';
import { createApp } from '../../server/http/app.js';
import { createLogger } from '../../server/logging/logger.js';
import type { Store } from '../../server/store/db.js';
import { storeTargets } from '../store-harness.js';
import { TEST_LINKS, serve, type Served } from '../helpers.js';
import { FROZEN_NOW, retailWith, tenantWithProgram } from '../playbooks/fixtures.js';

describe.each(storeTargets())('the feedback API ($kind)', (target) => {
  let store: Store;
  let served: Served | undefined;
  let base: string;
  let key: string;
  let otherKey: string;

  async function call<T>(method: string, path: string, body?: unknown, opts: { key?: string; status?: number; lang?: string } = {}): Promise<T> {
    const res = await fetch(`${base}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${opts.key ?? key}`, 'content-type': 'application/json', ...(opts.lang ? { 'accept-language': opts.lang } : {}) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    expect(res.status, text).toBe(opts.status ?? 200);
    return JSON.parse(text) as T;
  }

  beforeAll(async () => {
    store = await target.open();
    for (const t of ['fb-a', 'fb-b']) {
      await tenantWithProgram(store, t, retailWith({ playbooks: [] }));
      await store.db.updateTable('tenants').set({ frozen_clock: FROZEN_NOW }).where('id', '=', t).execute();
    }
    await sql`insert into customers (tenant_id, id, name, email, customer_since) values ('fb-a', 'c1', 'Ada', 'ada@example.com', '2020-01-01'), ('fb-b', 'c1', 'Bo', 'bo@example.com', '2020-01-01')`.execute(store.db);
    key = await createApiKey(store.db, { tenantId: 'fb-a', label: 'test', actor: 'test' });
    otherKey = await createApiKey(store.db, { tenantId: 'fb-b', label: 'test', actor: 'test' });
    served = await serve(createApp({ store, logger: createLogger('silent'), version: 'test', links: TEST_LINKS }));
    base = served.base;
  });

  afterAll(async () => {
    await served?.close();
    await store?.close();
  });

  it('sends a survey once per request key and explains a refusal', async () => {
    const sent = await call<{ status: string; url: string; invitationId: string }>('POST', '/surveys', { customerId: 'c1', kind: 'nps', requestKey: 'http-req-1' }, { status: 201 });
    expect(sent.status).toBe('queued');
    expect(sent.url).toContain('/s/v1.');
    expect(await call('POST', '/surveys', { customerId: 'c1', kind: 'nps', requestKey: 'http-req-1' })).toMatchObject({ status: 'duplicate', invitationId: sent.invitationId });
    expect(await call('POST', '/surveys', { customerId: 'c1', kind: 'ces', requestKey: 'http-req-2' })).toEqual({ status: 'suppressed', reason: 'survey_cooldown' });
    const bad = await call<{ error: { code: string; message: string } }>('POST', '/surveys', { customerId: 'c1', kind: 'nps' }, { status: 400 });
    expect(bad.error.message).toContain('requestKey');
    const unknown = await call<{ error: { code: string } }>('POST', '/surveys', { customerId: 'nobody', kind: 'nps', requestKey: 'http-req-3' }, { status: 404 });
    expect(unknown.error.code).toBe('CUSTOMER_NOT_FOUND');
  });

  it('works a complaint through its states, with SLA times left, and closes the loop', async () => {
    const opened = await call<{ id: number; priority: string; firstResponse: { msLeft: number; dueAt: string } }>(
      'POST',
      '/complaints',
      { requestKey: 'http-complaint-1', customerId: 'c1', subject: 'Parcel damaged', priority: 'critical', by: 'rep-1' },
      { status: 201 },
    );
    expect(opened.priority).toBe('critical');
    expect(opened.firstResponse.msLeft).toBe(30 * 60_000);
    expect((await call<{ id: number }>('POST', '/complaints', { requestKey: 'http-complaint-1', customerId: 'c1', subject: 'Parcel damaged', by: 'rep-1' })).id).toBe(opened.id);
    expect(await call('POST', `/complaints/${opened.id}/respond`, { by: 'rep-1' })).toMatchObject({ changed: true, complaint: { firstResponse: { state: 'met' } } });
    const conflict = await call<{ error: { code: string; message: string } }>('POST', `/complaints/${opened.id}/resume`, { by: 'rep-1' }, { status: 200 });
    expect(conflict).toMatchObject({ changed: false });
    await call('POST', `/complaints/${opened.id}/resolve`, { by: 'rep-1', note: 'Replacement shipped' });
    const zh = await call<{ error: { code: string; message: string } }>('POST', `/complaints/${opened.id}/wait`, { by: 'rep-1' }, { status: 409, lang: 'zh-CN' });
    expect(zh.error.code).toBe('CONFLICT');
    expect(zh.error.message).toMatch(/^当前无法执行此操作/);
    const listed = await call<{ items: { id: number; status: string }[] }>('GET', '/complaints?status=resolved');
    expect(listed.items.map((c) => c.id)).toEqual([opened.id]);
    const detail = await call<{ events: { type: string }[] }>('GET', `/complaints/${opened.id}`);
    expect(detail.events.map((e) => e.type)).toEqual(['opened', 'first_response', 'sla_met', 'resolved', 'sla_met']);
    const loop = await call<{ closed: boolean; acted: { action: string } }>('POST', `/feedback-loops/complaint/${opened.id}/report`, { by: 'rep-1', message: 'Your replacement is on its way.' });
    expect(loop).toMatchObject({ closed: true, acted: { action: 'Replacement shipped' } });
    // Another tenant's key does not reach it.
    await call('GET', `/complaints/${opened.id}`, undefined, { key: otherKey, status: 404 });
    expect((await call<{ items: unknown[] }>('GET', '/complaints', undefined, { key: otherKey })).items).toEqual([]);
    await call('POST', `/complaints/${opened.id}/fly`, { by: 'rep-1' }, { status: 400 });
  });

  it('records feedback a rep heard, idempotent on its id, and refuses scores off the scale', async () => {
    const first = await call<{ status: string; category: string; complaintId: number | null }>('POST', '/feedback', { id: 'call-77', customerId: 'c1', kind: 'nps', score: 2, comment: 'Terrible, the order was wrong again', channel: 'phone', by: 'rep-1' }, { status: 201 });
    expect(first).toMatchObject({ status: 'recorded', category: 'detractor' });
    expect(first.complaintId).toEqual(expect.any(Number));
    expect(await call('POST', '/feedback', { id: 'call-77', customerId: 'c1', kind: 'nps', score: 2, by: 'rep-1' })).toMatchObject({ status: 'duplicate' });
    const off = await call<{ error: { message: string } }>('POST', '/feedback', { id: 'call-78', customerId: 'c1', kind: 'csat', score: 9, by: 'rep-1' }, { status: 400 });
    expect(off.error.message).toContain('from 1 to 5');
  });
});
