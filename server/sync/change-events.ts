/**
 * Change notifications (webhooks, outbound messages): stored first, deduplicated on the CRM's
 * event id, acknowledged, then processed here from the queue. Processing re-reads the named
 * records from the CRM (so order and repeats do not matter), applies them with the events marked
 * processed in the same transaction, and carries out privacy erasures.
 */
import { sql } from 'kysely';
import type { CrmConnector, CrmProvider, CrmRecord, CrmRef } from '../../core/ports/crm-connector.js';
import type { Program } from '../../core/program/schema.js';
import { eraseLinkedCustomer } from '../privacy/erase-customer.js';
import type { Store } from '../store/db.js';
import { holdChangeLockShared } from '../store/locks.js';
import { applyRecords, emptySummary, type ApplySummary } from './apply-records.js';
import { refKey } from './links.js';

export type ChangeMeaning = { kind: 'changed' | 'deleted' | 'privacy_deletion'; ref: CrmRef } | { kind: 'ignored'; reason: string };

export interface StoredEvent {
  eventId: string;
  subscriptionType: string;
  objectId: string | null;
  occurredAt: Date;
  payload: Record<string, unknown>;
}

/** Stores events once each; returns how many were new. */
export async function storeEvents(store: Store, tenantId: string, provider: CrmProvider, events: readonly StoredEvent[], now: Date): Promise<number> {
  if (events.length === 0) return 0;
  const rows = events.map((e) => ({ e: e.eventId, s: e.subscriptionType, o: e.objectId, t: e.occurredAt.toISOString(), p: e.payload }));
  const { rows: inserted } = await sql<{ event_id: string }>`
    insert into crm_webhook_events (provider, event_id, tenant_id, subscription_type, object_id, occurred_at, received_at, payload)
    select ${provider}, x.e, ${tenantId}, x.s, x.o, x.t, ${now}, x.p from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(e text, s text, o text, t timestamptz, p jsonb)
    on conflict (provider, event_id) do nothing returning event_id`.execute(store.db);
  return inserted.length;
}

export interface EventBatchResult {
  processed: number;
  erased: number;
  ignored: number;
  applied: ApplySummary;
  remaining: boolean;
}

export async function processEvents(
  store: Store,
  opts: { tenantId: string; provider: CrmProvider; connector: CrmConnector; program: Program; interpret: (payload: Record<string, unknown>) => ChangeMeaning; now: Date; batchSize?: number },
): Promise<EventBatchResult> {
  const limit = opts.batchSize ?? 500;
  const pending = await store.db
    .selectFrom('crm_webhook_events')
    .select(['event_id', 'payload'])
    .where('tenant_id', '=', opts.tenantId)
    .where('provider', '=', opts.provider)
    .where('processed_at', 'is', null)
    .orderBy('occurred_at')
    .orderBy('event_id')
    .limit(limit)
    .execute();
  const result: EventBatchResult = { processed: 0, erased: 0, ignored: 0, applied: emptySummary(), remaining: pending.length === limit };
  if (pending.length === 0) return result;
  const meanings = pending.map((p) => ({ id: p.event_id, meaning: opts.interpret(p.payload) }));
  const erasures = new Map<string, CrmRef>();
  const deleted = new Map<string, CrmRef>();
  const changed = new Map<string, CrmRef>();
  for (const { meaning } of meanings) {
    if (meaning.kind === 'ignored') {
      result.ignored++;
      continue;
    }
    const key = refKey(meaning.ref);
    if (meaning.kind === 'privacy_deletion') erasures.set(key, meaning.ref);
    else if (meaning.kind === 'deleted') deleted.set(key, meaning.ref);
    else changed.set(key, meaning.ref);
  }
  for (const key of [...erasures.keys(), ...deleted.keys()]) changed.delete(key);
  const fetched: CrmRecord[] = changed.size > 0 ? await opts.connector.fetchRecords([...changed.values()]) : [];
  const records: CrmRecord[] = [...fetched, ...[...deleted.values()].filter((r) => !erasures.has(refKey(r))).map((ref) => ({ kind: 'deleted' as const, ref }))];
  await store.db.transaction().execute(async (trx) => {
    await holdChangeLockShared(trx, opts.tenantId);
    result.applied = await applyRecords(trx, { tenantId: opts.tenantId, provider: opts.provider, program: opts.program, now: opts.now, actor: `${opts.provider}:webhook` }, records);
    for (const ref of erasures.values()) {
      const { erased } = await eraseLinkedCustomer(trx, { tenantId: opts.tenantId, provider: opts.provider, ref, actor: `${opts.provider}:privacy-request` });
      if (erased) {
        result.erased++;
        result.applied.changed.delete(erased);
      }
    }
    await trx
      .updateTable('crm_webhook_events')
      .set({ processed_at: opts.now, attempts: sql`attempts + 1`, last_error: null })
      .where('provider', '=', opts.provider)
      .where('event_id', 'in', pending.map((p) => p.event_id))
      .execute();
  });
  result.processed = pending.length;
  return result;
}

export async function recordEventFailure(store: Store, tenantId: string, provider: CrmProvider, message: string): Promise<void> {
  await store.db
    .updateTable('crm_webhook_events')
    .set({ attempts: sql`attempts + 1`, last_error: message.slice(0, 300) })
    .where('tenant_id', '=', tenantId)
    .where('provider', '=', provider)
    .where('processed_at', 'is', null)
    .execute();
}
