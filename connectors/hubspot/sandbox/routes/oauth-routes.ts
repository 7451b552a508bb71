/**
 * OAuth 2.0 for apps: the consent screen (on app.hubspot.com in reality, here on the same
 * origin, approved at once), the code and refresh-token grants with PKCE, token information and
 * refresh-token revocation. https://developers.hubspot.com/docs/api/oauth-quickstart-guide
 */
import { Router, type Request } from 'express';
import { z } from 'zod';
import { HubspotApiError, notFoundError, OauthError } from '../errors.js';
import { verifierMatches } from '../../../sandbox-support/pkce.js';
import type { AccessToken, RefreshToken } from '../oauth/token-store.js';
import type { SandboxApp } from '../options.js';
import { requestBodyProblems } from '../openapi/openapi-validation.js';
import type { SandboxContext } from '../sandbox-context.js';
import type { SandboxPortal } from '../state/portal.js';
import { queryOf } from './query-params.js';

const TokenForm = z.object({
  grant_type: z.string().optional(),
  code: z.string().optional(),
  redirect_uri: z.string().optional(),
  client_id: z.string().optional(),
  client_secret: z.string().optional(),
  refresh_token: z.string().optional(),
  code_verifier: z.string().optional(),
});
type TokenForm = z.output<typeof TokenForm>;

function redirectAllowed(app: SandboxApp, uri: string): boolean {
  if (app.redirectUris) return app.redirectUris.includes(uri);
  try {
    return ['http:', 'https:'].includes(new URL(uri).protocol);
  } catch {
    return false;
  }
}

const scopesOf = (raw: string | null): string[] => (raw ?? '').split(/[\s+]+/).filter(Boolean);

function portalFor(ctx: SandboxContext, req: Request): SandboxPortal {
  const wanted = queryOf(req).get('portal');
  if (wanted !== null) {
    const portal = ctx.portals.get(Number(wanted));
    if (!portal) throw new OauthError('BAD_PORTAL', `portal ${wanted} does not exist in the sandbox`);
    return portal;
  }
  const first = ctx.portals.list()[0];
  if (!first) throw new OauthError('BAD_PORTAL', 'the sandbox has no portal to install the app in');
  return first;
}

function clientOf(ctx: SandboxContext, form: TokenForm): SandboxApp {
  const app = form.client_id === undefined ? undefined : ctx.apps.byClientId(form.client_id);
  if (!app) throw new OauthError('BAD_CLIENT_ID', 'missing or unknown client id');
  if (form.client_secret !== app.clientSecret) throw new OauthError('BAD_CLIENT_ID', 'missing or invalid client secret for this client id');
  return app;
}

interface Grant {
  access: AccessToken;
  refresh: RefreshToken;
}

function redeemCode(ctx: SandboxContext, app: SandboxApp, form: TokenForm): Grant {
  const code = form.code === undefined ? undefined : ctx.tokens.takeCode(form.code);
  if (!code || code.appId !== app.appId) throw new OauthError('BAD_AUTH_CODE', 'missing, unknown, used or expired code');
  if (form.redirect_uri === undefined || !redirectAllowed(app, form.redirect_uri)) throw new OauthError('BAD_REDIRECT_URI', 'missing or unregistered redirect_uri');
  if (form.redirect_uri !== code.redirectUri) throw new OauthError('MISMATCH_REDIRECT_URI_AUTH_CODE', 'redirect_uri does not match the one the code was issued for');
  if (code.challenge !== null && (form.code_verifier === undefined || !verifierMatches(form.code_verifier, code.challenge))) {
    throw new OauthError('INVALID_CODE_VERIFIER', 'code_verifier is missing or does not match the code_challenge');
  }
  const portal = ctx.portals.require(code.portalId);
  return ctx.tokens.grant({ appId: app.appId, portalId: portal.portalId, scopes: code.scopes, installer: portal.installer });
}

function refreshGrant(ctx: SandboxContext, app: SandboxApp, form: TokenForm): Grant {
  const known = form.refresh_token === undefined ? undefined : ctx.tokens.refresh(form.refresh_token);
  if (!known || known.appId !== app.appId) throw new OauthError('BAD_REFRESH_TOKEN', 'missing or unknown refresh token');
  const refresh = ctx.options.rotateRefreshTokens ? ctx.tokens.rotate(known) : known;
  return { refresh, access: ctx.tokens.issueAccess(refresh) };
}

