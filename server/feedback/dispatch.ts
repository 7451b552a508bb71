/**
 * Sends a survey on request (the API, a CRM workflow action): survey fatigue first, then the
 * shared contact policy; a send held by quiet or business hours waits in the outbox until its
 * window. Idempotent on the caller's request key: a retry returns the first outcome's invitation.
 */
import { sql } from 'kysely';
import { VipCareError } from '../../core/errors.js';
import { resolveLocale } from '../../core/i18n/index.js';
import { surveyFatigue, type FatigueReason } from '../../core/feedback/fatigue.js';
import type { SurveyKind } from '../../core/feedback/schema.js';
import { surveyText } from '../../core/feedback/survey-text.js';
import { contactChannel, decideContact, type SuppressReason } from '../../core/playbooks/contact-policy.js';
import { customerLocale } from '../../core/playbooks/templates.js';
import type { Channel } from '../../core/ports/notifier.js';
import type { Store } from '../store/db.js';
import { loadCareStates } from '../playbooks/care-state-query.js';
import { recentTouches } from '../playbooks/run-steps.js';
import { requireFeedbackProgram } from './complaints.js';
import { queueSurveyInvitations } from './invitations.js';
import type { SurveyLinkSigner } from './survey-links.js';

export type SendSurveyResult =
  | { status: 'queued' | 'deferred' | 'duplicate'; invitationId: string; url: string; expiresAt: Date; deliverAfter: Date | null }
  | { status: 'suppressed'; reason: SuppressReason | FatigueReason };

export async function sendSurvey(
  store: Store,
  links: SurveyLinkSigner,
  opts: { tenantId: string; customerId: string; kind: SurveyKind; channel?: Channel; requestKey: string; source: 'api' | 'workflow'; now: Date },
): Promise<SendSurveyResult> {
  const program = await requireFeedbackProgram(store, opts.tenantId);
  const dedupKey = `${opts.source}:${opts.requestKey}`;
  return store.db.transaction().execute(async (trx) => {
    // One decision per customer at a time: two requests must not both pass the cool-down.
    await sql`select pg_advisory_xact_lock(hashtext(${`vip-care:survey:${opts.tenantId}:${opts.customerId}`}))`.execute(trx);
    const existing = await trx
      .selectFrom('survey_invitations as i')
      .leftJoin('outbox_messages as m', (j) => j.onRef('m.tenant_id', '=', 'i.tenant_id').onRef('m.invitation_id', '=', 'i.id'))
      .select(['i.id', 'i.expires_at', 'm.deliver_after'])
      .where('i.tenant_id', '=', opts.tenantId)
      .where('i.dedup_key', '=', dedupKey)
      .executeTakeFirst();
    if (existing) {
      return { status: 'duplicate', invitationId: existing.id, url: links.url(links.sign(existing.id, existing.expires_at)), expiresAt: existing.expires_at, deliverAfter: existing.deliver_after ?? null };
    }
    const state = (await loadCareStates(trx, { tenantId: opts.tenantId, now: opts.now, programTimezone: program.timezone, scope: { ids: [opts.customerId] } })).get(opts.customerId);
    if (!state) throw new VipCareError('CUSTOMER_NOT_FOUND', { customer: opts.customerId, tenant: opts.tenantId });
    const fatigue = surveyFatigue(program.feedback.surveys, { now: opts.now, timezone: state.timezone, relationshipSince: state.relationshipSince, lastInvitationAt: state.lastSurveyAt });
    if (fatigue) return { status: 'suppressed', reason: fatigue };
    const touches = (await recentTouches(trx, opts.tenantId, [opts.customerId], program, opts.now)).get(opts.customerId) ?? [];
    const request = { kind: 'survey' as const, ...(opts.channel ? { channel: opts.channel } : {}), urgent: false, countsAsTouch: true };
    const contact = { now: opts.now, timezone: state.timezone, preferredChannel: state.preferredChannel, doNotContact: state.doNotContact, addresses: { email: state.email, phone: state.phone }, recentTouches: touches };
    const decision = decideContact(program.contactPolicy, request, contact);
    if (decision.action === 'suppress') return { status: 'suppressed', reason: decision.reason };
    const tenant = await trx.selectFrom('tenants').select('locale').where('id', '=', opts.tenantId).executeTakeFirst();
    const locale = customerLocale(state.locale, resolveLocale(tenant?.locale));
    const text = surveyText(program.feedback.surveys, opts.kind, locale, { customer: { id: state.customerId, name: state.name ?? state.customerId } });
    const deliverAfter = decision.action === 'defer' ? decision.until : null;
    // Not suppressed, so the contact has a channel and an address (deferred ones too).
    const route = contactChannel(program.contactPolicy, request, contact);
    const channel = route.channel ?? 'email';
    const to = route.to ?? '';
    const queued = await queueSurveyInvitations(trx, { tenantId: opts.tenantId, now: opts.now, validity: program.feedback.surveys.linkValidity, timezone: program.timezone, links }, [
      { dedupKey, customerId: opts.customerId, kind: opts.kind, channel, to, locale, source: opts.source, subject: text.subject, body: text.invitation, deliverAfter },
    ]);
    await trx
      .insertInto('contact_log')
      .values({ tenant_id: opts.tenantId, customer_id: opts.customerId, source: `message:${dedupKey}`, at: deliverAfter ?? opts.now, channel })
      .onConflict((oc) => oc.doNothing())
      .execute();
    const inv = queued.get(dedupKey);
    if (!inv) throw new Error(`survey invitation ${dedupKey} was not stored`);
    return { status: deliverAfter ? 'deferred' : 'queued', invitationId: inv.id, url: inv.url, expiresAt: inv.expiresAt, deliverAfter };
  });
}
