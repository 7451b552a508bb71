/**
 * SLA warning, breach and the 48-hour follow-up run on the durable job runtime (pg-boss on the
 * same database) and survive a worker restart: the runtime is stopped between the warning and
 * the breach, a new one picks up, and each effect happens exactly once. The clock is injected.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { Store } from '../../server/store/db.js';
import { startJobRuntime, QUEUES, type JobRuntime } from '../../server/jobs/runtime.js';
import { createLogger } from '../../server/logging/logger.js';
import { outboxOnlyNotifier } from '../../server/notify/smtp-notifier.js';
import { changeComplaint, openComplaint } from '../../server/feedback/complaints.js';
import { storeTargets } from '../store-harness.js';
import { TEST_LINKS } from '../helpers.js';
import { retailWith, tenantWithProgram } from '../playbooks/fixtures.js';

const T = 'sla-jobs';
const T0 = new Date('2026-11-24T10:00:00Z');
const minutes = (n: number) => new Date(T0.getTime() + n * 60_000);

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function events(store: Store, type: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*)::int4 as n from complaint_events where tenant_id = ${T} and type = ${type}`.execute(store.db);
  return rows[0]?.n ?? 0;
}

describe.each(storeTargets())('SLA clocks and follow-ups on the job runtime ($kind)', (target) => {
  let store: Store | undefined;
  let runtime: JobRuntime | undefined;
  afterEach(async () => {
    await runtime?.stop();
    runtime = undefined;
    if (store?.kind === 'postgres') await sql.raw(`drop schema if exists ${store.schema}_jobs cascade`).execute(store.db);
    await store?.close();
    store = undefined;
  });

  it('warns, breaches after a restart, and follows up 48 hours after the resolution, each once', async () => {
    store = await target.open();
    await tenantWithProgram(store, T, retailWith({ playbooks: [] }));
    await sql`insert into customers (tenant_id, id, name, email, customer_since, account_manager) values (${T}, 'c1', 'Ada', 'ada@example.com', '2020-01-01', 'am-1')`.execute(store.db);
    await store.db.insertInto('care_owners').values([{ tenant_id: T, id: 'am-1', name: 'Alex', email: 'alex@example.com', manager_id: null }]).execute();
    // Critical: 30 minutes around the clock; the warning at 24.
    const { id } = await openComplaint(store, { tenantId: T, customerId: 'c1', source: 'api', sourceRef: 'job-test-1', subject: 'Order never arrived', description: null, priority: 'critical', openedAt: T0, actor: 'test', now: T0 });

    let now = minutes(25);
    const clock = { now: () => now };
    const start = () => startJobRuntime({ store: store as Store, logger: createLogger('silent'), notifier: outboxOnlyNotifier, links: TEST_LINKS, clock, work: true, pollingIntervalSeconds: 0.5 });

    runtime = await start();
    await until('the warning', async () => (await events(store as Store, 'sla_warned')) === 1);
    expect(await events(store, 'sla_breached')).toBe(0);

    // Restart: the first worker stops, the clock passes the deadline, a new worker takes over.
    await runtime.stop();
    now = minutes(31);
    runtime = await start();
    await until('the breach', async () => (await events(store as Store, 'escalated')) === 1);
    const tasks = await store.db.selectFrom('care_tasks').select(['queue', 'complaint_id']).where('tenant_id', '=', T).execute();
    // No manager for am-1: the escalation goes to the queue.
    expect(tasks).toEqual([{ queue: 'VIP escalations', complaint_id: id }]);

    await changeComplaint(store, 'resolve', { tenantId: T, id, actor: 'am-1', now: minutes(40) });
    now = minutes(40 + 48 * 60 - 5);
    await runtime.send(QUEUES.tick, {});
    await new Promise((r) => setTimeout(r, 2_000));
    expect(await events(store, 'follow_up_sent')).toBe(0);
    now = minutes(40 + 48 * 60 + 1);
    await runtime.send(QUEUES.tick, {});
    await until('the follow-up', async () => (await events(store as Store, 'follow_up_sent')) === 1);
    // Delivered through the outbox by the same runtime.
    await until('the follow-up delivery', async () => {
      const row = await (store as Store).db.selectFrom('outbox_messages').select('status').where('tenant_id', '=', T).where('kind', '=', 'survey').executeTakeFirst();
      return row?.status === 'recorded';
    });

    // More ticks change nothing.
    await runtime.send(QUEUES.tick, {});
    await new Promise((r) => setTimeout(r, 2_000));
    // The resolution (4h) was met long before its warning.
    expect(await events(store, 'sla_warned')).toBe(1);
    expect(await events(store, 'escalated')).toBe(1);
    expect(await events(store, 'follow_up_sent')).toBe(1);
    const { rows } = await sql<{ n: number }>`select count(*)::int4 as n from survey_invitations where tenant_id = ${T}`.execute(store.db);
    expect(rows[0]?.n).toBe(1);
  });
});
