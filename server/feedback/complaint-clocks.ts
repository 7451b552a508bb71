/**
 * Brings a complaint's SLA clocks up to `now` and records what they passed through: each
 * transition as a complaint event, a warning notice to the owner, and on a breach an escalation
 * task for the owner's manager (or the escalation queue) with a notice. Everything is keyed by
 * complaint, reopen count, clock and state, so a retried sweep adds nothing.
 */
import { sql, type Transaction } from 'kysely';
import { resolveLocale, translator, type Locale } from '../../core/i18n/index.js';
import { complaintClocks, slaCalendar, type ClockTransition } from '../../core/feedback/complaints.js';
import { slaDurationMs, type SlaPolicy } from '../../core/feedback/schema.js';
import { addDuration } from '../../core/playbooks/duration.js';
import type { Program } from '../../core/program/schema.js';
import type { Database } from '../store/schema.js';

type Trx = Transaction<Database>;

export interface ComplaintRow {
  id: number;
  tenant_id: string;
  customer_id: string;
  subject: string;
  priority: 'low' | 'normal' | 'high' | 'critical';
  status: 'open' | 'waiting' | 'resolved';
  owner_id: string | null;
  policy: Pick<SlaPolicy, 'firstResponse' | 'resolution' | 'calendar'> & { priority: string };
  opened_at: Date;
  first_response_at: Date | null;
  first_response_state: 'running' | 'warned' | 'breached' | 'met' | 'missed';
  resolved_at: Date | null;
  resolution_state: 'running' | 'warned' | 'breached' | 'met' | 'missed';
  reopened: number;
}

export async function lockComplaint(trx: Trx, tenantId: string, id: number): Promise<ComplaintRow | undefined> {
  const { rows } = await sql<ComplaintRow>`
    select id, tenant_id, customer_id, subject, priority, status, owner_id, policy, opened_at, first_response_at, first_response_state,
      resolved_at, resolution_state, reopened
    from complaints where tenant_id = ${tenantId} and id = ${id} for update`.execute(trx);
  return rows[0];
}

export async function recordComplaintEvent(
  trx: Trx,
  e: { tenantId: string; complaintId: number; key: string; type: string; at: Date; actor: string; detail?: Record<string, unknown> },
): Promise<boolean> {
  const { rows } = await sql<{ id: number }>`
    insert into complaint_events (tenant_id, complaint_id, dedup_key, type, at, actor, detail)
    values (${e.tenantId}, ${e.complaintId}, ${e.key}, ${e.type}, ${e.at}, ${e.actor}, ${JSON.stringify(e.detail ?? {})}::jsonb)
    on conflict (tenant_id, dedup_key) do nothing returning id`.execute(trx);
  return rows.length > 0;
}

/** Recomputes both clocks of a locked complaint, records transitions and their consequences, stores the new position. */
export async function refreshClocks(trx: Trx, program: Program, c: ComplaintRow, now: Date): Promise<ClockTransition[]> {
  const pauses = await trx.selectFrom('complaint_pauses').select(['started_at', 'ended_at']).where('complaint_id', '=', c.id).execute();
  const clocks = complaintClocks(
    {
      openedAt: c.opened_at,
      policy: c.policy,
      warnAt: program.feedback.sla.warnAt,
      calendar: slaCalendar(program, c.policy),
      pauses: pauses.map((p) => ({ from: p.started_at, to: p.ended_at })),
      firstResponseAt: c.first_response_at,
      resolvedAt: c.resolved_at,
      firstResponseState: c.first_response_state,
      resolutionState: c.resolution_state,
    },
    now,
  );
  for (const tr of clocks.transitions) {
    const base = `sla:${c.id}:${c.reopened}:${tr.clock}:${tr.to}`;
    const fresh = await recordComplaintEvent(trx, {
      tenantId: c.tenant_id,
      complaintId: c.id,
      key: base,
      type: `sla_${tr.to}`,
      at: tr.at,
      actor: 'system:sla',
      detail: { clock: tr.clock, from: tr.from },
    });
    if (!fresh) continue;
    const position = tr.clock === 'first_response' ? clocks.firstResponse : clocks.resolution;
    if (tr.to === 'warned' && !(position.state === 'breached' || position.state === 'missed')) await warnOwner(trx, c, tr, position.dueAt, now);
    if (tr.to === 'breached') await escalate(trx, program, c, tr, now);
  }
  await trx
    .updateTable('complaints')
    .set({
      first_response_state: clocks.firstResponse.state,
      first_response_due_at: clocks.firstResponse.dueAt,
      resolution_state: clocks.resolution.state,
      resolution_due_at: clocks.resolution.dueAt,
      next_check_at: clocks.nextCheckAt,
      updated_at: now,
    })
    .where('id', '=', c.id)
    .execute();
  c.first_response_state = clocks.firstResponse.state;
  c.resolution_state = clocks.resolution.state;
  return clocks.transitions;
}

