/**
 * CRM jobs: syncing a tenant with a CRM, processing its stored change notifications, and
 * completing blocked workflow actions. All keyed per tenant and CRM (`stately` queues: one
 * running at a time), all idempotent: pages commit with their checkpoints, events are marked in
 * the transaction that applies them, workflow work is keyed on the callback id.
 */
import { z } from 'zod';
import { VipCareError } from '../../core/errors.js';
import type { CrmProvider, CrmRef } from '../../core/ports/crm-connector.js';
import { interpretEvent, HubspotEventSchema } from '../../connectors/hubspot/index.js';
import { activeConnections, markConnection } from '../crm/connections.js';
import { RUN_STATE } from '../sync/run-sync.js';
import { hostFor, type CrmHost } from '../crm/crm-runtime.js';
import { completeBlocked } from '../crm/hubspot/workflow-actions.js';
import { activeProgram } from '../store/repositories/programs.js';
import { processEvents, recordEventFailure, type ChangeMeaning } from '../sync/change-events.js';
import { rescoreChanged, runSync } from '../sync/run-sync.js';
import { applyRecords } from '../sync/apply-records.js';
import { holdChangeLockShared } from '../store/locks.js';
import { recordSyncError } from '../sync/sync-state.js';
import { tenantNow } from '../tenants/clock.js';
import type { JobContext } from './handlers.js';
import { QUEUES } from './queues.js';

const CrmJob = z.object({ tenantId: z.string().min(1), provider: z.enum(['hubspot', 'salesforce']) });

type Binding = Awaited<ReturnType<CrmHost['bind']>>;

/** A binding for the tenant's connection, or null (logged) when the CRM is not connected or not configured. */
async function bind(ctx: JobContext, tenantId: string, provider: CrmProvider): Promise<Binding | null> {
  const host = hostFor(ctx.crm, provider);
  if (!host) {
    ctx.logger.warn('no host for this CRM', { tenantId, provider });
    return null;
  }
  try {
    return await host.bind(tenantId);
  } catch (error) {
    if (error instanceof VipCareError && error.code === 'UNAUTHORIZED') {
      ctx.logger.info('CRM not connected; job skipped', { tenantId, provider });
      return null;
    }
    throw error;
  }
}

/** A refused token ends the job without retries: the admin must reconnect; the connection says so. */
async function settle<T>(ctx: JobContext, tenantId: string, provider: CrmProvider, binding: Binding, work: () => Promise<T>): Promise<T | null> {
  try {
    return await work();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await recordSyncError(ctx.store.db, tenantId, provider, message, new Date());
    if (error instanceof VipCareError && (error.code === 'UNAUTHORIZED' || error.code === 'FORBIDDEN')) {
      if (error.code === 'FORBIDDEN') await markConnection(ctx.store.db, tenantId, provider, 'needs_reauth', message, new Date());
      ctx.logger.warn('CRM refused our credentials', { tenantId, provider, code: error.code });
      return null;
    }
    throw error;
  } finally {
    await binding.usage.flush(ctx.store);
  }
}

const SalesforceEvent = z.object({ ref: z.object({ type: z.string().min(1), id: z.string().min(15).max(18) }) });

/** HubSpot webhook events say what happened; a Salesforce outbound message only names the record (re-read it). */
function interpreter(provider: CrmProvider): (payload: Record<string, unknown>) => ChangeMeaning {
  return (payload) => {
    if (provider === 'salesforce') {
      const parsed = SalesforceEvent.safeParse(payload);
      return parsed.success ? { kind: 'changed', ref: parsed.data.ref } : { kind: 'ignored', reason: 'unreadable' };
    }
    const parsed = HubspotEventSchema.safeParse(payload);
    return parsed.success ? interpretEvent(parsed.data) : { kind: 'ignored', reason: 'unreadable' };
  };
}

/**
 * From the minute tick: a sync for each connection whose last run is older than the schedule
 * (polling is the fallback when notifications are lost), and processing for any stored events
 * and blocked workflow actions (their own jobs may have been lost with a crashed worker).
 */
export async function scheduleCrmWork(ctx: JobContext): Promise<void> {
  if (!ctx.crm) return;
  const now = Date.now();
  for (const c of await activeConnections(ctx.store.db)) {
    const key = { singletonKey: `${c.tenant_id}:${c.provider}` };
    const data = { tenantId: c.tenant_id, provider: c.provider };
    const run = await ctx.store.db.selectFrom('crm_sync_state').select('updated_at').where('tenant_id', '=', c.tenant_id).where('provider', '=', c.provider).where('stream', '=', RUN_STATE).executeTakeFirst();
    if (!run || now - run.updated_at.getTime() >= ctx.sync.everyMinutes * 60_000) await ctx.send(QUEUES.sync, data, key);
    const events = await ctx.store.db.selectFrom('crm_webhook_events').select('event_id').where('tenant_id', '=', c.tenant_id).where('provider', '=', c.provider).where('processed_at', 'is', null).limit(1).executeTakeFirst();
    if (events) await ctx.send(QUEUES.crmEvents, data, key);
    const calls = await ctx.store.db.selectFrom('crm_workflow_calls').select('callback_id').where('tenant_id', '=', c.tenant_id).where('provider', '=', c.provider).where('status', '=', 'pending').limit(1).executeTakeFirst();
    if (calls) await ctx.send(QUEUES.crmWorkflow, data, key);
  }
}

