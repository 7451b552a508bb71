/**
 * The identity URL a token response names (`id`): who the session's user is, in which org. The
 * token comes as `Authorization: Bearer` or `?oauth_token=` (as jsforce's identity() sends it).
 * https://help.salesforce.com/s/articleView?id=sf.remoteaccess_using_openid.htm
 */
import { Router } from 'express';
import { bearerToken } from '../middleware/require-session.js';
import { identityUrl } from '../oauth/token-response.js';
import { originOf, queryOf } from '../request-context.js';
import type { SandboxContext } from '../sandbox-context.js';
import { valueOf } from '../state/stored-record.js';
import { restDateTime } from '../values/field-value.js';

export function identityRoutes(ctx: SandboxContext): Router {
  const router = Router();

  router.get('/id/:orgId/:userId', (req, res) => {
    const token = bearerToken(req.get('authorization')) ?? queryOf(req).get('oauth_token');
    const session = token ? ctx.sessions.useSession(token) : undefined;
    if (!session) {
      res.status(403).type('text/plain').send('Bad_OAuth_Token');
      return;
    }
    const org = ctx.orgs.get(session.orgId);
    const user = org?.findRecord(req.params.userId);
    if (!org || session.orgId !== req.params.orgId || !user || user.object !== 'User') {
      res.status(404).type('text/plain').send('Bad_Id');
      return;
    }
    const origin = originOf(req);
    const text = (field: string): string | null => {
      const value = valueOf(user, field);
      return value === null ? null : String(value);
    };
    const modified = valueOf(user, 'LastModifiedDate');
    const url = (kind: string): string => `${origin}/services/data/v{version}/${kind}`;
    res.json({
      id: identityUrl(origin, org.orgId, user.id),
      asserted_user: session.userId === user.id,
      user_id: user.id,
      organization_id: org.orgId,
      username: text('Username'),
      nick_name: text('Alias'),
      display_name: text('Name'),
      email: text('Email'),
      email_verified: true,
      first_name: text('FirstName'),
      last_name: text('LastName'),
      timezone: text('TimeZoneSidKey'),
      active: valueOf(user, 'IsActive') === true,
      user_type: 'STANDARD',
      language: 'en_US',
      locale: 'en_US',
      utcOffset: 0,
      last_modified_date: typeof modified === 'number' ? restDateTime(modified) : null,
      is_app_installed: true,
      urls: {
        enterprise: `${origin}/services/Soap/c/{version}/${org.orgId.slice(0, 15)}`,
        partner: `${origin}/services/Soap/u/{version}/${org.orgId.slice(0, 15)}`,
        rest: url(''),
        sobjects: url('sobjects/'),
        search: url('search/'),
        query: url('query/'),
        limits: url('limits/'),
        profile: `${origin}/${user.id}`,
      },
    });
  });

  return router;
}
