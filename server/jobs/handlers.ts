/**
 * Job handlers. Each is safe to run twice: what it writes is keyed in the store, so a redelivered
 * job finds its work done. The same functions run under `vip-care simulate` with a frozen clock.
 */
import type PgBoss from 'pg-boss';
import { z } from 'zod';
import type { Clock } from '../../core/ports/clock.js';
import type { Notifier } from '../../core/ports/notifier.js';
import type { SurveyLinkSigner } from '../feedback/survey-links.js';
import type { Program } from '../../core/program/schema.js';
import { localDate } from '../../core/playbooks/duration.js';
import { dayNumber, isoDateFromDayNumber } from '../../core/scoring/calendar.js';
import type { Store } from '../store/db.js';
import type { Logger } from '../logging/logger.js';
import { activeProgram } from '../store/repositories/programs.js';
import { runScoring } from '../scoring/score-run.js';
import { evaluatePlaybooks } from '../playbooks/evaluate.js';
import { runDueSteps } from '../playbooks/run-steps.js';
import { deliverOutbox } from '../notify/deliver-outbox.js';
import { complaintWorkDue, runComplaintSweep } from '../feedback/sweep.js';
import { QUEUES, type QueueName } from './queues.js';
import { tenantNow } from '../tenants/clock.js';
import type { CrmRuntime } from '../crm/crm-runtime.js';
import { crmHandlers, scheduleCrmWork } from './crm-handlers.js';

export interface JobContext {
  store: Store;
  logger: Logger;
  notifier: Notifier;
  links: SurveyLinkSigner;
  clock: Clock;
  send(queue: QueueName, data: object, options?: PgBoss.SendOptions): Promise<string | null>;
  stepBatchSize: number;
  /** Null when the process has no CRM configured (CRM jobs then log and skip). */
  crm: CrmRuntime | null;
  sync: SyncSchedule;
}

export interface SyncSchedule {
  /** Pages per stream in one sync job before it hands over to its continuation. */
  pagesPerJob: number;
  /** A connected tenant is synced this often (polling: the fallback to change notifications). */
  everyMinutes: number;
}

export const DEFAULT_SYNC_SCHEDULE: SyncSchedule = { pagesPerJob: 50, everyMinutes: 15 };

const TenantJob = z.object({ tenantId: z.string().min(1) });
const ScoringJob = z.object({ tenantId: z.string().min(1), asOf: z.string(), mode: z.enum(['full', 'incremental', 'auto']).default('auto') });

/** The as-of date the day's scoring uses (the last complete day), or null when the program does not re-score today. */
export function scoringDateFor(program: Program, day: string): string | null {
  const n = dayNumber(day);
  const every = program.reevaluation.every;
  // 1970-01-01 was a Thursday: (n + 3) % 7 === 0 on Mondays.
  if (every === 'weekly' && (n + 3) % 7 !== 0) return null;
  if (every === 'monthly' && day.slice(8, 10) !== '01') return null;
  return isoDateFromDayNumber(n - 1);
}

/** The day's work for one tenant: re-score when due, then evaluate playbooks. */
export async function dailyCare(ctx: Pick<JobContext, 'store' | 'logger'>, tenantId: string, now: Date): Promise<void> {
  const active = await activeProgram(ctx.store.db, tenantId);
  if (!active) return;
  const day = localDate(now, active.program.timezone);
  const asOf = scoringDateFor(active.program, day);
  if (asOf) {
    const done = await ctx.store.db
      .selectFrom('score_runs')
      .select('id')
      .where('tenant_id', '=', tenantId)
      .where('as_of', '=', asOf)
      .where('program_version', '=', active.version)
      .where('status', '=', 'completed')
      .executeTakeFirst();
    if (!done) {
      const scored = await runScoring(ctx.store, { tenantId, asOf, actor: 'system:scheduler', now: () => now });
      ctx.logger.info('scheduled scoring done', { tenantId, asOf, mode: scored.mode, tierChanges: scored.tierChanges });
    }
  }
  const summary = await evaluatePlaybooks(ctx.store, { tenantId, now });
  ctx.logger.info('playbooks evaluated', { ...summary });
}

