import { Router } from 'express';
import { z } from 'zod';
import { KPI_GROUPINGS } from '../../../core/kpi/report.js';
import { dayNumber, isValidIsoDate } from '../../../core/scoring/calendar.js';
import { kpiReport } from '../../kpi/kpi-report.js';
import type { AppDeps } from '../app.js';
import { tenantOf } from '../auth.js';

const day = z.string().refine(isValidIsoDate, { message: 'expected a date as YYYY-MM-DD' });
const KpiQuery = z
  .object({ from: day, to: day, by: z.enum(KPI_GROUPINGS).optional() })
  .refine((q) => dayNumber(q.to) >= dayNumber(q.from), { message: 'must not be before from', path: ['to'] });

/**
 * GET /kpi?from=YYYY-MM-DD&to=YYYY-MM-DD[&by=tier|month]: the KPI report (core/kpi/report.ts,
 * `KpiReport`) of the key's tenant; dates are inclusive local dates in the program time zone.
 */
export function kpiRoutes(deps: AppDeps): Router {
  const router = Router();
  router.get('/kpi', async (req, res) => {
    const tenantId = tenantOf(res);
    const q = KpiQuery.parse(req.query);
    const report = await kpiReport(deps.store, { tenantId, from: q.from, to: q.to, by: q.by ?? null, ...(deps.now ? { now: deps.now() } : {}) });
    res.set('Cache-Control', 'no-store').json(report);
  });
  return router;
}
