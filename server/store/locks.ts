/**
 * Transaction-scoped advisory locks. Writers of scoring inputs hold the tenant's change lock
 * shared; a scoring run takes it exclusively for the instant it reads its watermark, so no write
 * can be in flight with a change number below the watermark and be missed by the next
 * incremental run.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from './schema.js';

type Executor = Kysely<Database> | Transaction<Database>;

export async function holdChangeLockShared(trx: Transaction<Database>, tenantId: string): Promise<void> {
  await sql`select pg_advisory_xact_lock_shared(hashtext(${`vip-care:changes:${tenantId}`}))`.execute(trx);
}

/** The highest change number every committed write is at or below. */
export async function readChangeWatermark(db: Executor, tenantId: string): Promise<number> {
  const read = async (trx: Transaction<Database>) => {
    await sql`select pg_advisory_xact_lock(hashtext(${`vip-care:changes:${tenantId}`}))`.execute(trx);
    const { rows } = await sql<{ value: number }>`select (case when is_called then last_value else 0 end)::int8 as value from customer_change_seq`.execute(trx);
    return rows[0]?.value ?? 0;
  };
  return db.isTransaction ? read(db as Transaction<Database>) : db.transaction().execute(read);
}

/** Serializes scoring runs of one tenant. */
export async function holdScoringLock(trx: Transaction<Database>, tenantId: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext(${`vip-care:scoring:${tenantId}`}))`.execute(trx);
}
