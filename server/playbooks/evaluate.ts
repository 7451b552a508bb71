/**
 * The daily playbook evaluation of one tenant: reads what the triggers need, lets the core decide,
 * and writes enrolments, episodes, skips and closures in one transaction. Every write is keyed
 * (occurrence, episode, decision), so a retried job or a second worker changes nothing.
 */
import { sql, type Transaction } from 'kysely';
import type { Program } from '../../core/program/schema.js';
import { localDate } from '../../core/playbooks/duration.js';
import {
  admitOccurrences,
  catchUpStart,
  closeOpenWork,
  episodeKey,
  findOccurrences,
  occurrenceId,
  type CareEvent,
  type EnrolmentHistory,
  type EvaluationResult,
  type OpenEnrolment,
  type TriggerOccurrence,
} from '../../core/playbooks/triggers.js';
import { closeReasonsOf } from '../../core/playbooks/schema.js';
import { startOfLocalDay } from '../../core/scoring/calendar.js';
import { VipCareError } from '../../core/errors.js';
import type { Store } from '../store/db.js';
import type { Database } from '../store/schema.js';
import { activeProgram } from '../store/repositories/programs.js';
import { loadCareStates } from './care-state-query.js';

export interface EvaluationSummary {
  tenantId: string;
  day: string;
  programVersion: number;
  enrolled: number;
  skipped: number;
  closed: number;
  episodesOpened: number;
  episodesCleared: number;
  customersConsidered: number;
}

const CHUNK = 5000;

export async function evaluatePlaybooks(store: Store, opts: { tenantId: string; now: Date }): Promise<EvaluationSummary> {
  const active = await activeProgram(store.db, opts.tenantId);
  if (!active) throw new VipCareError('NO_PROGRAM', { tenant: opts.tenantId });
  const { program, version } = active;
  const day = localDate(opts.now, program.timezone);

  return store.db.transaction().execute(async (trx) => {
    // One evaluation per tenant at a time; a second worker waits and then finds the work done.
    await sql`select pg_advisory_xact_lock(hashtext(${`vip-care:playbooks:${opts.tenantId}`}))`.execute(trx);
    const result = await decide(trx, program, { tenantId: opts.tenantId, now: opts.now, day });
    await write(trx, result.result, { tenantId: opts.tenantId, now: opts.now, day, version, program });
    const summary: EvaluationSummary = {
      tenantId: opts.tenantId,
      day,
      programVersion: version,
      enrolled: result.result.enrol.length,
      skipped: result.result.skipped.length,
      closed: result.result.close.length,
      episodesOpened: result.result.episodesOpened.length,
      episodesCleared: result.result.episodesCleared.length,
      customersConsidered: result.considered,
    };
    await trx
      .insertInto('playbook_evaluations')
      .values({ tenant_id: opts.tenantId, day, program_version: version, enrolled: summary.enrolled, skipped: summary.skipped, closed: summary.closed, finished_at: opts.now })
      .onConflict((oc) =>
        oc.columns(['tenant_id', 'day']).doUpdateSet((eb) => ({
          program_version: version,
          enrolled: eb('playbook_evaluations.enrolled', '+', summary.enrolled),
          skipped: eb('playbook_evaluations.skipped', '+', summary.skipped),
          closed: eb('playbook_evaluations.closed', '+', summary.closed),
          finished_at: opts.now,
        })),
      )
      .execute();
    return summary;
  });
}

