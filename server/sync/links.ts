/**
 * Links between CRM records and our rows. A customer is found by an existing link, else by email
 * (a shop's customers imported from a file are the same people as the CRM's contacts), else it is
 * new and gets an id derived from the CRM record. Owners match the care team by email the same way.
 */
import { sql, type Transaction } from 'kysely';
import type { CrmProvider, CrmRef } from '../../core/ports/crm-connector.js';
import type { Database } from '../store/schema.js';

type Trx = Transaction<Database>;

export const refKey = (ref: CrmRef) => `${ref.type}:${ref.id}`;

/** The id we give a row that exists only because of a CRM record. */
export function localIdFor(provider: CrmProvider, ref: CrmRef): string {
  return `${provider}-${ref.type}-${ref.id}`;
}

export async function linkedIds(trx: Trx, tenantId: string, provider: CrmProvider, refs: readonly CrmRef[]): Promise<Map<string, string>> {
  if (refs.length === 0) return new Map();
  const wanted = JSON.stringify(refs.map((r) => ({ t: r.type, i: r.id })));
  const { rows } = await sql<{ object_type: string; object_id: string; local_id: string }>`
    select l.object_type, l.object_id, l.local_id from crm_links l
    join jsonb_to_recordset(${wanted}::jsonb) as w(t text, i text) on w.t = l.object_type and w.i = l.object_id
    where l.tenant_id = ${tenantId} and l.provider = ${provider}`.execute(trx);
  return new Map(rows.map((r) => [`${r.object_type}:${r.object_id}`, r.local_id]));
}

export async function link(trx: Trx, tenantId: string, provider: CrmProvider, ref: CrmRef, localId: string): Promise<void> {
  await trx
    .insertInto('crm_links')
    .values({ tenant_id: tenantId, provider, object_type: ref.type, object_id: ref.id, local_id: localId })
    .onConflict((oc) => oc.columns(['tenant_id', 'provider', 'object_type', 'object_id']).doUpdateSet({ local_id: localId }))
    .execute();
}

/** Customers with these emails that no record of this CRM type links to yet. */
export async function unlinkedCustomersByEmail(trx: Trx, tenantId: string, provider: CrmProvider, type: string, emails: readonly string[]): Promise<Map<string, string>> {
  if (emails.length === 0) return new Map();
  const { rows } = await sql<{ email: string; id: string }>`
    select distinct on (lower(c.email)) lower(c.email) as email, c.id from customers c
    where c.tenant_id = ${tenantId} and lower(c.email) in (select jsonb_array_elements_text(${JSON.stringify(emails)}::jsonb))
      and not exists (select 1 from crm_links l where l.tenant_id = c.tenant_id and l.provider = ${provider} and l.object_type = ${type} and l.local_id = c.id)
    order by lower(c.email), c.id`.execute(trx);
  return new Map(rows.map((r) => [r.email, r.id]));
}

export async function ownersByEmail(trx: Trx, tenantId: string, emails: readonly string[]): Promise<Map<string, string>> {
  if (emails.length === 0) return new Map();
  const { rows } = await sql<{ email: string; id: string }>`
    select distinct on (lower(email)) lower(email) as email, id from care_owners
    where tenant_id = ${tenantId} and lower(email) in (select jsonb_array_elements_text(${JSON.stringify(emails)}::jsonb))
    order by lower(email), id`.execute(trx);
  return new Map(rows.map((r) => [r.email, r.id]));
}

/** The CRM record a local row is linked to (for writing back), or null. */
export async function refOf(db: Trx | import('kysely').Kysely<Database>, tenantId: string, provider: CrmProvider, types: readonly string[], localId: string): Promise<CrmRef | null> {
  const row = await db
    .selectFrom('crm_links')
    .select(['object_type', 'object_id'])
    .where('tenant_id', '=', tenantId)
    .where('provider', '=', provider)
    .where('object_type', 'in', [...types])
    .where('local_id', '=', localId)
    .orderBy('created_at')
    .limit(1)
    .executeTakeFirst();
  return row ? { type: row.object_type, id: row.object_id } : null;
}
