/**
 * The VIP card behind both CRMs: the record a card sits on is resolved to our customer through
 * its CRM link (within the verified tenant), the view is built from stored snapshots in a few
 * indexed reads, and the card's actions go through the same services as the API.
 */
import { sql, type RawBuilder } from 'kysely';
import { buildVipCardView, CARD_LIMITS, type CardSnapshot, type VipCardView } from '../../core/card/view.js';
import type { Contribution } from '../../core/scoring/engine.js';
import type { Clock } from '../../core/ports/clock.js';
import type { CompleteTaskBody, LogTouchBody, RecordFeedbackBody } from '../../core/card/actions.js';
import { VipCareError } from '../../core/errors.js';
import type { Locale } from '../../core/i18n/index.js';
import type { CrmProvider } from '../../core/ports/crm-connector.js';
import { decodeContributions } from '../../core/scoring/contributions-codec.js';
import type { Flag } from '../../core/scoring/flags.js';
import type { Reason } from '../../core/scoring/tiers.js';
import { recordFeedback } from '../feedback/responses.js';
import { completeTask } from '../playbooks/care-service.js';
import type { Store } from '../store/db.js';
import { programVersion } from '../store/repositories/programs.js';

export interface CardCaller {
  tenantId: string;
  provider: CrmProvider;
  /** `hubspot-user:123`, `salesforce-user:005...`: who acted, for the audit trail. */
  actor: string;
}

/** Our customer behind a CRM record, or CUSTOMER_NOT_FOUND (the card shows "not in the program yet"). */
export async function customerForRecord(store: Store, caller: CardCaller, objectType: string, objectId: string): Promise<string> {
  const link = await store.db
    .selectFrom('crm_links')
    .select('local_id')
    .where('tenant_id', '=', caller.tenantId)
    .where('provider', '=', caller.provider)
    .where('object_type', '=', objectType)
    .where('object_id', '=', objectId)
    .executeTakeFirst();
  if (!link) throw new VipCareError('CUSTOMER_NOT_FOUND', { customer: `${objectType} ${objectId}`, tenant: caller.tenantId });
  return link.local_id;
}

interface SnapshotRow {
  id: string;
  name: string | null;
  owner: string | null;
  active_program_version: number | null;
  frozen_clock: Date | null;
  as_of: string | null;
  score: number | null;
  tier: string | null;
  tier_since: string | null;
  tier_source: 'score' | 'rule' | 'override' | null;
  reasons: Reason[] | null;
  flags: Flag[] | null;
  measure_values: (number | null)[] | null;
  normalized: (number | null)[] | null;
  points: (number | null)[] | null;
  program_version: number | null;
  predicted_value: number | null;
  churn_risk: number | null;
  history: { asOf: string; score: number }[];
  tasks: { id: number; title: string; dueAt: string; priority: CardSnapshot['tasks'][number]['priority']; owner: string | null }[];
  open_tasks: number;
  complaints: { id: number; subject: string; priority: CardSnapshot['complaints'][number]['priority']; status: 'open' | 'waiting'; frState: string; frDue: string | null; frAt: string | null; resState: string; resDue: string | null }[];
  open_complaints: number;
  nps: { score: number; at: string } | null;
  csat: { score: number; at: string } | null;
}

const date = (iso: string | null) => (iso === null ? null : new Date(iso));

/**
 * Everything a card shows about one customer, in one statement: a card request costs one round
 * trip however many lists it shows (on the embedded store, statements queue on one connection).
 */
