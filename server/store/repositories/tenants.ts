import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

export interface TenantRecord {
  id: string;
  name: string;
  locale: string;
  timezone: string;
  currency: string;
  activeProgramVersion: number | null;
}

export async function ensureTenant(
  db: Kysely<Database>,
  tenant: { id: string; name?: string; locale?: string; timezone?: string; currency?: string },
): Promise<TenantRecord> {
  await db
    .insertInto('tenants')
    .values({ id: tenant.id, name: tenant.name ?? tenant.id, locale: tenant.locale, timezone: tenant.timezone, currency: tenant.currency, active_program_version: null })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
  return (await findTenant(db, tenant.id)) as TenantRecord;
}

export async function findTenant(db: Kysely<Database>, id: string): Promise<TenantRecord | undefined> {
  const row = await db.selectFrom('tenants').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  return { id: row.id, name: row.name, locale: row.locale, timezone: row.timezone, currency: row.currency, activeProgramVersion: row.active_program_version };
}

export async function listTenants(db: Kysely<Database>): Promise<TenantRecord[]> {
  const rows = await db.selectFrom('tenants').selectAll().orderBy('id').execute();
  return rows.map((row) => ({ id: row.id, name: row.name, locale: row.locale, timezone: row.timezone, currency: row.currency, activeProgramVersion: row.active_program_version }));
}
