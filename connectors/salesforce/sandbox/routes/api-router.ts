/**
 * The REST API under /services/data/vXX.X, in the order Salesforce handles a call: the version,
 * the session, the daily allocation (and the Sforce-Limit-Info header), the body, then the
 * resources; anything else is NOT_FOUND.
 */
import express, { Router } from 'express';
import { apiAllocation } from '../middleware/api-allocation.js';
import { requireApiVersion } from '../middleware/api-version.js';
import { unknownRoute } from '../middleware/error-answers.js';
import { requireSession } from '../middleware/require-session.js';
import type { SandboxContext } from '../sandbox-context.js';
import { bulkIngestRoutes } from './bulk-ingest-routes.js';
import { bulkQueryRoutes } from './bulk-query-routes.js';
import { collectionsRoutes } from './collections-routes.js';
import { describeRoutes } from './describe-routes.js';
import { limitsRoutes } from './limits-routes.js';
import { queryRoutes } from './query-routes.js';
import { sobjectRoutes } from './sobject-routes.js';
import { resourceDirectoryRoutes } from './version-routes.js';

/** Bulk API 2.0 takes uploads of up to 100 MB (150 MB base64-encoded). */
const MAX_UPLOAD = '100mb';

export function apiRouter(ctx: SandboxContext): Router {
  const router = Router({ mergeParams: true });
  router.use(requireApiVersion, requireSession(ctx), apiAllocation(ctx));
  router.use(express.json({ limit: '50mb' }), express.text({ type: 'text/csv', limit: MAX_UPLOAD }));
  router.use(
    resourceDirectoryRoutes(),
    limitsRoutes(ctx),
    queryRoutes(ctx),
    describeRoutes(),
    sobjectRoutes(),
    collectionsRoutes(),
    bulkIngestRoutes(ctx),
    bulkQueryRoutes(ctx),
  );
  router.use(unknownRoute);
  return router;
}
