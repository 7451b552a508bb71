/**
 * OAuth through jsforce's own OAuth2 and Connection: the web-server flow with PKCE, refresh,
 * jsforce's refresh on INVALID_SESSION_ID, revocation, session timeout and the JWT bearer flow.
 */
import { createHash, createHmac, createSign, generateKeyPairSync } from 'node:crypto';
import { Connection, OAuth2 } from 'jsforce';
import { afterEach, describe, expect, it } from 'vitest';
import { API, APP, call, errorOf, ORG_ID, startHarness, unexpected, VERSION, type Harness } from './sandbox-harness.js';

let h: Harness;
afterEach(async () => h?.close());

async function authorizeCode(h: Harness, oauth2: OAuth2, params: Record<string, string> = {}): Promise<URL> {
  const response = await fetch(oauth2.getAuthorizationUrl({ state: 'st-123', scope: 'api refresh_token id', ...params }), { redirect: 'manual' });
  expect(response.status).toBe(302);
  return new URL(response.headers.get('location') ?? '');
}

function signJwt(privateKey: string, claims: Record<string, unknown>): string {
  const encode = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  const body = `${encode({ alg: 'RS256', typ: 'JWT' })}.${encode(claims)}`;
  return `${body}.${createSign('RSA-SHA256').update(body).sign(privateKey).toString('base64url')}`;
}

