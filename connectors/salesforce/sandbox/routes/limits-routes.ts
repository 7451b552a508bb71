/**
 * The org's limits: the daily API allocation as the allocation middleware counts it (this call
 * included) and the Bulk API 2.0 allocations, plus a few fixed Developer Edition values.
 * https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_limits.htm
 */
import { Router } from 'express';
import { callerOf } from '../request-context.js';
import type { SandboxContext } from '../sandbox-context.js';

const DAY = 86_400_000;
export const DAILY_BULK_QUERY_JOBS = 10_000;
export const DAILY_BULK_BATCHES = 15_000;

const allocation = (max: number, used: number) => ({ Max: max, Remaining: Math.max(0, max - used) });

export function limitsRoutes(ctx: SandboxContext): Router {
  const router = Router({ mergeParams: true });
  router.get('/limits', (req, res) => {
    const { org } = callerOf(req);
    const since = ctx.clock.now() - DAY;
    const batches = ctx.bulk.list(org.orgId, 'ingest').filter((job) => job.kind === 'ingest' && job.data !== null && job.createdDate > since).length;
    res.json({
      ConcurrentAsyncGetReportInstances: allocation(200, 0),
      DailyApiRequests: allocation(org.allocation.limit, org.allocation.used()),
      DailyAsyncApexExecutions: allocation(250_000, 0),
      DailyBulkApiBatches: allocation(DAILY_BULK_BATCHES, batches),
      DailyBulkV2QueryFileStorageMB: allocation(976_562, 0),
      DailyBulkV2QueryJobs: allocation(DAILY_BULK_QUERY_JOBS, ctx.bulk.queryJobsSince(org.orgId, since)),
      DataStorageMB: allocation(5, 0),
      FileStorageMB: allocation(20, 0),
    });
  });
  return router;
}
