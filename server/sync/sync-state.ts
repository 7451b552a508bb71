/** Per-stream sync state: the connector's opaque checkpoint, and when the stream last caught up. */
import type { Kysely, Transaction } from 'kysely';
import type { CrmProvider } from '../../core/ports/crm-connector.js';
import type { Database } from '../store/schema.js';

type Db = Kysely<Database> | Transaction<Database>;

export async function readState(db: Db, tenantId: string, provider: CrmProvider, stream: string): Promise<{ checkpoint: Record<string, unknown> | null } | undefined> {
  const row = await db.selectFrom('crm_sync_state').select('checkpoint').where('tenant_id', '=', tenantId).where('provider', '=', provider).where('stream', '=', stream).executeTakeFirst();
  return row ? { checkpoint: row.checkpoint } : undefined;
}

export async function saveState(
  db: Db,
  s: { tenantId: string; provider: CrmProvider; stream: string; phase: 'initial' | 'incremental'; checkpoint: Record<string, unknown>; records: number; done: boolean; now: Date },
): Promise<void> {
  await db
    .insertInto('crm_sync_state')
    .values({
      tenant_id: s.tenantId,
      provider: s.provider,
      stream: s.stream,
      phase: s.phase,
      checkpoint: JSON.stringify(s.checkpoint),
      records: s.records,
      started_at: s.now,
      updated_at: s.now,
      last_completed_at: s.done ? s.now : null,
      last_error: null,
    })
    .onConflict((oc) =>
      oc.columns(['tenant_id', 'provider', 'stream']).doUpdateSet((eb) => ({
        phase: s.phase,
        checkpoint: JSON.stringify(s.checkpoint),
        records: eb('crm_sync_state.records', '+', s.records),
        updated_at: s.now,
        last_completed_at: s.done ? s.now : eb.ref('crm_sync_state.last_completed_at'),
        last_error: null,
      })),
    )
    .execute();
}

export async function recordSyncError(db: Db, tenantId: string, provider: CrmProvider, message: string, now: Date): Promise<void> {
  await db
    .insertInto('crm_sync_state')
    .values({ tenant_id: tenantId, provider, stream: '_run', phase: 'incremental', checkpoint: null, records: 0, started_at: now, updated_at: now, last_completed_at: null, last_error: message.slice(0, 500) })
    .onConflict((oc) => oc.columns(['tenant_id', 'provider', 'stream']).doUpdateSet({ updated_at: now, last_error: message.slice(0, 500) }))
    .execute();
}
