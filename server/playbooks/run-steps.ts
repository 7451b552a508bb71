/**
 * Runs due playbook steps in batches. Each batch is one transaction: claim due enrolments
 * (`FOR UPDATE SKIP LOCKED`, so workers on one Postgres share the work), run them forward in the
 * core, write tasks, messages, contact-log entries and decisions, and move the enrolments on.
 * A worker killed mid-batch loses the whole batch, never half of it; the next sweep redoes it.
 * The dedup keys (enrolment, step run) are a second guard against a repeated effect.
 */
import { sql, type Transaction } from 'kysely';
import type { Locale } from '../../core/i18n/index.js';
import { resolveLocale } from '../../core/i18n/locales.js';
import { subtractDuration } from '../../core/playbooks/duration.js';
import { runSteps, type StepEffect, type SurveyWording } from '../../core/playbooks/steps.js';
import type { Program } from '../../core/program/schema.js';
import type { Store } from '../store/db.js';
import type { Database } from '../store/schema.js';
import { activeProgram } from '../store/repositories/programs.js';
import { loadCareStates } from './care-state-query.js';
import { surveyWordingFor } from '../../core/feedback/survey-text.js';
import { queueSurveyInvitations, type InvitationSpec } from '../feedback/invitations.js';
import type { SurveyLinkSigner } from '../feedback/survey-links.js';

export interface StepRunSummary {
  batches: number;
  enrolments: number;
  tasks: number;
  messages: number;
  suppressed: number;
  deferred: number;
  completed: number;
}

export interface RunDueStepsOptions {
  tenantId: string;
  now: Date;
  batchSize?: number;
  /** Called after each committed batch (progress, logs). */
  onBatch?: (summary: StepRunSummary) => void;
  surveys?: SurveyWording;
  /** Signs the answer links of survey invitations. */
  links: SurveyLinkSigner;
}

interface Claimed {
  id: number;
  playbook_id: string;
  customer_id: string;
  occurrence_key: string;
  detail: string;
  enrolled_at: Date;
  step_id: string | null;
  step_seq: number;
}

export async function runDueSteps(store: Store, opts: RunDueStepsOptions): Promise<StepRunSummary> {
  const summary: StepRunSummary = { batches: 0, enrolments: 0, tasks: 0, messages: 0, suppressed: 0, deferred: 0, completed: 0 };
  const active = await activeProgram(store.db, opts.tenantId);
  if (!active) return summary;
  const tenant = await store.db.selectFrom('tenants').select('locale').where('id', '=', opts.tenantId).executeTakeFirst();
  const fallbackLocale = resolveLocale(tenant?.locale);
  const batchSize = opts.batchSize ?? 500;
  for (;;) {
    const done = await store.db.transaction().execute((trx) => runBatch(trx, active.program, { ...opts, batchSize, fallbackLocale }, summary));
    if (done === 0) break;
    summary.batches++;
    opts.onBatch?.({ ...summary });
    if (done < batchSize) break;
  }
  return summary;
}

