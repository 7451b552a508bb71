/**
 * Applies a page of CRM records inside the caller's transaction (which also stores the stream's
 * checkpoint, so a page and its checkpoint commit together or not at all). Every write is an
 * idempotent upsert keyed by the CRM record, so a page applied twice changes nothing the second time.
 */
import { sql, type Transaction } from 'kysely';
import { resolveLocale } from '../../core/i18n/index.js';
import type { CrmComplaint, CrmCustomer, CrmOrder, CrmOwner, CrmProvider, CrmRecord, CrmRef, CrmTouch } from '../../core/ports/crm-connector.js';
import type { Program } from '../../core/program/schema.js';
import { changeComplaintIn, openComplaintIn } from '../feedback/complaints.js';
import { markChanged, upsertOrders } from '../store/repositories/customer-data.js';
import type { Database } from '../store/schema.js';
import { link, linkedIds, localIdFor, ownersByEmail, refKey, unlinkedCustomersByEmail } from './links.js';

type Trx = Transaction<Database>;

export interface ApplyContext {
  tenantId: string;
  provider: CrmProvider;
  program: Program;
  now: Date;
  actor: string;
}

export interface ApplySummary {
  owners: number;
  customers: number;
  orders: number;
  ordersRemoved: number;
  complaints: number;
  touches: number;
  unlinked: number;
  /** Local customers whose scoring inputs changed. */
  changed: Set<string>;
}

export const emptySummary = (): ApplySummary => ({ owners: 0, customers: 0, orders: 0, ordersRemoved: 0, complaints: 0, touches: 0, unlinked: 0, changed: new Set() });

export function mergeSummary(into: ApplySummary, from: ApplySummary): ApplySummary {
  into.owners += from.owners;
  into.customers += from.customers;
  into.orders += from.orders;
  into.ordersRemoved += from.ordersRemoved;
  into.complaints += from.complaints;
  into.touches += from.touches;
  into.unlinked += from.unlinked;
  for (const id of from.changed) into.changed.add(id);
  return into;
}

export async function applyRecords(trx: Trx, ctx: ApplyContext, records: readonly CrmRecord[]): Promise<ApplySummary> {
  const summary = emptySummary();
  const pick = <K extends CrmRecord['kind']>(kind: K) => records.filter((r): r is Extract<CrmRecord, { kind: K }> => r.kind === kind);
  const owners = pick('owner').map((r) => r.owner);
  const customers = pick('customer').map((r) => r.customer);
  const orders = pick('order').map((r) => r.order);
  const notOrders = pick('not_order').map((r) => r.ref);
  const complaints = pick('complaint').map((r) => r.complaint);
  const deleted = pick('deleted').map((r) => r.ref);
  const touches = pick('touch').map((r) => r.touch);

  if (owners.length > 0) summary.owners = await applyOwners(trx, ctx, owners);
  if (customers.length > 0) summary.customers = await applyCustomers(trx, ctx, customers, summary.changed);
  if (orders.length > 0) summary.orders = await applyOrders(trx, ctx, orders, summary.changed);
  if (notOrders.length > 0) summary.ordersRemoved += await removeOrders(trx, ctx, notOrders, summary.changed);
  if (complaints.length > 0) summary.complaints = await applyComplaints(trx, ctx, complaints);
  if (touches.length > 0) summary.touches = await applyTouches(trx, ctx, touches);
  for (const ref of deleted) {
    if (ref.type === 'deal' || ref.type === 'opportunity' || ref.type === 'order') summary.ordersRemoved += await removeOrders(trx, ctx, [ref], summary.changed);
    else {
      // A deleted contact or account stays our customer (its orders and history are ours); the link goes.
      const r = await trx.deleteFrom('crm_links').where('tenant_id', '=', ctx.tenantId).where('provider', '=', ctx.provider).where('object_type', '=', ref.type).where('object_id', '=', ref.id).executeTakeFirst();
      summary.unlinked += Number(r.numDeletedRows);
    }
  }
  return summary;
}

async function applyOwners(trx: Trx, ctx: ApplyContext, owners: readonly CrmOwner[]): Promise<number> {
  const linked = await linkedIds(trx, ctx.tenantId, ctx.provider, owners.map((o) => o.ref));
  const byEmail = await ownersByEmail(trx, ctx.tenantId, owners.filter((o) => !linked.has(refKey(o.ref)) && o.email).map((o) => o.email as string));
  const rows = owners.map((o) => {
    const id = linked.get(refKey(o.ref)) ?? (o.email ? byEmail.get(o.email) : undefined) ?? localIdFor(ctx.provider, o.ref);
    return { ref: o.ref, id, name: o.name, email: o.email };
  });
  await sql`
    insert into care_owners as o (tenant_id, id, name, email)
    select ${ctx.tenantId}, x.id, x.name, x.email from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(id text, name text, email text)
    on conflict (tenant_id, id) do update set name = coalesce(excluded.name, o.name), email = coalesce(excluded.email, o.email)
    where (o.name, o.email) is distinct from (coalesce(excluded.name, o.name), coalesce(excluded.email, o.email))`.execute(trx);
  for (const r of rows) if (!linked.has(refKey(r.ref))) await link(trx, ctx.tenantId, ctx.provider, r.ref, r.id);
  return rows.length;
}

