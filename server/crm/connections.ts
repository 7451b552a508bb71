/**
 * CRM connections: one per tenant and CRM. Tokens are sealed with the secret box before they
 * touch the database, bound to their row (tenant, CRM, account, kind), and are opened only to make
 * CRM calls. Nothing here logs or returns a token to an HTTP caller.
 */
import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { CrmProvider } from '../../core/ports/crm-connector.js';
import type { SecretBox } from '../secrets/secret-box.js';
import type { CrmConnectionsTable, Database } from '../store/schema.js';

type Db = Kysely<Database> | Transaction<Database>;
export type ConnectionRow = Selectable<CrmConnectionsTable>;

export interface TokenSetIn {
  accessToken: string;
  refreshToken: string | null;
  expiresAt: Date | null;
}

export const tokenContext = (row: { tenant_id: string; provider: string; account_id: string }, kind: 'access' | 'refresh') =>
  `crm-token:${row.provider}:${row.tenant_id}:${row.account_id}:${kind}`;

export async function findConnection(db: Db, tenantId: string, provider: CrmProvider): Promise<ConnectionRow | undefined> {
  return db.selectFrom('crm_connections').selectAll().where('tenant_id', '=', tenantId).where('provider', '=', provider).executeTakeFirst();
}

/** The live connection of a portal or org: how a signed request finds its tenant. */
export async function connectionByAccount(db: Db, provider: CrmProvider, accountId: string): Promise<ConnectionRow | undefined> {
  return db.selectFrom('crm_connections').selectAll().where('provider', '=', provider).where('account_id', '=', accountId).where('status', '<>', 'uninstalled').executeTakeFirst();
}

export async function activeConnections(db: Db): Promise<ConnectionRow[]> {
  return db.selectFrom('crm_connections').selectAll().where('status', '=', 'active').orderBy('tenant_id').execute();
}

export async function saveConnection(
  db: Db,
  box: SecretBox,
  c: { tenantId: string; provider: CrmProvider; accountId: string; scopes: string[]; tokens: TokenSetIn; instanceUrl?: string | null; settings: Record<string, unknown>; actor: string; now: Date; auth?: { method: 'oauth' | 'jwt'; user: string | null } },
): Promise<void> {
  const key = { tenant_id: c.tenantId, provider: c.provider, account_id: c.accountId };
  const access = box.seal(c.tokens.accessToken, tokenContext(key, 'access'));
  const refresh = c.tokens.refreshToken ? box.seal(c.tokens.refreshToken, tokenContext(key, 'refresh')) : null;
  await db
    .insertInto('crm_connections')
    .values({
      tenant_id: c.tenantId,
      provider: c.provider,
      account_id: c.accountId,
      status: 'active',
      scopes: c.scopes,
      access_token: access,
      refresh_token: refresh,
      token_expires_at: c.tokens.expiresAt,
      instance_url: c.instanceUrl ?? null,
      settings: JSON.stringify(c.settings),
      installed_by: c.actor,
      installed_at: c.now,
      updated_at: c.now,
      uninstalled_at: null,
      last_error: null,
      auth_method: c.auth?.method ?? 'oauth',
      auth_user: c.auth?.user ?? null,
    })
    .onConflict((oc) =>
      oc.columns(['tenant_id', 'provider']).doUpdateSet({
        account_id: c.accountId,
        status: 'active',
        scopes: c.scopes,
        access_token: access,
        refresh_token: refresh,
        token_expires_at: c.tokens.expiresAt,
        token_version: sql`crm_connections.token_version + 1`,
        instance_url: c.instanceUrl ?? null,
        installed_by: c.actor,
        installed_at: c.now,
        updated_at: c.now,
        uninstalled_at: null,
        last_error: null,
        auth_method: c.auth?.method ?? 'oauth',
        auth_user: c.auth?.user ?? null,
      }),
    )
    .execute();
}

export function openTokens(box: SecretBox, row: ConnectionRow): { accessToken: string | null; refreshToken: string | null } {
  return {
    accessToken: row.access_token ? box.open(row.access_token, tokenContext(row, 'access')) : null,
    refreshToken: row.refresh_token ? box.open(row.refresh_token, tokenContext(row, 'refresh')) : null,
  };
}

export async function storeRefreshedTokens(db: Db, box: SecretBox, row: ConnectionRow, tokens: TokenSetIn, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('crm_connections')
    .set({
      access_token: box.seal(tokens.accessToken, tokenContext(row, 'access')),
      // Some CRMs keep the refresh token across refreshes and do not send it again.
      refresh_token: tokens.refreshToken ? box.seal(tokens.refreshToken, tokenContext(row, 'refresh')) : row.refresh_token,
      token_expires_at: tokens.expiresAt,
      token_version: row.token_version + 1,
      updated_at: now,
      last_error: null,
    })
    .where('tenant_id', '=', row.tenant_id)
    .where('provider', '=', row.provider)
    .where('token_version', '=', row.token_version)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function markConnection(db: Db, tenantId: string, provider: CrmProvider, status: 'needs_reauth' | 'uninstalled', reason: string, now: Date): Promise<void> {
  await db
    .updateTable('crm_connections')
    .set({
      status,
      last_error: reason.slice(0, 300),
      updated_at: now,
      ...(status === 'uninstalled' ? { uninstalled_at: now, access_token: null, refresh_token: null, token_expires_at: null } : {}),
    })
    .where('tenant_id', '=', tenantId)
    .where('provider', '=', provider)
    .execute();
}

export async function updateSettings(db: Db, tenantId: string, provider: CrmProvider, settings: Record<string, unknown>, now: Date): Promise<void> {
  await db.updateTable('crm_connections').set({ settings: JSON.stringify(settings), updated_at: now }).where('tenant_id', '=', tenantId).where('provider', '=', provider).execute();
}

const notifyContext = (row: { tenant_id: string; provider: string; account_id: string }) => `crm-notify:${row.provider}:${row.tenant_id}:${row.account_id}`;

/** A fresh secret for the connection's change notifications (sealed at rest); returned once, to show the admin. */
export async function rotateNotifySecret(db: Db, box: SecretBox, row: ConnectionRow, secret: string, now: Date): Promise<void> {
  await db.updateTable('crm_connections').set({ notify_secret: box.seal(secret, notifyContext(row)), updated_at: now }).where('tenant_id', '=', row.tenant_id).where('provider', '=', row.provider).execute();
}

export function openNotifySecret(box: SecretBox, row: ConnectionRow): string | null {
  return row.notify_secret ? box.open(row.notify_secret, notifyContext(row)) : null;
}
