/** Serves injected faults before any other handling (authentication and the allocation included). */
import type { RequestHandler } from 'express';
import type { FaultQueue } from '../faults.js';
import type { SandboxStats } from '../stats.js';
import { CONTROL_PREFIX } from '../../../sandbox-support/count-calls.js';

export function injectedFaults(faults: FaultQueue, stats: SandboxStats): RequestHandler {
  return (req, res, next) => {
    if (req.path.startsWith(CONTROL_PREFIX)) return next();
    const fault = faults.take(req.method, req.path);
    if (!fault) return next();
    if (fault.errorCode === 'REQUEST_LIMIT_EXCEEDED') stats.requestLimitExceeded++;
    res.status(fault.status).json([{ message: fault.message, errorCode: fault.errorCode }]);
  };
}