describe('web-server flow with PKCE', () => {
  it('redirects with code and state, exchanges the code, and the session works', async () => {
    h = await startHarness();
    const oauth2 = new OAuth2({ loginUrl: h.url, clientId: APP.clientId, clientSecret: APP.clientSecret, redirectUri: APP.redirectUris[0], useVerifier: true });
    const location = await authorizeCode(h, oauth2);
    expect(location.origin + location.pathname).toBe(APP.redirectUris[0]);
    expect(location.searchParams.get('state')).toBe('st-123');
    const conn = new Connection({ oauth2, version: VERSION });
    const userInfo = await conn.authorize(location.searchParams.get('code') ?? '');
    expect(userInfo.organizationId).toBe(ORG_ID);
    expect(userInfo.id).toBe(h.org.adminUserId);
    expect(conn.instanceUrl).toBe(h.url);
    expect(conn.refreshToken).toMatch(/^5Aep861/);
    expect(conn.accessToken?.startsWith(ORG_ID.slice(0, 15) + '!')).toBe(true);
    const identity = await conn.identity();
    expect(identity).toMatchObject({ organization_id: ORG_ID, user_id: h.org.adminUserId, username: `admin@${ORG_ID.toLowerCase()}.example.com` });
    const result = await conn.query('SELECT Id FROM User');
    expect(result.totalSize).toBe(1);
  });

  it('answers without expires_in and with an HMAC signature of id + issued_at', async () => {
    h = await startHarness();
    const oauth2 = new OAuth2({ loginUrl: h.url, clientId: APP.clientId, clientSecret: APP.clientSecret, redirectUri: APP.redirectUris[0] });
    const location = await authorizeCode(h, oauth2);
    const token = (await oauth2.requestToken(location.searchParams.get('code') ?? '')) as unknown as Record<string, string>;
    expect(token).not.toHaveProperty('expires_in');
    expect(token).toMatchObject({ token_type: 'Bearer', instance_url: h.url, id: `${h.url}/id/${ORG_ID}/${h.org.adminUserId}`, scope: 'api refresh_token id' });
    expect(token.signature).toBe(createHmac('sha256', APP.clientSecret).update(`${token.id}${token.issued_at}`).digest('base64'));
  });

  it('refuses a wrong verifier, a reused code, a wrong secret and a missing secret without PKCE', async () => {
    h = await startHarness();
    const oauth2 = new OAuth2({ loginUrl: h.url, clientId: APP.clientId, clientSecret: APP.clientSecret, redirectUri: APP.redirectUris[0] });
    let location = await authorizeCode(h, oauth2, { code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM', code_challenge_method: 'S256' });
    const code = location.searchParams.get('code') ?? '';
    expect(await oauth2.requestToken(code, { code_verifier: 'not-the-verifier' }).then(unexpected, errorOf)).toMatchObject({ name: 'invalid_grant', message: 'invalid code verifier' });
    expect(await oauth2.requestToken(code).then(unexpected, errorOf)).toMatchObject({ name: 'invalid_grant', message: 'invalid authorization code' });

    location = await authorizeCode(h, oauth2);
    const wrongSecret = new OAuth2({ loginUrl: h.url, clientId: APP.clientId, clientSecret: 'nope', redirectUri: APP.redirectUris[0] });
    expect(await wrongSecret.requestToken(location.searchParams.get('code') ?? '').then(unexpected, errorOf)).toMatchObject({ name: 'invalid_client', message: 'invalid client credentials' });

    location = await authorizeCode(h, oauth2);
    const noSecret = new OAuth2({ loginUrl: h.url, clientId: APP.clientId, redirectUri: APP.redirectUris[0] });
    expect(await noSecret.requestToken(location.searchParams.get('code') ?? '').then(unexpected, errorOf)).toMatchObject({ name: 'invalid_client' });
  });

  it('needs no client secret when PKCE was used', async () => {
    h = await startHarness();
    const publicClient = new OAuth2({ loginUrl: h.url, clientId: APP.clientId, redirectUri: APP.redirectUris[0] });
    const verifier = 'a-verifier-of-at-least-forty-three-characters-0123456789';
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const location = await authorizeCode(h, publicClient, { code_challenge: challenge, code_challenge_method: 'S256' });
    const token = await publicClient.requestToken(location.searchParams.get('code') ?? '', { code_verifier: verifier });
    expect(token.access_token).toBeTruthy();
  });

  it('refuses unregistered redirect URIs and unknown clients on the authorize page', async () => {
    h = await startHarness();
    const badRedirect = await call(h.url, 'GET', `/services/oauth2/authorize?response_type=code&client_id=${APP.clientId}&redirect_uri=${encodeURIComponent('http://evil.example.com/cb')}`, null);
    expect(badRedirect.status).toBe(400);
    expect(badRedirect.json).toEqual({ error: 'redirect_uri_mismatch', error_description: 'redirect_uri must match configuration' });
    const unknown = await call(h.url, 'GET', `/services/oauth2/authorize?response_type=code&client_id=nobody&redirect_uri=${encodeURIComponent(APP.redirectUris[0])}`, null);
    expect(unknown.json).toMatchObject({ error: 'invalid_client_id' });
    const token = await call(h.url, 'POST', '/services/oauth2/token', null, 'grant_type=password&username=a&password=b', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(token.status).toBe(400);
    expect(token.json).toEqual({ error: 'unsupported_grant_type', error_description: 'grant type not supported' });
  });
});

describe('refresh tokens and sessions', () => {
  it('refreshes, and jsforce refreshes by itself when a session is expired', async () => {
    h = await startHarness();
    const oauth2 = new OAuth2({ loginUrl: h.url, clientId: APP.clientId, clientSecret: APP.clientSecret, redirectUri: APP.redirectUris[0] });
    const refreshed = await oauth2.refreshToken(h.refreshToken);
    expect(refreshed.refresh_token).toBeUndefined();
    expect(refreshed.instance_url).toBe(h.url);
    expect(refreshed.id).toBe(`${h.url}/id/${ORG_ID}/${h.org.adminUserId}`);

    const conn = new Connection({ oauth2, instanceUrl: h.url, accessToken: h.accessToken, refreshToken: h.refreshToken, version: VERSION });
    const fresh: string[] = [];
    conn.on('refresh', (token: string) => fresh.push(token));
    expect(h.sandbox.control.expireSessions(ORG_ID)).toBe(2);
    await conn.query('SELECT Id FROM User');
    expect(fresh).toHaveLength(1);
    expect(conn.accessToken).toBe(fresh[0]);
    expect(h.sandbox.stats.calls(`GET /services/data/vXX.X/query`, '4xx')).toBe(1);
    expect(h.sandbox.stats.tokenGrants.get('refresh_token')).toBe(2);
  });

  it('fails the refresh once the refresh token is revoked, and plain sessions get INVALID_SESSION_ID', async () => {
    h = await startHarness();
    const oauth2 = new OAuth2({ loginUrl: h.url, clientId: APP.clientId, clientSecret: APP.clientSecret, redirectUri: APP.redirectUris[0] });
    const conn = new Connection({ oauth2, instanceUrl: h.url, accessToken: h.accessToken, refreshToken: h.refreshToken, version: VERSION });
    const plain = h.org.mintSession(APP.clientId);
    const plainConn = new Connection({ instanceUrl: h.url, accessToken: plain.accessToken, version: VERSION });
    expect(h.sandbox.control.revokeRefreshTokens(ORG_ID)).toBe(2);
    expect(await conn.query('SELECT Id FROM User').then(unexpected, errorOf)).toMatchObject({ message: 'Unable to refresh session due to: expired access/refresh token' });
    expect(await plainConn.query('SELECT Id FROM User').then(unexpected, errorOf)).toMatchObject({ errorCode: 'INVALID_SESSION_ID', message: 'Session expired or invalid' });
  });

  it('stops refreshing for a deactivated user', async () => {
    h = await startHarness();
    h.org.seed({ users: [{ fields: { Username: 'leaver@vip.example.com', Email: 'leaver@vip.example.com', LastName: 'Leaver' } }] });
    const leaver = h.org.mintSession(APP.clientId, 'leaver@vip.example.com');
    const oauth2 = new OAuth2({ loginUrl: h.url, clientId: APP.clientId, clientSecret: APP.clientSecret, redirectUri: APP.redirectUris[0] });
    const conn = new Connection({ oauth2, instanceUrl: h.url, accessToken: leaver.accessToken, refreshToken: leaver.refreshToken, version: VERSION });
    h.sandbox.control.updateRecord(ORG_ID, 'User', leaver.userId, { IsActive: false });
    expect(await conn.query('SELECT Id FROM User').then(unexpected, errorOf)).toMatchObject({ message: 'Unable to refresh session due to: inactive user' });
  });

  it('revokes tokens at the revoke endpoint', async () => {
    h = await startHarness();
    const oauth2 = new OAuth2({ loginUrl: h.url, clientId: APP.clientId, clientSecret: APP.clientSecret, redirectUri: APP.redirectUris[0] });
    await oauth2.revokeToken(h.accessToken);
    expect((await call(h.url, 'GET', `${API}/limits`, h.accessToken)).status).toBe(401);
    expect(await oauth2.revokeToken('no-such-token').then(unexpected, errorOf)).toMatchObject({ name: 'ERROR_HTTP_400' });
    await oauth2.revokeToken(h.refreshToken);
    expect(await oauth2.refreshToken(h.refreshToken).then(unexpected, errorOf)).toMatchObject({ name: 'invalid_grant' });
  });

  it('times a session out after sessionTtlSeconds without use', async () => {
    h = await startHarness({ now: '2025-03-01T09:00:00Z', sessionTtlSeconds: 600 });
    expect((await call(h.url, 'GET', `${API}/limits`, h.accessToken)).status).toBe(200);
    h.sandbox.control.advanceClock(599_000);
    expect((await call(h.url, 'GET', `${API}/limits`, h.accessToken)).status).toBe(200);
    h.sandbox.control.advanceClock(600_000);
    const expired = await call(h.url, 'GET', `${API}/limits`, h.accessToken);
    expect(expired.status).toBe(401);
    expect(expired.json).toEqual([{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]);
  });
});

describe('JWT bearer flow', () => {
  const keys = generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
  const other = generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });

  async function jwtHarness(): Promise<Harness> {
    const started = await startHarness({ apps: [{ ...APP, redirectUris: [...APP.redirectUris], jwtPublicKeyPem: keys.publicKey }] });
    started.org.seed({ users: [{ fields: { Username: 'integration@vip.example.com', Email: 'integration@vip.example.com', LastName: 'Integration' } }] });
    return started;
  }

  it('issues a session without a refresh token for a signed assertion', async () => {
    h = await jwtHarness();
    const conn = new Connection({ loginUrl: h.url, version: VERSION });
    const assertion = signJwt(keys.privateKey, { iss: APP.clientId, sub: 'integration@vip.example.com', aud: h.url, exp: Math.floor(Date.now() / 1000) + 120 });
    const userInfo = await conn.authorize({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion });
    expect(userInfo.organizationId).toBe(ORG_ID);
    expect(conn.refreshToken).toBeUndefined();
    const me = await conn.query<{ Username: string }>(`SELECT Username FROM User WHERE Id = '${userInfo.id}'`);
    expect(me.records[0]?.Username).toBe('integration@vip.example.com');
  });

  it('refuses a wrong key, audience, lifetime or user', async () => {
    h = await jwtHarness();
    const conn = new Connection({ loginUrl: h.url, version: VERSION });
    const exp = Math.floor(Date.now() / 1000) + 120;
    const good = { iss: APP.clientId, sub: 'integration@vip.example.com', aud: 'https://login.salesforce.com', exp };
    const attempt = (key: string, claims: Record<string, unknown>) => conn.authorize({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion: signJwt(key, claims) }).then(unexpected, errorOf);
    expect(await attempt(other.privateKey, good)).toMatchObject({ name: 'invalid_grant', message: 'invalid assertion' });
    expect(await attempt(keys.privateKey, { ...good, aud: 'https://example.com' })).toMatchObject({ name: 'invalid_grant', message: 'audience is invalid' });
    expect(await attempt(keys.privateKey, { ...good, exp: exp + 3600 })).toMatchObject({ name: 'invalid_grant', message: 'invalid assertion' });
    expect(await attempt(keys.privateKey, { ...good, exp: exp - 600 })).toMatchObject({ name: 'invalid_grant', message: 'invalid assertion' });
    expect(await attempt(keys.privateKey, { ...good, sub: 'nobody@vip.example.com' })).toMatchObject({ name: 'invalid_grant', message: "user hasn't approved this consumer" });
    expect(await attempt(keys.privateKey, { ...good, iss: 'unknown-app' })).toMatchObject({ name: 'invalid_client_id' });
  });
});
