/**
 * Feedback API: send a survey, record feedback a rep heard, work complaints through their SLA
 * states, and close the loop with the customer. The tenant comes from the verified API key;
 * bodies are validated with zod; repeated requests with the same key or id change nothing.
 */
import express, { Router, type Request } from 'express';
import { z } from 'zod';
import { COMPLAINT_PRIORITIES, SURVEY_KINDS } from '../../../core/feedback/schema.js';
import { CHANNELS } from '../../../core/ports/notifier.js';
import { systemClock } from '../../../core/ports/clock.js';
import { changeComplaint, getComplaint, listComplaints, openComplaint } from '../../feedback/complaints.js';
import { sendSurvey } from '../../feedback/dispatch.js';
import { actOnItem, getLoop, reportBack } from '../../feedback/loops.js';
import { recordFeedback } from '../../feedback/responses.js';
import { QUEUES } from '../../jobs/queues.js';
import { tenantNow } from '../../tenants/clock.js';
import type { AppDeps } from '../app.js';
import { tenantOf } from '../auth.js';

const actor = z.string().min(1).max(200);
const customerId = z.string().min(1).max(200);
const instant = z.coerce.date();

const SendSurveyBody = z.object({ customerId, kind: z.enum(SURVEY_KINDS), channel: z.enum(CHANNELS).optional(), requestKey: z.string().min(8).max(200) }).strict();
const FeedbackBody = z
  .object({
    id: z.string().min(1).max(200),
    customerId,
    kind: z.enum(SURVEY_KINDS),
    score: z.number().int(),
    comment: z.string().max(5000).nullable().optional(),
    channel: z.string().min(1).max(40).default('crm'),
    respondedAt: instant.optional(),
    by: actor,
  })
  .strict();
const ComplaintBody = z
  .object({
    requestKey: z.string().min(8).max(200),
    customerId,
    subject: z.string().min(1).max(300),
    description: z.string().max(5000).nullable().optional(),
    priority: z.enum(COMPLAINT_PRIORITIES).optional(),
    ownerId: z.string().min(1).max(200).optional(),
    openedAt: instant.optional(),
    by: actor,
  })
  .strict();
const ComplaintActionBody = z.object({ by: actor, at: instant.optional(), note: z.string().max(2000).optional() }).strict();
const ComplaintsQuery = z.object({
  status: z.enum(['open', 'waiting', 'resolved']).optional(),
  customer: customerId.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.coerce.number().int().min(0).optional(),
});
const ActBody = z.object({ by: actor, action: z.string().min(1).max(2000) }).strict();
const ReportBody = z.object({ by: actor, message: z.string().min(1).max(5000) }).strict();
const LoopType = z.enum(['response', 'complaint']);
const ComplaintId = z.coerce.number().int().min(1);

const ACTIONS = { respond: 'respond', wait: 'wait', resume: 'resume', resolve: 'resolve', reopen: 'reopen' } as const;

