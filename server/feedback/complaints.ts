/**
 * Complaints: opened from CRM tickets/cases, from detractor answers and from the API, one per
 * source reference; moved through first response, waiting on the customer (the SLA clocks
 * pause), resolution and reopening. Each operation is one transaction on the locked row and
 * records its transition; repeating an operation that already happened changes nothing.
 */
import { sql, type Selectable, type Transaction } from 'kysely';
import { VipCareError } from '../../core/errors.js';
import { complaintPriority, slaPolicyFor } from '../../core/feedback/complaints.js';
import { analyseSentiment, type Sentiment } from '../../core/feedback/sentiment.js';
import type { ComplaintPriority } from '../../core/feedback/schema.js';
import { addDuration } from '../../core/playbooks/duration.js';
import type { Program } from '../../core/program/schema.js';
import type { Store } from '../store/db.js';
import type { ComplaintsTable, Database } from '../store/schema.js';
import { activeProgram } from '../store/repositories/programs.js';
import { lockComplaint, recordComplaintEvent, refreshClocks, type ComplaintRow } from './complaint-clocks.js';
import { markActed, openLoop, reopenLoop } from './loops.js';

type Trx = Transaction<Database>;

export interface OpenComplaintInput {
  tenantId: string;
  customerId: string;
  source: 'crm' | 'feedback' | 'api';
  /** CRM ticket id, response id or request key: the same reference never opens a second complaint. */
  sourceRef: string;
  subject: string;
  description: string | null;
  priority: ComplaintPriority | null;
  ownerId?: string | null;
  openedAt: Date;
  actor: string;
  now: Date;
}

export async function requireFeedbackProgram(store: Store | Trx, tenantId: string): Promise<Program> {
  const active = await activeProgram('db' in store ? store.db : store, tenantId);
  if (!active) throw new VipCareError('NO_PROGRAM', { tenant: tenantId });
  return active.program;
}

/** Opens (or finds) a complaint inside the caller's transaction. */
export async function openComplaintIn(trx: Trx, program: Program, input: OpenComplaintInput): Promise<{ id: number; created: boolean }> {
  const existing = await trx
    .selectFrom('complaints')
    .select('id')
    .where('tenant_id', '=', input.tenantId)
    .where('source', '=', input.source)
    .where('source_ref', '=', input.sourceRef)
    .executeTakeFirst();
  if (existing) return { id: existing.id, created: false };
  const customer = await trx
    .selectFrom('customers as c')
    .leftJoin('customer_scores as s', (j) => j.onRef('s.tenant_id', '=', 'c.tenant_id').onRef('s.customer_id', '=', 'c.id'))
    .select(['c.id', 'c.account_manager', 's.tier'])
    .where('c.tenant_id', '=', input.tenantId)
    .where('c.id', '=', input.customerId)
    .executeTakeFirst();
  if (!customer) throw new VipCareError('CUSTOMER_NOT_FOUND', { customer: input.customerId, tenant: input.tenantId });
  // Postgres text cannot hold NUL (CRM exports sometimes carry one).
  const subject = input.subject.replaceAll('\u0000', '');
  const description = input.description?.replaceAll('\u0000', '') ?? null;
  const text = [subject, description].filter(Boolean).join('\n');
  const sentiment: Sentiment = analyseSentiment(text).label;
  const { priority, reasons } = complaintPriority(program.feedback.complaints, { requested: input.priority, sentiment, tier: customer.tier });
  const policy = slaPolicyFor(program.feedback.sla, priority, customer.tier);
  const inserted = await trx
    .insertInto('complaints')
    .values({
      tenant_id: input.tenantId,
      customer_id: customer.id,
      source: input.source,
      source_ref: input.sourceRef,
      subject,
      description,
      priority,
      priority_reasons: reasons,
      sentiment,
      tier: customer.tier,
      owner_id: input.ownerId ?? customer.account_manager,
      status: 'open',
      policy: JSON.stringify(policy),
      opened_at: input.openedAt,
      first_response_at: null,
      first_response_due_at: null,
      resolved_at: null,
      resolution_due_at: null,
      next_check_at: null,
      follow_up_at: null,
      updated_at: input.now,
    })
    // Two deliveries of the same CRM ticket racing: the unique key decides, the loser reads the winner.
    .onConflict((oc) => oc.columns(['tenant_id', 'source', 'source_ref']).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!inserted) {
    const winner = await trx.selectFrom('complaints').select('id').where('tenant_id', '=', input.tenantId).where('source', '=', input.source).where('source_ref', '=', input.sourceRef).executeTakeFirstOrThrow();
    return { id: winner.id, created: false };
  }
  const id = inserted.id;
  await recordComplaintEvent(trx, { tenantId: input.tenantId, complaintId: id, key: `opened:${id}`, type: 'opened', at: input.openedAt, actor: input.actor, detail: { source: input.source, priority, reasons, sentiment, policy } });
  // Playbooks react to complaints ("complaint opened" triggers).
  await trx
    .insertInto('care_events')
    .values({ tenant_id: input.tenantId, id: `complaint:${id}:opened`, customer_id: customer.id, type: 'complaint_opened', playbook_id: null, occurred_at: input.openedAt, payload: JSON.stringify({ complaintId: id, priority }) })
    .onConflict((oc) => oc.columns(['tenant_id', 'id']).doNothing())
    .execute();
  await openLoop(trx, {
    tenantId: input.tenantId,
    type: 'complaint',
    id: String(id),
    customerId: customer.id,
    collectedAt: input.openedAt,
    collectedBy: input.actor,
    analysedAt: input.now,
    analysedBy: 'system:triage',
  });
  const row = (await lockComplaint(trx, input.tenantId, id)) as ComplaintRow;
  await refreshClocks(trx, program, row, input.now);
  return { id, created: true };
}

