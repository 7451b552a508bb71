/**
 * Serves injected faults before any other handling (authentication included), with the bodies
 * HubSpot sends: the ten-secondly 429, or a bare internal error for 5xx.
 */
import type { RequestHandler } from 'express';
import type { FaultQueue } from '../faults.js';
import { rateLimitBody } from '../rate-limit.js';
import { correlationIdOf } from '../request-context.js';
import { CONTROL_PREFIX } from '../../../sandbox-support/count-calls.js';

export function injectedFaults(faults: FaultQueue): RequestHandler {
  return (req, res, next) => {
    if (req.path.startsWith(CONTROL_PREFIX)) return next();
    const fault = faults.take(req.method, req.path);
    if (!fault) return next();
    const correlationId = correlationIdOf(req);
    if (fault.retryAfterSeconds !== undefined) res.set('Retry-After', String(fault.retryAfterSeconds));
    if (fault.status === 429) res.status(429).json(rateLimitBody(correlationId));
    else res.status(fault.status).json({ status: 'error', message: 'internal error', correlationId, category: 'INTERNAL_ERROR' });
  };
}