export function feedbackRoutes(deps: AppDeps): Router {
  const router = Router();
  const jsonBody = express.json({ limit: '32kb' });
  const clock = deps.clock ?? systemClock;
  const nowFor = (tenantId: string) => tenantNow(deps.store, tenantId, clock);
  const kick = async (tenantId: string) => {
    await deps.jobs?.send(QUEUES.outbox, { tenantId }, { singletonKey: tenantId });
    await deps.jobs?.send(QUEUES.complaints, { tenantId }, { singletonKey: tenantId });
  };

  router.post('/surveys', jsonBody, async (req, res) => {
    const tenantId = tenantOf(res);
    const body = SendSurveyBody.parse(req.body);
    const result = await sendSurvey(deps.store, deps.links, { tenantId, ...body, source: 'api', now: await nowFor(tenantId) });
    if (result.status === 'queued') await kick(tenantId);
    res.status(result.status === 'queued' || result.status === 'deferred' ? 201 : 200).json(result);
  });

  router.post('/feedback', jsonBody, async (req, res) => {
    const tenantId = tenantOf(res);
    const body = FeedbackBody.parse(req.body);
    const now = await nowFor(tenantId);
    const outcome = await recordFeedback(deps.store, {
      tenantId,
      id: body.id,
      customerId: body.customerId,
      kind: body.kind,
      score: body.score,
      comment: body.comment ?? null,
      channel: body.channel,
      respondedAt: body.respondedAt ?? now,
      actor: body.by,
      now,
    });
    res.status(outcome.status === 'recorded' ? 201 : 200).json(outcome);
  });

  router.post('/complaints', jsonBody, async (req, res) => {
    const tenantId = tenantOf(res);
    const body = ComplaintBody.parse(req.body);
    const now = await nowFor(tenantId);
    const opened = await openComplaint(deps.store, {
      tenantId,
      customerId: body.customerId,
      source: 'api',
      sourceRef: body.requestKey,
      subject: body.subject,
      description: body.description ?? null,
      priority: body.priority ?? null,
      ownerId: body.ownerId ?? null,
      openedAt: body.openedAt ?? now,
      actor: body.by,
      now,
    });
    res.status(opened.created ? 201 : 200).json(await getComplaint(deps.store, tenantId, opened.id, now));
  });

  router.get('/complaints', async (req, res) => {
    const tenantId = tenantOf(res);
    const q = ComplaintsQuery.parse(req.query);
    res.json(
      await listComplaints(
        deps.store,
        tenantId,
        { ...(q.status ? { status: q.status } : {}), ...(q.customer ? { customerId: q.customer } : {}), limit: q.limit, ...(q.cursor !== undefined ? { cursor: q.cursor } : {}) },
        await nowFor(tenantId),
      ),
    );
  });

  router.get('/complaints/:id', async (req, res) => {
    const tenantId = tenantOf(res);
    res.json(await getComplaint(deps.store, tenantId, ComplaintId.parse(req.params.id), await nowFor(tenantId)));
  });

  router.post('/complaints/:id/:action', jsonBody, async (req: Request, res) => {
    const tenantId = tenantOf(res);
    const op = z.enum(Object.keys(ACTIONS) as [keyof typeof ACTIONS, ...(keyof typeof ACTIONS)[]]).parse(req.params.action);
    const id = ComplaintId.parse(req.params.id);
    const body = ComplaintActionBody.parse(req.body ?? {});
    const now = await nowFor(tenantId);
    const changed = await changeComplaint(deps.store, op, { tenantId, id, actor: body.by, now, ...(body.at ? { at: body.at } : {}), ...(body.note ? { note: body.note } : {}) });
    if (changed) await kick(tenantId);
    res.status(200).json({ changed, complaint: await getComplaint(deps.store, tenantId, id, now) });
  });

  router.get('/feedback-loops/:type/:id', async (req, res) => {
    const tenantId = tenantOf(res);
    res.json(await getLoop(deps.store, tenantId, LoopType.parse(req.params.type), z.string().min(1).max(200).parse(req.params.id)));
  });

  router.post('/feedback-loops/:type/:id/act', jsonBody, async (req, res) => {
    const tenantId = tenantOf(res);
    const body = ActBody.parse(req.body);
    res.json(await actOnItem(deps.store, { tenantId, type: LoopType.parse(req.params.type), id: z.string().min(1).max(200).parse(req.params.id), by: body.by, action: body.action, now: await nowFor(tenantId) }));
  });

  router.post('/feedback-loops/:type/:id/report', jsonBody, async (req, res) => {
    const tenantId = tenantOf(res);
    const body = ReportBody.parse(req.body);
    const loop = await reportBack(deps.store, { tenantId, type: LoopType.parse(req.params.type), id: z.string().min(1).max(200).parse(req.params.id), by: body.by, message: body.message, now: await nowFor(tenantId) });
    await kick(tenantId);
    res.json(loop);
  });

  return router;
}
