/**
 * Counts the call against the org's daily allocation and reports usage in `Sforce-Limit-Info:
 * api-usage=N/M` on every answer; over the allocation, 403 REQUEST_LIMIT_EXCEEDED.
 * https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/headers_api_usage.htm
 */
import type { RequestHandler } from 'express';
import { SalesforceApiError, TOTAL_REQUESTS_EXCEEDED } from '../errors.js';
import { callerOf } from '../request-context.js';
import type { SandboxContext } from '../sandbox-context.js';

export function apiAllocation(ctx: SandboxContext): RequestHandler {
  return (req, res, next) => {
    const { allocation } = callerOf(req).org;
    const allowed = allocation.take();
    res.set('Sforce-Limit-Info', `api-usage=${allocation.used()}/${allocation.limit}`);
    if (!allowed) {
      ctx.stats.requestLimitExceeded++;
      throw new SalesforceApiError(403, 'REQUEST_LIMIT_EXCEEDED', TOTAL_REQUESTS_EXCEEDED);
    }
    next();
  };
}
