/**
 * OAuth 2.0 on the login host (the same server here): the authorize endpoint, which approves at
 * once for the org named by `?org=` (or the only org) as `?username=` (or the org's admin); the
 * token endpoint with the authorization code (PKCE S256; no client secret needed with PKCE),
 * refresh token and JWT bearer grants; and revocation.
 * https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_flows.htm
 */
import express, { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { OAuthError } from '../errors.js';
import { readClaims, verifyAssertion } from '../oauth/jwt-assertion.js';
import { verifierMatches } from '../../../sandbox-support/pkce.js';
import type { Grant, RefreshGrant } from '../oauth/session-store.js';
import { tokenResponse } from '../oauth/token-response.js';
import type { SandboxApp } from '../options.js';
import { originOf, queryOf } from '../request-context.js';
import type { SandboxContext } from '../sandbox-context.js';
import type { SalesforceOrg } from '../state/org.js';

const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
const DEFAULT_SCOPE = 'api refresh_token id';
/** Audiences a JWT assertion may name besides the sandbox's own URL. */
const LOGIN_HOSTS = ['https://login.salesforce.com', 'https://test.salesforce.com'];

const TokenForm = z.object({
  grant_type: z.string().optional(),
  code: z.string().optional(),
  redirect_uri: z.string().optional(),
  client_id: z.string().optional(),
  client_secret: z.string().optional(),
  refresh_token: z.string().optional(),
  code_verifier: z.string().optional(),
  assertion: z.string().optional(),
});
type TokenForm = z.output<typeof TokenForm>;

const invalidGrant = (description: string): OAuthError => new OAuthError('invalid_grant', description);
const badClient = (): OAuthError => new OAuthError('invalid_client', 'invalid client credentials');

function redirectAllowed(app: SandboxApp, uri: string): boolean {
  if (app.redirectUris) return app.redirectUris.includes(uri);
  try {
    return ['http:', 'https:'].includes(new URL(uri).protocol);
  } catch {
    return false;
  }
}

function appOf(ctx: SandboxContext, clientId: string | undefined | null): SandboxApp {
  const app = clientId ? ctx.apps.get(clientId) : undefined;
  if (!app) throw new OAuthError('invalid_client_id', 'client identifier invalid');
  return app;
}

/** A wrong secret always fails; a missing one only passes when PKCE stands in for it. */
function checkSecret(app: SandboxApp, given: string | undefined, pkce: boolean): void {
  if (given === undefined ? !pkce : given !== app.clientSecret) throw badClient();
}

function orgFor(ctx: SandboxContext, wanted: string | null): SalesforceOrg {
  if (wanted !== null) {
    const org = ctx.orgs.get(wanted);
    if (!org) throw new OAuthError('invalid_request', `org ${wanted} does not exist in the sandbox`);
    return org;
  }
  const orgs = ctx.orgs.list();
  if (orgs.length !== 1) throw new OAuthError('invalid_request', orgs.length === 0 ? 'the sandbox has no org' : 'the sandbox has several orgs: name one with ?org=');
  return orgs[0] as SalesforceOrg;
}

/** Tokens are only issued to active users; jsforce would otherwise refresh forever on 401s. */
function requireActiveUser(ctx: SandboxContext, grant: Grant): Grant {
  const user = ctx.orgs.get(grant.orgId)?.findRecord(grant.userId);
  if (user?.values.get('IsActive') !== true) throw invalidGrant('inactive user');
  return grant;
}

const wantsRefreshToken = (scope: string): boolean => scope.split(/\s+/).some((s) => s === 'refresh_token' || s === 'offline_access' || s === 'full');

function authorize(ctx: SandboxContext, req: Request, res: Response): void {
  const query = queryOf(req);
  const app = appOf(ctx, query.get('client_id'));
  const redirectUri = query.get('redirect_uri') ?? '';
  if (!redirectAllowed(app, redirectUri)) throw new OAuthError('redirect_uri_mismatch', 'redirect_uri must match configuration');
  const target = new URL(redirectUri);
  const state = query.get('state');
  const fail = (error: string, description: string): void => {
    target.searchParams.set('error', error);
    target.searchParams.set('error_description', description);
    if (state !== null) target.searchParams.set('state', state);
    res.redirect(302, target.toString());
  };
  if (query.get('response_type') !== 'code') return fail('unsupported_response_type', 'response type not supported');
  const challenge = query.get('code_challenge');
  const method = query.get('code_challenge_method');
  if (challenge !== null && method !== null && method !== 'S256') return fail('invalid_request', 'invalid code_challenge_method');
  const org = orgFor(ctx, query.get('org'));
  const username = query.get('username');
  const user = username === null ? org.findRecord(org.adminUserId) : org.userByUsername(username);
  if (!user) return fail('access_denied', `no active user ${username ?? ''} in org ${org.orgId}`);
  const scope = (query.get('scope') ?? DEFAULT_SCOPE).trim() || DEFAULT_SCOPE;
  const code = ctx.sessions.issueCode({ orgId: org.orgId, userId: user.id, clientId: app.clientId, scope, redirectUri, challenge });
  target.searchParams.set('code', code);
  if (state !== null) target.searchParams.set('state', state);
  res.redirect(302, target.toString());
}

function codeGrant(ctx: SandboxContext, form: TokenForm): { app: SandboxApp; grant: Grant; refresh: RefreshGrant | null } {
  const app = appOf(ctx, form.client_id);
  const code = form.code === undefined ? 'unknown' : ctx.sessions.takeCode(form.code);
  if (code === 'expired') throw invalidGrant('expired authorization code');
  if (code === 'unknown' || code.clientId !== app.clientId) throw invalidGrant('invalid authorization code');
  if (form.redirect_uri !== code.redirectUri) throw new OAuthError('redirect_uri_mismatch', 'redirect_uri must match configuration');
  checkSecret(app, form.client_secret, code.challenge !== null);
  if (code.challenge !== null && (form.code_verifier === undefined || !verifierMatches(form.code_verifier, code.challenge))) throw invalidGrant('invalid code verifier');
  const grant = requireActiveUser(ctx, { orgId: code.orgId, userId: code.userId, clientId: app.clientId, scope: code.scope });
  return { app, grant, refresh: wantsRefreshToken(code.scope) ? ctx.sessions.issueRefresh(grant, code.challenge !== null) : null };
}

function refreshGrant(ctx: SandboxContext, form: TokenForm): { app: SandboxApp; grant: Grant; refreshToken: string } {
  const app = appOf(ctx, form.client_id);
  const refresh = form.refresh_token === undefined ? undefined : ctx.sessions.refresh(form.refresh_token);
  if (!refresh || refresh.clientId !== app.clientId) throw invalidGrant('expired access/refresh token');
  checkSecret(app, form.client_secret, refresh.pkce);
  const { orgId, userId, clientId, scope } = refresh;
  return { app, grant: requireActiveUser(ctx, { orgId, userId, clientId, scope }), refreshToken: refresh.token };
}

function jwtGrant(ctx: SandboxContext, form: TokenForm, origin: string): { app: SandboxApp; grant: Grant } {
  if (!form.assertion) throw new OAuthError('invalid_request', 'assertion required');
  const app = appOf(ctx, readClaims(form.assertion).iss);
  if (!app.jwtPublicKeyPem) throw invalidGrant('invalid assertion');
  const now = ctx.options.assertionClock?.() ?? Date.now();
  const claims = verifyAssertion(form.assertion, app.jwtPublicKeyPem, [origin, ...LOGIN_HOSTS], now);
  const found = ctx.orgs.findUser(claims.sub);
  if (!found) throw invalidGrant("user hasn't approved this consumer");
  return { app, grant: { orgId: found.org.orgId, userId: found.userId, clientId: app.clientId, scope: 'api id' } };
}

function revoke(ctx: SandboxContext, token: string | null, res: Response): void {
  if (!token || !ctx.sessions.revoke(token)) throw new OAuthError('unsupported_token_type', 'this token type is not supported');
  res.status(200).end();
}

export function oauthRoutes(ctx: SandboxContext): Router {
  const router = Router();
  const form = express.urlencoded({ extended: false });

  router.get('/services/oauth2/authorize', (req, res) => authorize(ctx, req, res));

  router.post('/services/oauth2/token', form, (req, res) => {
    if (!req.is('application/x-www-form-urlencoded')) throw new OAuthError('invalid_request', 'the token endpoint takes application/x-www-form-urlencoded');
    const body = TokenForm.safeParse(req.body ?? {});
    if (!body.success) throw new OAuthError('invalid_request', 'malformed token request');
    const params = body.data;
    const origin = originOf(req);
    let answer;
    switch (params.grant_type) {
      case 'authorization_code': {
        const { app, grant, refresh } = codeGrant(ctx, params);
        answer = tokenResponse(origin, ctx.sessions.issueSession(grant, refresh?.token ?? null), app.clientSecret, refresh?.token ?? null);
        break;
      }
      case 'refresh_token': {
        const { app, grant, refreshToken } = refreshGrant(ctx, params);
        answer = tokenResponse(origin, ctx.sessions.issueSession(grant, refreshToken), app.clientSecret, null);
        break;
      }
      case JWT_BEARER: {
        const { app, grant } = jwtGrant(ctx, params, origin);
        answer = tokenResponse(origin, ctx.sessions.issueSession(grant, null), app.clientSecret, null);
        break;
      }
      default:
        throw new OAuthError('unsupported_grant_type', 'grant type not supported');
    }
    ctx.stats.recordGrant(params.grant_type);
    res.set('Cache-Control', 'no-cache, no-store').json(answer);
  });

  // https://help.salesforce.com/s/articleView?id=sf.remoteaccess_revoke_token.htm
  router.post('/services/oauth2/revoke', form, (req, res) => {
    const body = z.object({ token: z.string().optional() }).safeParse(req.body ?? {});
    revoke(ctx, body.success ? (body.data.token ?? null) : null, res);
  });
  router.get('/services/oauth2/revoke', (req, res) => revoke(ctx, queryOf(req).get('token'), res));

  return router;
}
