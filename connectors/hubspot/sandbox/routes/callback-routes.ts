/**
 * Completing custom workflow action callbacks (one, or a batch); each completion is recorded.
 * https://developers.hubspot.com/docs/api/automation/custom-workflow-actions
 */
import { Router } from 'express';
import { z } from 'zod';
import { callerOf } from '../request-context.js';
import type { SandboxContext } from '../sandbox-context.js';
import { parseBody } from './request-body.js';

const Completion = z.object({ outputFields: z.record(z.string(), z.string()), failureReasonType: z.string().optional() });
const BatchCompletion = z.object({ inputs: z.array(Completion.extend({ callbackId: z.string().min(1) })).max(100) });

export function callbackRoutes(ctx: SandboxContext): Router {
  const router = Router();
  const checkSpec = ctx.options.validateRequests;

  router.post('/automation/v4/actions/callbacks/complete', (req, res) => {
    const { portal, appId } = callerOf(req);
    const body = parseBody({ spec: 'actions', method: 'post', path: '/automation/v4/actions/callbacks/complete' }, req.body, BatchCompletion, checkSpec);
    const completedAt = ctx.clock.now();
    for (const input of body.inputs) ctx.callbacks.record({ portalId: portal.portalId, appId, ...input, completedAt });
    res.status(204).end();
  });

  router.post('/automation/v4/actions/callbacks/:callbackId/complete', (req, res) => {
    const { portal, appId } = callerOf(req);
    const path = `/automation/v4/actions/callbacks/${req.params.callbackId}/complete`;
    const body = parseBody({ spec: 'actions', method: 'post', path }, req.body, Completion, checkSpec);
    ctx.callbacks.record({ portalId: portal.portalId, appId, callbackId: req.params.callbackId, ...body, completedAt: ctx.clock.now() });
    res.status(204).end();
  });

  return router;
}
