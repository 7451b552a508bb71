/**
 * The VIP card behind both CRMs: the record a card sits on is resolved to our customer through
 * its CRM link (within the verified tenant), the view is built from stored snapshots in a few
 * indexed reads, and the card's actions go through the same services as the API.
 */
import { sql } from 'kysely';
import { buildVipCardView, CARD_LIMITS, type CardSnapshot, type VipCardView } from '../../core/card/view.js';
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
import { activeProgram, programVersion } from '../store/repositories/programs.js';

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

export async function loadCardSnapshot(store: Store, tenantId: string, customerId: string): Promise<{ snapshot: CardSnapshot; programVersion: number | null }> {
  const db = store.db;
  const customer = await db.selectFrom('customers as c').leftJoin('care_owners as o', (j) => j.onRef('o.tenant_id', '=', 'c.tenant_id').onRef('o.id', '=', 'c.account_manager')).select(['c.id', 'c.name', 'o.name as owner']).where('c.tenant_id', '=', tenantId).where('c.id', '=', customerId).executeTakeFirst();
  if (!customer) throw new VipCareError('CUSTOMER_NOT_FOUND', { customer: customerId, tenant: tenantId });
  const score = await db.selectFrom('customer_scores').select(['as_of', 'score', 'tier', 'tier_since', 'tier_source', 'reasons', 'flags', 'measure_values', 'normalized', 'points', 'program_version']).where('tenant_id', '=', tenantId).where('customer_id', '=', customerId).executeTakeFirst();
  const [history, prediction, tasks, openTasks, complaints, openComplaints, latest] = await Promise.all([
    score
      ? db.selectFrom('score_history').select(['as_of', 'score']).where('tenant_id', '=', tenantId).where('customer_id', '=', customerId).where('as_of', '<', score.as_of).orderBy('as_of', 'desc').orderBy('run_id', 'desc').limit(CARD_LIMITS.history).execute()
      : Promise.resolve([]),
    db.selectFrom('customer_predictions').select(['predicted_value', 'churn_risk']).where('tenant_id', '=', tenantId).where('customer_id', '=', customerId).executeTakeFirst(),
    db.selectFrom('care_tasks as t').leftJoin('care_owners as o', (j) => j.onRef('o.tenant_id', '=', 't.tenant_id').onRef('o.id', '=', 't.owner_id')).select(['t.id', 't.title', 't.due_at', 't.priority', 'o.name as owner']).where('t.tenant_id', '=', tenantId).where('t.customer_id', '=', customerId).where('t.status', '=', 'open').orderBy('t.due_at').orderBy('t.id').limit(CARD_LIMITS.nextActions).execute(),
    db.selectFrom('care_tasks').select((eb) => eb.fn.countAll<number>().as('n')).where('tenant_id', '=', tenantId).where('customer_id', '=', customerId).where('status', '=', 'open').executeTakeFirst(),
    db.selectFrom('complaints').select(['id', 'subject', 'priority', 'status', 'first_response_state', 'first_response_due_at', 'first_response_at', 'resolution_state', 'resolution_due_at']).where('tenant_id', '=', tenantId).where('customer_id', '=', customerId).where('status', 'in', ['open', 'waiting']).orderBy('opened_at', 'desc').limit(CARD_LIMITS.complaints).execute(),
    db.selectFrom('complaints').select((eb) => eb.fn.countAll<number>().as('n')).where('tenant_id', '=', tenantId).where('customer_id', '=', customerId).where('status', 'in', ['open', 'waiting']).executeTakeFirst(),
    sql<{ kind: 'nps' | 'csat'; score: number; responded_at: Date }>`
      select distinct on (kind) kind, score, responded_at from feedback_responses
      where tenant_id = ${tenantId} and customer_id = ${customerId} and kind in ('nps', 'csat')
      order by kind, responded_at desc, id desc`.execute(db),
  ]);
  let contributions: NonNullable<CardSnapshot['score']>['contributions'] = [];
  if (score) {
    const program = await programVersion(db, tenantId, score.program_version);
    contributions = decodeContributions(program, score.as_of, { values: score.measure_values, normalized: score.normalized, points: score.points });
  }
  const nps = latest.rows.find((r) => r.kind === 'nps');
  const csat = latest.rows.find((r) => r.kind === 'csat');
  return {
    programVersion: score?.program_version ?? null,
    snapshot: {
      customer: { id: customer.id, name: customer.name, accountManager: customer.owner ?? null },
      score: score
        ? {
            asOf: score.as_of,
            score: score.score,
            tier: score.tier,
            tierSince: score.tier_since,
            tierSource: score.tier_source as 'score' | 'rule' | 'override',
            reasons: score.reasons as Reason[],
            flags: score.flags as Flag[],
            contributions,
          }
        : null,
      history: history.map((h) => ({ asOf: h.as_of, score: h.score })),
      prediction: prediction ? { predictedValue: prediction.predicted_value, churnRisk: prediction.churn_risk } : null,
      tasks: tasks.map((t) => ({ id: t.id, title: t.title, dueAt: t.due_at, priority: t.priority, ownerName: t.owner ?? null })),
      openTasks: Number(openTasks?.n ?? 0),
      complaints: complaints.map((c) => ({
        id: c.id,
        subject: c.subject,
        priority: c.priority,
        status: c.status as 'open' | 'waiting',
        firstResponse: { state: c.first_response_state, dueAt: c.first_response_due_at, at: c.first_response_at },
        resolution: { state: c.resolution_state, dueAt: c.resolution_due_at },
      })),
      openComplaints: Number(openComplaints?.n ?? 0),
      nps: nps ? { score: nps.score, at: nps.responded_at } : null,
      csat: csat ? { score: csat.score, at: csat.responded_at } : null,
    },
  };
}

export async function cardView(store: Store, tenantId: string, customerId: string, locale: Locale, now: Date): Promise<VipCardView> {
  const { snapshot, programVersion: version } = await loadCardSnapshot(store, tenantId, customerId);
  const active = await activeProgram(store.db, tenantId);
  if (!active) throw new VipCareError('NO_PROGRAM', { tenant: tenantId });
  // Tier names and reasons read from the program the score was made under, when it still exists.
  const program = version !== null && version !== active.version ? await programVersion(store.db, tenantId, version) : active.program;
  return buildVipCardView(program, snapshot, locale, now);
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
