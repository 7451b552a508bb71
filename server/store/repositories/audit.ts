import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../schema.js';

/** Admin actions, kept per tenant. Never put secrets or personal data in `details`. */
export async function recordAudit(
  db: Kysely<Database> | Transaction<Database>,
  entry: { tenantId: string; actor: string; action: string; target?: string | null; details?: Record<string, unknown> },
): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({ tenant_id: entry.tenantId, actor: entry.actor, action: entry.action, target: entry.target ?? null, details: JSON.stringify(entry.details ?? {}) })
    .execute();
}
