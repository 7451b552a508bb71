/**
 * Idempotent upserts of customers and orders. A row that is already stored with the same values is
 * not touched, so importing the same file twice changes nothing (not even change numbers). Any
 * customer whose data changed gets a new change number for incremental scoring.
 */
import { sql, type Transaction } from 'kysely';
import type { Customer } from '../../../core/model/customer.js';
import type { Order } from '../../../core/model/order.js';
import type { Database } from '../schema.js';

export interface UpsertCounts {
  inserted: number;
  updated: number;
  unchanged: number;
}

/** Empty values never erase stored ones: a file that lacks a column keeps what we know. */
export async function upsertCustomers(trx: Transaction<Database>, tenantId: string, customers: readonly Customer[]): Promise<UpsertCounts> {
  if (customers.length === 0) return { inserted: 0, updated: 0, unchanged: 0 };
  const rows = JSON.stringify(
    customers.map((c) => ({
      id: c.id,
      name: c.name,
      email: c.email,
      locale: c.locale,
      timezone: c.timezone,
      birthday: c.birthday,
      customer_since: c.customerSince,
      influence: c.influence,
      account_manager: c.accountManager,
    })),
  );
  const { rows: written } = await sql<{ inserted: boolean }>`
    insert into customers as c (tenant_id, id, name, email, locale, timezone, birthday, customer_since, influence, account_manager)
    select ${tenantId}, x.id, x.name, x.email, x.locale, x.timezone, x.birthday, x.customer_since, x.influence, x.account_manager
    from jsonb_to_recordset(${rows}::jsonb) as x(id text, name text, email text, locale text, timezone text, birthday date,
      customer_since date, influence double precision, account_manager text)
    on conflict (tenant_id, id) do update set
      name = coalesce(excluded.name, c.name),
      email = coalesce(excluded.email, c.email),
      locale = coalesce(excluded.locale, c.locale),
      timezone = coalesce(excluded.timezone, c.timezone),
      birthday = coalesce(excluded.birthday, c.birthday),
      customer_since = coalesce(excluded.customer_since, c.customer_since),
      influence = coalesce(excluded.influence, c.influence),
      account_manager = coalesce(excluded.account_manager, c.account_manager),
      change_seq = nextval('customer_change_seq'),
      updated_at = now()
    where (c.name, c.email, c.locale, c.timezone, c.birthday, c.customer_since, c.influence, c.account_manager)
      is distinct from (coalesce(excluded.name, c.name), coalesce(excluded.email, c.email), coalesce(excluded.locale, c.locale),
        coalesce(excluded.timezone, c.timezone), coalesce(excluded.birthday, c.birthday),
        coalesce(excluded.customer_since, c.customer_since), coalesce(excluded.influence, c.influence),
        coalesce(excluded.account_manager, c.account_manager))
    returning (xmax = 0) as inserted
  `.execute(trx);
  const inserted = written.filter((r) => r.inserted).length;
  return { inserted, updated: written.length - inserted, unchanged: customers.length - written.length };
}

export interface OrderUpsertCounts extends UpsertCounts {
  /** Customers that did not exist and were created from their orders. */
  customersCreated: number;
}

export async function upsertOrders(trx: Transaction<Database>, tenantId: string, orders: readonly Order[]): Promise<OrderUpsertCounts> {
  if (orders.length === 0) return { inserted: 0, updated: 0, unchanged: 0, customersCreated: 0 };
  const customerIds = JSON.stringify([...new Set(orders.map((o) => o.customerId))]);
  const { rows: created } = await sql<{ id: string }>`
    insert into customers (tenant_id, id)
    select ${tenantId}, x.id from jsonb_array_elements_text(${customerIds}::jsonb) as x(id)
    on conflict (tenant_id, id) do nothing
    returning id
  `.execute(trx);

  const rows = JSON.stringify(
    orders.map((o) => ({ id: o.id, customer_id: o.customerId, ordered_at: o.orderedAt.toISOString(), amount_minor: o.amountMinor, items: o.items })),
  );
  const { rows: written } = await sql<{ inserted: boolean; customer_id: string; old_customer_id: string | null }>`
    with incoming as (
      select x.* from jsonb_to_recordset(${rows}::jsonb) as x(id text, customer_id text, ordered_at timestamptz, amount_minor bigint, items integer)
    ),
    previous as (
      select o.id, o.customer_id from orders o join incoming i on i.id = o.id where o.tenant_id = ${tenantId}
    ),
    upserted as (
      insert into orders as o (tenant_id, id, customer_id, ordered_at, amount_minor, items)
      select ${tenantId}, i.id, i.customer_id, i.ordered_at, i.amount_minor, i.items from incoming i
      on conflict (tenant_id, id) do update set
        customer_id = excluded.customer_id, ordered_at = excluded.ordered_at, amount_minor = excluded.amount_minor,
        items = excluded.items, updated_at = now()
      where (o.customer_id, o.ordered_at, o.amount_minor, o.items)
        is distinct from (excluded.customer_id, excluded.ordered_at, excluded.amount_minor, excluded.items)
      returning o.id, o.customer_id, (xmax = 0) as inserted
    )
    select u.inserted, u.customer_id, p.customer_id as old_customer_id from upserted u left join previous p on p.id = u.id
  `.execute(trx);

  // Both the new owner and, when an order moved, the old one need re-scoring.
  const touched = new Set<string>();
  for (const r of written) {
    touched.add(r.customer_id);
    if (r.old_customer_id) touched.add(r.old_customer_id);
  }
  await markChanged(trx, tenantId, [...touched]);
  const inserted = written.filter((r) => r.inserted).length;
  return { inserted, updated: written.length - inserted, unchanged: orders.length - written.length, customersCreated: created.length };
}

/** Gives customers a new change number so the next incremental scoring run picks them up. */
export async function markChanged(trx: Transaction<Database>, tenantId: string, customerIds: readonly string[]): Promise<void> {
  if (customerIds.length === 0) return;
  await sql`
    update customers set change_seq = nextval('customer_change_seq'), updated_at = now()
    where tenant_id = ${tenantId} and id in (select jsonb_array_elements_text(${JSON.stringify(customerIds)}::jsonb))
  `.execute(trx);
}
