import express, { Router } from 'express';
import { z } from 'zod';
import { localized } from '../../../core/i18n/index.js';
import { completeTask, enrolManually, listTasks } from '../../playbooks/care-service.js';
import { requireProgram } from '../../tenants/provision.js';
import { tenantNow } from '../../tenants/clock.js';
import { QUEUES } from '../../jobs/queues.js';
import { systemClock } from '../../../core/ports/clock.js';
import type { AppDeps } from '../app.js';
import { requestLocale } from '../app.js';
import { tenantOf } from '../auth.js';

const TasksQuery = z.object({
  status: z.enum(['open', 'completed', 'closed']).optional(),
  customer: z.string().min(1).max(200).optional(),
  owner: z.string().min(1).max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.coerce.number().int().min(0).optional(),
});
const TaskId = z.coerce.number().int().min(1);
const CompleteBody = z.object({ by: z.string().min(1).max(200), note: z.string().max(2000).optional() }).strict();
const EnrolBody = z.object({ customerId: z.string().min(1).max(200), requestKey: z.string().min(8).max(200), by: z.string().min(1).max(200) }).strict();
const OutboxQuery = z.object({ limit: z.coerce.number().int().min(1).max(500).default(50), cursor: z.coerce.number().int().min(0).optional() });

/** Care work: playbooks, tasks, manual enrolment, the outbox. The tenant comes from the verified key. */
export function careRoutes(deps: AppDeps): Router {
  const router = Router();
  const jsonBody = express.json({ limit: '16kb' });
  const clock = deps.clock ?? systemClock;

  router.get('/playbooks', async (req, res) => {
    const tenantId = tenantOf(res);
    const locale = requestLocale(req);
    const { program, version } = await requireProgram(deps.store, tenantId);
    res.json({
      programVersion: version,
      items: program.playbooks.map((p) => ({ id: p.id, name: localized(p.name, locale), enabled: p.enabled, trigger: p.trigger, audience: p.audience, steps: p.steps.map((s) => ({ id: s.id, type: s.type })) })),
    });
  });

  router.post('/playbooks/:id/enrolments', jsonBody, async (req, res) => {
    const tenantId = tenantOf(res);
    const body = EnrolBody.parse(req.body);
    const result = await enrolManually(deps.store, {
      tenantId,
      playbookId: z.string().min(1).max(100).parse(req.params.id),
      customerId: body.customerId,
      requestKey: body.requestKey,
      actor: body.by,
      now: await tenantNow(deps.store, tenantId, clock),
    });
    if (result.status === 'enrolled') await deps.jobs?.send(QUEUES.steps, { tenantId }, { singletonKey: tenantId });
    res.status(result.status === 'enrolled' ? 201 : 200).json(result);
  });

  router.get('/tasks', async (req, res) => {
    const tenantId = tenantOf(res);
    const q = TasksQuery.parse(req.query);
    const page = await listTasks(deps.store, tenantId, {
      ...(q.status ? { status: q.status } : {}),
      ...(q.customer ? { customerId: q.customer } : {}),
      ...(q.owner ? { owner: q.owner } : {}),
      ...(q.cursor !== undefined ? { after: q.cursor } : {}),
      limit: q.limit,
    });
    res.json(page);
  });

  router.post('/tasks/:id/complete', jsonBody, async (req, res) => {
    const tenantId = tenantOf(res);
    const body = CompleteBody.parse(req.body);
    const task = await completeTask(deps.store, { tenantId, taskId: TaskId.parse(req.params.id), by: body.by, note: body.note ?? null, now: await tenantNow(deps.store, tenantId, clock) });
    res.json(task);
  });

  router.get('/outbox', async (req, res) => {
    const tenantId = tenantOf(res);
    const q = OutboxQuery.parse(req.query);
    let query = deps.store.db
      .selectFrom('outbox_messages')
      .select(['id', 'customer_id', 'playbook_id', 'step_id', 'kind', 'survey', 'channel', 'to_address', 'locale', 'subject', 'body', 'status', 'created_at', 'sent_at'])
      .where('tenant_id', '=', tenantId)
      .orderBy('id')
      .limit(q.limit + 1);
    if (q.cursor !== undefined) query = query.where('id', '>', q.cursor);
    const rows = await query.execute();
    const items = rows.slice(0, q.limit);
    res.json({ items, next: rows.length > q.limit ? (items.at(-1)?.id ?? null) : null });
  });

  return router;
}