async function readSnapshot(store: Store, tenantId: string, who: RawBuilder<unknown>): Promise<SnapshotRow | undefined> {
  const { rows } = await sql<SnapshotRow>`
    select c.id, c.name, o.name as owner, t.active_program_version, t.frozen_clock,
      s.as_of, s.score, s.tier, s.tier_since, s.tier_source, s.reasons, s.flags, s.measure_values, s.normalized, s.points, s.program_version,
      p.predicted_value, p.churn_risk,
      coalesce((select json_agg(json_build_object('asOf', h.as_of, 'score', h.score) order by h.as_of desc, h.run_id desc)
        from (select as_of, score, run_id from score_history where tenant_id = c.tenant_id and customer_id = c.id and as_of < s.as_of
              order by as_of desc, run_id desc limit ${CARD_LIMITS.history}) h), '[]'::json) as history,
      coalesce((select json_agg(json_build_object('id', k.id, 'title', k.title, 'dueAt', k.due_at, 'priority', k.priority, 'owner', ko.name) order by k.due_at, k.id)
        from (select id, title, due_at, priority, owner_id from care_tasks where tenant_id = c.tenant_id and customer_id = c.id and status = 'open'
              order by due_at, id limit ${CARD_LIMITS.nextActions}) k
        left join care_owners ko on ko.tenant_id = c.tenant_id and ko.id = k.owner_id), '[]'::json) as tasks,
      (select count(*) from care_tasks where tenant_id = c.tenant_id and customer_id = c.id and status = 'open')::int4 as open_tasks,
      coalesce((select json_agg(json_build_object('id', m.id, 'subject', m.subject, 'priority', m.priority, 'status', m.status,
          'frState', m.first_response_state, 'frDue', m.first_response_due_at, 'frAt', m.first_response_at,
          'resState', m.resolution_state, 'resDue', m.resolution_due_at) order by m.opened_at desc, m.id desc)
        from (select * from complaints where tenant_id = c.tenant_id and customer_id = c.id and status in ('open', 'waiting')
              order by opened_at desc, id desc limit ${CARD_LIMITS.complaints}) m), '[]'::json) as complaints,
      (select count(*) from complaints where tenant_id = c.tenant_id and customer_id = c.id and status in ('open', 'waiting'))::int4 as open_complaints,
      (select json_build_object('score', score, 'at', responded_at) from feedback_responses
        where tenant_id = c.tenant_id and customer_id = c.id and kind = 'nps' order by responded_at desc, id desc limit 1) as nps,
      (select json_build_object('score', score, 'at', responded_at) from feedback_responses
        where tenant_id = c.tenant_id and customer_id = c.id and kind = 'csat' order by responded_at desc, id desc limit 1) as csat
    from customers c
    join tenants t on t.id = c.tenant_id
    left join care_owners o on o.tenant_id = c.tenant_id and o.id = c.account_manager
    left join customer_scores s on s.tenant_id = c.tenant_id and s.customer_id = c.id
    left join customer_predictions p on p.tenant_id = c.tenant_id and p.customer_id = c.id
    where c.tenant_id = ${tenantId} and c.id = (${who})`.execute(store.db);
  return rows[0];
}

function toSnapshot(r: SnapshotRow, contributions: Contribution[]): CardSnapshot {
  return {
    customer: { id: r.id, name: r.name, accountManager: r.owner },
    score:
      r.score !== null && r.as_of && r.tier_since && r.tier_source
        ? { asOf: r.as_of, score: r.score, tier: r.tier, tierSince: r.tier_since, tierSource: r.tier_source, reasons: r.reasons ?? [], flags: r.flags ?? [], contributions }
        : null,
    history: r.history,
    prediction: r.predicted_value !== null || r.churn_risk !== null ? { predictedValue: r.predicted_value, churnRisk: r.churn_risk } : null,
    tasks: r.tasks.map((t) => ({ id: t.id, title: t.title, dueAt: new Date(t.dueAt), priority: t.priority, ownerName: t.owner })),
    openTasks: r.open_tasks,
    complaints: r.complaints.map((c) => ({
      id: c.id,
      subject: c.subject,
      priority: c.priority,
      status: c.status,
      firstResponse: { state: c.frState, dueAt: date(c.frDue), at: date(c.frAt) },
      resolution: { state: c.resState, dueAt: date(c.resDue) },
    })),
    openComplaints: r.open_complaints,
    nps: r.nps ? { score: r.nps.score, at: new Date(r.nps.at) } : null,
    csat: r.csat ? { score: r.csat.score, at: new Date(r.csat.at) } : null,
  };
}

