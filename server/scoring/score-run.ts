/**
 * A scoring run: load facts (one SQL pass), score in the core, write what changed in one
 * transaction. A full run ranks every customer against the whole tenant and keeps that reference;
 * an incremental run (same as-of date and program version) re-scores only customers whose data
 * changed since the last run, ranked against the kept reference.
 */
import { createHash } from 'node:crypto';
import { sql, type Transaction } from 'kysely';
import { requiredAggregates } from '../../core/scoring/facts.js';
import { encodeContributions } from '../../core/scoring/contributions-codec.js';
import type { Program } from '../../core/program/schema.js';
import { scoreCustomers, type CustomerScore } from '../../core/scoring/engine.js';
import { startOfLocalDay, dayNumber, isoDateFromDayNumber } from '../../core/scoring/calendar.js';
import type { Reference } from '../../core/scoring/normalize.js';
import type { Store } from '../store/db.js';
import type { Database } from '../store/schema.js';
import { holdScoringLock, readChangeWatermark } from '../store/locks.js';
import { activeProgram } from '../store/repositories/programs.js';
import { recordAudit } from '../store/repositories/audit.js';
import { loadFacts, type LoadedFacts } from './facts-query.js';
import { VipCareError } from '../../core/errors.js';
import { ensurePredictions, type PredictionOutcome } from '../predict/prediction-run.js';

export type RunMode = 'auto' | 'full' | 'incremental';

export type ScoringStage = 'load' | 'score' | 'write';

export interface RunScoringOptions {
  tenantId: string;
  asOf: string;
  mode?: RunMode;
  actor: string;
  onProgress?: (stage: ScoringStage, done: number, total: number) => void;
  /** Injected clock (tests freeze it). */
  now?: () => Date;
}

export interface ScoringSummary {
  runId: number;
  mode: 'full' | 'incremental';
  asOf: string;
  programVersion: number;
  /** Customers whose score was computed. */
  scored: number;
  /** Score rows written because something changed. */
  changed: number;
  tierChanges: number;
  /** What the run did about predicted value and churn risk. */
  prediction: PredictionOutcome;
}

/** A score moving by at least this many points is kept in the history even if the tier stays. */
const MATERIAL_SCORE_CHANGE = 1;
const WRITE_BATCH = 2000;

