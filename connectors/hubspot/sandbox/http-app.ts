/**
 * The sandbox's express app, in the order HubSpot handles a call: count it, serve an injected
 * fault, parse the body, OAuth endpoints (no token), authenticate, rate-limit, then the API.
 */
import express from 'express';
import type { SandboxControl } from './control.js';
import { countCalls, CONTROL_PREFIX } from '../../sandbox-support/count-calls.js';
import { routeKey } from './route-key.js';
import { errorAnswers, unknownRoute } from './middleware/error-answers.js';
import { injectedFaults } from './middleware/injected-faults.js';
import { rateLimitHeaders } from './middleware/rate-limit-headers.js';
import { requireAccessToken } from './middleware/require-access-token.js';
import { accountRoutes } from './routes/account-routes.js';
import { associationRoutes } from './routes/association-routes.js';
import { batchRoutes } from './routes/batch-routes.js';
import { callbackRoutes } from './routes/callback-routes.js';
import { controlRoutes } from './routes/control-routes.js';
import { oauthRoutes } from './routes/oauth-routes.js';
import { objectRoutes } from './routes/object-routes.js';
import { ownerRoutes } from './routes/owner-routes.js';
import { propertyRoutes } from './routes/property-routes.js';
import { searchRoutes } from './routes/search-routes.js';
import type { SandboxContext } from './sandbox-context.js';

export function createSandboxApp(ctx: SandboxContext, control: SandboxControl): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use(countCalls(routeKey, ctx.stats));
  app.use(CONTROL_PREFIX, express.json({ limit: '50mb' }), controlRoutes(ctx, control));
  app.use(injectedFaults(ctx.faults));
  app.use(express.json({ limit: '10mb' }));
  app.use(express.urlencoded({ extended: false }));
  app.use(oauthRoutes(ctx));
  app.use(requireAccessToken(ctx));
  app.use(rateLimitHeaders(ctx));
  app.use(searchRoutes(ctx), batchRoutes(ctx), objectRoutes(ctx), propertyRoutes(ctx), associationRoutes(ctx), ownerRoutes(), callbackRoutes(ctx), accountRoutes(ctx));
  app.use(unknownRoute);
  app.use(errorAnswers);
  return app;
}