async function viewOf(store: Store, tenantId: string, row: SnapshotRow, locale: Locale, clock: Clock): Promise<VipCardView> {
  // A tenant with a frozen clock (the historical demo) lives at that instant.
  const now = row.frozen_clock ?? clock.now();
  if (row.active_program_version === null) throw new VipCareError('NO_PROGRAM', { tenant: tenantId });
  // Tier names and reasons read from the program the score was made under.
  const program = await programVersion(store.db, tenantId, row.program_version ?? row.active_program_version);
  const contributions = row.as_of && row.measure_values && row.normalized && row.points ? decodeContributions(program, row.as_of, { values: row.measure_values, normalized: row.normalized, points: row.points }) : [];
  return buildVipCardView(program, toSnapshot(row, contributions), locale, now);
}

/** The card of the customer behind a CRM record; CUSTOMER_NOT_FOUND when the record is not linked. */
export async function cardViewForRecord(store: Store, caller: CardCaller, objectType: string, objectId: string, locale: Locale, clock: Clock): Promise<VipCardView> {
  const row = await readSnapshot(
    store,
    caller.tenantId,
    sql`select local_id from crm_links where tenant_id = ${caller.tenantId} and provider = ${caller.provider} and object_type = ${objectType} and object_id = ${objectId}`,
  );
  if (!row) throw new VipCareError('CUSTOMER_NOT_FOUND', { customer: `${objectType} ${objectId}`, tenant: caller.tenantId });
  return viewOf(store, caller.tenantId, row, locale, clock);
}

export async function cardView(store: Store, tenantId: string, customerId: string, locale: Locale, clock: Clock): Promise<VipCardView> {
  const row = await readSnapshot(store, tenantId, sql`select ${customerId}::text`);
  if (!row) throw new VipCareError('CUSTOMER_NOT_FOUND', { customer: customerId, tenant: tenantId });
  return viewOf(store, tenantId, row, locale, clock);
}

export async function completeTaskFromCard(store: Store, caller: CardCaller, taskId: number, body: CompleteTaskBody, now: Date): Promise<string> {
  const customerId = await customerForRecord(store, caller, body.objectType, body.objectId);
  // A task id from another record (or tenant) is simply not found here.
  const task = await store.db.selectFrom('care_tasks').select('id').where('tenant_id', '=', caller.tenantId).where('customer_id', '=', customerId).where('id', '=', taskId).executeTakeFirst();
  if (!task) throw new VipCareError('NOT_FOUND', { what: `task ${taskId}` });
  await completeTask(store, { tenantId: caller.tenantId, taskId, by: caller.actor, note: body.note ?? null, now });
  return customerId;
}

export async function logTouchFromCard(store: Store, caller: CardCaller, body: LogTouchBody, now: Date): Promise<string> {
  const customerId = await customerForRecord(store, caller, body.objectType, body.objectId);
  await store.db
    .insertInto('interactions')
    .values({ tenant_id: caller.tenantId, id: `card-touch:${body.requestKey}`, customer_id: customerId, kind: body.kind, occurred_at: now, summary: body.summary.replaceAll('\u0000', '') })
    .onConflict((oc) => oc.columns(['tenant_id', 'id']).doNothing())
    .execute();
  return customerId;
}

export async function recordFeedbackFromCard(store: Store, caller: CardCaller, body: RecordFeedbackBody, now: Date): Promise<string> {
  const customerId = await customerForRecord(store, caller, body.objectType, body.objectId);
  await recordFeedback(store, {
    tenantId: caller.tenantId,
    id: `card:${body.requestKey}`,
    customerId,
    kind: body.kind,
    score: body.score,
    comment: body.comment ?? null,
    channel: 'crm',
    respondedAt: now,
    actor: caller.actor,
    now,
  });
  return customerId;
}
