import type { Kysely } from 'kysely';
import { VipCareError } from '../../../core/errors.js';
import type { Database } from '../schema.js';
import { recordAudit } from './audit.js';
import { markChanged } from './customer-data.js';

/** A manual tier with its reason, author and optional expiry; the next scoring run applies it. */
export async function createOverride(
  db: Kysely<Database>,
  o: { tenantId: string; customerId: string; tier: string | null; reason: string; author: string; expiresAt: Date | null },
): Promise<number> {
  if (o.reason.trim() === '') throw new VipCareError('INVALID_INPUT', { field: 'reason' });
  return db.transaction().execute(async (trx) => {
    const customer = await trx.selectFrom('customers').select('id').where('tenant_id', '=', o.tenantId).where('id', '=', o.customerId).executeTakeFirst();
    if (!customer) throw new VipCareError('CUSTOMER_NOT_FOUND', { customer: o.customerId, tenant: o.tenantId });
    const row = await trx
      .insertInto('tier_overrides')
      .values({ tenant_id: o.tenantId, customer_id: o.customerId, tier: o.tier, reason: o.reason, author: o.author, expires_at: o.expiresAt })
      .returning('id')
      .executeTakeFirstOrThrow();
    await markChanged(trx, o.tenantId, [o.customerId]);
    await recordAudit(trx, { tenantId: o.tenantId, actor: o.author, action: 'override.create', target: o.customerId, details: { tier: o.tier, reason: o.reason, expiresAt: o.expiresAt?.toISOString() ?? null } });
    return row.id;
  });
}

export async function revokeOverrides(db: Kysely<Database>, o: { tenantId: string; customerId: string; actor: string }): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const revoked = await trx
      .updateTable('tier_overrides')
      .set({ revoked_at: new Date(), revoked_by: o.actor })
      .where('tenant_id', '=', o.tenantId)
      .where('customer_id', '=', o.customerId)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    const count = Number(revoked.numUpdatedRows);
    if (count > 0) {
      await markChanged(trx, o.tenantId, [o.customerId]);
      await recordAudit(trx, { tenantId: o.tenantId, actor: o.actor, action: 'override.revoke', target: o.customerId, details: { count } });
    }
    return count;
  });
}