export async function openComplaint(store: Store, input: OpenComplaintInput): Promise<{ id: number; created: boolean }> {
  const program = await requireFeedbackProgram(store, input.tenantId);
  return store.db.transaction().execute((trx) => openComplaintIn(trx, program, input));
}

type Operation = 'respond' | 'wait' | 'resume' | 'resolve' | 'reopen';

export interface ComplaintAction {
  tenantId: string;
  id: number;
  /** When it happened (a CRM reports past times); defaults to now. */
  at?: Date;
  actor: string;
  note?: string | null;
  now: Date;
}

/** Applies one operation to a complaint. Returns false when it was already in that state (a repeat). */
export async function changeComplaint(store: Store, op: Operation, a: ComplaintAction): Promise<boolean> {
  const program = await requireFeedbackProgram(store, a.tenantId);
  return store.db.transaction().execute((trx) => changeComplaintIn(trx, program, op, a));
}

export async function changeComplaintIn(trx: Trx, program: Program, op: Operation, a: ComplaintAction): Promise<boolean> {
  const c = await lockComplaint(trx, a.tenantId, a.id);
  if (!c) throw new VipCareError('NOT_FOUND', { what: `complaint ${a.id}` });
  const at = a.at ?? a.now;
  if (at < c.opened_at) throw new VipCareError('INVALID_INPUT', { field: `at: before the complaint was opened (${c.opened_at.toISOString()})` });
  const event = (type: string, key: string, detail: Record<string, unknown> = {}) =>
    recordComplaintEvent(trx, { tenantId: a.tenantId, complaintId: c.id, key, type, at, actor: a.actor, detail: { ...detail, ...(a.note ? { note: a.note } : {}) } });
  const conflict = (detail: string) => new VipCareError('CONFLICT', { detail: `complaint ${c.id} is ${c.status}: ${detail}` });

  switch (op) {
    case 'respond': {
      if (c.first_response_at) return false;
      if (c.status === 'resolved') throw conflict('it cannot get a first response');
      await trx.updateTable('complaints').set({ first_response_at: at, updated_at: a.now }).where('id', '=', c.id).execute();
      c.first_response_at = at;
      await event('first_response', `first_response:${c.id}`);
      break;
    }
    case 'wait': {
      if (c.status === 'waiting') return false;
      if (c.status !== 'open') throw conflict('only an open complaint can wait on the customer');
      await trx.insertInto('complaint_pauses').values({ tenant_id: a.tenantId, complaint_id: c.id, started_at: at, ended_at: null }).onConflict((oc) => oc.columns(['complaint_id', 'started_at']).doNothing()).execute();
      await trx.updateTable('complaints').set({ status: 'waiting', updated_at: a.now }).where('id', '=', c.id).execute();
      await event('waiting', `waiting:${c.id}:${at.toISOString()}`);
      break;
    }
    case 'resume': {
      if (c.status === 'open') return false;
      if (c.status !== 'waiting') throw conflict('only a waiting complaint can resume');
      await closePause(trx, c.id, at);
      await trx.updateTable('complaints').set({ status: 'open', updated_at: a.now }).where('id', '=', c.id).execute();
      await event('resumed', `resumed:${c.id}:${at.toISOString()}`);
      break;
    }
    case 'resolve': {
      if (c.status === 'resolved') return false;
      await closePause(trx, c.id, at);
      const followUp = program.feedback.complaints.followUp;
      const followUpAt = followUp ? addDuration(at, followUp.after, program.timezone) : null;
      await trx.updateTable('complaints').set({ status: 'resolved', resolved_at: at, follow_up_at: followUpAt, updated_at: a.now }).where('id', '=', c.id).execute();
      c.resolved_at = at;
      await event('resolved', `resolved:${c.id}:${c.reopened}`, { followUpAt: followUpAt?.toISOString() ?? null });
      await markActed(trx, a.tenantId, 'complaint', String(c.id), at, a.actor, a.note ?? null);
      await trx
        .insertInto('care_events')
        .values({ tenant_id: a.tenantId, id: `complaint:${c.id}:resolved:${c.reopened}`, customer_id: c.customer_id, type: 'complaint_resolved', playbook_id: null, occurred_at: at, payload: JSON.stringify({ complaintId: c.id }) })
        .onConflict((oc) => oc.columns(['tenant_id', 'id']).doNothing())
        .execute();
      break;
    }
    case 'reopen': {
      if (c.status !== 'resolved') return false;
      // The time it stood resolved does not count against the resolution target.
      if (c.resolved_at) {
        await trx.insertInto('complaint_pauses').values({ tenant_id: a.tenantId, complaint_id: c.id, started_at: c.resolved_at, ended_at: at }).onConflict((oc) => oc.columns(['complaint_id', 'started_at']).doNothing()).execute();
      }
      const reopened = c.reopened + 1;
      await trx
        .updateTable('complaints')
        .set({ status: 'open', resolved_at: null, follow_up_at: null, reopened, resolution_state: 'running', updated_at: a.now })
        .where('id', '=', c.id)
        .execute();
      await event('reopened', `reopened:${c.id}:${reopened}`);
      await reopenLoop(trx, a.tenantId, 'complaint', String(c.id));
      c.reopened = reopened;
      c.resolved_at = null;
      c.resolution_state = 'running';
      c.status = 'open';
      break;
    }
  }
  await refreshClocks(trx, program, c, a.now);
  return true;
}

