/**
 * Care work as people see it: tasks to list and complete, messages in the outbox, and manual
 * enrolment. Completing a task is idempotent and records a touch (an interaction), which is what
 * the no-touch trigger and the `touched` close reason read.
 */
import { sql, type Selectable } from 'kysely';
import { localDate } from '../../core/playbooks/duration.js';
import type { Database } from '../store/schema.js';
import { VipCareError } from '../../core/errors.js';
import { admitOccurrences, episodeKey, type EnrolmentHistory } from '../../core/playbooks/triggers.js';
import type { Store } from '../store/db.js';
import { activeProgram } from '../store/repositories/programs.js';

export interface TaskView {
  id: number;
  customerId: string;
  playbookId: string | null;
  stepId: string | null;
  title: string;
  description: string | null;
  ownerId: string | null;
  queue: string | null;
  priority: string;
  dueAt: string;
  status: string;
  createdAt: string;
  completedAt: string | null;
  closedReason: string | null;
}

export async function listTasks(store: Store, tenantId: string, opts: { status?: 'open' | 'completed' | 'closed'; customerId?: string; owner?: string; after?: number; limit: number }): Promise<{ items: TaskView[]; next: number | null }> {
  let q = store.db
    .selectFrom('care_tasks')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .orderBy('id')
    .limit(opts.limit + 1);
  if (opts.status) q = q.where('status', '=', opts.status);
  if (opts.customerId) q = q.where('customer_id', '=', opts.customerId);
  if (opts.owner) q = q.where('owner_id', '=', opts.owner);
  if (opts.after !== undefined) q = q.where('id', '>', opts.after);
  const rows = await q.execute();
  const items = rows.slice(0, opts.limit).map(toTaskView);
  return { items, next: rows.length > opts.limit ? (items.at(-1)?.id ?? null) : null };
}

type TaskRow = Selectable<Database['care_tasks']>;

function toTaskView(r: TaskRow): TaskView {
  return {
    id: r.id,
    customerId: r.customer_id,
    playbookId: r.playbook_id,
    stepId: r.step_id,
    title: r.title,
    description: r.description,
    ownerId: r.owner_id,
    queue: r.queue,
    priority: r.priority,
    dueAt: r.due_at.toISOString(),
    status: r.status,
    createdAt: r.created_at.toISOString(),
    completedAt: r.completed_at?.toISOString() ?? null,
    closedReason: r.closed_reason,
  };
}

export async function completeTask(store: Store, opts: { tenantId: string; taskId: number; by: string; note: string | null; now: Date }): Promise<TaskView> {
  await store.db.transaction().execute(async (trx) => {
    const task = await trx.selectFrom('care_tasks').select(['id', 'customer_id', 'status', 'title']).where('tenant_id', '=', opts.tenantId).where('id', '=', opts.taskId).forUpdate().executeTakeFirst();
    if (!task) throw new VipCareError('NOT_FOUND', { what: `task ${opts.taskId}` });
    if (task.status === 'completed') return;
    if (task.status === 'closed') throw new VipCareError('INVALID_INPUT', { field: `task ${opts.taskId} was closed and cannot be completed` });
    await trx.updateTable('care_tasks').set({ status: 'completed', completed_at: opts.now, completed_by: opts.by, updated_at: opts.now }).where('id', '=', task.id).execute();
    await trx
      .insertInto('interactions')
      .values({ tenant_id: opts.tenantId, id: `care-task:${task.id}`, customer_id: task.customer_id, kind: 'task', occurred_at: opts.now, summary: opts.note ?? task.title })
      .onConflict((oc) => oc.columns(['tenant_id', 'id']).doNothing())
      .execute();
  });
  const row = await store.db.selectFrom('care_tasks').selectAll().where('tenant_id', '=', opts.tenantId).where('id', '=', opts.taskId).executeTakeFirstOrThrow();
  return toTaskView(row);
}

export type EnrolResult = { status: 'enrolled'; enrolmentId: number } | { status: 'already_enrolled' | 'cooldown' | 'duplicate'; enrolmentId: number | null };

/**
 * Enrols one customer in a manual playbook now. `requestKey` makes the call idempotent: the same
 * key returns the same enrolment, however often it is sent.
 */
export async function enrolManually(store: Store, opts: { tenantId: string; playbookId: string; customerId: string; requestKey: string; actor: string; now: Date }): Promise<EnrolResult> {
  const active = await activeProgram(store.db, opts.tenantId);
  if (!active) throw new VipCareError('NO_PROGRAM', { tenant: opts.tenantId });
  const playbook = active.program.playbooks.find((p) => p.id === opts.playbookId);
  if (!playbook || playbook.trigger.type !== 'manual' || !playbook.enabled) throw new VipCareError('NOT_FOUND', { what: `manual playbook ${opts.playbookId}` });
  const occurrenceKey = `manual:${opts.requestKey}`;
  return store.db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(hashtext(${`vip-care:playbooks:${opts.tenantId}`}))`.execute(trx);
    const customer = await trx.selectFrom('customers as c').leftJoin('customer_scores as s', (j) => j.onRef('s.tenant_id', '=', 'c.tenant_id').onRef('s.customer_id', '=', 'c.id')).select(['c.id', 's.tier']).where('c.tenant_id', '=', opts.tenantId).where('c.id', '=', opts.customerId).executeTakeFirst();
    if (!customer) throw new VipCareError('CUSTOMER_NOT_FOUND', { customer: opts.customerId, tenant: opts.tenantId });
    const previous = await trx.selectFrom('playbook_enrolments').select(['id', 'occurrence_key', 'status', 'enrolled_at']).where('tenant_id', '=', opts.tenantId).where('playbook_id', '=', playbook.id).where('customer_id', '=', customer.id).orderBy('enrolled_at', 'desc').execute();
    const same = previous.find((p) => p.occurrence_key === occurrenceKey);
    if (same) return { status: 'duplicate', enrolmentId: same.id };
    const history = new Map<string, EnrolmentHistory>([[episodeKey(playbook.id, customer.id), { active: previous.some((p) => p.status === 'active'), lastEnrolledAt: previous[0]?.enrolled_at ?? null }]]);
    const occurrence = { playbookId: playbook.id, customerId: customer.id, occurrenceKey, detail: `manual by ${opts.actor}`, tier: customer.tier };
    const admitted = admitOccurrences(active.program, [occurrence], new Set(), history, opts.now);
    const skipped = admitted.skipped[0];
    if (skipped) return { status: skipped.reason, enrolmentId: previous.find((p) => p.status === 'active')?.id ?? null };
    await trx
      .insertInto('care_events')
      .values({ tenant_id: opts.tenantId, id: `manual:${opts.requestKey}`, customer_id: customer.id, type: 'manual_enrolment', playbook_id: playbook.id, occurred_at: opts.now, payload: JSON.stringify({ actor: opts.actor }) })
      .onConflict((oc) => oc.columns(['tenant_id', 'id']).doNothing())
      .execute();
    const day = localDate(opts.now, active.program.timezone);
    const row = await trx
      .insertInto('playbook_enrolments')
      .values({
        tenant_id: opts.tenantId,
        playbook_id: playbook.id,
        customer_id: customer.id,
        occurrence_key: occurrenceKey,
        detail: occurrence.detail,
        program_version: active.version,
        tier: customer.tier,
        status: 'active',
        step_id: playbook.steps[0]?.id ?? null,
        step_seq: 0,
        next_run_at: opts.now,
        enrolled_at: opts.now,
        enrolled_on: day,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { status: 'enrolled', enrolmentId: row.id };
  });
}
