/**
 * Playbooks on the store (PGlite always, Postgres when DATABASE_URL is set): evaluation and steps
 * are idempotent, work closes itself when its condition clears, the contact policy's decisions are
 * recorded, manual enrolment is idempotent, completing a task is a touch.
 */
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import type { Store } from '../../server/store/db.js';
import { evaluatePlaybooks } from '../../server/playbooks/evaluate.js';
import { runDueSteps } from '../../server/playbooks/run-steps.js';
import { completeTask, enrolManually, listTasks } from '../../server/playbooks/care-service.js';
import { storeTargets } from '../store-harness.js';
import { TEST_LINKS } from '../helpers.js';
import { addCustomers, effectCounts, retailWith, tenantWithProgram, FROZEN_NOW } from './fixtures.js';

const T = 'care';

/** Gives each customer a tier as a scoring run would, so audiences and flags have something to read. */
async function setTiers(store: Store, rows: { id: string; tier: string | null; atRisk?: boolean }[]): Promise<void> {
  for (const r of rows) {
    await sql`
      insert into customer_scores (tenant_id, customer_id, run_id, as_of, program_version, score, tier, tier_since, tier_source, primary_reason, reasons, measure_values, normalized, points, flags, digest)
      values (${T}, ${r.id}, 1, '2026-11-23', 2, 90, ${r.tier}, '2026-01-01', 'score', 'score', '[]', '{}', '{}', '{}', ${JSON.stringify(r.atRisk ? [{ code: 'at_risk', reason: 'inactive', params: {} }] : [])}, 'x')
      on conflict (tenant_id, customer_id) do update set tier = excluded.tier, flags = excluded.flags`.execute(store.db);
  }
}

const AT_RISK = retailWith({
  playbooks: [
    {
      id: 'save',
      name: 'Save',
      trigger: { type: 'flag', flag: 'at_risk' },
      closeWhen: ['trigger_cleared', 'ordered'],
      steps: [
        { id: 'call', type: 'task', title: 'Call {{customer.name}}', due: '2d', priority: 'high' },
        { id: 'pause', type: 'wait', duration: '14d' },
        { id: 'again', type: 'task', title: 'Call again', touch: false },
      ],
    },
    {
      id: 'concierge',
      name: 'Concierge',
      trigger: { type: 'manual' },
      steps: [{ id: 'hello', type: 'task', title: 'Concierge for {{customer.name}}', touch: false }],
    },
    {
      id: 'note',
      name: 'Note',
      trigger: { type: 'tier_entered', tiers: ['diamond'] },
      steps: [{ id: 'mail', type: 'message', subject: 'Hi', body: 'Welcome {{customer.name}}' }],
    },
  ],
});

