/**
 * Connecting a Salesforce org: the web-server flow with PKCE (an admin, through ../oauth-states.ts)
 * or the JWT bearer flow (a named integration user, server to server). Connecting also issues the
 * two secrets the org needs to talk to us: the card key its External Credential sends with every
 * card request (an API key of this tenant), and the outbound-message URL with its secret. Both are
 * shown once; reconnecting issues new ones.
 */
import { randomBytes } from 'node:crypto';
import { VipCareError } from '../../../core/errors.js';
import { authorizeUrl, exchangeCode, jwtSession, type SalesforceSession } from '../../../connectors/salesforce/index.js';
import { createApiKey, revokeApiKeys } from '../../auth/api-keys.js';
import type { SecretBox } from '../../secrets/secret-box.js';
import type { Store } from '../../store/db.js';
import { recordAudit } from '../../store/repositories/audit.js';
import { provisionTenant } from '../../tenants/provision.js';
import { connectionByAccount, findConnection, rotateNotifySecret, saveConnection } from '../connections.js';
import { claimState, connectUrl as connectLink, createState, openState } from '../oauth-states.js';
import type { SalesforceHostConfig } from './salesforce-host.js';

export const CALLBACK_PATH = '/salesforce/oauth/callback';
export const CARD_KEY_LABEL = 'salesforce-card';

export function redirectUriFor(config: Pick<SalesforceHostConfig, 'publicUrl'>): string {
  return `${config.publicUrl.replace(/\/+$/, '')}${CALLBACK_PATH}`;
}

export interface InstallStart {
  stateId: string;
  nonce: string;
  authorizeUrl: string;
}

export async function beginInstall(store: Store, box: SecretBox, config: SalesforceHostConfig, opts: { tenantId: string | null; now: Date }): Promise<InstallStart> {
  const redirectUri = redirectUriFor(config);
  const state = await createState(store, box, { provider: 'salesforce', tenantId: opts.tenantId, redirectUri, now: opts.now });
  return { stateId: state.stateId, nonce: state.nonce, authorizeUrl: authorizeUrl(config.app, { redirectUri, state: state.stateId, codeChallenge: state.challenge }) };
}

export async function authorizeUrlForState(store: Store, box: SecretBox, config: SalesforceHostConfig, stateId: string, now: Date): Promise<string> {
  const { row, challenge } = await openState(store, box, 'salesforce', stateId, now);
  return authorizeUrl(config.app, { redirectUri: row.redirect_uri, state: row.id, codeChallenge: challenge });
}

export function connectUrl(config: SalesforceHostConfig, start: InstallStart): string {
  return connectLink(config.publicUrl, 'salesforce', start);
}

export interface Connected {
  tenantId: string;
  orgId: string;
  createdTenant: boolean;
  /** For the org's External Credential (`CardKey`): shown once. */
  cardKey: string;
  /** For the org's outbound messages: shown once. */
  outboundUrl: string;
}

async function connect(store: Store, box: SecretBox, config: SalesforceHostConfig, opts: { tenantId: string | null; session: SalesforceSession; auth: { method: 'oauth' | 'jwt'; user: string | null }; now: Date }): Promise<Connected> {
  const { session } = opts;
  const existing = await connectionByAccount(store.db, 'salesforce', session.orgId);
  const tenantId = opts.tenantId ?? existing?.tenant_id ?? `salesforce-${session.orgId}`;
  if (existing && existing.tenant_id !== tenantId) throw new VipCareError('CONFLICT', { detail: `Salesforce org ${session.orgId} is already connected to another workspace` });
  const actor = `salesforce-user:${session.userId}`;
  const { created } = await provisionTenant(store, { id: tenantId, name: `Salesforce ${session.orgId}`, actor });
  const secret = randomBytes(24).toString('base64url');
  await store.db.transaction().execute(async (trx) => {
    await saveConnection(trx, box, {
      tenantId,
      provider: 'salesforce',
      accountId: session.orgId,
      scopes: [...config.app.scopes],
      tokens: { accessToken: session.accessToken, refreshToken: session.refreshToken, expiresAt: null },
      instanceUrl: session.instanceUrl,
      settings: {},
      actor,
      now: opts.now,
      auth: opts.auth,
    });
    await recordAudit(trx, { tenantId, actor, action: 'crm.connect', target: `salesforce:${session.orgId}`, details: { auth: opts.auth.method } });
  });
  const row = await findConnection(store.db, tenantId, 'salesforce');
  if (!row) throw new VipCareError('UNKNOWN');
  await rotateNotifySecret(store.db, box, row, secret, opts.now);
  await revokeApiKeys(store.db, { tenantId, label: CARD_KEY_LABEL, actor });
  const cardKey = await createApiKey(store.db, { tenantId, label: CARD_KEY_LABEL, actor });
  const outboundUrl = new URL(`/salesforce/outbound/${session.orgId}/${secret}`, config.publicUrl).toString();
  return { tenantId, orgId: session.orgId, createdTenant: created, cardKey, outboundUrl };
}

export async function completeInstall(store: Store, box: SecretBox, config: SalesforceHostConfig, opts: { stateId: string; code: string; nonce: string | null; now: Date }): Promise<Connected> {
  const { row: state, verifier } = await claimState(store, box, { provider: 'salesforce', stateId: opts.stateId, nonce: opts.nonce, now: opts.now });
  const session = await exchangeCode(config.app, { code: opts.code, redirectUri: state.redirect_uri, codeVerifier: verifier });
  return connect(store, box, config, { tenantId: state.tenant_id, session, auth: { method: 'oauth', user: null }, now: opts.now });
}

/** Server to server: the integration user signs in with a JWT signed by our key. */
export async function connectWithJwt(store: Store, box: SecretBox, config: SalesforceHostConfig, opts: { tenantId: string; username: string; now: Date }): Promise<Connected> {
  if (!config.jwtPrivateKeyPem) throw new VipCareError('NOT_FOUND', { what: 'JWT sign-in (set SALESFORCE_JWT_PRIVATE_KEY)' });
  const session = await jwtSession(config.app, { username: opts.username, privateKeyPem: config.jwtPrivateKeyPem, now: opts.now });
  return connect(store, box, config, { tenantId: opts.tenantId, session, auth: { method: 'jwt', user: opts.username }, now: opts.now });
}
