/**
 * Feedback workflows on both stores: survey dispatch with fatigue and idempotency, answers that
 * open complaints, SLA clocks across a holiday with warning, breach and escalation, pauses, the
 * follow-up after a resolution that reopens on a negative answer, and the closed loop.
 */
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import type { Store } from '../../server/store/db.js';
import { sendSurvey } from '../../server/feedback/dispatch.js';
import { answerInvitation } from '../../server/feedback/responses.js';
import { changeComplaint, getComplaint, openComplaint } from '../../server/feedback/complaints.js';
import { runComplaintSweep } from '../../server/feedback/sweep.js';
import { actOnItem, getLoop, reportBack } from '../../server/feedback/loops.js';
import { recordFeedback } from '../../server/feedback/responses.js';
import { storeTargets } from '../store-harness.js';
import { TEST_LINKS } from '../helpers.js';
import { FROZEN_NOW, retailWith, tenantWithProgram } from '../playbooks/fixtures.js';

const T = 'feedback-test';
const at = (iso: string) => new Date(iso);
const fixedNow = (d: Date) => async () => d;

async function tenant(store: Store): Promise<void> {
  await tenantWithProgram(store, T, retailWith({ playbooks: [] }));
  await sql`
    insert into customers (tenant_id, id, name, email, locale, customer_since, account_manager)
    values (${T}, 'c1', 'Ada', 'ada@example.com', 'en', '2020-01-01', 'am-1'),
           (${T}, 'c2', '王芳', 'wang@example.com', 'zh-CN', '2020-01-01', 'am-1'),
           (${T}, 'new', 'New Customer', 'new@example.com', 'en', '2026-11-20', null)`.execute(store.db);
  await store.db
    .insertInto('care_owners')
    .values([
      { tenant_id: T, id: 'am-1', name: 'Alex Owner', email: 'alex@example.com', manager_id: 'mgr-1' },
      { tenant_id: T, id: 'mgr-1', name: 'Morgan Manager', email: 'morgan@example.com', manager_id: null },
    ])
    .execute();
}