interface Person {
  id: string;
  name: string | null;
  email: string | null;
  manager_id: string | null;
}

async function owner(trx: Trx, tenantId: string, id: string | null): Promise<Person | undefined> {
  if (!id) return undefined;
  return trx.selectFrom('care_owners').select(['id', 'name', 'email', 'manager_id']).where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
}

async function tenantLocale(trx: Trx, tenantId: string): Promise<Locale> {
  const row = await trx.selectFrom('tenants').select('locale').where('id', '=', tenantId).executeTakeFirst();
  return resolveLocale(row?.locale);
}

async function customerName(trx: Trx, tenantId: string, customerId: string): Promise<string> {
  const row = await trx.selectFrom('customers').select('name').where('tenant_id', '=', tenantId).where('id', '=', customerId).executeTakeFirst();
  return row?.name ?? customerId;
}

async function queueNotice(trx: Trx, c: ComplaintRow, key: string, to: string, locale: Locale, subject: string, body: string, now: Date): Promise<void> {
  await trx
    .insertInto('outbox_messages')
    .values({ tenant_id: c.tenant_id, dedup_key: key, customer_id: c.customer_id, kind: 'notice', survey: null, invitation_id: null, deliver_after: null, enrolment_id: null, playbook_id: null, step_id: null, channel: 'email', to_address: to, locale, subject, body, created_at: now })
    .onConflict((oc) => oc.columns(['tenant_id', 'dedup_key']).doNothing())
    .execute();
}

async function warnOwner(trx: Trx, c: ComplaintRow, tr: ClockTransition, dueAt: Date | null, now: Date): Promise<void> {
  const person = await owner(trx, c.tenant_id, c.owner_id);
  if (!person?.email) return;
  const locale = await tenantLocale(trx, c.tenant_id);
  const t = translator(locale);
  const params = { id: c.id, customer: await customerName(trx, c.tenant_id, c.customer_id), subject: c.subject, priority: c.priority, clock: t(`feedback.complaint.clock_${tr.clock}`), due: dueAt?.toISOString() ?? '' };
  await queueNotice(trx, c, `notice:${c.id}:${c.reopened}:${tr.clock}:warned`, person.email, locale, t('feedback.complaint.warningSubject', params), t('feedback.complaint.warningBody', params), now);
}

async function escalate(trx: Trx, program: Program, c: ComplaintRow, tr: ClockTransition, now: Date): Promise<void> {
  const person = await owner(trx, c.tenant_id, c.owner_id);
  const manager = await owner(trx, c.tenant_id, person?.manager_id ?? null);
  const locale = await tenantLocale(trx, c.tenant_id);
  const t = translator(locale);
  const target = tr.clock === 'first_response' ? c.policy.firstResponse : c.policy.resolution;
  const params = {
    id: c.id,
    customer: await customerName(trx, c.tenant_id, c.customer_id),
    subject: c.subject,
    priority: c.priority,
    clock: t(`feedback.complaint.clock_${tr.clock}`),
    target,
    due: tr.at.toISOString(),
    owner: person?.name ?? c.owner_id ?? t('feedback.complaint.escalationQueueOwner'),
  };
  const key = `complaint:${c.id}:${c.reopened}:${tr.clock}:breach`;
  await trx
    .insertInto('care_tasks')
    .values({
      tenant_id: c.tenant_id,
      dedup_key: key,
      enrolment_id: null,
      playbook_id: null,
      step_id: null,
      complaint_id: c.id,
      customer_id: c.customer_id,
      title: t('feedback.complaint.escalationTitle', params),
      description: t('feedback.complaint.escalationBody', params),
      owner_id: manager?.id ?? null,
      queue: manager ? null : program.feedback.sla.escalation.queue,
      priority: 'urgent',
      locale,
      due_at: addDuration(now, program.feedback.sla.escalation.due, program.timezone),
      created_at: now,
      completed_at: null,
      completed_by: null,
      closed_reason: null,
      external_id: null,
      synced_at: null,
    })
    .onConflict((oc) => oc.columns(['tenant_id', 'dedup_key']).doNothing())
    .execute();
  await recordComplaintEvent(trx, {
    tenantId: c.tenant_id,
    complaintId: c.id,
    key: `escalated:${c.id}:${c.reopened}:${tr.clock}`,
    type: 'escalated',
    at: now,
    actor: 'system:sla',
    detail: { clock: tr.clock, to: manager ? { owner: manager.id } : { queue: program.feedback.sla.escalation.queue }, targetMs: slaDurationMs(target) },
  });
  if (manager?.email) {
    await queueNotice(trx, c, `notice:${c.id}:${c.reopened}:${tr.clock}:breached`, manager.email, locale, t('feedback.complaint.breachSubject', params), t('feedback.complaint.escalationBody', params), now);
  }
}
