/**
 * The complaint sweep, run by the job runtime: SLA clocks whose warning or deadline has come
 * (complaints.next_check_at), and follow-up surveys due after a resolution. Batches claim rows
 * with `FOR UPDATE SKIP LOCKED`, so workers share the work; every effect is keyed, so a batch
 * redone after a crash adds nothing.
 */
import { sql } from 'kysely';
import { resolveLocale, translator } from '../../core/i18n/index.js';
import { surveyText } from '../../core/feedback/survey-text.js';
import { contactChannel, decideContact } from '../../core/playbooks/contact-policy.js';
import { customerLocale } from '../../core/playbooks/templates.js';
import type { Store } from '../store/db.js';
import { activeProgram } from '../store/repositories/programs.js';
import { loadCareStates } from '../playbooks/care-state-query.js';
import { lockComplaint, recordComplaintEvent, refreshClocks } from './complaint-clocks.js';
import { queueSurveyInvitations } from './invitations.js';
import type { SurveyLinkSigner } from './survey-links.js';

export interface ComplaintSweepSummary {
  checked: number;
  transitions: number;
  followUpsSent: number;
  followUpsSkipped: number;
}

export async function runComplaintSweep(store: Store, opts: { tenantId: string; now: Date; links: SurveyLinkSigner; batchSize?: number }): Promise<ComplaintSweepSummary> {
  const summary: ComplaintSweepSummary = { checked: 0, transitions: 0, followUpsSent: 0, followUpsSkipped: 0 };
  const active = await activeProgram(store.db, opts.tenantId);
  if (!active) return summary;
  const program = active.program;
  const batch = opts.batchSize ?? 200;

  for (;;) {
    const n = await store.db.transaction().execute(async (trx) => {
      const { rows } = await sql<{ id: number }>`
        select id from complaints where tenant_id = ${opts.tenantId} and next_check_at <= ${opts.now}
        order by next_check_at, id limit ${batch} for update skip locked`.execute(trx);
      for (const { id } of rows) {
        const c = await lockComplaint(trx, opts.tenantId, id);
        if (!c) continue;
        summary.transitions += (await refreshClocks(trx, program, c, opts.now)).length;
      }
      return rows.length;
    });
    summary.checked += n;
    if (n < batch) break;
  }

  for (;;) {
    const n = await store.db.transaction().execute(async (trx) => {
      const { rows } = await sql<{ id: number; customer_id: string; subject: string; reopened: number }>`
        select id, customer_id, subject, reopened from complaints
        where tenant_id = ${opts.tenantId} and status = 'resolved' and follow_up_at <= ${opts.now}
        order by follow_up_at, id limit ${batch} for update skip locked`.execute(trx);
      if (rows.length === 0) return 0;
      const followUp = program.feedback.complaints.followUp;
      const states = await loadCareStates(trx, { tenantId: opts.tenantId, now: opts.now, programTimezone: program.timezone, scope: { ids: rows.map((r) => r.customer_id) } });
      const tenant = await trx.selectFrom('tenants').select('locale').where('id', '=', opts.tenantId).executeTakeFirst();
      for (const c of rows) {
        const state = states.get(c.customer_id);
        const key = `follow_up:${c.id}:${c.reopened}`;
        // A service follow-up, not marketing: the opt-out and the customer's hours apply, the touch cap does not.
        const decision =
          followUp && state
            ? decideContact(
                program.contactPolicy,
                { kind: 'survey', urgent: false, countsAsTouch: false },
                { now: opts.now, timezone: state.timezone, preferredChannel: state.preferredChannel, doNotContact: state.doNotContact, addresses: { email: state.email, phone: state.phone }, recentTouches: [] },
              )
            : null;
        if (!followUp || !state || !decision || decision.action === 'suppress') {
          await recordComplaintEvent(trx, { tenantId: opts.tenantId, complaintId: c.id, key, type: 'follow_up_skipped', at: opts.now, actor: 'system:follow_up', detail: { reason: decision?.action === 'suppress' ? decision.reason : 'no_follow_up' } });
          summary.followUpsSkipped++;
        } else {
          const locale = customerLocale(state.locale, resolveLocale(tenant?.locale));
          const text = surveyText(program.feedback.surveys, followUp.survey, locale, { customer: { id: state.customerId, name: state.name ?? state.customerId } });
          const deliverAfter = decision.action === 'defer' ? decision.until : null;
          // Not suppressed, so the contact has a channel and an address (deferred ones too).
          const route = contactChannel(program.contactPolicy, {}, { preferredChannel: state.preferredChannel, addresses: { email: state.email, phone: state.phone } });
          const channel = route.channel ?? 'email';
          const to = route.to ?? '';
          const queued = await queueSurveyInvitations(trx, { tenantId: opts.tenantId, now: opts.now, validity: program.feedback.surveys.linkValidity, timezone: program.timezone, links: opts.links }, [
            {
              dedupKey: key,
              customerId: c.customer_id,
              kind: followUp.survey,
              channel,
              to,
              locale,
              source: 'follow_up',
              complaintId: c.id,
              subject: text.subject,
              body: translator(locale)('feedback.survey.followUpQuestion', { subject: c.subject }),
              deliverAfter,
            },
          ]);
          await recordComplaintEvent(trx, { tenantId: opts.tenantId, complaintId: c.id, key, type: 'follow_up_sent', at: opts.now, actor: 'system:follow_up', detail: { invitationId: queued.get(key)?.id ?? null, deliverAfter: deliverAfter?.toISOString() ?? null } });
          summary.followUpsSent++;
        }
        await trx.updateTable('complaints').set({ follow_up_at: null, updated_at: opts.now }).where('id', '=', c.id).execute();
      }
      return rows.length;
    });
    if (n < batch) break;
  }
  return summary;
}

/** Whether the sweep has anything to do for a tenant now (the minute tick asks). */
export async function complaintWorkDue(store: Store, tenantId: string, now: Date): Promise<boolean> {
  const { rows } = await sql<{ due: boolean }>`
    select exists (select 1 from complaints where tenant_id = ${tenantId} and next_check_at <= ${now})
      or exists (select 1 from complaints where tenant_id = ${tenantId} and status = 'resolved' and follow_up_at <= ${now}) as due`.execute(store.db);
  return rows[0]?.due ?? false;
}
