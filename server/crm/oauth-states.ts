/**
 * OAuth state for connecting a CRM (HubSpot, Salesforce): single use, ten minutes, bound to the
 * browser that started the flow (a cookie nonce whose hash the row keeps), with the PKCE verifier
 * sealed at rest. A code therefore cannot be replayed, nor injected into another admin's session.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Selectable } from 'kysely';
import { VipCareError } from '../../core/errors.js';
import type { CrmProvider } from '../../core/ports/crm-connector.js';
import type { SecretBox } from '../secrets/secret-box.js';
import type { Store } from '../store/db.js';
import type { CrmOauthStatesTable } from '../store/schema.js';

export const STATE_TTL_MS = 10 * 60_000;

const sha256 = (text: string) => createHash('sha256').update(text).digest('base64url');
const verifierContext = (provider: CrmProvider, stateId: string) => `oauth-state:${provider}:${stateId}`;

export interface StateStart {
  stateId: string;
  /** Goes into the browser's cookie; only its hash is stored. */
  nonce: string;
  /** The S256 challenge of the sealed verifier. */
  challenge: string;
}

/** A new state with its own PKCE verifier (RFC 7636: 64 characters from 48 random bytes, S256 challenge). */
export async function createState(store: Store, box: SecretBox, opts: { provider: CrmProvider; tenantId: string | null; redirectUri: string; now: Date }): Promise<StateStart> {
  const stateId = randomBytes(24).toString('base64url');
  const verifier = randomBytes(48).toString('base64url');
  const nonce = randomBytes(24).toString('base64url');
  await store.db
    .insertInto('crm_oauth_states')
    .values({
      id: stateId,
      provider: opts.provider,
      tenant_id: opts.tenantId,
      code_verifier: box.seal(verifier, verifierContext(opts.provider, stateId)),
      browser_binding: sha256(nonce),
      redirect_uri: opts.redirectUri,
      created_at: opts.now,
      expires_at: new Date(opts.now.getTime() + STATE_TTL_MS),
      used_at: null,
    })
    .execute();
  // Expired states are useless: clear them as new ones are made.
  await store.db.deleteFrom('crm_oauth_states').where('expires_at', '<', new Date(opts.now.getTime() - STATE_TTL_MS)).execute();
  return { stateId, nonce, challenge: sha256(verifier) };
}

/** An unused, unexpired state and the challenge of its verifier (to rebuild the authorize URL). */
export async function openState(store: Store, box: SecretBox, provider: CrmProvider, stateId: string, now: Date): Promise<{ row: Selectable<CrmOauthStatesTable>; challenge: string }> {
  const row = await store.db.selectFrom('crm_oauth_states').selectAll().where('id', '=', stateId).where('provider', '=', provider).executeTakeFirst();
  if (!row || row.used_at || row.expires_at < now) throw new VipCareError('NOT_FOUND', { what: 'connection request (it expired or was used): start again' });
  return { row, challenge: sha256(box.open(row.code_verifier, verifierContext(provider, row.id))) };
}

/**
 * Checks the browser binding, then claims the state once. Returns the row and the verifier for the
 * code exchange. A wrong browser is refused before the state is spent.
 */
export async function claimState(store: Store, box: SecretBox, opts: { provider: CrmProvider; stateId: string; nonce: string | null; now: Date }): Promise<{ row: Selectable<CrmOauthStatesTable>; verifier: string }> {
  const row = await store.db.selectFrom('crm_oauth_states').selectAll().where('id', '=', opts.stateId).where('provider', '=', opts.provider).executeTakeFirst();
  const given = Buffer.from(sha256(opts.nonce ?? ''), 'utf8');
  const expected = Buffer.from(row?.browser_binding ?? '', 'utf8');
  if (!row || !opts.nonce || given.length !== expected.length || !timingSafeEqual(given, expected)) throw new VipCareError('FORBIDDEN', { detail: 'oauth state' });
  if (row.expires_at < opts.now) throw new VipCareError('INVALID_INPUT', { field: 'the connection request expired; start again' });
  const claimed = await store.db.updateTable('crm_oauth_states').set({ used_at: opts.now }).where('id', '=', row.id).where('used_at', 'is', null).executeTakeFirst();
  if (Number(claimed.numUpdatedRows) !== 1) throw new VipCareError('CONFLICT', { detail: 'this connection request was already used' });
  return { row, verifier: box.open(row.code_verifier, verifierContext(opts.provider, row.id)) };
}

/** The link an admin opens to connect their workspace: it sets the browser binding, then goes to the CRM. */
export function connectUrl(publicUrl: string, provider: CrmProvider, start: { stateId: string; nonce: string }): string {
  const url = new URL(`/${provider}/connect`, publicUrl);
  url.searchParams.set('state', start.stateId);
  url.searchParams.set('key', start.nonce);
  return url.toString();
}
