/**
 * Salesforce sign-in for the connector: the web-server flow with PKCE for an admin connecting an
 * org (External Client App), the JWT bearer flow for server-to-server (the assertion is signed
 * here with node's crypto: jsforce has no JWT signer), refresh, and revocation.
 * https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_web_server_flow.htm
 * https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_jwt_flow.htm
 */
import { createSign } from 'node:crypto';
import { OAuth2 } from 'jsforce';
import { z } from 'zod';
import { SalesforceError, toSalesforceError } from './errors.js';

export interface SalesforceApp {
  clientId: string;
  clientSecret: string | null;
  /** https://login.salesforce.com, https://test.salesforce.com or the org's My Domain; the sandbox's URL in tests. */
  loginUrl: string;
  scopes: readonly string[];
}

export interface SalesforceSession {
  accessToken: string;
  refreshToken: string | null;
  instanceUrl: string;
  orgId: string;
  userId: string;
}

export function authorizeUrl(app: SalesforceApp, opts: { redirectUri: string; state: string; codeChallenge: string }): string {
  const url = new URL('/services/oauth2/authorize', app.loginUrl);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', app.clientId);
  url.searchParams.set('redirect_uri', opts.redirectUri);
  url.searchParams.set('scope', app.scopes.join(' '));
  url.searchParams.set('state', opts.state);
  url.searchParams.set('code_challenge', opts.codeChallenge);
  url.searchParams.set('code_challenge_method', 'S256');
  return url.toString();
}

const TokenResponse = z.object({ access_token: z.string().min(1), refresh_token: z.string().min(1).optional(), instance_url: z.string().url(), id: z.string().url() });

/** `https://login.salesforce.com/id/<orgId>/<userId>` names the org and the user. */
export function identityOf(idUrl: string): { orgId: string; userId: string } {
  const parts = new URL(idUrl).pathname.split('/').filter(Boolean);
  const [kind, orgId, userId] = parts.slice(-3);
  if (kind !== 'id' || !orgId || !userId) throw new SalesforceError('UNKNOWN', null, 'the token answer names no org');
  return { orgId, userId };
}

function toSession(raw: unknown, refreshToken: string | null): SalesforceSession {
  const parsed = TokenResponse.safeParse(raw);
  if (!parsed.success) throw new SalesforceError('UNKNOWN', null, 'unexpected token response');
  const { orgId, userId } = identityOf(parsed.data.id);
  return { accessToken: parsed.data.access_token, refreshToken: parsed.data.refresh_token ?? refreshToken, instanceUrl: parsed.data.instance_url, orgId, userId };
}

/** jsforce names OAuth failures after the `error` field (`invalid_grant`...). */
function toOAuthError(error: unknown): SalesforceError {
  const name = error instanceof Error ? error.name : '';
  const message = error instanceof Error ? error.message.slice(0, 300) : 'token request failed';
  if (name === 'invalid_grant') return new SalesforceError('UNAUTHORIZED', 'invalid_grant', message, { cause: error });
  if (name === 'invalid_client' || name === 'invalid_client_id' || name === 'unauthorized_client') return new SalesforceError('FORBIDDEN', name, message, { cause: error });
  if (name === 'invalid_request' || name === 'unsupported_grant_type') return new SalesforceError('INVALID_INPUT', name, message, { cause: error });
  return toSalesforceError(error);
}

const oauth2 = (app: SalesforceApp, redirectUri?: string) =>
  new OAuth2({ loginUrl: app.loginUrl, clientId: app.clientId, ...(app.clientSecret ? { clientSecret: app.clientSecret } : {}), ...(redirectUri ? { redirectUri } : {}) });

export async function exchangeCode(app: SalesforceApp, opts: { code: string; redirectUri: string; codeVerifier: string }): Promise<SalesforceSession> {
  try {
    return toSession(await oauth2(app, opts.redirectUri).requestToken(opts.code, { code_verifier: opts.codeVerifier }), null);
  } catch (error) {
    throw toOAuthError(error);
  }
}

export async function refreshSession(app: SalesforceApp, refreshToken: string): Promise<SalesforceSession> {
  try {
    return toSession(await oauth2(app).refreshToken(refreshToken), refreshToken);
  } catch (error) {
    throw toOAuthError(error);
  }
}

/** RS256 over `base64url(header).base64url(claims)`. */
export function jwtAssertion(opts: { clientId: string; username: string; audience: string; privateKeyPem: string; now: Date; lifetimeSeconds?: number }): string {
  const enc = (v: object) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const body = `${enc({ alg: 'RS256', typ: 'JWT' })}.${enc({ iss: opts.clientId, sub: opts.username, aud: opts.audience, exp: Math.floor(opts.now.getTime() / 1000) + (opts.lifetimeSeconds ?? 180) })}`;
  const signature = createSign('RSA-SHA256').update(body).sign(opts.privateKeyPem).toString('base64url');
  return `${body}.${signature}`;
}

/** JWT bearer: a session for the integration user, without a refresh token (a new assertion is the refresh). */
export async function jwtSession(app: SalesforceApp, opts: { username: string; privateKeyPem: string; now: Date }): Promise<SalesforceSession> {
  const assertion = jwtAssertion({ clientId: app.clientId, username: opts.username, audience: app.loginUrl, privateKeyPem: opts.privateKeyPem, now: opts.now });
  try {
    const client = new OAuth2({ loginUrl: app.loginUrl });
    return toSession(await client.requestToken({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion }), null);
  } catch (error) {
    throw toOAuthError(error);
  }
}

export function isRefreshRejected(error: unknown): boolean {
  return error instanceof SalesforceError && error.sfCode === 'invalid_grant';
}

export async function revokeToken(app: SalesforceApp, token: string): Promise<void> {
  try {
    await oauth2(app).revokeToken(token);
  } catch (error) {
    const mapped = toOAuthError(error);
    if (mapped.code !== 'INVALID_INPUT' && mapped.code !== 'UNAUTHORIZED') throw mapped;
  }
}