export async function runScoring(store: Store, opts: RunScoringOptions): Promise<ScoringSummary> {
  const { db } = store;
  const active = await activeProgram(db, opts.tenantId);
  if (!active) throw new VipCareError('NO_PROGRAM', { tenant: opts.tenantId });
  const { program, version } = active;

  const lastRun = await db
    .selectFrom('score_runs')
    .select(['id', 'as_of', 'program_version', 'mode', 'watermark', 'reference_run_id'])
    .where('tenant_id', '=', opts.tenantId)
    .where('status', '=', 'completed')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  const canIncrement = lastRun !== undefined && lastRun.as_of === opts.asOf && lastRun.program_version === version;
  const mode = opts.mode === 'full' || (opts.mode !== 'incremental' && !canIncrement) ? 'full' : 'incremental';
  if (mode === 'incremental' && !canIncrement) throw new VipCareError('INCREMENTAL_NOT_POSSIBLE', { tenant: opts.tenantId, asOf: opts.asOf });

  const referenceRunId = mode === 'incremental' ? (lastRun?.mode === 'full' ? lastRun.id : (lastRun?.reference_run_id ?? null)) : null;
  let reference: Reference | undefined;
  if (referenceRunId !== null) {
    const ref = await db.selectFrom('score_runs').select('reference').where('id', '=', referenceRunId).executeTakeFirst();
    reference = (ref?.reference ?? undefined) as Reference | undefined;
    if (!reference) throw new VipCareError('INCREMENTAL_NOT_POSSIBLE', { tenant: opts.tenantId, asOf: opts.asOf });
  }

  const watermark = await readChangeWatermark(db, opts.tenantId);
  const run = await db
    .insertInto('score_runs')
    .values({ tenant_id: opts.tenantId, program_version: version, as_of: opts.asOf, mode, status: 'running', watermark, reference_run_id: referenceRunId, reference: null, error: null })
    .returning('id')
    .executeTakeFirstOrThrow();

  try {
    const asOfEnd = startOfLocalDay(isoDateFromDayNumber(dayNumber(opts.asOf) + 1), program.timezone);
    opts.onProgress?.('load', 0, 1);
    // Full runs refit the prediction models when the program's refit period has passed.
    const prediction = mode === 'full' ? await ensurePredictions(store, opts.tenantId, program, opts.asOf) : { status: 'not_needed' as const };
    const facts = await loadFacts(store, {
      tenantId: opts.tenantId,
      asOf: opts.asOf,
      asOfEnd,
      timezone: program.timezone,
      specs: requiredAggregates(program, opts.asOf),
      scope: mode === 'full' ? { kind: 'all' } : { kind: 'changed-since', watermark: lastRun?.watermark ?? 0 },
      now: (opts.now ?? (() => new Date()))(),
    });
    opts.onProgress?.('load', 1, 1);
    opts.onProgress?.('score', 0, facts.length);
    const scored = scoreCustomers(facts, { program, asOf: opts.asOf, reference });
    opts.onProgress?.('score', facts.length, facts.length);

    const summary = await db.transaction().execute(async (trx) => {
      await holdScoringLock(trx, opts.tenantId);
      // Any other run that completed since we read the last one (older or newer than ours) may have
      // changed the tiers our results were computed from: writing them would record changes twice.
      const newer = await trx
        .selectFrom('score_runs')
        .select('id')
        .where('tenant_id', '=', opts.tenantId)
        .where('status', '=', 'completed')
        .where('id', '>', lastRun?.id ?? 0)
        .where('id', '<>', run.id)
        .executeTakeFirst();
      if (newer) throw new VipCareError('SCORING_SUPERSEDED', { tenant: opts.tenantId });
      const written = await writeResults(trx, {
        program,
        tenantId: opts.tenantId,
        runId: run.id,
        asOf: opts.asOf,
        programVersion: version,
        facts,
        results: scored.results,
        onProgress: (done) => opts.onProgress?.('write', done, scored.results.length),
      });
      await trx
        .updateTable('score_runs')
        .set({
          status: 'completed',
          customers: scored.results.length,
          changed: written.changed,
          tier_changes: written.tierChanges,
          reference: mode === 'full' ? JSON.stringify(scored.reference) : null,
          finished_at: new Date(),
        })
        .where('id', '=', run.id)
        .execute();
      await recordAudit(trx, {
        tenantId: opts.tenantId,
        actor: opts.actor,
        action: 'scoring.run',
        target: `run:${run.id}`,
        details: { mode, asOf: opts.asOf, programVersion: version, scored: scored.results.length, changed: written.changed, tierChanges: written.tierChanges },
      });
      return { runId: run.id, mode, asOf: opts.asOf, programVersion: version, scored: scored.results.length, ...written, prediction } satisfies ScoringSummary;
    });
    return summary;
  } catch (error) {
    await db
      .updateTable('score_runs')
      .set({ status: 'failed', error: error instanceof Error ? error.message : String(error), finished_at: new Date() })
      .where('id', '=', run.id)
      .execute();
    throw error;
  }
}

interface WriteInput {
  program: Program;
  tenantId: string;
  runId: number;
  asOf: string;
  programVersion: number;
  facts: readonly LoadedFacts[];
  results: readonly CustomerScore[];
  onProgress: (done: number) => void;
}

/**
 * Digest of everything an explanation shows, so unchanged customers are not rewritten. Numbers
 * are hashed as raw bytes (no string conversion): this runs for every customer on every run.
 */