async function runBatch(
  trx: Transaction<Database>,
  program: Program,
  opts: RunDueStepsOptions & { batchSize: number; fallbackLocale: Locale },
  summary: StepRunSummary,
): Promise<number> {
  const { tenantId, now } = opts;
  const { rows: claimed } = await sql<Claimed>`
    select id, playbook_id, customer_id, occurrence_key, detail, enrolled_at, step_id, step_seq
    from playbook_enrolments
    where tenant_id = ${tenantId} and status = 'active' and next_run_at <= ${now}
    order by next_run_at, id
    limit ${opts.batchSize}
    for update skip locked`.execute(trx);
  if (claimed.length === 0) return 0;

  const customerIds = [...new Set(claimed.map((c) => c.customer_id))];
  const states = await loadCareStates(trx, { tenantId, now, programTimezone: program.timezone, scope: { ids: customerIds } });
  const touches = await recentTouches(trx, tenantId, customerIds, program, now);
  const completed = await completedTaskSteps(trx, claimed.map((c) => c.id));
  const playbooks = new Map(program.playbooks.map((p) => [p.id, p]));
  const surveys = opts.surveys ?? surveyWordingFor(program);

  const effects: { enrolment: Claimed; effect: StepEffect }[] = [];
  const moves: { id: number; s: string | null; q: number; st: string; n: string | null; r: string | null }[] = [];
  for (const enrolment of claimed) {
    const playbook = playbooks.get(enrolment.playbook_id);
    const state = states.get(enrolment.customer_id);
    const stepIndex = playbook ? playbook.steps.findIndex((s) => s.id === enrolment.step_id) : -1;
    if (!playbook || !playbook.enabled || !state || stepIndex < 0) {
      // The playbook or step left the program (or the customer was erased): stop, with the reason.
      const reason = !state ? 'customer_gone' : !playbook || !playbook.enabled ? 'playbook_removed' : 'step_removed';
      moves.push({ id: enrolment.id, s: null, q: enrolment.step_seq, st: 'closed', n: null, r: reason });
      continue;
    }
    const result = runSteps(
      {
        id: String(enrolment.id),
        playbookId: playbook.id,
        customerId: enrolment.customer_id,
        occurrenceKey: enrolment.occurrence_key,
        detail: enrolment.detail,
        enrolledAt: enrolment.enrolled_at,
        stepIndex,
        stepSeq: enrolment.step_seq,
      },
      {
        program,
        playbook,
        state,
        now,
        fallbackLocale: opts.fallbackLocale,
        completedTaskSteps: completed.get(enrolment.id) ?? new Set(),
        touches: touches.get(enrolment.customer_id) ?? setDefault(touches, enrolment.customer_id),
      },
      surveys,
    );
    for (const effect of result.effects) effects.push({ enrolment, effect });
    moves.push({
      id: enrolment.id,
      s: result.status === 'completed' ? null : (playbook.steps[result.stepIndex]?.id ?? null),
      q: result.stepSeq,
      st: result.status,
      n: result.nextRunAt?.toISOString() ?? null,
      r: null,
    });
    if (result.status === 'completed') summary.completed++;
  }

  await writeEffects(trx, { tenantId, now, program, links: opts.links }, effects, states, summary);
  await sql`
    update playbook_enrolments e set step_id = x.s, step_seq = x.q, status = x.st, next_run_at = x.n,
      finished_at = case when x.st <> 'active' then ${now}::timestamptz else null end,
      close_reason = coalesce(x.r, e.close_reason)
    from jsonb_to_recordset(${JSON.stringify(moves)}::jsonb) as x(id int8, s text, q int4, st text, n timestamptz, r text)
    where e.id = x.id`.execute(trx);
  summary.enrolments += claimed.length;
  return claimed.length;
}

function setDefault(map: Map<string, Date[]>, key: string): Date[] {
  const list: Date[] = [];
  map.set(key, list);
  return list;
}

/** Touches inside the contact policy's window, per customer (the core filters exactly, per time zone). */
export async function recentTouches(trx: Transaction<Database>, tenantId: string, customerIds: string[], program: Program, now: Date): Promise<Map<string, Date[]>> {
  // A day of slack covers any customer time zone; the core applies the exact window.
  const since = subtractDuration(subtractDuration(now, program.contactPolicy.maxTouches.per, 'UTC'), '1d', 'UTC');
  const rows = await trx
    .selectFrom('contact_log')
    .select(['customer_id', 'at'])
    .where('tenant_id', '=', tenantId)
    .where('customer_id', 'in', customerIds)
    .where('at', '>', since)
    .where('at', '<=', now)
    .execute();
  const out = new Map<string, Date[]>();
  for (const r of rows) (out.get(r.customer_id) ?? setDefault(out, r.customer_id)).push(r.at);
  return out;
}

async function completedTaskSteps(trx: Transaction<Database>, enrolmentIds: number[]): Promise<Map<number, Set<string>>> {
  const rows = await trx
    .selectFrom('care_tasks')
    .select(['enrolment_id', 'step_id'])
    .where('enrolment_id', 'in', enrolmentIds)
    .where('status', '=', 'completed')
    .execute();
  const out = new Map<number, Set<string>>();
  for (const r of rows) {
    if (r.enrolment_id === null || r.step_id === null) continue;
    const set = out.get(r.enrolment_id) ?? new Set<string>();
    set.add(r.step_id);
    out.set(r.enrolment_id, set);
  }
  return out;
}

