/**
 * Connecting a HubSpot portal (OAuth 2 with state and PKCE). The state row is single use, expires
 * in ten minutes, and is bound to the browser that started the flow (a cookie nonce whose hash the
 * row keeps), so a code cannot be replayed or injected into someone else's session. The tenant is
 * the one an admin connects, or, for a marketplace install, one created for the portal.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { VipCareError } from '../../../core/errors.js';
import { authorizeUrl, exchangeCode, pkcePair, tokenInfo } from '../../../connectors/hubspot/index.js';
import type { SecretBox } from '../../secrets/secret-box.js';
import type { Store } from '../../store/db.js';
import { recordAudit } from '../../store/repositories/audit.js';
import { provisionTenant } from '../../tenants/provision.js';
import { connectionByAccount, saveConnection } from '../connections.js';
import type { HubspotHostConfig } from './hubspot-host.js';

const STATE_TTL_MS = 10 * 60_000;
export const CALLBACK_PATH = '/hubspot/oauth/callback';

const sha256 = (text: string) => createHash('sha256').update(text).digest('base64url');
const verifierContext = (stateId: string) => `oauth-state:hubspot:${stateId}`;

export interface InstallStart {
  stateId: string;
  /** Goes into the browser's cookie; only its hash is stored. */
  nonce: string;
  authorizeUrl: string;
}

export function redirectUriFor(config: HubspotHostConfig): string {
  return `${config.publicUrl.replace(/\/+$/, '')}${CALLBACK_PATH}`;
}

export async function beginInstall(store: Store, box: SecretBox, config: HubspotHostConfig, opts: { tenantId: string | null; now: Date }): Promise<InstallStart> {
  const stateId = randomBytes(24).toString('base64url');
  const nonce = randomBytes(24).toString('base64url');
  const pkce = pkcePair();
  const redirectUri = redirectUriFor(config);
  await store.db
    .insertInto('crm_oauth_states')
    .values({
      id: stateId,
      provider: 'hubspot',
      tenant_id: opts.tenantId,
      code_verifier: box.seal(pkce.verifier, verifierContext(stateId)),
      browser_binding: sha256(nonce),
      redirect_uri: redirectUri,
      created_at: opts.now,
      expires_at: new Date(opts.now.getTime() + STATE_TTL_MS),
      used_at: null,
    })
    .execute();
  // Expired states are useless: clear them as new ones are made.
  await store.db.deleteFrom('crm_oauth_states').where('expires_at', '<', new Date(opts.now.getTime() - STATE_TTL_MS)).execute();
  return { stateId, nonce, authorizeUrl: authorizeUrl(config.app, { redirectUri, state: stateId, codeChallenge: pkce.challenge }) };
}

/** The authorize URL of a stored, unused state (the PKCE challenge is derived from the sealed verifier). */
export async function authorizeUrlForState(store: Store, box: SecretBox, config: HubspotHostConfig, stateId: string, now: Date): Promise<string> {
  const state = await store.db.selectFrom('crm_oauth_states').selectAll().where('id', '=', stateId).where('provider', '=', 'hubspot').executeTakeFirst();
  if (!state || state.used_at || state.expires_at < now) throw new VipCareError('NOT_FOUND', { what: 'connection request (it expired or was used): start again' });
  const verifier = box.open(state.code_verifier, verifierContext(state.id));
  return authorizeUrl(config.app, { redirectUri: state.redirect_uri, state: state.id, codeChallenge: sha256(verifier) });
}

/** The link an admin opens to connect their workspace: it sets the browser binding, then goes to HubSpot. */
export function connectUrl(config: HubspotHostConfig, start: InstallStart): string {
  const url = new URL('/hubspot/connect', config.publicUrl);
  url.searchParams.set('state', start.stateId);
  url.searchParams.set('key', start.nonce);
  return url.toString();
}

export interface InstallResult {
  tenantId: string;
  portalId: string;
  createdTenant: boolean;
}

export async function completeInstall(store: Store, box: SecretBox, config: HubspotHostConfig, opts: { stateId: string; code: string; nonce: string | null; now: Date }): Promise<InstallResult> {
  const state = await store.db.selectFrom('crm_oauth_states').selectAll().where('id', '=', opts.stateId).where('provider', '=', 'hubspot').executeTakeFirst();
  const given = Buffer.from(sha256(opts.nonce ?? ''), 'utf8');
  const expected = Buffer.from(state?.browser_binding ?? '', 'utf8');
  if (!state || !opts.nonce || given.length !== expected.length || !timingSafeEqual(given, expected)) throw new VipCareError('FORBIDDEN', { detail: 'oauth state' });
  if (state.expires_at < opts.now) throw new VipCareError('INVALID_INPUT', { field: 'the connection request expired; start again' });
  const claimed = await store.db.updateTable('crm_oauth_states').set({ used_at: opts.now }).where('id', '=', state.id).where('used_at', 'is', null).executeTakeFirst();
  if (Number(claimed.numUpdatedRows) !== 1) throw new VipCareError('CONFLICT', { detail: 'this connection request was already used' });

  const verifier = box.open(state.code_verifier, verifierContext(state.id));
  const tokens = await exchangeCode(config.app, { code: opts.code, redirectUri: state.redirect_uri, codeVerifier: verifier, now: opts.now });
  const info = await tokenInfo(config.app, tokens.accessToken);
  if (config.appId && info.appId !== config.appId) throw new VipCareError('FORBIDDEN', { detail: 'token issued to another app' });

  const existing = await connectionByAccount(store.db, 'hubspot', info.hubId);
  let tenantId = state.tenant_id ?? existing?.tenant_id ?? `hubspot-${info.hubId}`;
  if (existing && existing.tenant_id !== tenantId) throw new VipCareError('CONFLICT', { detail: `HubSpot portal ${info.hubId} is already connected to another workspace` });
  const { created } = await provisionTenant(store, { id: tenantId, name: info.hubDomain ?? `HubSpot ${info.hubId}`, actor: `hubspot-user:${info.userId ?? 'unknown'}` });
  tenantId = tenantId.trim();
  await store.db.transaction().execute(async (trx) => {
    await saveConnection(trx, box, { tenantId, provider: 'hubspot', accountId: info.hubId, scopes: info.scopes, tokens, settings: {}, actor: `hubspot-user:${info.userId ?? 'unknown'}`, now: opts.now });
    await recordAudit(trx, { tenantId, actor: `hubspot-user:${info.userId ?? 'unknown'}`, action: 'crm.connect', target: `hubspot:${info.hubId}`, details: { scopes: info.scopes } });
  });
  return { tenantId, portalId: info.hubId, createdTenant: created };
}
