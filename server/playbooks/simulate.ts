/**
 * `vip-care simulate`: runs the program over simulated days on a throwaway copy of the tenant
 * (an in-memory PGlite), with a frozen clock that advances hour by hour. The same handlers the
 * job runtime calls do the work (re-scoring, evaluation, steps, outbox), so what the report shows
 * is what the real schedule would do. Nothing leaves: the outbox is the only delivery.
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { Program } from '../../core/program/schema.js';
import { dayNumber, isoDateFromDayNumber, startOfLocalDay } from '../../core/scoring/calendar.js';
import { VipCareError } from '../../core/errors.js';
import { openStore, type Store } from '../store/db.js';
import { migrateToLatest } from '../store/migrate.js';
import { activeProgram, publishProgram } from '../store/repositories/programs.js';
import { runScoring } from '../scoring/score-run.js';
import { dailyCare } from '../jobs/handlers.js';
import { createLogger } from '../logging/logger.js';
import { deliverOutbox } from '../notify/deliver-outbox.js';
import { outboxOnlyNotifier } from '../notify/smtp-notifier.js';
import { runDueSteps } from './run-steps.js';
import { surveyLinkSigner } from '../feedback/survey-links.js';
import { complaintWorkDue, runComplaintSweep } from '../feedback/sweep.js';

export interface SimulationOptions {
  tenantId: string;
  from: string;
  to: string;
  /** A program to try instead of the published one (not published anywhere). */
  program?: { program: Program; source: string };
  onDay?: (done: number, total: number, day: string) => void;
}

export interface CountRow {
  key: string;
  tasks: number;
  messages: number;
}

export interface SimulationReport {
  tenantId: string;
  from: string;
  to: string;
  programVersion: number;
  days: number;
  enrolments: number;
  tasks: number;
  messages: number;
  byTier: CountRow[];
  byPlaybook: CountRow[];
  byWeek: CountRow[];
  /** Steps and enrolments the contact policy or the re-enrolment rules held back: outcome, reason, count. */
  decisions: { outcome: string; reason: string; count: number }[];
  closed: { reason: string; count: number }[];
}

const quiet = createLogger('silent');

/** Tables copied into the scratch store, parents first. Identity-keyed history is rebuilt, not copied. */
const COPIED = ['tenants', 'program_versions', 'customers', 'orders', 'interactions', 'feedback_responses', 'care_events', 'tier_overrides'] as const;

export async function simulate(source: Store, opts: SimulationOptions): Promise<SimulationReport> {
  if (dayNumber(opts.to) < dayNumber(opts.from)) throw new VipCareError('INVALID_INPUT', { field: `--to ${opts.to} is before --from ${opts.from}` });
  const published = await activeProgram(source.db, opts.tenantId);
  if (!published) throw new VipCareError('NO_PROGRAM', { tenant: opts.tenantId });
  const scratch = await openStore({ dataDir: 'memory://' });
  // Nothing leaves a simulation: its links are signed with a key that dies with it.
  const links = surveyLinkSigner(randomBytes(32), 'http://simulation.invalid');
  try {
    await migrateToLatest(scratch);
    await copyTenant(source, scratch, opts.tenantId);
    await scratch.db.updateTable('tenants').set({ frozen_clock: null }).where('id', '=', opts.tenantId).execute();
    if (opts.program) await publishProgram(scratch.db, { tenantId: opts.tenantId, program: opts.program.program, source: opts.program.source, actor: 'simulation' });
    const active = await activeProgram(scratch.db, opts.tenantId);
    if (!active) throw new VipCareError('NO_PROGRAM', { tenant: opts.tenantId });
    const tz = active.program.timezone;
    const [hour, minute] = active.program.care.evaluateAt.split(':').map(Number) as [number, number];

    // Warm-up: tiers as they stood the day before, so day one only reacts to what changes on it.
    await runScoring(scratch, { tenantId: opts.tenantId, asOf: isoDateFromDayNumber(dayNumber(opts.from) - 1), mode: 'full', actor: 'simulation', now: () => startOfLocalDay(opts.from, tz) });

    const first = dayNumber(opts.from);
    const last = dayNumber(opts.to);
    for (let n = first; n <= last; n++) {
      const day = isoDateFromDayNumber(n);
      const midnight = startOfLocalDay(day, tz).getTime();
      for (let h = 0; h < 24; h++) {
        const now = new Date(midnight + h * 3_600_000);
        if (h === hour) await dailyCare({ store: scratch, logger: quiet }, opts.tenantId, new Date(midnight + (hour * 60 + minute) * 60_000));
        // The hourly sweep, as the minute tick would do it: only when something is due.
        const due = await scratch.db.selectFrom('playbook_enrolments').select('id').where('tenant_id', '=', opts.tenantId).where('status', '=', 'active').where('next_run_at', '<=', now).limit(1).executeTakeFirst();
        if (due) await runDueSteps(scratch, { tenantId: opts.tenantId, now, links });
        if (await complaintWorkDue(scratch, opts.tenantId, now)) await runComplaintSweep(scratch, { tenantId: opts.tenantId, now, links });
        const queued = await scratch.db.selectFrom('outbox_messages').select('id').where('tenant_id', '=', opts.tenantId).where('status', '=', 'queued').limit(1).executeTakeFirst();
        if (queued) await deliverOutbox(scratch, outboxOnlyNotifier, { now, tenantId: opts.tenantId, batchSize: 10_000 });
      }
      opts.onDay?.(n - first + 1, last - first + 1, day);
    }
    return await report(scratch, { ...opts, programVersion: active.version, timezone: tz, days: last - first + 1 });
  } finally {
    await scratch.close();
  }
}

