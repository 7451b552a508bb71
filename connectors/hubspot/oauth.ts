/**
 * HubSpot OAuth for a marketplace app: the authorize URL (with state and PKCE), the code exchange,
 * refresh, token introspection and revocation.
 * https://developers.hubspot.com/docs/api/oauth-quickstart-guide
 * https://developers.hubspot.com/docs/api/working-with-oauth
 */
import { Client } from '@hubspot/api-client';
import { z } from 'zod';
import { HubspotError, toHubspotError } from './errors.js';

export interface HubspotApp {
  clientId: string;
  clientSecret: string;
  /** app.hubspot.com in production; the sandbox serves it locally. */
  appBaseUrl: string;
  /** api.hubapi.com in production. */
  apiBaseUrl: string;
  scopes: readonly string[];
  optionalScopes: readonly string[];
}

export interface TokenSet {
  accessToken: string;
  refreshToken: string;
  expiresAt: Date;
}

export function authorizeUrl(app: HubspotApp, opts: { redirectUri: string; state: string; codeChallenge: string }): string {
  const url = new URL('/oauth/authorize', app.appBaseUrl);
  url.searchParams.set('client_id', app.clientId);
  url.searchParams.set('redirect_uri', opts.redirectUri);
  url.searchParams.set('scope', app.scopes.join(' '));
  if (app.optionalScopes.length > 0) url.searchParams.set('optional_scope', app.optionalScopes.join(' '));
  url.searchParams.set('state', opts.state);
  url.searchParams.set('code_challenge', opts.codeChallenge);
  url.searchParams.set('code_challenge_method', 'S256');
  return url.toString();
}

const TokenResponse = z.object({ access_token: z.string().min(1).max(2048), refresh_token: z.string().min(1).max(2048), expires_in: z.number().int().positive() });

function toTokenSet(raw: unknown, now: Date): TokenSet {
  const parsed = TokenResponse.safeParse(raw);
  if (!parsed.success) throw new HubspotError('UNKNOWN', null, null, 'unexpected token response', null);
  return { accessToken: parsed.data.access_token, refreshToken: parsed.data.refresh_token, expiresAt: new Date(now.getTime() + parsed.data.expires_in * 1000) };
}

const anonymous = (app: HubspotApp) => new Client({ basePath: app.apiBaseUrl, numberOfApiCallRetries: 0 });

/**
 * The token endpoint, posted as a form through the SDK's raw request: the SDK's `tokensApi.create`
 * has no `code_verifier`, and its error model drops the `status` field (`BAD_REFRESH_TOKEN`...)
 * that tells a refused refresh token from other failures.
 * https://developers.hubspot.com/docs/api-reference/auth-oauth-v1/tokens/post-oauth-v1-token
 */
async function postTokenForm(app: HubspotApp, fields: Record<string, string>, now: Date): Promise<TokenSet> {
  const form = new URLSearchParams({ ...fields, client_id: app.clientId, client_secret: app.clientSecret });
  let response;
  try {
    response = await anonymous(app).apiRequest({
      method: 'POST',
      path: '/oauth/v1/token',
      defaultJson: false,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
    });
  } catch (error) {
    throw toHubspotError(error);
  }
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const error = toHubspotError({ code: response.status, body, headers: Object.fromEntries(response.headers.entries()) });
    const status = body && typeof body === 'object' && 'status' in body ? String((body as { status: unknown }).status) : null;
    throw new HubspotError(error.code, error.status, status ?? error.category, error.detail, error.retryAfterMs, { cause: error });
  }
  return toTokenSet(body, now);
}

export function exchangeCode(app: HubspotApp, opts: { code: string; redirectUri: string; codeVerifier: string; now: Date }): Promise<TokenSet> {
  return postTokenForm(app, { grant_type: 'authorization_code', redirect_uri: opts.redirectUri, code: opts.code, code_verifier: opts.codeVerifier }, opts.now);
}

export function refreshTokens(app: HubspotApp, refreshToken: string, now: Date): Promise<TokenSet> {
  return postTokenForm(app, { grant_type: 'refresh_token', refresh_token: refreshToken }, now);
}

/** True when HubSpot refused the refresh token itself (revoked, uninstalled): re-authorization is needed. */
export function isRefreshRejected(error: unknown): boolean {
  return error instanceof HubspotError && error.status === 400 && (error.category === 'BAD_REFRESH_TOKEN' || /refresh token/i.test(error.detail));
}

export interface TokenInfo {
  hubId: string;
  appId: string;
  hubDomain: string | null;
  scopes: string[];
  user: string | null;
  userId: string | null;
}

/** https://developers.hubspot.com/docs/api-reference/auth-oauth-v1/access-tokens/get-oauth-v1-access-tokens-token */
export async function tokenInfo(app: HubspotApp, accessToken: string): Promise<TokenInfo> {
  try {
    const r = await anonymous(app).oauth.accessTokensApi.get(accessToken);
    return { hubId: String(r.hubId), appId: String(r.appId), hubDomain: r.hubDomain ?? null, scopes: r.scopes, user: r.user ?? null, userId: r.userId !== undefined ? String(r.userId) : null };
  } catch (error) {
    throw toHubspotError(error);
  }
}

/** Uninstalling from our side: https://developers.hubspot.com/docs/api-reference/auth-oauth-v1/refresh-tokens/delete-oauth-v1-refresh-tokens-token */
export async function revokeRefreshToken(app: HubspotApp, refreshToken: string): Promise<void> {
  try {
    await anonymous(app).oauth.refreshTokensApi.archive(refreshToken);
  } catch (error) {
    const mapped = toHubspotError(error);
    // Already revoked or unknown: the outcome we wanted.
    if (mapped.status !== 404 && mapped.status !== 400) throw mapped;
  }
}
