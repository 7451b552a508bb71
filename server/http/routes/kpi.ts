import { Router } from 'express';
import type { AppDeps } from '../app.js';

/** GET /kpi (to be built). */
export function kpiRoutes(_deps: AppDeps): Router {
  return Router();
}
