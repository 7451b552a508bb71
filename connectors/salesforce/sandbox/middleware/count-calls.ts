/** Counts every request (control routes aside) under its route key once the answer is sent. */
import type { RequestHandler } from 'express';
import { routeKey } from '../route-key.js';
import type { SandboxStats } from '../stats.js';

export const CONTROL_PREFIX = '/_sandbox';

export function countCalls(stats: SandboxStats): RequestHandler {
  return (req, res, next) => {
    if (!req.path.startsWith(CONTROL_PREFIX)) {
      const key = routeKey(req.method, req.path);
      res.on('finish', () => stats.recordCall(key, res.statusCode));
    }
    next();
  };
}
