/**
 * Survey answers in, whichever way they come: the signed survey page, the API (a rep recording
 * what a customer said), a CRM. An answer is stored once (by invitation, or by the caller's id),
 * analysed (category, comment sentiment), fed to scoring (the satisfaction measure reads
 * feedback_responses) and to playbooks (a promoter/passive/detractor care event), and, when it
 * needs action, opens a complaint or a closed-loop item. A follow-up answer after a resolution
 * confirms it, or reopens the complaint when it is negative.
 */
import { sql, type Transaction } from 'kysely';
import { VipCareError } from '../../core/errors.js';
import { translator, resolveLocale } from '../../core/i18n/index.js';
import { analyseSentiment } from '../../core/feedback/sentiment.js';
import { feedbackEventType, isScoreOnScale, responseCategory, type ResponseCategory } from '../../core/feedback/responses.js';
import { SURVEY_SCALES, type SurveyKind } from '../../core/feedback/schema.js';
import type { Program } from '../../core/program/schema.js';
import type { Store } from '../store/db.js';
import type { Database } from '../store/schema.js';
import { changeComplaintIn, openComplaintIn, requireFeedbackProgram } from './complaints.js';
import { recordComplaintEvent } from './complaint-clocks.js';
import { openLoop } from './loops.js';

type Trx = Transaction<Database>;

export interface ResponseInput {
  tenantId: string;
  /** Our id for the answer: `survey:<invitation>` for the page, the caller's id otherwise. */
  id: string;
  customerId: string;
  kind: SurveyKind;
  score: number;
  comment: string | null;
  channel: string;
  source: string;
  invitationId: string | null;
  locale: string | null;
  respondedAt: Date;
  actor: string;
  now: Date;
}

export interface ResponseOutcome {
  status: 'recorded' | 'duplicate';
  id: string;
  category: ResponseCategory;
  sentiment: 'negative' | 'neutral' | 'positive' | null;
  complaintId: number | null;
  reopenedComplaintId: number | null;
}

export function checkScore(kind: SurveyKind, score: number): void {
  if (!isScoreOnScale(kind, score)) {
    const { min, max } = SURVEY_SCALES[kind];
    throw new VipCareError('INVALID_INPUT', { field: `score: ${kind} answers are whole numbers from ${min} to ${max}, got ${score}` });
  }
}

/** Stores one answer and everything it sets off, in the caller's transaction. */
export async function recordResponseIn(trx: Trx, program: Program, input: ResponseInput, followUpOf: number | null): Promise<ResponseOutcome> {
  checkScore(input.kind, input.score);
  const category = responseCategory(input.kind, input.score);
  // Postgres text cannot hold NUL; a pasted one must not turn an answer into a server error.
  const cleaned = input.comment?.replaceAll('\u0000', '').trim();
  const comment = cleaned ? cleaned : null;
  const sentiment = comment ? analyseSentiment(comment) : null;
  const inserted = await trx
    .insertInto('feedback_responses')
    .values({
      tenant_id: input.tenantId,
      id: input.id,
      customer_id: input.customerId,
      kind: input.kind,
      score: input.score,
      comment,
      responded_at: input.respondedAt,
      channel: input.channel,
      source: input.source,
      invitation_id: input.invitationId,
      locale: input.locale,
      sentiment: sentiment?.label ?? null,
      sentiment_score: sentiment?.score ?? null,
      category,
    })
    .onConflict((oc) => oc.columns(['tenant_id', 'id']).doNothing())
    .returning('id')
    .executeTakeFirst();
  const outcome: ResponseOutcome = { status: inserted ? 'recorded' : 'duplicate', id: input.id, category, sentiment: sentiment?.label ?? null, complaintId: null, reopenedComplaintId: null };
  if (!inserted) return outcome;

  await trx
    .insertInto('care_events')
    .values({
      tenant_id: input.tenantId,
      id: `feedback:${input.id}`,
      customer_id: input.customerId,
      type: feedbackEventType(category),
      playbook_id: null,
      occurred_at: input.respondedAt,
      payload: JSON.stringify({ responseId: input.id, kind: input.kind, score: input.score, sentiment: sentiment?.label ?? null }),
    })
    .onConflict((oc) => oc.columns(['tenant_id', 'id']).doNothing())
    .execute();

  if (followUpOf !== null) {
    // The answer to "are you satisfied with the outcome?": negative reopens, anything else confirms.
    if (category === 'detractor' || sentiment?.label === 'negative') {
      await changeComplaintIn(trx, program, 'reopen', { tenantId: input.tenantId, id: followUpOf, at: input.respondedAt, actor: 'customer', note: comment, now: input.now });
      outcome.reopenedComplaintId = followUpOf;
    } else {
      await recordComplaintEvent(trx, { tenantId: input.tenantId, complaintId: followUpOf, key: `follow_up_confirmed:${followUpOf}:${input.id}`, type: 'follow_up_confirmed', at: input.respondedAt, actor: 'customer', detail: { responseId: input.id, score: input.score } });
    }
    return outcome;
  }

  const needsAction = category === 'detractor' || sentiment?.label === 'negative';
  if (!needsAction) return outcome;
  const rule = program.feedback.complaints.fromDetractors;
  const opens = category === 'detractor' && (rule === 'always' || (rule === 'negative_comment' && sentiment?.label === 'negative'));
  if (opens) {
    const customer = await trx.selectFrom('customers').select(['name', 'locale']).where('tenant_id', '=', input.tenantId).where('id', '=', input.customerId).executeTakeFirst();
    const t = translator(resolveLocale(customer?.locale ?? input.locale));
    const opened = await openComplaintIn(trx, program, {
      tenantId: input.tenantId,
      customerId: input.customerId,
      source: 'feedback',
      sourceRef: input.id,
      subject: t('feedback.complaint.fromResponse', { kind: input.kind.toUpperCase(), score: input.score, customer: customer?.name ?? input.customerId }),
      description: comment,
      priority: null,
      openedAt: input.respondedAt,
      actor: `customer:${input.channel}`,
      now: input.now,
    });
    outcome.complaintId = opened.id;
  } else {
    await openLoop(trx, {
      tenantId: input.tenantId,
      type: 'response',
      id: input.id,
      customerId: input.customerId,
      collectedAt: input.respondedAt,
      collectedBy: input.source === 'survey' ? `customer:${input.channel}` : input.actor,
      analysedAt: input.now,
      analysedBy: 'system:sentiment',
    });
  }
  return outcome;
}