async function decide(trx: Transaction<Database>, program: Program, ctx: { tenantId: string; now: Date; day: string }) {
  const { tenantId, now, day } = ctx;
  const enabled = program.playbooks.filter((p) => p.enabled);
  const from = catchUpStart(day, program.care.catchUpDays);
  const fromInstant = startOfLocalDay(from, program.timezone);

  const tierChanges = enabled.some((p) => p.trigger.type === 'tier_entered' || p.trigger.type === 'tier_left')
    ? await trx
        .selectFrom('tier_assignments')
        .select(['customer_id', 'as_of', 'from_tier', 'to_tier'])
        .where('tenant_id', '=', tenantId)
        .where('as_of', '>=', from)
        .where('as_of', '<=', day)
        .execute()
    : [];
  const eventRows = enabled.some((p) => p.trigger.type === 'event' || p.trigger.type === 'manual')
    ? await trx
        .selectFrom('care_events')
        .select(['id', 'customer_id', 'type', 'occurred_at', 'playbook_id'])
        .where('tenant_id', '=', tenantId)
        .where('occurred_at', '>=', fromInstant)
        .where('occurred_at', '<=', now)
        .execute()
    : [];
  const episodes = await trx.selectFrom('trigger_episodes').select(['playbook_id', 'customer_id', 'since']).where('tenant_id', '=', tenantId).execute();
  const closeable = enabled.filter((p) => closeReasonsOf(p).length > 0).map((p) => p.id);
  const open =
    closeable.length > 0
      ? await trx
          .selectFrom('playbook_enrolments')
          .select(['id', 'playbook_id', 'customer_id', 'enrolled_at', 'tier'])
          .where('tenant_id', '=', tenantId)
          .where('status', '=', 'active')
          .where('playbook_id', 'in', closeable)
          .execute()
      : [];
  const historyRows = await sql<{ playbook_id: string; customer_id: string; active: boolean; last_at: Date }>`
    select playbook_id, customer_id, bool_or(status = 'active') as active, max(enrolled_at) as last_at
    from playbook_enrolments where tenant_id = ${tenantId} group by playbook_id, customer_id`.execute(trx);

  // Whom to read: everyone the audiences cover, plus anyone a change, event, episode or open enrolment names.
  const audienceTiers = new Set<string | null>();
  let everyone = false;
  for (const p of enabled) {
    if (!p.audience.tiers) program.tiers.forEach((t) => audienceTiers.add(t.id));
    else p.audience.tiers.forEach((t) => audienceTiers.add(t === 'none' ? null : t));
    if (p.audience.tiers?.includes('none') && !['tier_entered', 'tier_left', 'event', 'manual'].includes(p.trigger.type)) everyone = true;
  }
  const extra = new Set<string>([
    ...tierChanges.map((c) => c.customer_id),
    ...eventRows.map((e) => e.customer_id),
    ...episodes.map((e) => e.customer_id),
    ...open.map((e) => e.customer_id),
  ]);
  const states = await loadCareStates(trx, {
    tenantId,
    now,
    programTimezone: program.timezone,
    scope: everyone ? { all: true } : { tiers: [...audienceTiers], extraIds: [...extra] },
  });

  const history = new Map<string, EnrolmentHistory>();
  for (const h of historyRows.rows) history.set(episodeKey(h.playbook_id, h.customer_id), { active: h.active, lastEnrolledAt: h.last_at });
  const events: CareEvent[] = eventRows.map((e) => ({
    id: e.id,
    customerId: e.customer_id,
    type: e.type as CareEvent['type'],
    occurredAt: e.occurred_at,
    playbookId: e.playbook_id,
  }));
  const openEnrolments: OpenEnrolment[] = open.map((e) => ({
    id: String(e.id),
    playbookId: e.playbook_id,
    customerId: e.customer_id,
    enrolledAt: e.enrolled_at,
    tierAtEnrolment: e.tier,
  }));
  const input = {
    program,
    day,
    now,
    states,
    tierChanges: tierChanges.map((c) => ({ customerId: c.customer_id, asOf: c.as_of, fromTier: c.from_tier, toTier: c.to_tier })),
    events,
    openEpisodes: new Map(episodes.map((e) => [episodeKey(e.playbook_id, e.customer_id), e.since])),
    history,
    openEnrolments,
  };
  const found = findOccurrences(input);
  const existing = await existingOccurrences(trx, tenantId, found.occurrences);
  const admitted = admitOccurrences(program, found.occurrences, existing, history, now);
  const result: EvaluationResult = {
    ...admitted,
    episodesOpened: found.episodesOpened,
    episodesCleared: found.episodesCleared,
    close: closeOpenWork(input, found.cleared),
  };
  return { result, considered: states.size };
}

/** Which of today's occurrences were enrolled before (a date trigger is found again every day of its window). */
async function existingOccurrences(trx: Transaction<Database>, tenantId: string, occurrences: readonly TriggerOccurrence[]): Promise<Set<string>> {
  const existing = new Set<string>();
  for (let i = 0; i < occurrences.length; i += CHUNK) {
    const rows = occurrences.slice(i, i + CHUNK).map((o) => ({ p: o.playbookId, c: o.customerId, k: o.occurrenceKey }));
    const found = await sql<{ playbook_id: string; customer_id: string; occurrence_key: string }>`
      select e.playbook_id, e.customer_id, e.occurrence_key
      from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(p text, c text, k text)
      join playbook_enrolments e on e.tenant_id = ${tenantId} and e.playbook_id = x.p and e.customer_id = x.c and e.occurrence_key = x.k`.execute(trx);
    for (const r of found.rows) existing.add(occurrenceId({ playbookId: r.playbook_id, customerId: r.customer_id, occurrenceKey: r.occurrence_key }));
  }
  return existing;
}

