/**
 * Applies the per-app, per-portal rolling limit and puts HubSpot's rate-limit headers on every
 * authenticated answer; over the limit, 429 with Retry-After (whole seconds, rounded up).
 */
import type { RequestHandler } from 'express';
import { rateLimitBody } from '../rate-limit.js';
import { callerOf, correlationIdOf } from '../request-context.js';
import type { SandboxContext } from '../sandbox-context.js';

export function rateLimitHeaders(ctx: SandboxContext): RequestHandler {
  return (req, res, next) => {
    const { portal, appId } = callerOf(req);
    const decision = ctx.limiter.take(`${portal.portalId}:${appId}`);
    res.set({
      'X-HubSpot-RateLimit-Max': String(decision.max),
      'X-HubSpot-RateLimit-Remaining': String(decision.remaining),
      'X-HubSpot-RateLimit-Interval-Milliseconds': String(decision.intervalMs),
    });
    if (decision.allowed) return next();
    res.set('Retry-After', String(decision.retryAfterSeconds));
    res.status(429).json(rateLimitBody(correlationIdOf(req)));
  };
}
