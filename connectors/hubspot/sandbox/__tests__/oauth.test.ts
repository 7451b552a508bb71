/**
 * OAuth as a connector meets it: the install redirect, the code grant (with and without PKCE),
 * refresh, revoked and expired tokens, token metadata, and 401s the SDK surfaces.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { s256Challenge } from '../../../sandbox-support/pkce.js';
import { APP, apiErrorOf, call, unexpected, PORTAL_ID, sdkClient, startHarness, type Harness } from './sandbox-harness.js';

const REDIRECT = APP.redirectUris[0];
let h: Harness;
afterEach(async () => h.close());

async function authorize(query: Record<string, string>): Promise<{ status: number; location: URL | null; json: unknown }> {
  const params = new URLSearchParams({ client_id: APP.clientId, redirect_uri: REDIRECT, scope: 'crm.objects.contacts.read oauth', state: 'st-1', ...query });
  const response = await fetch(`${h.url}/oauth/authorize?${params}`, { redirect: 'manual' });
  const location = response.headers.get('location');
  return { status: response.status, location: location ? new URL(location) : null, json: response.status === 302 ? null : await response.json() };
}

async function token(form: Record<string, string>): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(`${h.url}/oauth/v1/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form) });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

const codeForm = (code: string, extra: Record<string, string> = {}) => ({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT, client_id: APP.clientId, client_secret: APP.clientSecret, ...extra });

describe('authorization code grant', () => {
  it('redirects with a code and the state, and the SDK exchanges the code for tokens that work', async () => {
    h = await startHarness();
    const { status, location } = await authorize({});
    expect(status).toBe(302);
    expect(location?.origin + (location?.pathname ?? '')).toBe(REDIRECT);
    expect(location?.searchParams.get('state')).toBe('st-1');
    const code = location?.searchParams.get('code') ?? '';
    const tokens = await sdkClient(h.url, '').oauth.tokensApi.create('authorization_code', code, REDIRECT, APP.clientId, APP.clientSecret);
    expect(tokens.tokenType).toBe('bearer');
    expect(tokens.expiresIn).toBe(1800);
    const page = await sdkClient(h.url, tokens.accessToken).crm.contacts.basicApi.getPage();
    expect(page.results).toEqual([]);
    expect(h.sandbox.stats.tokenGrants.get('authorization_code')).toBe(1);
  });

  it('uses a code once', async () => {
    h = await startHarness();
    const code = (await authorize({})).location?.searchParams.get('code') ?? '';
    expect((await token(codeForm(code))).status).toBe(200);
    const again = await token(codeForm(code));
    expect(again.status).toBe(400);
    expect(again.json.status).toBe('BAD_AUTH_CODE');
  });

  it('expires codes after ten minutes of sandbox time', async () => {
    h = await startHarness({ now: '2024-03-01T09:00:00Z' });
    const code = (await authorize({})).location?.searchParams.get('code') ?? '';
    h.sandbox.control.advanceClock(10 * 60_000 + 1);
    expect((await token(codeForm(code))).json.status).toBe('BAD_AUTH_CODE');
  });

  it('checks the client and the redirect URI at both ends', async () => {
    h = await startHarness({ apps: [{ ...APP, redirectUris: [REDIRECT, 'http://127.0.0.1:9/other'] }] });
    expect((await authorize({ client_id: 'nope' })).json).toMatchObject({ status: 'BAD_CLIENT_ID' });
    expect((await authorize({ redirect_uri: 'http://evil.example/cb' })).json).toMatchObject({ status: 'BAD_REDIRECT_URI' });
    const code = () => authorize({}).then((r) => r.location?.searchParams.get('code') ?? '');
    expect((await token(codeForm(await code(), { client_secret: 'wrong' }))).json.status).toBe('BAD_CLIENT_ID');
    expect((await token(codeForm(await code(), { redirect_uri: 'http://evil.example/cb' }))).json.status).toBe('BAD_REDIRECT_URI');
    expect((await token(codeForm(await code(), { redirect_uri: 'http://127.0.0.1:9/other' }))).json.status).toBe('MISMATCH_REDIRECT_URI_AUTH_CODE');
  });

  it('installs the app in the portal named by ?portal=, with the requested scopes', async () => {
    h = await startHarness();
    const other = h.sandbox.portals.create({ portalId: 888 });
    const code = (await authorize({ portal: '888', optional_scope: 'tickets' })).location?.searchParams.get('code') ?? '';
    const granted = await token(codeForm(code));
    const info = await sdkClient(h.url, '').oauth.accessTokensApi.get(String(granted.json.access_token));
    expect(info.hubId).toBe(888);
    expect(info.scopes).toEqual(['crm.objects.contacts.read', 'oauth', 'tickets']);
    expect(other.isInstalled(APP.appId)).toBe(true);
  });
});

describe('PKCE', () => {
  const verifier = 'a-verifier-of-at-least-forty-three-characters-0123456789';

  it('needs the verifier that matches the S256 challenge', async () => {
    h = await startHarness();
    const code = () => authorize({ code_challenge: s256Challenge(verifier), code_challenge_method: 'S256' }).then((r) => r.location?.searchParams.get('code') ?? '');
    expect((await token(codeForm(await code()))).json.status).toBe('INVALID_CODE_VERIFIER');
    expect((await token(codeForm(await code(), { code_verifier: `${verifier}x` }))).json.status).toBe('INVALID_CODE_VERIFIER');
    const ok = await token(codeForm(await code(), { code_verifier: verifier }));
    expect(ok.status).toBe(200);
    expect(typeof ok.json.access_token).toBe('string');
  });

  it('accepts only the S256 method', async () => {
    h = await startHarness();
    expect((await authorize({ code_challenge: verifier, code_challenge_method: 'plain' })).status).toBe(400);
  });
});

describe('refresh tokens', () => {
  it('give new access tokens and stay valid (the default)', async () => {
    h = await startHarness();
    const oauth = sdkClient(h.url, '').oauth.tokensApi;
    const first = await oauth.create('refresh_token', undefined, undefined, APP.clientId, APP.clientSecret, h.refreshToken);
    const second = await oauth.create('refresh_token', undefined, undefined, APP.clientId, APP.clientSecret, h.refreshToken);
    expect(first.refreshToken).toBe(h.refreshToken);
    expect(second.accessToken).not.toBe(first.accessToken);
    await sdkClient(h.url, first.accessToken).crm.contacts.basicApi.getPage();
    expect(h.sandbox.stats.tokenGrants.get('refresh_token')).toBe(2);
  });

  it('rotate when the sandbox is told to, and the old one stops working', async () => {
    h = await startHarness({ rotateRefreshTokens: true });
    const fresh = await token({ grant_type: 'refresh_token', refresh_token: h.refreshToken, client_id: APP.clientId, client_secret: APP.clientSecret });
    expect(fresh.json.refresh_token).not.toBe(h.refreshToken);
    const old = await token({ grant_type: 'refresh_token', refresh_token: h.refreshToken, client_id: APP.clientId, client_secret: APP.clientSecret });
    expect(old).toMatchObject({ status: 400, json: { status: 'BAD_REFRESH_TOKEN' } });
  });

  it('stop working once revoked through DELETE /oauth/v1/refresh-tokens', async () => {
    h = await startHarness();
    await sdkClient(h.url, '').oauth.refreshTokensApi.archive(h.refreshToken);
    const refused = await token({ grant_type: 'refresh_token', refresh_token: h.refreshToken, client_id: APP.clientId, client_secret: APP.clientSecret });
    expect(refused).toMatchObject({ status: 400, json: { status: 'BAD_REFRESH_TOKEN' } });
  });
});

describe('access tokens', () => {
  it('expire after accessTokenTtlSeconds of sandbox time with EXPIRED_AUTHENTICATION', async () => {
    h = await startHarness({ now: '2024-03-01T09:00:00Z', accessTokenTtlSeconds: 60 });
    await h.client.crm.contacts.basicApi.getPage();
    h.sandbox.control.advanceClock(60_000);
    const error = await h.client.crm.contacts.basicApi.getPage().then(unexpected, apiErrorOf);
    expect(error.code).toBe(401);
    expect(error.body.category).toBe('EXPIRED_AUTHENTICATION');
  });

  it('expire on demand, and a refresh brings access back', async () => {
    h = await startHarness();
    expect(h.sandbox.control.expireAccessTokens(PORTAL_ID)).toBe(1);
    const raw = await call(h.url, 'GET', '/crm/v3/objects/contacts', h.accessToken);
    expect(raw.status).toBe(401);
    expect(raw.json).toMatchObject({ status: 'error', category: 'EXPIRED_AUTHENTICATION' });
    const fresh = await sdkClient(h.url, '').oauth.tokensApi.create('refresh_token', undefined, undefined, APP.clientId, APP.clientSecret, h.refreshToken);
    expect((await sdkClient(h.url, fresh.accessToken).crm.contacts.basicApi.getPage()).results).toEqual([]);
  });

  it('answer 401 INVALID_AUTHENTICATION when missing, unknown or uninstalled', async () => {
    h = await startHarness();
    for (const token of [null, 'not-a-token']) {
      const raw = await call(h.url, 'GET', '/crm/v3/objects/contacts', token);
      expect(raw.status).toBe(401);
      expect(raw.json).toMatchObject({ status: 'error', category: 'INVALID_AUTHENTICATION' });
      expect((raw.json as { correlationId: string }).correlationId).toMatch(/^[0-9a-f-]{36}$/);
    }
    h.sandbox.control.uninstall(PORTAL_ID, APP.appId);
    expect((await call(h.url, 'GET', '/crm/v3/objects/contacts', h.accessToken)).status).toBe(401);
    const refused = await token({ grant_type: 'refresh_token', refresh_token: h.refreshToken, client_id: APP.clientId, client_secret: APP.clientSecret });
    expect(refused.json.status).toBe('BAD_REFRESH_TOKEN');
  });

  it('describe themselves at /oauth/v1/access-tokens', async () => {
    h = await startHarness({ now: '2024-03-01T09:00:00Z' });
    h.sandbox.control.advanceClock(100_000);
    const info = await sdkClient(h.url, '').oauth.accessTokensApi.get(h.accessToken);
    expect(info).toMatchObject({ token: h.accessToken, hubId: PORTAL_ID, appId: APP.appId, hubDomain: 'vip-demo.hubspot.com', expiresIn: 1700, tokenType: 'access' });
    expect(info.scopes).toContain('crm.objects.contacts.read');
    expect((await call(h.url, 'GET', '/oauth/v1/access-tokens/unknown', null)).status).toBe(404);
  });
});