/** Local ids for customer refs: linked, matched by email, or new (and then linked). */
async function resolveCustomers(trx: Trx, ctx: ApplyContext, refs: readonly { ref: CrmRef; email: string | null }[]): Promise<Map<string, string>> {
  const linked = await linkedIds(trx, ctx.tenantId, ctx.provider, refs.map((r) => r.ref));
  const unlinked = refs.filter((r) => !linked.has(refKey(r.ref)));
  const byType = new Map<string, string[]>();
  for (const r of unlinked) if (r.email) byType.set(r.ref.type, [...(byType.get(r.ref.type) ?? []), r.email]);
  const matches = new Map<string, string>();
  for (const [type, emails] of byType) for (const [email, id] of await unlinkedCustomersByEmail(trx, ctx.tenantId, ctx.provider, type, emails)) matches.set(`${type}|${email}`, id);
  // Two CRM records with one email in the same page: only the first takes the match.
  const claimed = new Set<string>();
  for (const r of unlinked) {
    if (linked.has(refKey(r.ref))) continue;
    const match = r.email ? matches.get(`${r.ref.type}|${r.email}`) : undefined;
    const id = match && !claimed.has(match) ? match : localIdFor(ctx.provider, r.ref);
    claimed.add(id);
    linked.set(refKey(r.ref), id);
    await link(trx, ctx.tenantId, ctx.provider, r.ref, id);
  }
  return linked;
}

/** Customers referred to by orders or complaints before their own record arrived get a bare row now. */
async function ensureCustomerRows(trx: Trx, tenantId: string, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await sql`insert into customers (tenant_id, id) select ${tenantId}, x.id from jsonb_array_elements_text(${JSON.stringify([...new Set(ids)])}::jsonb) as x(id) on conflict (tenant_id, id) do nothing`.execute(trx);
}

async function applyCustomers(trx: Trx, ctx: ApplyContext, customers: readonly CrmCustomer[], changed: Set<string>): Promise<number> {
  const ids = await resolveCustomers(trx, ctx, customers.map((c) => ({ ref: c.ref, email: c.email })));
  const owners = await linkedIds(trx, ctx.tenantId, ctx.provider, customers.flatMap((c) => (c.owner ? [c.owner] : [])));
  const rows = customers.map((c) => ({
    id: ids.get(refKey(c.ref)) as string,
    name: c.name?.replaceAll('\u0000', '') ?? null,
    email: c.email,
    locale: c.locale ? resolveLocale(c.locale) : null,
    timezone: c.timezone,
    birthday: c.birthday,
    customer_since: c.customerSince,
    phone: c.phone,
    country: c.country,
    account_manager: c.owner ? (owners.get(refKey(c.owner)) ?? null) : null,
  }));
  // CRM values fill and update what we know; an empty CRM field never erases a value from another source.
  const { rows: written } = await sql<{ id: string }>`
    insert into customers as c (tenant_id, id, name, email, locale, timezone, birthday, customer_since, phone, country, account_manager)
    select ${ctx.tenantId}, x.id, x.name, x.email, x.locale, x.timezone, x.birthday, x.customer_since, x.phone, x.country, x.account_manager
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(id text, name text, email text, locale text, timezone text, birthday date,
      customer_since date, phone text, country text, account_manager text)
    on conflict (tenant_id, id) do update set
      name = coalesce(excluded.name, c.name), email = coalesce(excluded.email, c.email), locale = coalesce(excluded.locale, c.locale),
      timezone = coalesce(excluded.timezone, c.timezone), birthday = coalesce(excluded.birthday, c.birthday),
      customer_since = coalesce(excluded.customer_since, c.customer_since), phone = coalesce(excluded.phone, c.phone),
      country = coalesce(excluded.country, c.country), account_manager = coalesce(excluded.account_manager, c.account_manager),
      change_seq = nextval('customer_change_seq'), updated_at = now()
    where (c.name, c.email, c.locale, c.timezone, c.birthday, c.customer_since, c.phone, c.country, c.account_manager)
      is distinct from (coalesce(excluded.name, c.name), coalesce(excluded.email, c.email), coalesce(excluded.locale, c.locale),
        coalesce(excluded.timezone, c.timezone), coalesce(excluded.birthday, c.birthday), coalesce(excluded.customer_since, c.customer_since),
        coalesce(excluded.phone, c.phone), coalesce(excluded.country, c.country), coalesce(excluded.account_manager, c.account_manager))
    returning c.id`.execute(trx);
  for (const r of written) changed.add(r.id);
  return rows.length;
}