async function copyTenant(from: Store, to: Store, tenantId: string): Promise<void> {
  for (const table of COPIED) {
    const key = table === 'tenants' ? 'id' : 'tenant_id';
    const rows = (await sql<Record<string, unknown>>`select * from ${sql.table(table)} where ${sql.ref(key)} = ${tenantId}`.execute(from.db)).rows;
    for (let i = 0; i < rows.length; i += 20_000) {
      const chunk = JSON.stringify(rows.slice(i, i + 20_000));
      await sql`insert into ${sql.table(table)} overriding system value select * from jsonb_populate_recordset(null::${sql.table(table)}, ${chunk}::jsonb)`.execute(to.db);
    }
  }
}

async function report(db: Store, ctx: SimulationOptions & { programVersion: number; timezone: string; days: number }): Promise<SimulationReport> {
  const { tenantId, timezone } = ctx;
  const counts = async (keyTasks: ReturnType<typeof sql>, keyMessages: ReturnType<typeof sql>) => {
    const { rows } = await sql<CountRow>`
      select key, sum(tasks)::int4 as tasks, sum(messages)::int4 as messages from (
        select ${keyTasks} as key, 1 as tasks, 0 as messages from care_tasks t left join playbook_enrolments e on e.id = t.enrolment_id where t.tenant_id = ${tenantId}
        union all
        select ${keyMessages} as key, 0, 1 from outbox_messages m left join playbook_enrolments e on e.id = m.enrolment_id where m.tenant_id = ${tenantId}
      ) x group by key order by key`.execute(db.db);
    return rows;
  };
  const byTier = await counts(sql`coalesce(e.tier, 'none')`, sql`coalesce(e.tier, 'none')`);
  const byPlaybook = await counts(sql`coalesce(t.playbook_id, '-')`, sql`coalesce(m.playbook_id, '-')`);
  const byWeek = await counts(sql`to_char(t.created_at at time zone ${timezone}, 'IYYY-"W"IW')`, sql`to_char(m.created_at at time zone ${timezone}, 'IYYY-"W"IW')`);
  const decisions = (
    await sql<{ outcome: string; reason: string; count: number }>`
      select outcome, reason, count(*)::int4 as count from care_decisions where tenant_id = ${tenantId} group by outcome, reason order by outcome, reason`.execute(db.db)
  ).rows;
  const closed = (
    await sql<{ reason: string; count: number }>`
      select close_reason as reason, count(*)::int4 as count from playbook_enrolments where tenant_id = ${tenantId} and status = 'closed' group by close_reason order by close_reason`.execute(db.db)
  ).rows;
  const totals = (
    await sql<{ enrolments: number; tasks: number; messages: number }>`
      select (select count(*) from playbook_enrolments where tenant_id = ${tenantId})::int4 as enrolments,
        (select count(*) from care_tasks where tenant_id = ${tenantId})::int4 as tasks,
        (select count(*) from outbox_messages where tenant_id = ${tenantId})::int4 as messages`.execute(db.db)
  ).rows[0] ?? { enrolments: 0, tasks: 0, messages: 0 };
  return { tenantId, from: ctx.from, to: ctx.to, programVersion: ctx.programVersion, days: ctx.days, ...totals, byTier, byPlaybook, byWeek, decisions, closed };
}
