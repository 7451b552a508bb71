/**
 * The Bearer access token decides the portal and the app of an API call. Missing or unknown
 * tokens (and tokens of uninstalled apps) get 401 INVALID_AUTHENTICATION, expired ones 401
 * EXPIRED_AUTHENTICATION. https://developers.hubspot.com/docs/api/oauth/tokens
 */
import type { RequestHandler } from 'express';
import { HubspotApiError } from '../errors.js';
import { setCaller } from '../request-context.js';
import type { SandboxContext } from '../sandbox-context.js';

const NO_CREDENTIALS = 'Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview';

export function requireAccessToken(ctx: SandboxContext): RequestHandler {
  return (req, _res, next) => {
    const header = req.get('authorization') ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw new HubspotApiError(401, 'INVALID_AUTHENTICATION', NO_CREDENTIALS);
    const found = ctx.tokens.access(match[1] as string);
    if (found.state === 'expired') {
      const minutes = Math.max(0, Math.floor((ctx.clock.now() - found.token.expiresAt) / 60_000));
      throw new HubspotApiError(401, 'EXPIRED_AUTHENTICATION', `The OAuth token used to make this call expired ${minutes} minute(s) ago.`);
    }
    const portal = found.state === 'valid' ? ctx.portals.get(found.token.portalId) : undefined;
    if (found.state !== 'valid' || !portal || !portal.isInstalled(found.token.appId)) {
      throw new HubspotApiError(401, 'INVALID_AUTHENTICATION', 'The OAuth token used to make this call is not valid.');
    }
    setCaller(req, { portal, appId: found.token.appId, token: found.token });
    next();
  };
}
