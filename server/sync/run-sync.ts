/**
 * One sync of one tenant with one CRM: our fields exist, every stream is pulled up to now (page by
 * page, each page committed with its checkpoint), completions made in the CRM come back, changed
 * customers are re-scored, and what changed is written back. A job runs a bounded number of pages
 * and asks to be run again, so a big initial load never holds one job for an hour.
 */
import { createHash } from 'node:crypto';
import { localized, resolveLocale, translator } from '../../core/i18n/index.js';
import { VipCareError } from '../../core/errors.js';
import { SYNC_STREAMS, type CrmConnector, type CrmProvider, type SchemaSpec, type SyncStream } from '../../core/ports/crm-connector.js';
import type { Program } from '../../core/program/schema.js';
import { dayNumber, isoDateFromDayNumber } from '../../core/scoring/calendar.js';
import { localDate } from '../../core/playbooks/duration.js';
import type { Logger } from '../logging/logger.js';
import { runScoring } from '../scoring/score-run.js';
import type { Store } from '../store/db.js';
import { holdChangeLockShared } from '../store/locks.js';
import { activeProgram } from '../store/repositories/programs.js';
import { applyRecords, emptySummary, mergeSummary, type ApplySummary } from './apply-records.js';
import { readState, saveState } from './sync-state.js';
import { pullTaskCompletions, pushTasks } from './task-sync.js';
import { changedFields, recordPushed } from './vip-fields.js';

export interface SyncTarget {
  tenantId: string;
  provider: CrmProvider;
  connector: CrmConnector;
  /** Our ref types for customer records, owners (from the connector's vocabulary). */
  customerTypes: readonly string[];
  ownerType: string;
  pushFields: boolean;
  pushTasks: boolean;
  /** Re-read this far behind the last completion time when pulling task completions. */
  lookbackMs: number;
}

export interface SyncOptions {
  /** The tenant's time (a demo tenant's clock is frozen): what CRM changes are dated at. */
  now: () => Date;
  /** Real time, for sync bookkeeping (when a stream last ran). */
  wallNow?: () => Date;
  logger: Logger;
  /** Pages per stream in this run; the rest waits for the next run. */
  maxPages?: number;
  streams?: readonly SyncStream[];
  /** Re-score even if this run pulled no change (the caller applied changes itself). */
  forceRescore?: boolean;
  onPage?: (stream: SyncStream, records: number) => void;
}

export interface SyncReport {
  pulled: ApplySummary;
  pages: number;
  /** True when every stream reached the end (nothing left for another run). */
  complete: boolean;
  schema: { created: string[]; updated: string[] } | null;
  tasksCompleted: number;
  rescored: boolean;
  fields: { linked: number; changed: number; written: number; failed: number; calls: number };
  tasks: { pushed: number; failed: number };
}

const SCHEMA_STATE = '_schema';
const TASKS_STATE = '_task_completions';
/** When the last run of a tenant's sync ended: the scheduler starts the next one from it. */
export const RUN_STATE = '_run';

export function schemaSpecFor(program: Program, locale: string): SchemaSpec {
  const l = resolveLocale(locale);
  const t = translator(l);
  return {
    tiers: program.tiers.map((tier) => ({ id: tier.id, label: localized(tier.name, l) || tier.id })),
    labels: {
      group: t('crm.fields.group'),
      notVip: t('tiers.none'),
      taskId: t('crm.fields.taskId'),
      fields: {
        tier: t('crm.fields.tier'),
        tierSince: t('crm.fields.tierSince'),
        score: t('crm.fields.score'),
        reason: t('crm.fields.reason'),
        predictedValue: t('crm.fields.predictedValue'),
        churnRisk: t('crm.fields.churnRisk'),
        nextAction: t('crm.fields.nextAction'),
        nextActionDue: t('crm.fields.nextActionDue'),
        accountManager: t('crm.fields.accountManager'),
      },
    },
  };
}

async function ensureSchemaOnce(store: Store, target: SyncTarget, program: Program, now: Date): Promise<SyncReport['schema']> {
  const tenant = await store.db.selectFrom('tenants').select('locale').where('id', '=', target.tenantId).executeTakeFirst();
  const spec = schemaSpecFor(program, tenant?.locale ?? 'en');
  const digest = createHash('sha256').update(JSON.stringify(spec)).digest('base64url');
  const state = await readState(store.db, target.tenantId, target.provider, SCHEMA_STATE);
  if (state?.checkpoint?.digest === digest) return null;
  const outcome = await target.connector.ensureSchema(spec);
  await saveState(store.db, { tenantId: target.tenantId, provider: target.provider, stream: SCHEMA_STATE, phase: 'incremental', checkpoint: { digest }, records: 0, done: true, now });
  return outcome;
}

/** Re-scores the customers a sync changed, for the date of the latest run (incremental when possible). */
export async function rescoreChanged(store: Store, tenantId: string, program: Program, now: Date, logger: Logger): Promise<boolean> {
  const last = await store.db.selectFrom('score_runs').select('as_of').where('tenant_id', '=', tenantId).where('status', '=', 'completed').orderBy('id', 'desc').limit(1).executeTakeFirst();
  const asOf = last?.as_of ?? isoDateFromDayNumber(dayNumber(localDate(now, program.timezone)) - 1);
  try {
    await runScoring(store, { tenantId, asOf, actor: 'system:crm-sync', now: () => now });
    return true;
  } catch (error) {
    // Another run (the daily one) got there first and includes our changes.
    if (error instanceof VipCareError && error.code === 'SCORING_SUPERSEDED') return false;
    logger.warn('re-scoring after sync failed', { tenantId, error: error instanceof Error ? error.message : String(error) });
    return false;
  }
}