async function applyOrders(trx: Trx, ctx: ApplyContext, orders: readonly CrmOrder[], changed: Set<string>): Promise<number> {
  const ids = await resolveCustomers(trx, ctx, orders.map((o) => ({ ref: o.customer, email: null })));
  const mapped = orders.map((o) => ({ id: localIdFor(ctx.provider, o.ref), customerId: ids.get(refKey(o.customer)) as string, orderedAt: o.orderedAt, amountMinor: o.amountMinor, items: o.items }));
  const counts = await upsertOrders(trx, ctx.tenantId, mapped);
  if (counts.inserted + counts.updated > 0) for (const o of mapped) changed.add(o.customerId);
  return orders.length;
}

async function removeOrders(trx: Trx, ctx: ApplyContext, refs: readonly CrmRef[], changed: Set<string>): Promise<number> {
  const removed = await trx
    .deleteFrom('orders')
    .where('tenant_id', '=', ctx.tenantId)
    .where('id', 'in', refs.map((r) => localIdFor(ctx.provider, r)))
    .returning('customer_id')
    .execute();
  const customers = [...new Set(removed.map((r) => r.customer_id))];
  await markChanged(trx, ctx.tenantId, customers);
  for (const c of customers) changed.add(c);
  return removed.length;
}

/** Touches are interactions: the no-touch trigger and the contact policy read them. */
async function applyTouches(trx: Trx, ctx: ApplyContext, touches: readonly CrmTouch[]): Promise<number> {
  const ids = await resolveCustomers(trx, ctx, touches.map((t) => ({ ref: t.customer, email: null })));
  await ensureCustomerRows(trx, ctx.tenantId, [...ids.values()]);
  const rows = touches.map((t) => ({ id: localIdFor(ctx.provider, t.ref), customer_id: ids.get(refKey(t.customer)) as string, kind: t.kind, occurred_at: t.occurredAt.toISOString(), summary: t.summary?.replaceAll('\u0000', '') ?? null }));
  await sql`
    insert into interactions as i (tenant_id, id, customer_id, kind, occurred_at, summary)
    select ${ctx.tenantId}, x.id, x.customer_id, x.kind, x.occurred_at, x.summary
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(id text, customer_id text, kind text, occurred_at timestamptz, summary text)
    on conflict (tenant_id, id) do update set occurred_at = excluded.occurred_at, summary = excluded.summary`.execute(trx);
  return touches.length;
}

const sourceRef = (provider: CrmProvider, ref: CrmRef) => `${provider}:${ref.type}:${ref.id}`;

async function applyComplaints(trx: Trx, ctx: ApplyContext, complaints: readonly CrmComplaint[]): Promise<number> {
  const ids = await resolveCustomers(trx, ctx, complaints.map((c) => ({ ref: c.customer, email: null })));
  await ensureCustomerRows(trx, ctx.tenantId, [...ids.values()]);
  const owners = await linkedIds(trx, ctx.tenantId, ctx.provider, complaints.flatMap((c) => (c.owner ? [c.owner] : [])));
  for (const c of complaints) {
    const customerId = ids.get(refKey(c.customer)) as string;
    const opened = await openComplaintIn(trx, ctx.program, {
      tenantId: ctx.tenantId,
      customerId,
      source: 'crm',
      sourceRef: sourceRef(ctx.provider, c.ref),
      subject: c.subject,
      description: c.description,
      priority: c.priority,
      ownerId: c.owner ? (owners.get(refKey(c.owner)) ?? null) : null,
      openedAt: c.openedAt,
      actor: `${ctx.provider}:sync`,
      now: ctx.now,
    });
    await followStatus(trx, ctx, opened.id, c);
  }
  return complaints.length;
}

/** Moves our complaint to where the CRM's ticket or case is; each step is a no-op when already done. */
async function followStatus(trx: Trx, ctx: ApplyContext, id: number, c: CrmComplaint): Promise<void> {
  const row = await trx.selectFrom('complaints').select(['status', 'first_response_at', 'opened_at']).where('id', '=', id).executeTakeFirstOrThrow();
  const clamp = (d: Date | null) => new Date(Math.max((d ?? ctx.now).getTime(), row.opened_at.getTime()));
  const action = (at: Date | null) => ({ tenantId: ctx.tenantId, id, at: clamp(at), actor: `${ctx.provider}:sync`, now: ctx.now });
  if (c.firstResponseAt && !row.first_response_at && row.status !== 'resolved') await changeComplaintIn(trx, ctx.program, 'respond', action(c.firstResponseAt));
  if (c.status === 'resolved') {
    if (row.status !== 'resolved') await changeComplaintIn(trx, ctx.program, 'resolve', action(c.resolvedAt));
    return;
  }
  if (row.status === 'resolved') await changeComplaintIn(trx, ctx.program, 'reopen', action(null));
  const current = row.status === 'resolved' ? 'open' : row.status;
  if (c.status === 'waiting' && current === 'open') await changeComplaintIn(trx, ctx.program, 'wait', action(null));
  if (c.status === 'open' && current === 'waiting') await changeComplaintIn(trx, ctx.program, 'resume', action(null));
}
