import { sql, type Kysely } from 'kysely';

/**
 * How a connection signs in (an admin's OAuth grant, or the JWT bearer flow for a named
 * integration user, which has no refresh token), and the sealed per-connection secret that
 * change notifications carry (Salesforce outbound messages cannot be signed, so their URL holds it).
 */
const statements = [
  sql`alter table crm_connections
    add column auth_method text not null default 'oauth' check (auth_method in ('oauth', 'jwt')),
    add column auth_user text,
    add column notify_secret bytea`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await statement.execute(db);
}
