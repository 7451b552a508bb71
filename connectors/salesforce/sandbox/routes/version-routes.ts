/**
 * The version list (no session needed) and a version's resource directory, whose `identity`
 * jsforce follows when it has no identity URL yet.
 * https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_versions.htm
 * https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_discoveryresource.htm
 */
import { Router } from 'express';
import { supportedVersions } from '../api-versions.js';
import { identityUrl } from '../oauth/token-response.js';
import { apiVersionOf, callerOf, originOf } from '../request-context.js';

export function versionListRoutes(): Router {
  const router = Router();
  router.get(['/services/data', '/services/data/'], (_req, res) => {
    res.json(supportedVersions());
  });
  return router;
}

/** Mounted under /services/data/vXX.X, after authentication. */
export function resourceDirectoryRoutes(): Router {
  const router = Router({ mergeParams: true });
  router.get('/', (req, res) => {
    const base = `/services/data/v${apiVersionOf(req)}`;
    const { org, session } = callerOf(req);
    res.json({
      sobjects: `${base}/sobjects`,
      query: `${base}/query`,
      queryAll: `${base}/queryAll`,
      composite: `${base}/composite`,
      limits: `${base}/limits`,
      search: `${base}/search`,
      recent: `${base}/recent`,
      identity: identityUrl(originOf(req), org.orgId, session.userId),
    });
  });
  return router;
}