describe.each(storeTargets())('playbooks on $kind', (target) => {
  let store: Store | undefined;
  afterEach(async () => {
    await store?.close();
    store = undefined;
  });

  it('enrols once per occurrence, runs steps once, and closes work when the customer buys again', async () => {
    store = await target.open();
    await tenantWithProgram(store, T, AT_RISK);
    await addCustomers(store, T, 3);
    await setTiers(store, [
      { id: 'c000001', tier: 'diamond', atRisk: true },
      { id: 'c000002', tier: 'gold', atRisk: true },
      { id: 'c000003', tier: null, atRisk: true },
    ]);

    const first = await evaluatePlaybooks(store, { tenantId: T, now: FROZEN_NOW });
    // Two VIPs at risk; the non-VIP is outside the default audience.
    expect(first).toMatchObject({ enrolled: 2, episodesOpened: 2, closed: 0 });
    const again = await evaluatePlaybooks(store, { tenantId: T, now: new Date(FROZEN_NOW.getTime() + 3_600_000) });
    expect(again).toMatchObject({ enrolled: 0, skipped: 0, episodesOpened: 0 });

    const steps = await runDueSteps(store, { tenantId: T, now: FROZEN_NOW, links: TEST_LINKS });
    expect(steps).toMatchObject({ enrolments: 2, tasks: 2 });
    expect(await runDueSteps(store, { tenantId: T, now: FROZEN_NOW, links: TEST_LINKS })).toMatchObject({ enrolments: 0, tasks: 0 });

    // Customer 1 buys: the next evaluation closes their work with the reason; customer 2's stays open.
    await store.db.insertInto('orders').values({ tenant_id: T, id: 'o1', customer_id: 'c000001', ordered_at: new Date(FROZEN_NOW.getTime() + 86_400_000), amount_minor: 5000, items: 1 }).execute();
    const later = new Date(FROZEN_NOW.getTime() + 2 * 86_400_000);
    expect(await evaluatePlaybooks(store, { tenantId: T, now: later })).toMatchObject({ closed: 1 });
    const tasks = await store.db.selectFrom('care_tasks').select(['customer_id', 'status', 'closed_reason']).where('tenant_id', '=', T).orderBy('customer_id').execute();
    expect(tasks).toEqual([
      { customer_id: 'c000001', status: 'closed', closed_reason: 'ordered' },
      { customer_id: 'c000002', status: 'open', closed_reason: null },
    ]);

    // The flag clears for customer 2: the episode ends and the work closes as trigger_cleared.
    await setTiers(store, [{ id: 'c000002', tier: 'gold', atRisk: false }]);
    expect(await evaluatePlaybooks(store, { tenantId: T, now: new Date(later.getTime() + 86_400_000) })).toMatchObject({ closed: 1, episodesCleared: 1 });
    const enrolments = await store.db.selectFrom('playbook_enrolments').select(['customer_id', 'status', 'close_reason']).where('tenant_id', '=', T).orderBy('customer_id').execute();
    expect(enrolments).toEqual([
      { customer_id: 'c000001', status: 'closed', close_reason: 'ordered' },
      { customer_id: 'c000002', status: 'closed', close_reason: 'trigger_cleared' },
    ]);
    // Closed enrolments never run their later steps.
    expect(await runDueSteps(store, { tenantId: T, now: new Date(FROZEN_NOW.getTime() + 30 * 86_400_000), links: TEST_LINKS })).toMatchObject({ tasks: 0 });
  });

  it('records what the contact policy held back: no address, the touch cap, quiet hours', async () => {
    store = await target.open();
    await tenantWithProgram(store, T, AT_RISK);
    await addCustomers(store, T, 3);
    await store.db.updateTable('customers').set({ email: null }).where('id', '=', 'c000002').execute();
    await store.db.updateTable('customers').set({ timezone: 'Asia/Shanghai' }).where('id', '=', 'c000003').execute();
    await setTiers(store, [{ id: 'c000001', tier: 'diamond' }, { id: 'c000002', tier: 'diamond' }, { id: 'c000003', tier: 'diamond' }]);
    await store.db
      .insertInto('tier_assignments')
      .values(['c000001', 'c000002', 'c000003'].map((id) => ({ tenant_id: T, customer_id: id, as_of: '2026-11-23', from_tier: null, to_tier: 'diamond', reason_code: 'score', reasons: '[]', contributions: '[]' })))
      .execute();
    // c000001 already had four touches this month: the cap (4 per 30 days) drops the message.
    await store.db.insertInto('contact_log').values([1, 2, 3, 4].map((n) => ({ tenant_id: T, customer_id: 'c000001', source: `seed:${n}`, at: new Date(FROZEN_NOW.getTime() - n * 86_400_000), channel: 'email' }))).execute();

    expect(await evaluatePlaybooks(store, { tenantId: T, now: FROZEN_NOW })).toMatchObject({ enrolled: 3 });
    const run = await runDueSteps(store, { tenantId: T, now: FROZEN_NOW, links: TEST_LINKS });
    expect(run).toMatchObject({ messages: 0, suppressed: 2, deferred: 1 });
    const decisions = await store.db.selectFrom('care_decisions').select(['customer_id', 'outcome', 'reason', 'until']).where('tenant_id', '=', T).orderBy('customer_id').execute();
    expect(decisions).toEqual([
      { customer_id: 'c000001', outcome: 'suppressed', reason: 'frequency_cap', until: null },
      { customer_id: 'c000002', outcome: 'suppressed', reason: 'no_address', until: null },
      // 18:00 in Shanghai is after business hours: held until 09:00 Wednesday, Shanghai time.
      { customer_id: 'c000003', outcome: 'deferred', reason: 'business_hours', until: new Date('2026-11-25T01:00:00Z') },
    ]);
    expect(await runDueSteps(store, { tenantId: T, now: new Date('2026-11-25T01:00:00Z'), links: TEST_LINKS })).toMatchObject({ messages: 1 });
    const counts = await effectCounts(store, T);
    expect(counts).toMatchObject({ messages: 1, duplicates: 0, active: 0, completed: 3 });
  });

  it('enrols manually once per request key, and completing a task records a touch', async () => {
    store = await target.open();
    await tenantWithProgram(store, T, AT_RISK);
    await addCustomers(store, T, 1);
    const request = { tenantId: T, playbookId: 'concierge', customerId: 'c000001', requestKey: 'req-0001-abc', actor: 'api:test', now: FROZEN_NOW };
    const first = await enrolManually(store, request);
    expect(first.status).toBe('enrolled');
    expect(await enrolManually(store, request)).toEqual({ status: 'duplicate', enrolmentId: first.enrolmentId });
    expect((await enrolManually(store, { ...request, requestKey: 'req-0002-abc' })).status).toBe('already_enrolled');
    await expect(enrolManually(store, { ...request, playbookId: 'save' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(enrolManually(store, { ...request, customerId: 'nobody' })).rejects.toMatchObject({ code: 'CUSTOMER_NOT_FOUND' });
    // The message names the tenant as well as the customer.
    await expect(enrolManually(store, { ...request, customerId: 'nobody' })).rejects.toMatchObject({ params: { customer: 'nobody', tenant: T } });

    // The evaluation sees the manual event again in its catch-up window and must not enrol a second time.
    expect(await evaluatePlaybooks(store, { tenantId: T, now: FROZEN_NOW })).toMatchObject({ enrolled: 0 });
    expect(await runDueSteps(store, { tenantId: T, now: FROZEN_NOW, links: TEST_LINKS })).toMatchObject({ tasks: 1 });
    const [task] = (await listTasks(store, T, { limit: 10 })).items;
    expect(task).toMatchObject({ title: 'Concierge for Customer 1', status: 'open', queue: 'VIP care team' });
    const done = await completeTask(store, { tenantId: T, taskId: task?.id ?? 0, by: 'am-1', note: 'Called', now: FROZEN_NOW });
    expect(done.status).toBe('completed');
    await completeTask(store, { tenantId: T, taskId: task?.id ?? 0, by: 'am-1', note: 'again', now: FROZEN_NOW });
    const touches = await store.db.selectFrom('interactions').select(['id', 'kind', 'summary']).where('tenant_id', '=', T).execute();
    expect(touches).toEqual([{ id: `care-task:${task?.id}`, kind: 'task', summary: 'Called' }]);
  });

});

// Two pools on one Postgres schema stand for two worker processes; PGlite has one connection only.
describe.each(storeTargets().filter((t) => t.kind === 'postgres'))('concurrent workers on $kind', (target) => {
  let store: Store | undefined;
  afterEach(async () => {
    await store?.close();
    store = undefined;
  });

  it('two workers evaluating and running the same tenant at once create nothing twice', async () => {
    store = await target.open();
    const other = await target.openSameSchema?.(store);
    if (!other) throw new Error('the Postgres target opens a second pool on the same schema');
    try {
      await tenantWithProgram(store, T, AT_RISK);
      await addCustomers(store, T, 400);
      await sql`
        insert into customer_scores (tenant_id, customer_id, run_id, as_of, program_version, score, tier, tier_since, tier_source, primary_reason, reasons, measure_values, normalized, points, flags, digest)
        select ${T}, id, 1, '2026-11-23', 2, 90, 'gold', '2026-01-01', 'score', 'score', '[]', '{}', '{}', '{}', '[{"code":"at_risk"}]', 'x' from customers where tenant_id = ${T}`.execute(store.db);
      const results = await Promise.all([store, other, store, other].map((s) => evaluatePlaybooks(s, { tenantId: T, now: FROZEN_NOW })));
      expect(results.reduce((n, r) => n + r.enrolled, 0)).toBe(400);
      await Promise.all([store, other, store, other].map((s) => runDueSteps(s, { tenantId: T, now: FROZEN_NOW, batchSize: 25, links: TEST_LINKS })));
      expect(await effectCounts(store, T)).toMatchObject({ tasks: 400, duplicates: 0 });
    } finally {
      await other.close();
    }
  });
});
