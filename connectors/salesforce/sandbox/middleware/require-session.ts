/**
 * The session (OAuth access token in `Authorization: Bearer`, or the older `OAuth` scheme)
 * decides the org and user of a REST call. Missing, unknown, revoked and timed-out sessions get
 * 401 INVALID_SESSION_ID, on which jsforce refreshes the session when it can.
 * https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/errorcodes.htm
 */
import type { RequestHandler } from 'express';
import { SalesforceApiError, SESSION_INVALID_MESSAGE } from '../errors.js';
import { setCaller } from '../request-context.js';
import type { SandboxContext } from '../sandbox-context.js';

export function bearerToken(header: string | undefined): string | null {
  const match = /^(?:Bearer|OAuth)\s+(\S+)$/i.exec(header ?? '');
  return match ? (match[1] as string) : null;
}

export function requireSession(ctx: SandboxContext): RequestHandler {
  return (req, _res, next) => {
    const token = bearerToken(req.get('authorization'));
    const session = token === null ? undefined : ctx.sessions.useSession(token);
    const org = session ? ctx.orgs.get(session.orgId) : undefined;
    const user = session && org ? org.findRecord(session.userId) : undefined;
    if (!session || !org || user?.values.get('IsActive') !== true) throw new SalesforceApiError(401, 'INVALID_SESSION_ID', SESSION_INVALID_MESSAGE);
    setCaller(req, { org, session });
    next();
  };
}