async function count(store: Store, table: string, where = sql`true`): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*)::int4 as n from ${sql.table(table)} where tenant_id = ${T} and ${where}`.execute(store.db);
  return rows[0]?.n ?? 0;
}

describe.each(storeTargets())('feedback workflows on $kind', (target) => {
  let store: Store | undefined;
  afterEach(async () => {
    await store?.close();
    store = undefined;
  });

  it('sends a survey once per request key, respects fatigue, and an answer is stored once and opens a complaint when negative', async () => {
    store = await target.open();
    await tenant(store);
    const first = await sendSurvey(store, TEST_LINKS, { tenantId: T, customerId: 'c1', kind: 'nps', requestKey: 'req-0001-a', source: 'api', now: FROZEN_NOW });
    expect(first.status).toBe('queued');
    if (first.status !== 'queued') throw new Error('not queued');
    expect(first.url).toMatch(/^http:\/\/survey\.test\/s\/v1\./);
    const again = await sendSurvey(store, TEST_LINKS, { tenantId: T, customerId: 'c1', kind: 'nps', requestKey: 'req-0001-a', source: 'api', now: FROZEN_NOW });
    expect(again).toMatchObject({ status: 'duplicate', invitationId: first.invitationId });
    expect(await sendSurvey(store, TEST_LINKS, { tenantId: T, customerId: 'c1', kind: 'csat', requestKey: 'req-0001-b', source: 'api', now: FROZEN_NOW })).toEqual({ status: 'suppressed', reason: 'survey_cooldown' });
    expect(await sendSurvey(store, TEST_LINKS, { tenantId: T, customerId: 'new', kind: 'nps', requestKey: 'req-0001-c', source: 'api', now: FROZEN_NOW })).toEqual({ status: 'suppressed', reason: 'survey_tenure' });
    const outbox = await store.db.selectFrom('outbox_messages').select(['kind', 'survey', 'body', 'invitation_id', 'to_address']).where('tenant_id', '=', T).execute();
    expect(outbox).toHaveLength(1);
    expect(outbox[0]).toMatchObject({ kind: 'survey', survey: 'nps', invitation_id: first.invitationId, to_address: 'ada@example.com' });
    expect(outbox[0]?.body).toContain(first.url);

    // The link verifies, and it answers once.
    expect(TEST_LINKS.verify(first.url.split('/s/')[1] as string)?.invitationId).toBe(first.invitationId);
    const answered = await answerInvitation(store, { invitationId: first.invitationId, score: 3, comment: 'The delivery was late twice and nobody answered my emails.', now: fixedNow(FROZEN_NOW) });
    expect(answered.status).toBe('recorded');
    if (answered.status !== 'recorded') throw new Error('not recorded');
    expect(answered.outcome).toMatchObject({ category: 'detractor', sentiment: 'negative' });
    expect(answered.outcome.complaintId).not.toBeNull();
    expect(await answerInvitation(store, { invitationId: first.invitationId, score: 10, comment: null, now: fixedNow(FROZEN_NOW) })).toEqual({ status: 'answered' });
    expect(await count(store, 'feedback_responses')).toBe(1);
    expect(await count(store, 'care_events', sql`type = 'detractor_feedback'`)).toBe(1);
    const complaint = await getComplaint(store, T, answered.outcome.complaintId as number, FROZEN_NOW);
    // Normal by default, raised one step by the negative comment.
    expect(complaint).toMatchObject({ source: 'feedback', priority: 'high', priorityReasons: ['default', 'negative_sentiment'], ownerId: 'am-1', status: 'open' });
    expect((await getLoop(store, T, 'complaint', String(complaint.id))).collected.by).toBe('customer:email');
    // Out of range never reaches the store.
    const other = await sendSurvey(store, TEST_LINKS, { tenantId: T, customerId: 'c2', kind: 'csat', requestKey: 'req-0001-d', source: 'api', now: FROZEN_NOW });
    if (other.status !== 'queued') throw new Error('not queued');
    await expect(answerInvitation(store, { invitationId: other.invitationId, score: 6, comment: null, now: fixedNow(FROZEN_NOW) })).rejects.toThrow(/INVALID_INPUT/);
    expect(await count(store, 'feedback_responses')).toBe(1);
    // Expired: answered after the link's validity (14 days).
    expect(await answerInvitation(store, { invitationId: other.invitationId, score: 5, comment: null, now: fixedNow(at('2026-12-09T10:00:00Z')) })).toEqual({ status: 'expired' });
  });

  it('runs SLA clocks over a holiday: warning to the owner, breach escalated to the manager, a late reply is missed', async () => {
    store = await target.open();
    await tenant(store);
    // Tuesday 10:00 UTC; US calendar: Thursday 26 November 2026 is Thanksgiving.
    const opened = await openComplaint(store, { tenantId: T, customerId: 'c1', source: 'crm', sourceRef: 'ticket-1', subject: 'Wrong size delivered', description: 'Please exchange it.', priority: 'low', openedAt: FROZEN_NOW, actor: 'crm', now: FROZEN_NOW });
    expect(opened.created).toBe(true);
    expect((await openComplaint(store, { tenantId: T, customerId: 'c1', source: 'crm', sourceRef: 'ticket-1', subject: 'x', description: null, priority: null, openedAt: FROZEN_NOW, actor: 'crm', now: FROZEN_NOW })).id).toBe(opened.id);
    let c = await getComplaint(store, T, opened.id, FROZEN_NOW);
    // 24 business hours: Tue 8h, Wed 9h, Thu closed, Fri 7h -> Friday 16:00. Warning at 80% (19h12m): Friday 11:12.
    expect(c.firstResponse.dueAt?.toISOString()).toBe('2026-11-27T16:00:00.000Z');
    // Asked for low; the negative description raised it to normal.
    expect(c).toMatchObject({ priority: 'normal', priorityReasons: ['requested', 'negative_sentiment'] });
    expect(c.policy).toMatchObject({ firstResponse: '24h', resolution: '72h' });

    const sweep = (now: string) => runComplaintSweep(store as Store, { tenantId: T, now: at(now), links: TEST_LINKS });
    expect((await sweep('2026-11-26T23:00:00Z')).transitions).toBe(0);
    expect((await sweep('2026-11-27T11:30:00Z')).transitions).toBe(1);
    expect(await count(store, 'outbox_messages', sql`kind = 'notice' and to_address = 'alex@example.com'`)).toBe(1);
    // A repeated sweep is a no-op.
    expect((await sweep('2026-11-27T11:30:00Z')).checked).toBe(0);
    await sweep('2026-11-27T16:30:00Z');
    c = await getComplaint(store, T, opened.id, at('2026-11-27T16:30:00Z'));
    expect(c.firstResponse.state).toBe('breached');
    const escalation = await store.db.selectFrom('care_tasks').select(['owner_id', 'queue', 'priority', 'complaint_id', 'title']).where('tenant_id', '=', T).execute();
    expect(escalation).toEqual([expect.objectContaining({ owner_id: 'mgr-1', queue: null, priority: 'urgent', complaint_id: opened.id })]);
    expect(await count(store, 'outbox_messages', sql`kind = 'notice' and to_address = 'morgan@example.com'`)).toBe(1);

    expect(await changeComplaint(store, 'respond', { tenantId: T, id: opened.id, actor: 'am-1', now: at('2026-11-27T17:00:00Z') })).toBe(true);
    expect(await changeComplaint(store, 'respond', { tenantId: T, id: opened.id, actor: 'am-1', now: at('2026-11-27T17:05:00Z') })).toBe(false);
    c = await getComplaint(store, T, opened.id, at('2026-11-27T17:00:00Z'));
    expect(c.firstResponse.state).toBe('missed');
    expect(c.events.map((e) => e.type)).toEqual(['opened', 'sla_warned', 'sla_breached', 'escalated', 'first_response', 'sla_missed']);
  });

  it('pauses while waiting on the customer, follows up 48 hours after the resolution, and a negative answer reopens the loop', async () => {
    store = await target.open();
    await tenant(store);
    const { id } = await openComplaint(store, { tenantId: T, customerId: 'c2', source: 'api', sourceRef: 'req-complaint-1', subject: '退款还没到账', description: null, priority: 'critical', openedAt: FROZEN_NOW, actor: 'api', now: FROZEN_NOW });
    let c = await getComplaint(store, T, id, FROZEN_NOW);
    // Critical runs around the clock: 30 minutes.
    expect(c.firstResponse.dueAt?.toISOString()).toBe('2026-11-24T10:30:00.000Z');
    await changeComplaint(store, 'respond', { tenantId: T, id, actor: 'am-1', now: at('2026-11-24T10:10:00Z') });
    await changeComplaint(store, 'wait', { tenantId: T, id, actor: 'am-1', now: at('2026-11-24T11:00:00Z') });
    c = await getComplaint(store, T, id, at('2026-11-24T11:00:00Z'));
    expect(c.status).toBe('waiting');
    expect(c.resolution.dueAt).toBeNull();
    // Two hours waiting on the customer do not count: 4h resolution from 10:00 is now due 16:00.
    await changeComplaint(store, 'resume', { tenantId: T, id, actor: 'am-1', now: at('2026-11-24T13:00:00Z') });
    c = await getComplaint(store, T, id, at('2026-11-24T13:00:00Z'));
    expect(c.resolution.dueAt?.toISOString()).toBe('2026-11-24T16:00:00.000Z');
    await changeComplaint(store, 'resolve', { tenantId: T, id, actor: 'am-1', note: 'Refund re-issued', now: at('2026-11-24T14:00:00Z') });
    c = await getComplaint(store, T, id, at('2026-11-24T14:00:00Z'));
    expect(c).toMatchObject({ status: 'resolved', resolution: { state: 'met' } });
    expect(c.followUpAt?.toISOString()).toBe('2026-11-26T14:00:00.000Z');
    expect((await getLoop(store, T, 'complaint', String(id))).acted).toMatchObject({ by: 'am-1', action: 'Refund re-issued' });

    // The follow-up goes out on the durable sweep at +48h, once.
    expect((await runComplaintSweep(store, { tenantId: T, now: at('2026-11-26T13:00:00Z'), links: TEST_LINKS })).followUpsSent).toBe(0);
    expect((await runComplaintSweep(store, { tenantId: T, now: at('2026-11-26T14:05:00Z'), links: TEST_LINKS })).followUpsSent).toBe(1);
    expect((await runComplaintSweep(store, { tenantId: T, now: at('2026-11-26T15:00:00Z'), links: TEST_LINKS })).followUpsSent).toBe(0);
    const invitation = await store.db.selectFrom('survey_invitations').select(['id', 'kind', 'locale', 'source', 'complaint_id']).where('tenant_id', '=', T).executeTakeFirstOrThrow();
    expect(invitation).toMatchObject({ kind: 'csat', locale: 'zh-CN', source: 'follow_up', complaint_id: id });
    const message = await store.db.selectFrom('outbox_messages').select('body').where('invitation_id', '=', invitation.id).executeTakeFirstOrThrow();
    expect(message.body).toContain('退款还没到账');

    // "Not satisfied" reopens: the complaint, its resolution clock and its loop.
    const answer = await answerInvitation(store, { invitationId: invitation.id, score: 1, comment: '还是没有收到退款', now: fixedNow(at('2026-11-26T16:00:00Z')) });
    expect(answer).toMatchObject({ status: 'recorded', outcome: { reopenedComplaintId: id, complaintId: null } });
    c = await getComplaint(store, T, id, at('2026-11-26T16:00:00Z'));
    expect(c).toMatchObject({ status: 'open', reopened: 1 });
    expect(c.resolution.state).not.toBe('met');
    expect((await getLoop(store, T, 'complaint', String(id))).acted).toBeNull();
    expect(c.events.map((e) => e.type)).toContain('reopened');
    // Only the follow-up answer, no second complaint from it.
    expect(await count(store, 'complaints')).toBe(1);
  });

  it('closes the loop on feedback only once it was acted on, and tells the customer once', async () => {
    store = await target.open();
    await tenant(store);
    const recorded = await recordFeedback(store, { tenantId: T, id: 'crm-fb-1', customerId: 'c1', kind: 'csat', score: 4, comment: 'Great service but the app keeps crashing, very frustrating.', channel: 'phone', respondedAt: FROZEN_NOW, actor: 'am-1', now: FROZEN_NOW });
    // Satisfied but a negative comment: a loop item, not a complaint.
    expect(recorded).toMatchObject({ status: 'recorded', category: 'promoter', sentiment: 'negative', complaintId: null });
    expect(await recordFeedback(store, { tenantId: T, id: 'crm-fb-1', customerId: 'c1', kind: 'csat', score: 4, comment: null, channel: 'phone', respondedAt: FROZEN_NOW, actor: 'am-1', now: FROZEN_NOW })).toMatchObject({ status: 'duplicate' });
    await expect(reportBack(store, { tenantId: T, type: 'response', id: 'crm-fb-1', by: 'am-1', message: 'We fixed it.', now: FROZEN_NOW })).rejects.toThrow(/CONFLICT/);
    await actOnItem(store, { tenantId: T, type: 'response', id: 'crm-fb-1', by: 'am-1', action: 'Filed app bug #123', now: FROZEN_NOW });
    const closed = await reportBack(store, { tenantId: T, type: 'response', id: 'crm-fb-1', by: 'am-1', message: 'The crash is fixed in version 5.2.', now: at('2026-11-25T10:00:00Z') });
    expect(closed).toMatchObject({ closed: true, reported: { by: 'am-1' }, acted: { action: 'Filed app bug #123' } });
    await reportBack(store, { tenantId: T, type: 'response', id: 'crm-fb-1', by: 'am-1', message: 'Again', now: at('2026-11-25T11:00:00Z') });
    expect(await count(store, 'outbox_messages', sql`kind = 'message' and to_address = 'ada@example.com'`)).toBe(1);
    // A promoter without complaints is no loop item.
    await recordFeedback(store, { tenantId: T, id: 'crm-fb-2', customerId: 'c1', kind: 'nps', score: 10, comment: 'Love it', channel: 'phone', respondedAt: FROZEN_NOW, actor: 'am-1', now: FROZEN_NOW });
    expect(await count(store, 'feedback_loops')).toBe(1);
    // A NUL pasted into a comment is dropped, not a server error.
    expect(await recordFeedback(store, { tenantId: T, id: 'crm-fb-4', customerId: 'c1', kind: 'nps', score: 9, comment: 'fine\u0000 thanks', channel: 'phone', respondedAt: FROZEN_NOW, actor: 'am-1', now: FROZEN_NOW })).toMatchObject({ status: 'recorded' });
    expect((await store.db.selectFrom('feedback_responses').select('comment').where('id', '=', 'crm-fb-4').executeTakeFirstOrThrow()).comment).toBe('fine thanks');
    await expect(recordFeedback(store, { tenantId: T, id: 'crm-fb-3', customerId: 'c1', kind: 'nps', score: 11, comment: null, channel: 'phone', respondedAt: FROZEN_NOW, actor: 'am-1', now: FROZEN_NOW })).rejects.toThrow(/INVALID_INPUT/);
  });
});