async function writeEffects(
  trx: Transaction<Database>,
  { tenantId, now, program, links }: { tenantId: string; now: Date; program: Program; links: SurveyLinkSigner },
  effects: { enrolment: Claimed; effect: StepEffect }[],
  states: Map<string, { tier: string | null }>,
  summary: StepRunSummary,
): Promise<void> {
  const tasks = [];
  const messages = [];
  const invitations: InvitationSpec[] = [];
  const decisions = [];
  const contacts = [];
  for (const { enrolment: e, effect: f } of effects) {
    const key = `enr:${e.id}:${f.seq}`;
    const base = { e: e.id, p: e.playbook_id, st: f.stepId, c: e.customer_id };
    if (f.type === 'task') {
      tasks.push({ ...base, k: key, ti: f.title, de: f.description, o: f.ownerId, qu: f.queue, pr: f.priority, lo: f.locale, du: f.dueAt.toISOString() });
      if (f.countsAsTouch) contacts.push({ c: e.customer_id, s: `task:${key}`, ch: null });
    } else if (f.type === 'message' && f.kind === 'survey' && f.survey) {
      invitations.push({
        dedupKey: key,
        customerId: e.customer_id,
        kind: f.survey,
        channel: f.channel,
        to: f.to,
        locale: f.locale,
        source: 'playbook',
        subject: f.subject ?? '',
        body: f.body,
        enrolmentId: e.id,
        playbookId: e.playbook_id,
        stepId: f.stepId,
      });
      contacts.push({ c: e.customer_id, s: `message:${key}`, ch: f.channel });
    } else if (f.type === 'message') {
      messages.push({ ...base, k: key, ki: f.kind, sv: f.survey, ch: f.channel, to: f.to, lo: f.locale, su: f.subject, bo: f.body });
      contacts.push({ c: e.customer_id, s: `message:${key}`, ch: f.channel });
    } else {
      const dedup = f.type === 'deferred' ? `${key}:deferred:${f.until.toISOString()}` : `${key}:suppressed`;
      decisions.push({ ...base, k: dedup, o: f.type, r: f.reason, u: f.type === 'deferred' ? f.until.toISOString() : null, t: states.get(e.customer_id)?.tier ?? null });
    }
  }
  if (tasks.length > 0) {
    const { rows } = await sql<{ n: number }>`
      with ins as (
        insert into care_tasks (tenant_id, dedup_key, enrolment_id, playbook_id, step_id, customer_id, title, description, owner_id, queue, priority, locale, due_at, created_at)
        select ${tenantId}, x.k, x.e, x.p, x.st, x.c, x.ti, x.de, x.o, x.qu, x.pr, x.lo, x.du, ${now}
        from jsonb_to_recordset(${JSON.stringify(tasks)}::jsonb) as x(k text, e int8, p text, st text, c text, ti text, de text, o text, qu text, pr text, lo text, du timestamptz)
        on conflict (tenant_id, dedup_key) do nothing returning 1)
      select count(*)::int4 as n from ins`.execute(trx);
    summary.tasks += rows[0]?.n ?? 0;
  }
  if (messages.length > 0) {
    const { rows } = await sql<{ n: number }>`
      with ins as (
        insert into outbox_messages (tenant_id, dedup_key, enrolment_id, playbook_id, step_id, customer_id, kind, survey, channel, to_address, locale, subject, body, created_at)
        select ${tenantId}, x.k, x.e, x.p, x.st, x.c, x.ki, x.sv, x.ch, x.to, x.lo, x.su, x.bo, ${now}
        from jsonb_to_recordset(${JSON.stringify(messages)}::jsonb) as x(k text, e int8, p text, st text, c text, ki text, sv text, ch text, "to" text, lo text, su text, bo text)
        on conflict (tenant_id, dedup_key) do nothing returning 1)
      select count(*)::int4 as n from ins`.execute(trx);
    summary.messages += rows[0]?.n ?? 0;
  }
  if (invitations.length > 0) {
    const queued = await queueSurveyInvitations(trx, { tenantId, now, validity: program.feedback.surveys.linkValidity, timezone: program.timezone, links }, invitations);
    for (const q of queued.values()) if (q.created) summary.messages++;
  }
  if (contacts.length > 0) {
    await sql`
      insert into contact_log (tenant_id, customer_id, source, at, channel)
      select ${tenantId}, x.c, x.s, ${now}, x.ch from jsonb_to_recordset(${JSON.stringify(contacts)}::jsonb) as x(c text, s text, ch text)
      on conflict do nothing`.execute(trx);
  }
  if (decisions.length > 0) {
    await sql`
      insert into care_decisions (tenant_id, dedup_key, customer_id, playbook_id, enrolment_id, step_id, outcome, reason, until, tier, decided_at)
      select ${tenantId}, x.k, x.c, x.p, x.e, x.st, x.o, x.r, x.u, x.t, ${now}
      from jsonb_to_recordset(${JSON.stringify(decisions)}::jsonb) as x(k text, c text, p text, e int8, st text, o text, r text, u timestamptz, t text)
      on conflict (tenant_id, dedup_key) do nothing`.execute(trx);
    for (const d of decisions) summary[d.o === 'deferred' ? 'deferred' : 'suppressed']++;
  }
}