async function write(
  trx: Transaction<Database>,
  result: EvaluationResult,
  ctx: { tenantId: string; now: Date; day: string; version: number; program: Program },
): Promise<void> {
  const { tenantId, now, day, version } = ctx;
  const firstStep = new Map(ctx.program.playbooks.map((p) => [p.id, p.steps[0]?.id ?? null]));
  for (let i = 0; i < result.enrol.length; i += CHUNK) {
    const rows = result.enrol.slice(i, i + CHUNK).map((o) => ({ p: o.playbookId, c: o.customerId, k: o.occurrenceKey, d: o.detail, t: o.tier, s: firstStep.get(o.playbookId) ?? null }));
    await sql`
      insert into playbook_enrolments (tenant_id, playbook_id, customer_id, occurrence_key, detail, program_version, tier, status, step_id, step_seq, next_run_at, enrolled_at, enrolled_on)
      select ${tenantId}, x.p, x.c, x.k, x.d, ${version}, x.t, 'active', x.s, 0, ${now}, ${now}, ${day}::date
      from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(p text, c text, k text, d text, t text, s text)
      on conflict (tenant_id, playbook_id, customer_id, occurrence_key) do nothing`.execute(trx);
  }
  for (let i = 0; i < result.skipped.length; i += CHUNK) {
    const rows = result.skipped.slice(i, i + CHUNK).map((o) => ({ k: `skip:${o.playbookId}:${o.customerId}:${o.occurrenceKey}`, p: o.playbookId, c: o.customerId, r: o.reason, t: o.tier }));
    await sql`
      insert into care_decisions (tenant_id, dedup_key, customer_id, playbook_id, enrolment_id, step_id, outcome, reason, until, tier, decided_at)
      select ${tenantId}, x.k, x.c, x.p, null, null, 'skipped', x.r, null, x.t, ${now}
      from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(k text, p text, c text, r text, t text)
      on conflict (tenant_id, dedup_key) do nothing`.execute(trx);
  }
  if (result.episodesOpened.length > 0) {
    const rows = result.episodesOpened.map((e) => ({ p: e.playbookId, c: e.customerId, s: e.since }));
    await sql`
      insert into trigger_episodes (tenant_id, playbook_id, customer_id, since)
      select ${tenantId}, x.p, x.c, x.s::date from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(p text, c text, s text)
      on conflict do nothing`.execute(trx);
  }
  if (result.episodesCleared.length > 0) {
    const rows = result.episodesCleared.map((e) => ({ p: e.playbookId, c: e.customerId }));
    await sql`
      delete from trigger_episodes e using jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(p text, c text)
      where e.tenant_id = ${tenantId} and e.playbook_id = x.p and e.customer_id = x.c`.execute(trx);
  }
  if (result.close.length > 0) await closeEnrolments(trx, tenantId, result.close, now);
}

/** Closes enrolments and their open tasks, each with the reason; pending steps never run. */
export async function closeEnrolments(trx: Transaction<Database>, tenantId: string, close: readonly { enrolmentId: string; reason: string }[], now: Date): Promise<void> {
  const rows = JSON.stringify(close.map((c) => ({ id: Number(c.enrolmentId), r: c.reason })));
  await sql`
    update playbook_enrolments e set status = 'closed', close_reason = x.r, finished_at = ${now}, next_run_at = null
    from jsonb_to_recordset(${rows}::jsonb) as x(id int8, r text)
    where e.id = x.id and e.tenant_id = ${tenantId} and e.status = 'active'`.execute(trx);
  await sql`
    update care_tasks t set status = 'closed', closed_reason = x.r, updated_at = ${now}
    from jsonb_to_recordset(${rows}::jsonb) as x(id int8, r text)
    where t.enrolment_id = x.id and t.tenant_id = ${tenantId} and t.status = 'open'`.execute(trx);
}