function accessTokenInfo(ctx: SandboxContext, token: AccessToken) {
  const portal = ctx.portals.require(token.portalId);
  return {
    token: token.token,
    user: token.installer.email,
    hub_domain: portal.hubDomain,
    scopes: token.scopes,
    hub_id: token.portalId,
    app_id: token.appId,
    expires_in: ctx.tokens.expiresInSeconds(token),
    user_id: token.installer.userId,
    token_type: 'access',
    is_private_distribution: false,
  };
}

export function oauthRoutes(ctx: SandboxContext): Router {
  const router = Router();

  // https://developers.hubspot.com/docs/api/oauth-quickstart-guide#initiating-oauth-access
  router.get('/oauth/authorize', (req, res) => {
    const query = queryOf(req);
    const app = ctx.apps.byClientId(query.get('client_id') ?? '');
    if (!app) throw new OauthError('BAD_CLIENT_ID', 'missing or unknown client_id');
    const redirectUri = query.get('redirect_uri') ?? '';
    if (!redirectAllowed(app, redirectUri)) throw new OauthError('BAD_REDIRECT_URI', 'missing or unregistered redirect_uri');
    const challenge = query.get('code_challenge');
    if (challenge !== null && query.get('code_challenge_method') !== 'S256') throw new OauthError('BAD_CODE_CHALLENGE_METHOD', 'code_challenge_method must be S256');
    const portal = portalFor(ctx, req);
    const scopes = [...new Set([...scopesOf(query.get('scope')), ...scopesOf(query.get('optional_scope'))])];
    portal.installApp(app.appId, scopes);
    const code = ctx.tokens.issueCode({ appId: app.appId, portalId: portal.portalId, redirectUri, scopes: portal.scopesOf(app.appId), challenge });
    const target = new URL(redirectUri);
    target.searchParams.set('code', code);
    const state = query.get('state');
    if (state !== null) target.searchParams.set('state', state);
    res.redirect(302, target.toString());
  });

  // https://developers.hubspot.com/docs/api/oauth/tokens
  router.post('/oauth/v1/token', (req, res) => {
    if (!req.is('application/x-www-form-urlencoded')) throw new OauthError('BAD_REQUEST', 'the token endpoint takes application/x-www-form-urlencoded');
    const form = TokenForm.parse(req.body);
    if (ctx.options.validateRequests) {
      const problems = requestBodyProblems('oauth', 'post', '/oauth/v1/token', req.body);
      if (problems.length > 0) throw new OauthError('BAD_GRANT_TYPE', `invalid token request: ${problems.map((p) => `${p.path} ${p.message}`).join('; ')}`);
    }
    const app = clientOf(ctx, form);
    const grantType = form.grant_type;
    if (grantType !== 'authorization_code' && grantType !== 'refresh_token') throw new OauthError('BAD_GRANT_TYPE', `unsupported grant_type ${grantType ?? '(missing)'}`);
    const { access, refresh } = grantType === 'authorization_code' ? redeemCode(ctx, app, form) : refreshGrant(ctx, app, form);
    ctx.stats.recordGrant(grantType);
    res.json({
      token_type: 'bearer',
      access_token: access.token,
      refresh_token: refresh.token,
      expires_in: ctx.options.accessTokenTtlSeconds,
      token_use: 'access_token',
      hub_id: refresh.portalId,
      scopes: refresh.scopes,
      user_id: refresh.installer.userId,
    });
  });

  // https://developers.hubspot.com/docs/api/oauth/tokens#get-access-token-metadata
  router.get('/oauth/v1/access-tokens/:token', (req, res) => {
    const found = ctx.tokens.access(req.params.token);
    if (found.state === 'invalid') throw notFoundError('access token not found');
    if (found.state === 'expired') throw new HubspotApiError(401, 'EXPIRED_AUTHENTICATION', 'The access token has expired.');
    res.json(accessTokenInfo(ctx, found.token));
  });

  router.get('/oauth/v1/refresh-tokens/:token', (req, res) => {
    const token = ctx.tokens.refresh(req.params.token);
    if (!token) throw notFoundError('refresh token not found');
    const app = ctx.apps.require(token.appId);
    res.json({
      token: token.token,
      user: token.installer.email,
      hub_domain: ctx.portals.require(token.portalId).hubDomain,
      scopes: token.scopes,
      hub_id: token.portalId,
      client_id: app.clientId,
      user_id: token.installer.userId,
      token_type: 'refresh',
    });
  });

  // https://developers.hubspot.com/docs/api/oauth/tokens#delete-a-refresh-token
  router.delete('/oauth/v1/refresh-tokens/:token', (req, res) => {
    if (!ctx.tokens.revokeRefresh(req.params.token)) throw notFoundError('refresh token not found');
    res.status(204).end();
  });

  return router;
}
