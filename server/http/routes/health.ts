import { Router } from 'express';
import { sql } from 'kysely';
import type { AppDeps } from '../app.js';

/** Liveness and store reachability, for load balancers and `npm start` users. */
export function healthRoutes(deps: AppDeps): Router {
  const router = Router();
  router.get('/health', async (_req, res) => {
    try {
      await sql`select 1`.execute(deps.store.db);
      res.json({ status: 'ok', store: deps.store.kind, version: deps.version });
    } catch {
      res.status(503).json({ status: 'unavailable', store: deps.store.kind, version: deps.version });
    }
  });
  return router;
}