function digester(program: Program, asOf: string, programVersion: number) {
  const today = dayNumber(asOf);
  const countsDays = program.measures.map((m) => m.kind === 'recency' || m.kind === 'tenure');
  const ids = program.measures.map((m) => m.id);
  const numbers = new Float64Array(2 + ids.length * 3);
  const bytes = new Uint8Array(numbers.buffer);
  return (r: CustomerScore): string => {
    numbers[0] = programVersion;
    numbers[1] = r.score;
    let k = 2;
    for (let i = 0; i < ids.length; i++) {
      const v = r.values[ids[i] as string] ?? null;
      // Day counts are stored as the day they count from (see contributions-codec).
      numbers[k++] = v === null ? Number.NaN : countsDays[i] ? today - v : v;
    }
    for (const c of r.contributions) {
      numbers[k++] = c.normalized;
      numbers[k++] = c.points;
    }
    const hash = createHash('sha1').update(bytes.subarray(0, k * 8));
    hash.update(`${r.tier}|${r.tierSince}|${r.tierSource}|${r.primaryReason}|${JSON.stringify(r.reasons)}|${r.flags.length ? JSON.stringify(r.flags) : ''}`);
    return hash.digest('base64url');
  };
}

async function writeResults(trx: Transaction<Database>, input: WriteInput): Promise<{ changed: number; tierChanges: number }> {
  const storedDigest = new Map(input.facts.map((f) => [f.customerId, f.storedDigest]));
  const basis = new Map(input.facts.map((f) => [f.customerId, f.previous]));
  const rerun = new Set(input.facts.filter((f) => f.sameDay).map((f) => f.customerId));
  const changedRows: Record<string, unknown>[] = [];
  const historyRows: Record<string, unknown>[] = [];
  const tierRows: Record<string, unknown>[] = [];
  /** Re-scored customers whose tier did not change: any change recorded earlier for this date is void. */
  const unchangedTier: string[] = [];

  const digestOf = digester(input.program, input.asOf, input.programVersion);
  for (const r of input.results) {
    const digest = digestOf(r);
    if (storedDigest.get(r.customerId) === digest) continue;
    const stored = encodeContributions(input.program, input.asOf, r.values, r.contributions);
    changedRows.push({
      customer_id: r.customerId,
      score: r.score,
      tier: r.tier,
      tier_since: r.tierSince,
      tier_source: r.tierSource,
      primary_reason: r.primaryReason,
      reasons: r.reasons,
      measure_values: stored.values,
      normalized: stored.normalized,
      points: stored.points,
      flags: r.flags,
      digest,
      prior_tier: basis.get(r.customerId)?.tier ?? null,
      prior_since: basis.get(r.customerId)?.since ?? null,
      prior_source: basis.get(r.customerId)?.source ?? null,
      prior_score: basis.get(r.customerId)?.score ?? null,
    });
    const before = basis.get(r.customerId)?.score;
    if (before === null || before === undefined || r.tierChanged || Math.abs(r.score - before) >= MATERIAL_SCORE_CHANGE) {
      historyRows.push({ customer_id: r.customerId, score: r.score, tier: r.tier, measure_values: stored.values, points: stored.points });
    }
    if (!r.tierChanged) {
      if (rerun.has(r.customerId)) unchangedTier.push(r.customerId);
    }
    else {
      tierRows.push({ customer_id: r.customerId, from_tier: r.previousTier, to_tier: r.tier, reason_code: r.primaryReason, reasons: r.reasons, score: r.score, contributions: r.contributions });
    }
  }

  for (let i = 0; i < changedRows.length; i += WRITE_BATCH) {
    const batch = JSON.stringify(changedRows.slice(i, i + WRITE_BATCH));
    await sql`
      insert into customer_scores (tenant_id, customer_id, run_id, as_of, program_version, score, tier, tier_since, tier_source,
        primary_reason, reasons, measure_values, normalized, points, flags, digest, prior_tier, prior_since, prior_source, prior_score, updated_at)
      select ${input.tenantId}, x.customer_id, ${input.runId}, ${input.asOf}::date, ${input.programVersion}, x.score, x.tier, x.tier_since,
        x.tier_source, x.primary_reason, x.reasons, x.measure_values, x.normalized, x.points, x.flags, x.digest,
        x.prior_tier, x.prior_since, x.prior_source, x.prior_score, now()
      from jsonb_to_recordset(${batch}::jsonb) as x(customer_id text, score numeric, tier text, tier_since date, tier_source text,
        primary_reason text, reasons jsonb, measure_values float8[], normalized float8[], points float8[], flags jsonb, digest text,
        prior_tier text, prior_since date, prior_source text, prior_score numeric)
      on conflict (tenant_id, customer_id) do update set
        run_id = excluded.run_id, as_of = excluded.as_of, program_version = excluded.program_version, score = excluded.score,
        tier = excluded.tier, tier_since = excluded.tier_since, tier_source = excluded.tier_source,
        primary_reason = excluded.primary_reason, reasons = excluded.reasons, measure_values = excluded.measure_values,
        normalized = excluded.normalized, points = excluded.points, flags = excluded.flags, digest = excluded.digest,
        prior_tier = excluded.prior_tier, prior_since = excluded.prior_since, prior_source = excluded.prior_source,
        prior_score = excluded.prior_score, updated_at = now()
    `.execute(trx);
    input.onProgress(Math.min(i + WRITE_BATCH, changedRows.length));
  }
  for (let i = 0; i < historyRows.length; i += WRITE_BATCH) {
    const batch = JSON.stringify(historyRows.slice(i, i + WRITE_BATCH));
    await sql`
      insert into score_history (tenant_id, customer_id, run_id, as_of, program_version, score, tier, measure_values, points)
      select ${input.tenantId}, x.customer_id, ${input.runId}, ${input.asOf}::date, ${input.programVersion}, x.score, x.tier, x.measure_values, x.points
      from jsonb_to_recordset(${batch}::jsonb) as x(customer_id text, score numeric, tier text, measure_values float8[], points float8[])
      on conflict do nothing
    `.execute(trx);
  }
  for (let i = 0; i < unchangedTier.length; i += WRITE_BATCH) {
    await sql`
      delete from tier_assignments
      where tenant_id = ${input.tenantId} and as_of = ${input.asOf}::date
        and customer_id in (select jsonb_array_elements_text(${JSON.stringify(unchangedTier.slice(i, i + WRITE_BATCH))}::jsonb))
    `.execute(trx);
  }
  for (let i = 0; i < tierRows.length; i += WRITE_BATCH) {
    const batch = JSON.stringify(tierRows.slice(i, i + WRITE_BATCH));
    await sql`
      insert into tier_assignments (tenant_id, customer_id, run_id, as_of, program_version, from_tier, to_tier, reason_code, reasons, score, contributions)
      select ${input.tenantId}, x.customer_id, ${input.runId}, ${input.asOf}::date, ${input.programVersion}, x.from_tier, x.to_tier,
        x.reason_code, x.reasons, x.score, x.contributions
      from jsonb_to_recordset(${batch}::jsonb) as x(customer_id text, from_tier text, to_tier text, reason_code text, reasons jsonb,
        score numeric, contributions jsonb)
      on conflict (tenant_id, customer_id, as_of) do update set
        run_id = excluded.run_id, program_version = excluded.program_version, from_tier = excluded.from_tier,
        to_tier = excluded.to_tier, reason_code = excluded.reason_code, reasons = excluded.reasons, score = excluded.score,
        contributions = excluded.contributions, created_at = now()
    `.execute(trx);
  }
  input.onProgress(changedRows.length);
  return { changed: changedRows.length, tierChanges: tierRows.length };
}
