/**
 * The sandbox's express app. One server plays the login host (OAuth, identity) and the
 * instance host (REST, Bulk API 2.0); `/_sandbox` is the control API.
 */
import express from 'express';
import type { SalesforceSandboxControl } from './control.js';
import { countCalls, CONTROL_PREFIX } from '../../sandbox-support/count-calls.js';
import { routeKey } from './route-key.js';
import { errorAnswers, unknownRoute } from './middleware/error-answers.js';
import { injectedFaults } from './middleware/injected-faults.js';
import { apiRouter } from './routes/api-router.js';
import { controlRoutes } from './routes/control-routes.js';
import { identityRoutes } from './routes/identity-routes.js';
import { oauthRoutes } from './routes/oauth-routes.js';
import { versionListRoutes } from './routes/version-routes.js';
import type { SandboxContext } from './sandbox-context.js';

export function createSandboxApp(ctx: SandboxContext, control: SalesforceSandboxControl): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use(countCalls(routeKey, ctx.stats));
  app.use(CONTROL_PREFIX, express.json({ limit: '200mb' }), controlRoutes(ctx, control));
  app.use(injectedFaults(ctx.faults, ctx.stats));
  app.use(oauthRoutes(ctx), identityRoutes(ctx), versionListRoutes());
  app.use('/services/data/:version', apiRouter(ctx));
  app.use(unknownRoute);
  app.use(errorAnswers);
  return app;
}
