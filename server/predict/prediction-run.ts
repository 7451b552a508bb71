/**
 * Keeps a tenant's predictions fresh for scoring: when the program reads predicted value or churn
 * risk, fit the program's transaction model (BG/NBD or Pareto/NBD) and Gamma-Gamma on the tenant's history up to the as-of date (at most once per
 * the program's refit period), store the fitted parameters with their date, and write each
 * customer's CLV over the program's horizon and churn risk (1 - P(alive)). The per-customer
 * summary is computed in SQL, so raw orders never leave the database.
 */
import { sql } from 'kysely';
import type { Program } from '../../core/program/schema.js';
import { fitModels, predictCustomers } from '../../core/predict/pipeline.js';
import type { CustomerSummary, SummaryResult } from '../../core/predict/summary.js';
import { dayNumber, isoDateFromDayNumber, startOfLocalDay } from '../../core/scoring/calendar.js';
import { minorUnitsPerMajor } from '../../core/scoring/engine.js';
import type { Store } from '../store/db.js';

export type PredictionOutcome =
  | { status: 'not_needed' }
  | { status: 'fresh'; fitId: number; asOf: string }
  | { status: 'fitted'; fitId: number; customers: number }
  | { status: 'failed'; reason: string };

const REFIT_DAYS = { daily: 1, weekly: 7, monthly: 30 } as const;

export function programNeedsPredictions(program: Program): boolean {
  return program.measures.some((m) => m.kind === 'predicted_value' || m.kind === 'churn_risk');
}

export async function ensurePredictions(store: Store, tenantId: string, program: Program, asOf: string): Promise<PredictionOutcome> {
  if (!programNeedsPredictions(program)) return { status: 'not_needed' };
  const cfg = program.prediction;
  const last = await store.db
    .selectFrom('prediction_fits')
    .select(['id', 'as_of'])
    .where('tenant_id', '=', tenantId)
    .where('model', '=', cfg.model)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  // Reuse a fit made on data up to this date within the refit period; a later fit is not used for
  // an earlier date, which keeps a score for a past date free of data from after it.
  if (last && last.as_of <= asOf && dayNumber(asOf) - dayNumber(last.as_of) < REFIT_DAYS[cfg.refitEvery]) {
    return { status: 'fresh', fitId: last.id, asOf: last.as_of };
  }

  const summary = await loadSummary(store, tenantId, program, asOf);
  let models: ReturnType<typeof fitModels>;
  try {
    models = fitModels(summary, cfg.model);
  } catch (error) {
    // Too little or degenerate history: keep earlier predictions; the measures count as missing.
    return { status: 'failed', reason: error instanceof Error ? error.message : String(error) };
  }
  const predictions = predictCustomers(models, summary.customers, { months: cfg.horizonMonths, monthlyDiscountRate: cfg.monthlyDiscountRate });

  return store.db.transaction().execute(async (trx): Promise<PredictionOutcome> => {
    // One writer per tenant; if another run stored a fit for this date meanwhile, use that one.
    await sql`select pg_advisory_xact_lock(hashtext(${`vip-care:predictions:${tenantId}`}))`.execute(trx);
    const raced = await trx
      .selectFrom('prediction_fits')
      .select(['id', 'as_of'])
      .where('tenant_id', '=', tenantId)
      .where('model', '=', cfg.model)
      .where('id', '>', last?.id ?? 0)
      .where('as_of', '=', asOf)
      .orderBy('id', 'desc')
      .executeTakeFirst();
    if (raced) return { status: 'fresh', fitId: raced.id, asOf: raced.as_of } as const;
    const fit = await trx
      .insertInto('prediction_fits')
      .values({
        tenant_id: tenantId,
        as_of: asOf,
        model: cfg.model,
        params: JSON.stringify(models.transactions.fit.params),
        stderr: JSON.stringify(models.transactions.fit.stderr),
        log_likelihood: models.transactions.fit.logLikelihood,
        evaluations: models.transactions.fit.evaluations,
        spend_params: JSON.stringify(models.spend.params),
        spend_excluded: JSON.stringify(models.spend.excluded),
        customers: models.transactions.fit.customers,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx.deleteFrom('customer_predictions').where('tenant_id', '=', tenantId).execute();
    const fittedAt = new Date().toISOString();
    for (let i = 0; i < predictions.length; i += 5000) {
      const rows = JSON.stringify(
        predictions.slice(i, i + 5000).map((p) => ({ id: p.customerId, value: p.clv, risk: Math.min(1, Math.max(0, 1 - p.probabilityAlive)) })),
      );
      await sql`
        insert into customer_predictions (tenant_id, customer_id, predicted_value, churn_risk, model, fitted_at)
        select ${tenantId}, x.id, x.value, x.risk, ${`${cfg.model}+gamma-gamma#${fit.id}`}, ${fittedAt}::timestamptz
        from jsonb_to_recordset(${rows}::jsonb) as x(id text, value float8, risk float8)
      `.execute(trx);
    }
    return { status: 'fitted', fitId: fit.id, customers: predictions.length } as const;
  });
}

/**
 * Per-customer (x, t_x, T, mean repeat value) in weeks with calibration ending at the as-of
 * date: same-day orders are one transaction, the first transaction starts the clock.
 */
async function loadSummary(store: Store, tenantId: string, program: Program, asOf: string): Promise<SummaryResult> {
  const asOfEnd = startOfLocalDay(isoDateFromDayNumber(dayNumber(asOf) + 1), program.timezone);
  const { rows } = await sql<{ chunk: string | null }>`
    with days as (
      select customer_id, (ordered_at at time zone ${program.timezone})::date as day, sum(amount_minor)::float8 as value
      from orders where tenant_id = ${tenantId} and ordered_at < ${asOfEnd}
      group by 1, 2
    ),
    per_customer as (
      select customer_id, min(day) as first_day, max(day) as last_day, count(*) as n, sum(value) as total,
        (array_agg(value order by day))[1] as first_value, count(*) filter (where value = 0) as zeros
      from days group by customer_id
    )
    select json_agg(json_build_array(customer_id, first_day - date '1970-01-01', last_day - date '1970-01-01', n, total, first_value, zeros)
      order by customer_id)::text as chunk
    from per_customer
  `.execute(store.db);
  const perMajor = minorUnitsPerMajor(program.currency);
  const asOfDay = dayNumber(asOf);
  const tuples = rows[0]?.chunk ? (JSON.parse(rows[0].chunk) as [string, number, number, number, number, number, number][]) : [];
  const customers: CustomerSummary[] = tuples.map(([customerId, first, last, n, total, firstValue, zeros]) => {
    const x = n - 1;
    return {
      customerId,
      x,
      tx: (last - first) / 7,
      T: (asOfDay - first) / 7,
      meanRepeatValue: x > 0 ? (total - firstValue) / x / perMajor : 0,
      zeroValueRepeat: zeros - (firstValue === 0 ? 1 : 0) > 0,
      holdout: null,
    };
  });
  const repeats = customers.reduce((s, c) => s + c.x, 0);
  return {
    customers,
    unit: 'weeks',
    holdoutLength: null,
    counts: { transactions: repeats + customers.length, calibrationRepeatTransactions: repeats, holdoutTransactions: 0, customersAfterCalibration: 0 },
  };
}
