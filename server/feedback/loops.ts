/**
 * The closed loop per feedback item: collected, analysed, acted on, reported back to the
 * customer, each with a time and an owner, so "did we tell the customer what we changed" is a
 * query. Complaints and feedback that needs action (detractors, negative comments) are items.
 */
import { sql, type Transaction } from 'kysely';
import { VipCareError } from '../../core/errors.js';
import { resolveLocale, translator } from '../../core/i18n/index.js';
import type { Store } from '../store/db.js';
import type { Database } from '../store/schema.js';

type Trx = Transaction<Database>;
export type LoopItemType = 'response' | 'complaint';

export async function openLoop(
  trx: Trx,
  item: { tenantId: string; type: LoopItemType; id: string; customerId: string; collectedAt: Date; collectedBy: string; analysedAt: Date; analysedBy: string },
): Promise<void> {
  await trx
    .insertInto('feedback_loops')
    .values({
      tenant_id: item.tenantId,
      item_type: item.type,
      item_id: item.id,
      customer_id: item.customerId,
      collected_at: item.collectedAt,
      collected_by: item.collectedBy,
      analysed_at: item.analysedAt,
      analysed_by: item.analysedBy,
      acted_at: null,
      acted_by: null,
      action: null,
      reported_at: null,
      reported_by: null,
      report: null,
    })
    .onConflict((oc) => oc.columns(['tenant_id', 'item_type', 'item_id']).doNothing())
    .execute();
}

/** Records the action taken; a repeat keeps the first record. */
export async function markActed(trx: Trx, tenantId: string, type: LoopItemType, id: string, at: Date, by: string, action: string | null): Promise<void> {
  await trx
    .updateTable('feedback_loops')
    .set({ acted_at: at, acted_by: by, action })
    .where('tenant_id', '=', tenantId)
    .where('item_type', '=', type)
    .where('item_id', '=', id)
    .where('acted_at', 'is', null)
    .execute();
}

/** A reopened complaint is not acted on nor reported back any more: the loop is open again. */
export async function reopenLoop(trx: Trx, tenantId: string, type: LoopItemType, id: string): Promise<void> {
  await trx
    .updateTable('feedback_loops')
    .set({ acted_at: null, acted_by: null, action: null, reported_at: null, reported_by: null, report: null, report_sent: null })
    .where('tenant_id', '=', tenantId)
    .where('item_type', '=', type)
    .where('item_id', '=', id)
    .execute();
}

export interface LoopView {
  itemType: LoopItemType;
  itemId: string;
  customerId: string;
  collected: { at: Date; by: string };
  analysed: { at: Date; by: string } | null;
  acted: { at: Date; by: string; action: string | null } | null;
  /** `sent`: false when the customer could not be messaged (opted out, no address). */
  reported: { at: Date; by: string; message: string | null; sent: boolean } | null;
  closed: boolean;
}

export async function getLoop(store: Store, tenantId: string, type: LoopItemType, id: string): Promise<LoopView> {
  const r = await store.db.selectFrom('feedback_loops').selectAll().where('tenant_id', '=', tenantId).where('item_type', '=', type).where('item_id', '=', id).executeTakeFirst();
  if (!r) throw new VipCareError('NOT_FOUND', { what: `feedback loop ${type} ${id}` });
  return {
    itemType: r.item_type,
    itemId: r.item_id,
    customerId: r.customer_id,
    collected: { at: r.collected_at, by: r.collected_by },
    analysed: r.analysed_at && r.analysed_by ? { at: r.analysed_at, by: r.analysed_by } : null,
    acted: r.acted_at && r.acted_by ? { at: r.acted_at, by: r.acted_by, action: r.action } : null,
    reported: r.reported_at && r.reported_by ? { at: r.reported_at, by: r.reported_by, message: r.report, sent: r.report_sent ?? false } : null,
    closed: r.reported_at !== null,
  };
}

/** Acting on a feedback item by hand (complaints are acted on by their resolution). */
export async function actOnItem(store: Store, opts: { tenantId: string; type: LoopItemType; id: string; by: string; action: string; now: Date }): Promise<LoopView> {
  await store.db.transaction().execute(async (trx) => {
    await lockLoop(trx, opts.tenantId, opts.type, opts.id);
    await markActed(trx, opts.tenantId, opts.type, opts.id, opts.now, opts.by, opts.action);
  });
  return getLoop(store, opts.tenantId, opts.type, opts.id);
}

/**
 * Tells the customer what we did: queues the message to them and closes the loop. Only after an
 * action (there is nothing to report before), and once per action: a repeat changes nothing.
 */
export async function reportBack(store: Store, opts: { tenantId: string; type: LoopItemType; id: string; by: string; message: string; now: Date }): Promise<LoopView> {
  await store.db.transaction().execute(async (trx) => {
    const loop = await lockLoop(trx, opts.tenantId, opts.type, opts.id);
    if (loop.acted_at === null) throw new VipCareError('CONFLICT', { detail: `feedback loop ${opts.type} ${opts.id} has no action to report yet` });
    if (loop.reported_at !== null) return;
    const customer = await trx.selectFrom('customers').select(['email', 'locale', 'do_not_contact']).where('tenant_id', '=', opts.tenantId).where('id', '=', loop.customer_id).executeTakeFirst();
    const tenant = await trx.selectFrom('tenants').select('locale').where('id', '=', opts.tenantId).executeTakeFirst();
    const locale = resolveLocale(customer?.locale ?? tenant?.locale);
    // An opt-out blocks this message too; the loop then records that no message went out.
    const sendable = Boolean(customer?.email) && !customer?.do_not_contact;
    if (sendable) {
      await trx
        .insertInto('outbox_messages')
        .values({
          tenant_id: opts.tenantId,
          dedup_key: `report:${opts.type}:${opts.id}:${loop.acted_at.toISOString()}`,
          customer_id: loop.customer_id,
          kind: 'message',
          survey: null,
          invitation_id: null,
          deliver_after: null,
          enrolment_id: null,
          playbook_id: null,
          step_id: null,
          channel: 'email',
          to_address: customer?.email as string,
          locale,
          subject: translator(locale)('feedback.complaint.reportSubject'),
          body: opts.message,
          created_at: opts.now,
        })
        .onConflict((oc) => oc.columns(['tenant_id', 'dedup_key']).doNothing())
        .execute();
    }
    await trx
      .updateTable('feedback_loops')
      .set({ reported_at: opts.now, reported_by: opts.by, report: opts.message, report_sent: sendable })
      .where('tenant_id', '=', opts.tenantId)
      .where('item_type', '=', opts.type)
      .where('item_id', '=', opts.id)
      .execute();
  });
  return getLoop(store, opts.tenantId, opts.type, opts.id);
}

async function lockLoop(trx: Trx, tenantId: string, type: LoopItemType, id: string) {
  const { rows } = await sql<{ customer_id: string; acted_at: Date | null; reported_at: Date | null }>`
    select customer_id, acted_at, reported_at from feedback_loops
    where tenant_id = ${tenantId} and item_type = ${type} and item_id = ${id} for update`.execute(trx);
  const row = rows[0];
  if (!row) throw new VipCareError('NOT_FOUND', { what: `feedback loop ${type} ${id}` });
  return row;
}
