/**
 * Queues survey invitations: one invitation row (what the signed link points at) and one outbox
 * message carrying the link, written in the caller's transaction under the same dedup key, so a
 * retried job or request finds both and adds neither.
 */
import { sql, type Transaction } from 'kysely';
import { translator, type Locale } from '../../core/i18n/index.js';
import { addDuration } from '../../core/playbooks/duration.js';
import type { Duration } from '../../core/playbooks/schema.js';
import type { SurveyKind } from '../../core/feedback/schema.js';
import type { Database } from '../store/schema.js';
import { newInvitationId, type SurveyLinkSigner } from './survey-links.js';

export interface InvitationSpec {
  dedupKey: string;
  customerId: string;
  kind: SurveyKind;
  channel: string;
  to: string;
  locale: Locale;
  source: 'playbook' | 'api' | 'follow_up' | 'workflow';
  complaintId?: number | null;
  subject: string;
  /** The invitation text; the link is appended on a line of its own. */
  body: string;
  enrolmentId?: number | null;
  playbookId?: string | null;
  stepId?: string | null;
  /** Hold delivery until then (the contact policy deferred it); null: now. */
  deliverAfter?: Date | null;
}

export interface QueuedInvitation {
  id: string;
  url: string;
  expiresAt: Date;
  /** False when the dedup key already had an invitation (a retry). */
  created: boolean;
}

export async function queueSurveyInvitations(
  trx: Transaction<Database>,
  opts: { tenantId: string; now: Date; validity: Duration; timezone: string; links: SurveyLinkSigner },
  specs: readonly InvitationSpec[],
): Promise<Map<string, QueuedInvitation>> {
  const out = new Map<string, QueuedInvitation>();
  if (specs.length === 0) return out;
  const rows = specs.map((s) => ({
    id: newInvitationId(),
    k: s.dedupKey,
    c: s.customerId,
    ki: s.kind,
    ch: s.channel,
    lo: s.locale,
    so: s.source,
    cp: s.complaintId ?? null,
    ex: addDuration(s.deliverAfter ?? opts.now, opts.validity, opts.timezone).toISOString(),
  }));
  // "do update" on a no-op column returns the existing row on conflict, so a retry learns the original id.
  const { rows: saved } = await sql<{ id: string; dedup_key: string; expires_at: Date; inserted: boolean }>`
    insert into survey_invitations (id, tenant_id, dedup_key, customer_id, kind, channel, locale, source, complaint_id, created_at, expires_at)
    select x.id, ${opts.tenantId}, x.k, x.c, x.ki, x.ch, x.lo, x.so, x.cp, ${opts.now}, x.ex
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(id text, k text, c text, ki text, ch text, lo text, so text, cp int8, ex timestamptz)
    on conflict (tenant_id, dedup_key) do update set dedup_key = excluded.dedup_key
    returning id, dedup_key, expires_at, (xmax = 0) as inserted`.execute(trx);
  for (const r of saved) {
    out.set(r.dedup_key, { id: r.id, url: opts.links.url(opts.links.sign(r.id, r.expires_at)), expiresAt: r.expires_at, created: r.inserted });
  }
  const messages = specs.map((s) => {
    const inv = out.get(s.dedupKey) as QueuedInvitation;
    return {
      k: s.dedupKey,
      e: s.enrolmentId ?? null,
      p: s.playbookId ?? null,
      st: s.stepId ?? null,
      c: s.customerId,
      sv: s.kind,
      ch: s.channel,
      to: s.to,
      lo: s.locale,
      su: s.subject,
      bo: `${s.body}\n\n${translator(s.locale)('feedback.survey.link', { url: inv.url })}`,
      inv: inv.id,
      da: s.deliverAfter?.toISOString() ?? null,
    };
  });
  await sql`
    insert into outbox_messages (tenant_id, dedup_key, enrolment_id, playbook_id, step_id, customer_id, kind, survey, channel, to_address, locale, subject, body, invitation_id, deliver_after, created_at)
    select ${opts.tenantId}, x.k, x.e, x.p, x.st, x.c, 'survey', x.sv, x.ch, x.to, x.lo, x.su, x.bo, x.inv, x.da, ${opts.now}
    from jsonb_to_recordset(${JSON.stringify(messages)}::jsonb) as x(k text, e int8, p text, st text, c text, sv text, ch text, "to" text, lo text, su text, bo text, inv text, da timestamptz)
    on conflict (tenant_id, dedup_key) do nothing`.execute(trx);
  return out;
}
