/**
 * Connecting a HubSpot portal (OAuth 2 with state and PKCE, see ../oauth-states.ts). The tenant is
 * the one an admin connects, or, for a marketplace install, one created for the portal.
 */
import { VipCareError } from '../../../core/errors.js';
import { authorizeUrl, exchangeCode, tokenInfo } from '../../../connectors/hubspot/index.js';
import type { SecretBox } from '../../secrets/secret-box.js';
import type { Store } from '../../store/db.js';
import { recordAudit } from '../../store/repositories/audit.js';
import { provisionTenant } from '../../tenants/provision.js';
import { connectionByAccount, saveConnection } from '../connections.js';
import { claimState, connectUrl as connectLink, createState, openState } from '../oauth-states.js';
import type { HubspotHostConfig } from './hubspot-host.js';

export const CALLBACK_PATH = '/hubspot/oauth/callback';

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
  const redirectUri = redirectUriFor(config);
  const state = await createState(store, box, { provider: 'hubspot', tenantId: opts.tenantId, redirectUri, now: opts.now });
  return { stateId: state.stateId, nonce: state.nonce, authorizeUrl: authorizeUrl(config.app, { redirectUri, state: state.stateId, codeChallenge: state.challenge }) };
}

/** The authorize URL of a stored, unused state. */
export async function authorizeUrlForState(store: Store, box: SecretBox, config: HubspotHostConfig, stateId: string, now: Date): Promise<string> {
  const { row, challenge } = await openState(store, box, 'hubspot', stateId, now);
  return authorizeUrl(config.app, { redirectUri: row.redirect_uri, state: row.id, codeChallenge: challenge });
}

export function connectUrl(config: HubspotHostConfig, start: InstallStart): string {
  return connectLink(config.publicUrl, 'hubspot', start);
}

export interface InstallResult {
  tenantId: string;
  portalId: string;
  createdTenant: boolean;
}

export async function completeInstall(store: Store, box: SecretBox, config: HubspotHostConfig, opts: { stateId: string; code: string; nonce: string | null; now: Date }): Promise<InstallResult> {
  const { row: state, verifier } = await claimState(store, box, { provider: 'hubspot', stateId: opts.stateId, nonce: opts.nonce, now: opts.now });
  const tokens = await exchangeCode(config.app, { code: opts.code, redirectUri: state.redirect_uri, codeVerifier: verifier, now: opts.now });
  const info = await tokenInfo(config.app, tokens.accessToken);
  if (config.appId && info.appId !== config.appId) throw new VipCareError('FORBIDDEN', { detail: 'token issued to another app' });

  const existing = await connectionByAccount(store.db, 'hubspot', info.hubId);
  const tenantId = state.tenant_id ?? existing?.tenant_id ?? `hubspot-${info.hubId}`;
  if (existing && existing.tenant_id !== tenantId) throw new VipCareError('CONFLICT', { detail: `HubSpot portal ${info.hubId} is already connected to another workspace` });
  const actor = `hubspot-user:${info.userId ?? 'unknown'}`;
  const { created } = await provisionTenant(store, { id: tenantId, name: info.hubDomain ?? `HubSpot ${info.hubId}`, actor });
  await store.db.transaction().execute(async (trx) => {
    await saveConnection(trx, box, { tenantId, provider: 'hubspot', accountId: info.hubId, scopes: info.scopes, tokens, settings: {}, actor, now: opts.now });
    await recordAudit(trx, { tenantId, actor, action: 'crm.connect', target: `hubspot:${info.hubId}`, details: { scopes: info.scopes } });
  });
  return { tenantId, portalId: info.hubId, createdTenant: created };
}
