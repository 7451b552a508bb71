/**
 * Delivers queued outbox messages. A message is leased (status `sending`, lease_until) before it
 * is handed to the transport, so two workers never send it at once; a worker that dies mid-send
 * leaves a lease that expires and the message is retried (the transport's Message-ID stays the same).
 */
import { sql } from 'kysely';
import type { Notifier } from '../../core/ports/notifier.js';
import type { Store } from '../store/db.js';

export interface OutboxSummary {
  sent: number;
  recorded: number;
  failed: number;
  retrying: number;
}

const LEASE_MS = 5 * 60_000;
const MAX_ATTEMPTS = 5;

interface Leased {
  id: number;
  tenant_id: string;
  channel: 'email' | 'sms';
  to_address: string;
  locale: string;
  subject: string | null;
  body: string;
  attempts: number;
}

export async function deliverOutbox(store: Store, notifier: Notifier, opts: { now: Date; tenantId?: string; batchSize?: number }): Promise<OutboxSummary> {
  const summary: OutboxSummary = { sent: 0, recorded: 0, failed: 0, retrying: 0 };
  const batch = opts.batchSize ?? 100;
  const leaseUntil = new Date(opts.now.getTime() + LEASE_MS);
  const tenantFilter = opts.tenantId ? sql`and tenant_id = ${opts.tenantId}` : sql``;
  const { rows } = await sql<Leased>`
    update outbox_messages m set status = 'sending', lease_until = ${leaseUntil}, attempts = m.attempts + 1
    where m.id in (
      select id from outbox_messages
      where ((status = 'queued' and (deliver_after is null or deliver_after <= ${opts.now})) or (status = 'sending' and lease_until < ${opts.now})) ${tenantFilter}
      order by id limit ${batch} for update skip locked)
    returning m.id, m.tenant_id, m.channel, m.to_address, m.locale, m.subject, m.body, m.attempts`.execute(store.db);
  for (const m of rows) {
    try {
      const result = await notifier.deliver({ id: `${m.tenant_id}.${m.id}`, tenantId: m.tenant_id, channel: m.channel, to: m.to_address, locale: m.locale, subject: m.subject, body: m.body });
      await store.db
        .updateTable('outbox_messages')
        .set({ status: result.status, sent_at: opts.now, lease_until: null, last_error: null, transport_id: result.status === 'sent' ? result.transportId : null })
        .where('id', '=', m.id)
        .execute();
      summary[result.status === 'sent' ? 'sent' : 'recorded']++;
    } catch (error) {
      const failed = m.attempts >= MAX_ATTEMPTS;
      await store.db
        .updateTable('outbox_messages')
        .set({ status: failed ? 'failed' : 'queued', lease_until: null, last_error: error instanceof Error ? error.message.slice(0, 500) : String(error).slice(0, 500) })
        .where('id', '=', m.id)
        .execute();
      summary[failed ? 'failed' : 'retrying']++;
    }
  }
  return summary;
}
