/**
 * Erasure on request (a CRM's GDPR delete): the person's row goes, and with it, through the
 * foreign keys, every order, score, task, message, survey, answer and complaint of theirs; their
 * links and write-back state in every CRM go too. The audit log keeps that an erasure happened,
 * by whom and for which record, and nothing about the person.
 */
import type { Transaction } from 'kysely';
import type { CrmProvider, CrmRef } from '../../core/ports/crm-connector.js';
import { recordAudit } from '../store/repositories/audit.js';
import type { Database } from '../store/schema.js';

export async function eraseLinkedCustomer(trx: Transaction<Database>, opts: { tenantId: string; provider: CrmProvider; ref: CrmRef; actor: string }): Promise<{ erased: string | null }> {
  const link = await trx
    .selectFrom('crm_links')
    .select('local_id')
    .where('tenant_id', '=', opts.tenantId)
    .where('provider', '=', opts.provider)
    .where('object_type', '=', opts.ref.type)
    .where('object_id', '=', opts.ref.id)
    .executeTakeFirst();
  if (!link) {
    await recordAudit(trx, { tenantId: opts.tenantId, actor: opts.actor, action: 'privacy.erase', target: `${opts.provider}:${opts.ref.type}:${opts.ref.id}`, details: { found: false } });
    return { erased: null };
  }
  const customerId = link.local_id;
  const refs = await trx.selectFrom('crm_links').select(['provider', 'object_type', 'object_id']).where('tenant_id', '=', opts.tenantId).where('local_id', '=', customerId).where('object_type', '<>', 'owner').execute();
  for (const r of refs) {
    await trx.deleteFrom('crm_push_state').where('tenant_id', '=', opts.tenantId).where('provider', '=', r.provider).where('object_type', '=', r.object_type).where('object_id', '=', r.object_id).execute();
  }
  await trx.deleteFrom('crm_links').where('tenant_id', '=', opts.tenantId).where('local_id', '=', customerId).where('object_type', '<>', 'owner').execute();
  const deleted = await trx.deleteFrom('customers').where('tenant_id', '=', opts.tenantId).where('id', '=', customerId).executeTakeFirst();
  await recordAudit(trx, {
    tenantId: opts.tenantId,
    actor: opts.actor,
    action: 'privacy.erase',
    target: `${opts.provider}:${opts.ref.type}:${opts.ref.id}`,
    details: { found: true, customerRowDeleted: Number(deleted.numDeletedRows) === 1, linksRemoved: refs.length },
  });
  return { erased: customerId };
}
