/**
 * The durable job runtime: pg-boss on the same database as the data (Postgres through our pool,
 * PGlite through its `db.executeSql` adapter). Delivery is at-least-once; every handler is
 * idempotent because what it does is keyed in the store (see server/playbooks/*).
 *
 * One cron (`scheduler-tick`, every minute) fans out per tenant; there is no cron entry per tenant.
 * Due work is defined by the store (enrolments' next_run_at, queued outbox rows), not by job
 * payloads, so a lost or expired job only delays work until the next tick.
 * https://github.com/timgit/pg-boss/blob/10.1.6/docs/readme.md
 */
import PgBoss from 'pg-boss';
import { systemClock, type Clock } from '../../core/ports/clock.js';
import type { Notifier } from '../../core/ports/notifier.js';
import type { SurveyLinkSigner } from '../feedback/survey-links.js';
import type { Store } from '../store/db.js';
import type { Logger } from '../logging/logger.js';
import { DEFAULT_SYNC_SCHEDULE, handlers, type JobContext, type SyncSchedule } from './handlers.js';
import type { CrmRuntime } from '../crm/crm-runtime.js';
import { QUEUES, type QueueName } from './queues.js';

export { QUEUES, type QueueName } from './queues.js';

export interface JobRuntime {
  boss: PgBoss;
  send(queue: QueueName, data: object, options?: PgBoss.SendOptions): Promise<string | null>;
  stop(): Promise<void>;
}

export interface JobRuntimeOptions {
  store: Store;
  logger: Logger;
  notifier: Notifier;
  links: SurveyLinkSigner;
  clock?: Clock;
  /** Process jobs here (a worker); false: only send jobs (the CLI). */
  work: boolean;
  pollingIntervalSeconds?: number;
  stepBatchSize?: number;
  crm?: CrmRuntime | null;
  sync?: Partial<SyncSchedule>;
}

/**
 * `short`: at most one queued job per singletonKey, so repeated ticks collapse into one sweep per
 * tenant. `stately`: also at most one active, so two workers never sync one tenant's CRM at once
 * (a sync asks for its own continuation while it runs).
 */
export function queuePolicy(name: QueueName): 'standard' | 'short' | 'stately' {
  if (name === QUEUES.scoring) return 'standard';
  if (name === QUEUES.sync || name === QUEUES.crmEvents || name === QUEUES.crmWorkflow) return 'stately';
  return 'short';
}

/** pg-boss keeps its tables in a schema of its own, next to ours. */
export function jobSchema(store: Store): string {
  return store.schema === 'public' ? 'pgboss' : `${store.schema}_jobs`;
}

export async function startJobRuntime(opts: JobRuntimeOptions): Promise<JobRuntime> {
  const { store, logger } = opts;
  const boss = new PgBoss({
    db: { executeSql: (text: string, values: unknown[]) => store.executeSql(text, values) },
    schema: jobSchema(store),
    supervise: opts.work,
    schedule: opts.work,
    migrate: true,
    // A job whose worker died is retried after this; sweeps are short, so minutes, not pg-boss's 15.
    expireInSeconds: 10 * 60,
    retryLimit: 5,
    retryDelay: 5,
    retryBackoff: true,
  });
  boss.on('error', (error: unknown) => logger.error('job runtime error', { error: error instanceof Error ? error.message : String(error) }));
  await boss.start();
  for (const name of Object.values(QUEUES)) {
    const policy = queuePolicy(name);
    const existing = await boss.getQueue(name);
    if (!existing) await boss.createQueue(name, { name, policy });
    else if (existing.policy !== policy) await boss.updateQueue(name, { name, policy });
  }
  const send = (queue: QueueName, data: object, options: PgBoss.SendOptions = {}) => boss.send(queue, data, options);

  if (opts.work) {
    const ctx: JobContext = {
      store,
      logger,
      notifier: opts.notifier,
      links: opts.links,
      clock: opts.clock ?? systemClock,
      send,
      stepBatchSize: opts.stepBatchSize ?? 500,
      crm: opts.crm ?? null,
      sync: { ...DEFAULT_SYNC_SCHEDULE, ...opts.sync },
    };
    const polling = { pollingIntervalSeconds: opts.pollingIntervalSeconds ?? 2, batchSize: 1 };
    for (const [queue, handler] of Object.entries(handlers)) {
      await boss.work<Record<string, unknown>>(queue, polling, async ([job]) => {
        if (!job) return;
        const started = Date.now();
        try {
          await handler(ctx, job.data);
          logger.debug('job done', { queue, id: job.id, ms: Date.now() - started });
        } catch (error) {
          logger.warn('job failed', { queue, id: job.id, error: error instanceof Error ? error.message : String(error) });
          throw error;
        }
      });
    }
    await boss.schedule(QUEUES.tick, '* * * * *', {}, { tz: 'UTC' });
    // Catch up at once after a restart rather than at the next minute.
    await send(QUEUES.tick, {});
  }

  return {
    boss,
    send,
    stop: () => boss.stop({ graceful: true, wait: true, timeout: 15_000 }),
  };
}
