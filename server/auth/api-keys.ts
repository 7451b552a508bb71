/**
 * Tenant API keys: `vck_<id>_<secret>`. We store only SHA-256(secret) and compare digests in
 * constant time; the tenant of a request is the tenant of the key, never a request parameter.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import { recordAudit } from '../store/repositories/audit.js';

const KEY_PATTERN = /^vck_([A-Za-z0-9]{12})_([A-Za-z0-9_-]{43})$/;

function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

export async function createApiKey(db: Kysely<Database>, input: { tenantId: string; label: string; actor: string }): Promise<string> {
  const id = randomBytes(9).toString('base64url').replace(/[-_]/g, 'x').slice(0, 12);
  const secret = randomBytes(32).toString('base64url');
  await db.insertInto('api_keys').values({ id, tenant_id: input.tenantId, label: input.label, secret_sha256: sha256(secret), created_by: input.actor }).execute();
  await recordAudit(db, { tenantId: input.tenantId, actor: input.actor, action: 'apikey.create', target: id, details: { label: input.label } });
  return `vck_${id}_${secret}`;
}

export async function revokeApiKeys(db: Kysely<Database>, input: { tenantId: string; label: string; actor: string }): Promise<number> {
  const result = await db
    .updateTable('api_keys')
    .set({ revoked_at: new Date() })
    .where('tenant_id', '=', input.tenantId)
    .where('label', '=', input.label)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  const count = Number(result.numUpdatedRows);
  if (count) await recordAudit(db, { tenantId: input.tenantId, actor: input.actor, action: 'apikey.revoke', details: { label: input.label, count } });
  return count;
}

/** The tenant a presented key belongs to, or undefined for a malformed, unknown or revoked key. */
export async function verifyApiKey(db: Kysely<Database>, presented: string): Promise<{ tenantId: string; keyId: string } | undefined> {
  const m = KEY_PATTERN.exec(presented);
  if (!m) return undefined;
  const [, id, secret] = m as unknown as [string, string, string];
  const row = await db.selectFrom('api_keys').select(['tenant_id', 'secret_sha256', 'revoked_at']).where('id', '=', id).executeTakeFirst();
  // Hash even when the id is unknown, so timing does not reveal which ids exist.
  const expected = row?.secret_sha256 ?? sha256('');
  const matches = timingSafeEqual(sha256(secret), Buffer.from(expected));
  if (!row || !matches || row.revoked_at) return undefined;
  await db.updateTable('api_keys').set({ last_used_at: new Date() }).where('id', '=', id).execute();
  return { tenantId: row.tenant_id, keyId: id };
}