/** Feedback recorded by a person or a system (the card, the API, a CRM), idempotent on its id. */
export async function recordFeedback(
  store: Store,
  input: Omit<ResponseInput, 'invitationId' | 'source' | 'locale'> & { locale?: string | null },
): Promise<ResponseOutcome> {
  const program = await requireFeedbackProgram(store, input.tenantId);
  return store.db.transaction().execute(async (trx) => {
    const customer = await trx.selectFrom('customers').select('id').where('tenant_id', '=', input.tenantId).where('id', '=', input.customerId).executeTakeFirst();
    if (!customer) throw new VipCareError('CUSTOMER_NOT_FOUND', { customer: input.customerId, tenant: input.tenantId });
    return recordResponseIn(trx, program, { ...input, source: 'api', invitationId: null, locale: input.locale ?? null }, null);
  });
}

export type InvitationState =
  | { status: 'open'; invitation: InvitationInfo }
  | { status: 'answered' | 'expired'; invitation: InvitationInfo }
  | { status: 'unknown' };

export interface InvitationInfo {
  id: string;
  tenantId: string;
  customerId: string;
  customerName: string | null;
  kind: SurveyKind;
  locale: string;
  channel: string;
  source: string;
  complaintId: number | null;
  complaintSubject: string | null;
  expiresAt: Date;
}

export async function invitationState(store: Store, invitationId: string, now: (tenantId: string) => Promise<Date>): Promise<InvitationState> {
  const { rows } = await sql<{
    id: string;
    tenant_id: string;
    customer_id: string;
    name: string | null;
    kind: SurveyKind;
    locale: string;
    channel: string;
    source: string;
    complaint_id: number | null;
    subject: string | null;
    status: 'open' | 'answered';
    expires_at: Date;
  }>`
    select i.id, i.tenant_id, i.customer_id, c.name, i.kind, i.locale, i.channel, i.source, i.complaint_id, k.subject, i.status, i.expires_at
    from survey_invitations i
    join customers c on c.tenant_id = i.tenant_id and c.id = i.customer_id
    left join complaints k on k.id = i.complaint_id
    where i.id = ${invitationId}`.execute(store.db);
  const r = rows[0];
  if (!r) return { status: 'unknown' };
  const invitation: InvitationInfo = {
    id: r.id,
    tenantId: r.tenant_id,
    customerId: r.customer_id,
    customerName: r.name,
    kind: r.kind,
    locale: r.locale,
    channel: r.channel,
    source: r.source,
    complaintId: r.complaint_id,
    complaintSubject: r.subject,
    expiresAt: r.expires_at,
  };
  if (r.status === 'answered') return { status: 'answered', invitation };
  if (r.expires_at <= (await now(r.tenant_id))) return { status: 'expired', invitation };
  return { status: 'open', invitation };
}

/**
 * Answers an invitation once. The invitation row is claimed (`open` -> `answered`) in the same
 * transaction as the answer is stored, so of two submissions racing, exactly one is recorded.
 */
export async function answerInvitation(
  store: Store,
  input: {
    invitationId: string;
    score: number;
    comment: string | null;
    now: (tenantId: string) => Promise<Date>;
    /** The invitation as the caller just read it (open); the claim below re-checks it in the transaction. */
    invitation?: InvitationInfo;
  },
): Promise<{ status: 'recorded'; outcome: ResponseOutcome } | { status: 'answered' | 'expired' | 'unknown' }> {
  let inv = input.invitation?.id === input.invitationId ? input.invitation : undefined;
  if (!inv) {
    const state = await invitationState(store, input.invitationId, input.now);
    if (state.status !== 'open') return { status: state.status };
    inv = state.invitation;
  }
  checkScore(inv.kind, input.score);
  const program = await requireFeedbackProgram(store, inv.tenantId);
  const now = await input.now(inv.tenantId);
  const invitation = inv;
  return store.db.transaction().execute(async (trx) => {
    const claimed = await trx
      .updateTable('survey_invitations')
      .set({ status: 'answered', answered_at: now })
      .where('id', '=', invitation.id)
      .where('status', '=', 'open')
      .where('expires_at', '>', now)
      .returning('id')
      .executeTakeFirst();
    if (!claimed) {
      // Lost the race to another submission, or the link expired since it was read.
      const row = await trx.selectFrom('survey_invitations').select('status').where('id', '=', invitation.id).executeTakeFirst();
      return { status: row?.status === 'answered' ? ('answered' as const) : ('expired' as const) };
    }
    const outcome = await recordResponseIn(
      trx,
      program,
      {
        tenantId: invitation.tenantId,
        id: `survey:${invitation.id}`,
        customerId: invitation.customerId,
        kind: invitation.kind,
        score: input.score,
        comment: input.comment,
        channel: invitation.channel,
        source: 'survey',
        invitationId: invitation.id,
        locale: invitation.locale,
        respondedAt: now,
        actor: 'customer',
        now,
      },
      invitation.source === 'follow_up' ? invitation.complaintId : null,
    );
    return { status: 'recorded' as const, outcome };
  });
}
