/** Counts every API request (control routes aside) under its route key once the answer is sent, whatever the status. */
import type { RequestHandler } from 'express';

/** Where a sandbox's control routes live (tests and the demo change records as a user would). */
export const CONTROL_PREFIX = '/_sandbox';

export function countCalls(routeKey: (method: string, path: string) => string, stats: { recordCall(routeKey: string, status: number): void }): RequestHandler {
  return (req, res, next) => {
    if (!req.path.startsWith(CONTROL_PREFIX)) {
      const key = routeKey(req.method, req.path);
      res.on('finish', () => stats.recordCall(key, res.statusCode));
    }
    next();
  };
}