async function closePause(trx: Trx, complaintId: number, at: Date): Promise<void> {
  await sql`update complaint_pauses set ended_at = greatest(${at}::timestamptz, started_at) where complaint_id = ${complaintId} and ended_at is null`.execute(trx);
}

export interface ComplaintView {
  id: number;
  customerId: string;
  source: string;
  sourceRef: string;
  subject: string;
  description: string | null;
  priority: ComplaintPriority;
  priorityReasons: string[];
  sentiment: Sentiment | null;
  tier: string | null;
  ownerId: string | null;
  status: 'open' | 'waiting' | 'resolved';
  openedAt: Date;
  reopened: number;
  policy: ComplaintRow['policy'];
  firstResponse: { state: string; dueAt: Date | null; at: Date | null; msLeft: number | null };
  resolution: { state: string; dueAt: Date | null; at: Date | null; msLeft: number | null };
  followUpAt: Date | null;
}

function toView(r: Selectable<ComplaintsTable>, now: Date): ComplaintView {
  const left = (due: Date | null, done: Date | null) => (done || !due ? null : due.getTime() - now.getTime());
  return {
    id: r.id,
    customerId: r.customer_id,
    source: r.source,
    sourceRef: r.source_ref,
    subject: r.subject,
    description: r.description,
    priority: r.priority,
    priorityReasons: r.priority_reasons,
    sentiment: r.sentiment,
    tier: r.tier,
    ownerId: r.owner_id,
    status: r.status,
    openedAt: r.opened_at,
    reopened: r.reopened,
    policy: r.policy as ComplaintRow['policy'],
    firstResponse: { state: r.first_response_state, dueAt: r.first_response_due_at, at: r.first_response_at, msLeft: left(r.first_response_due_at, r.first_response_at) },
    resolution: { state: r.resolution_state, dueAt: r.resolution_due_at, at: r.resolved_at, msLeft: left(r.resolution_due_at, r.resolved_at) },
    followUpAt: r.follow_up_at,
  };
}

export async function getComplaint(store: Store, tenantId: string, id: number, now: Date): Promise<ComplaintView & { events: { type: string; at: Date; actor: string; detail: unknown }[] }> {
  const row = await store.db.selectFrom('complaints').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
  if (!row) throw new VipCareError('NOT_FOUND', { what: `complaint ${id}` });
  const events = await store.db.selectFrom('complaint_events').select(['type', 'at', 'actor', 'detail']).where('complaint_id', '=', id).orderBy('at').orderBy('id').execute();
  return { ...toView(row, now), events };
}

export async function listComplaints(
  store: Store,
  tenantId: string,
  q: { status?: 'open' | 'waiting' | 'resolved'; customerId?: string; limit: number; cursor?: number },
  now: Date,
): Promise<{ items: ComplaintView[]; nextCursor: number | null }> {
  let query = store.db.selectFrom('complaints').selectAll().where('tenant_id', '=', tenantId);
  if (q.status) query = query.where('status', '=', q.status);
  if (q.customerId) query = query.where('customer_id', '=', q.customerId);
  if (q.cursor !== undefined) query = query.where('id', '<', q.cursor);
  const rows = await query.orderBy('id', 'desc').limit(q.limit + 1).execute();
  const items = rows.slice(0, q.limit).map((r) => toView(r, now));
  return { items, nextCursor: rows.length > q.limit ? (items.at(-1)?.id ?? null) : null };
}