async function pullCompletions(store: Store, target: SyncTarget, opts: SyncOptions, wallNow: () => Date): Promise<number> {
  const taskState = await readState(store.db, target.tenantId, target.provider, TASKS_STATE);
  // Task completions are found by the CRM's modification time, which is real time.
  const startedAt = wallNow();
  const sinceMs = typeof taskState?.checkpoint?.since === 'number' ? taskState.checkpoint.since : startedAt.getTime() - 24 * 3_600_000;
  const completions = await pullTaskCompletions(store, target.connector, { tenantId: target.tenantId, provider: target.provider, since: new Date(sinceMs - target.lookbackMs), now: opts.now() });
  await saveState(store.db, { tenantId: target.tenantId, provider: target.provider, stream: TASKS_STATE, phase: 'incremental', checkpoint: { since: Math.max(sinceMs, Math.min(startedAt.getTime(), completions.newest?.getTime() ?? sinceMs)) }, records: completions.completed, done: true, now: startedAt });
  return completions.completed;
}

export async function runSync(store: Store, target: SyncTarget, opts: SyncOptions): Promise<SyncReport> {
  const active = await activeProgram(store.db, target.tenantId);
  if (!active) throw new VipCareError('NO_PROGRAM', { tenant: target.tenantId });
  const program = active.program;
  const maxPages = opts.maxPages ?? 200;
  const wallNow = opts.wallNow ?? (() => new Date());
  const report: SyncReport = {
    pulled: emptySummary(),
    pages: 0,
    complete: true,
    schema: null,
    tasksCompleted: 0,
    rescored: false,
    fields: { linked: 0, changed: 0, written: 0, failed: 0, calls: 0 },
    tasks: { pushed: 0, failed: 0 },
  };
  if (target.pushFields) report.schema = await ensureSchemaOnce(store, target, program, wallNow());

  for (const stream of opts.streams ?? SYNC_STREAMS) {
    let state = await readState(store.db, target.tenantId, target.provider, stream);
    let pages = 0;
    for (;;) {
      if (pages >= maxPages) {
        report.complete = false;
        break;
      }
      const page = await target.connector.pull(stream, state?.checkpoint ?? null);
      const now = opts.now();
      const applied = await store.db.transaction().execute(async (trx) => {
        await holdChangeLockShared(trx, target.tenantId);
        const summary = await applyRecords(trx, { tenantId: target.tenantId, provider: target.provider, program, now, actor: `${target.provider}:sync` }, page.records);
        await saveState(trx, { tenantId: target.tenantId, provider: target.provider, stream, phase: page.checkpoint.phase === 'initial' ? 'initial' : 'incremental', checkpoint: page.checkpoint, records: page.records.length, done: page.done, now: wallNow() });
        return summary;
      });
      mergeSummary(report.pulled, applied);
      pages++;
      report.pages++;
      opts.onPage?.(stream, page.records.length);
      state = { checkpoint: page.checkpoint };
      if (page.done) break;
    }
  }

  // Tasks we never write cannot come back completed (and their id property may not exist).
  if (target.pushTasks) report.tasksCompleted = await pullCompletions(store, target, opts, wallNow);

  if (report.pulled.changed.size > 0 || report.tasksCompleted > 0 || opts.forceRescore) report.rescored = await rescoreChanged(store, target.tenantId, program, opts.now(), opts.logger);

  if (target.pushFields) {
    const { updates, desired, linked } = await changedFields(store, { tenantId: target.tenantId, provider: target.provider, customerTypes: target.customerTypes, program });
    report.fields.linked = linked;
    report.fields.changed = updates.length;
    if (updates.length > 0) {
      const outcome = await target.connector.pushFields(updates);
      report.fields.written = outcome.written.length;
      report.fields.failed = outcome.failed.length;
      report.fields.calls = outcome.calls;
      const written = outcome.written.map((r) => desired.get(`${r.type}:${r.id}`)).filter((d) => d !== undefined);
      await recordPushed(store, { tenantId: target.tenantId, provider: target.provider, written, now: wallNow() });
      for (const f of outcome.failed.slice(0, 20)) opts.logger.warn('CRM rejected a field update', { tenantId: target.tenantId, provider: target.provider, record: `${f.ref.type}:${f.ref.id}`, code: f.code, message: f.message });
    }
  }
  if (target.pushTasks) report.tasks = await pushTasks(store, target.connector, { tenantId: target.tenantId, provider: target.provider, customerTypes: target.customerTypes, ownerType: target.ownerType, now: wallNow });
  await saveState(store.db, {
    tenantId: target.tenantId,
    provider: target.provider,
    stream: RUN_STATE,
    phase: 'incremental',
    checkpoint: { pages: report.pages, complete: report.complete, changed: report.pulled.changed.size, fieldsWritten: report.fields.written, tasksPushed: report.tasks.pushed },
    records: 0,
    done: report.complete,
    now: wallNow(),
  });
  return report;
}