export const crmHandlers = {
  [QUEUES.sync]: async (ctx: JobContext, data: unknown) => {
    const { tenantId, provider } = CrmJob.parse(data);
    const binding = await bind(ctx, tenantId, provider);
    if (!binding) return;
    const now = await tenantNow(ctx.store, tenantId, ctx.clock);
    const started = Date.now();
    const report = await settle(ctx, tenantId, provider, binding, () =>
      runSync(ctx.store, binding.target, { now: () => new Date(now.getTime() + (Date.now() - started)), logger: ctx.logger, maxPages: ctx.sync.pagesPerJob }),
    );
    if (!report) return;
    ctx.logger.info('crm sync done', {
      tenantId,
      provider,
      pages: report.pages,
      complete: report.complete,
      customers: report.pulled.customers,
      orders: report.pulled.orders,
      complaints: report.pulled.complaints,
      fieldsWritten: report.fields.written,
      tasksPushed: report.tasks.pushed,
      calls: binding.usage.totals.calls,
    });
    if (!report.complete) await ctx.send(QUEUES.sync, { tenantId, provider }, { singletonKey: `${tenantId}:${provider}` });
  },

  [QUEUES.crmEvents]: async (ctx: JobContext, data: unknown) => {
    const { tenantId, provider } = CrmJob.parse(data);
    const binding = await bind(ctx, tenantId, provider);
    if (!binding) return;
    const active = await activeProgram(ctx.store.db, tenantId);
    if (!active) return;
    const now = await tenantNow(ctx.store, tenantId, ctx.clock);
    await settle(ctx, tenantId, provider, binding, async () => {
      let changed = 0;
      for (;;) {
        let batch;
        try {
          batch = await processEvents(ctx.store, { tenantId, provider, connector: binding.connector, program: active.program, interpret: interpreter(provider), now });
        } catch (error) {
          await recordEventFailure(ctx.store, tenantId, provider, error instanceof Error ? error.message : String(error));
          throw error;
        }
        changed += batch.applied.changed.size;
        if (batch.processed > 0) ctx.logger.info('crm events processed', { tenantId, provider, events: batch.processed, erased: batch.erased, ignored: batch.ignored, changed: batch.applied.changed.size });
        if (!batch.remaining) break;
      }
      if (changed > 0) await rescoreChanged(ctx.store, tenantId, active.program, now, ctx.logger);
      // Write back what the changes moved (no pulls: the events said what changed).
      await runSync(ctx.store, binding.target, { now: () => now, logger: ctx.logger, streams: [] });
    });
  },

  [QUEUES.crmWorkflow]: async (ctx: JobContext, data: unknown) => {
    const { tenantId, provider } = CrmJob.parse(data);
    // Workflow actions are HubSpot's.
    const binding = provider === 'hubspot' && ctx.crm?.hubspot ? await ctx.crm.hubspot.bind(tenantId).catch(() => null) : null;
    if (!binding) return;
    const active = await activeProgram(ctx.store.db, tenantId);
    if (!active) return;
    const now = await tenantNow(ctx.store, tenantId, ctx.clock);
    const done = await settle(ctx, tenantId, provider, binding, () =>
      completeBlocked(
        {
          store: ctx.store,
          links: ctx.links,
          clock: ctx.clock,
          caller: binding.connector.caller,
          // Read the records the actions name, store them and score them, so the actions have a tier to act on.
          prepare: async (refs: CrmRef[]) => {
            const records = await binding.connector.fetchRecords(refs);
            await ctx.store.db.transaction().execute(async (trx) => {
              await holdChangeLockShared(trx, tenantId);
              await applyRecords(trx, { tenantId, provider, program: active.program, now, actor: `${provider}:workflow` }, records);
            });
            await rescoreChanged(ctx.store, tenantId, active.program, now, ctx.logger);
          },
        },
        tenantId,
      ),
    );
    if (done) ctx.logger.info('workflow actions completed', { tenantId, provider, ...done });
    if (done && done.failed > 0) throw new Error(`${done.failed} workflow callbacks could not be completed yet`);
  },
};