export const handlers: Partial<Record<QueueName, (ctx: JobContext, data: unknown) => Promise<void>>> = {
  [QUEUES.tick]: async (ctx) => {
    const tenants = await ctx.store.db.selectFrom('tenants').select(['id', 'frozen_clock']).where('active_program_version', 'is not', null).execute();
    for (const { id, frozen_clock: frozen } of tenants) {
      const active = await activeProgram(ctx.store.db, id);
      if (!active) continue;
      const now = frozen ?? ctx.clock.now();
      // A frozen tenant's day never comes round again: it is evaluated by hand or simulated, but its due steps still run.
      if (!frozen) {
        const tz = active.program.timezone;
        const day = localDate(now, tz);
        const localTime = new Intl.DateTimeFormat('en-GB', { timeZone: tz, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(now);
        if (localTime >= active.program.care.evaluateAt) {
          const evaluated = await ctx.store.db.selectFrom('playbook_evaluations').select('day').where('tenant_id', '=', id).where('day', '=', day).executeTakeFirst();
          if (!evaluated) await ctx.send(QUEUES.evaluate, { tenantId: id }, { singletonKey: id });
        }
      }
      const due = await ctx.store.db
        .selectFrom('playbook_enrolments')
        .select('id')
        .where('tenant_id', '=', id)
        .where('status', '=', 'active')
        .where('next_run_at', '<=', now)
        .limit(1)
        .executeTakeFirst();
      if (due) await ctx.send(QUEUES.steps, { tenantId: id }, { singletonKey: id });
      if (await complaintWorkDue(ctx.store, id, now)) await ctx.send(QUEUES.complaints, { tenantId: id }, { singletonKey: id });
      const queued = await ctx.store.db
        .selectFrom('outbox_messages')
        .select('id')
        .where('tenant_id', '=', id)
        .where((eb) => eb.or([eb('status', '=', 'sending'), eb.and([eb('status', '=', 'queued'), eb.or([eb('deliver_after', 'is', null), eb('deliver_after', '<=', ctx.clock.now())])])]))
        .limit(1)
        .executeTakeFirst();
      if (queued) await ctx.send(QUEUES.outbox, { tenantId: id }, { singletonKey: id });
    }
    await scheduleCrmWork(ctx);
  },
  [QUEUES.scoring]: async (ctx, data) => {
    const job = ScoringJob.parse(data);
    await runScoring(ctx.store, { tenantId: job.tenantId, asOf: job.asOf, ...(job.mode !== 'auto' ? { mode: job.mode } : {}), actor: 'system:jobs' });
  },
  [QUEUES.evaluate]: async (ctx, data) => {
    const { tenantId } = TenantJob.parse(data);
    await dailyCare(ctx, tenantId, await tenantNow(ctx.store, tenantId, ctx.clock));
    await ctx.send(QUEUES.steps, { tenantId }, { singletonKey: tenantId });
  },
  [QUEUES.steps]: async (ctx, data) => {
    const { tenantId } = TenantJob.parse(data);
    const now = await tenantNow(ctx.store, tenantId, ctx.clock);
    const summary = await runDueSteps(ctx.store, {
      tenantId,
      now,
      batchSize: ctx.stepBatchSize,
      links: ctx.links,
      // Workers log each committed batch: operators (and the crash tests) can see progress.
      onBatch: (s) => ctx.logger.info('step batch committed', { tenantId, batch: s.batches, enrolments: s.enrolments, tasks: s.tasks, messages: s.messages }),
    });
    ctx.logger.info('steps swept', { tenantId, enrolments: summary.enrolments, tasks: summary.tasks, messages: summary.messages });
    if (summary.messages > 0) await ctx.send(QUEUES.outbox, { tenantId }, { singletonKey: tenantId });
  },
  [QUEUES.complaints]: async (ctx, data) => {
    const { tenantId } = TenantJob.parse(data);
    const summary = await runComplaintSweep(ctx.store, { tenantId, now: await tenantNow(ctx.store, tenantId, ctx.clock), links: ctx.links });
    ctx.logger.info('complaints swept', { tenantId, ...summary });
    if (summary.transitions > 0 || summary.followUpsSent > 0) await ctx.send(QUEUES.outbox, { tenantId }, { singletonKey: tenantId });
  },
  [QUEUES.outbox]: async (ctx, data) => {
    const { tenantId } = TenantJob.parse(data);
    const BATCH = 100;
    for (;;) {
      const summary = await deliverOutbox(ctx.store, ctx.notifier, { now: ctx.clock.now(), tenantId, batchSize: BATCH });
      const handled = summary.sent + summary.recorded + summary.failed + summary.retrying;
      if (handled > 0) ctx.logger.info('outbox delivered', { tenantId, ...summary });
      if (handled < BATCH) break;
    }
  },
  ...crmHandlers,
};
