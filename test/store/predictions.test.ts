/**
 * Predictions inside scoring: a full run refits BG/NBD + Gamma-Gamma on the tenant's history up
 * to the as-of date (on the program's refit schedule), stores the parameters with their date, and
 * writes CLV and churn risk per customer, which the predicted_value measure then reads.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseProgram } from '../../core/program/load.js';
import { EXAMPLE_PROGRAMS } from '../../core/program/examples/index.js';
import { conditionalExpectedTransactions, probabilityAlive, type BgNbdParams } from '../../core/predict/bgnbd.js';
import { customerLifetimeValue, UNITS_PER_MONTH } from '../../core/predict/clv.js';
import { conditionalExpectedAverageValue, type GammaGammaParams } from '../../core/predict/gamma-gamma.js';
import { runScoring } from '../../server/scoring/score-run.js';
import { explainCustomer } from '../../server/scoring/read-models.js';
import { publishProgram } from '../../server/store/repositories/programs.js';
import type { Store } from '../../server/store/db.js';
import { storeTargets } from '../store-harness.js';
import { CDNOW_CUSTOMERS, cdnowTenant } from '../helpers.js';

const within = (actual: number, expected: number, relative: number) => expect(Math.abs(actual - expected) / expected).toBeLessThanOrEqual(relative);

describe.each(storeTargets())('predictions in scoring ($kind)', (target) => {
  let store: Store;
  beforeAll(async () => {
    store = await target.open();
    await cdnowTenant(store, 'shop');
  });
  afterAll(async () => {
    await store?.close();
  });

  it('a full run at the end of the published calibration period fits the published BG/NBD parameters and stores them with their date', async () => {
    const run = await runScoring(store, { tenantId: 'shop', asOf: '1997-09-30', actor: 'test' });
    expect(run.prediction).toMatchObject({ status: 'fitted', customers: CDNOW_CUSTOMERS });
    const fit = await store.db.selectFrom('prediction_fits').selectAll().where('tenant_id', '=', 'shop').executeTakeFirstOrThrow();
    expect(fit).toMatchObject({ as_of: '1997-09-30', model: 'bgnbd', customers: CDNOW_CUSTOMERS });
    const p = fit.params as BgNbdParams;
    within(p.r, 0.242593, 0.001);
    within(p.alpha, 4.413532, 0.001);
    within(p.a, 0.792886, 0.001);
    within(p.b, 2.425752, 0.001);
    within((fit.spend_params as { p: number }).p, 6.2496, 0.001);

    // Customer 1 bought on 1997-01-01, 01-18 and 08-02: x = 2, t_x = 213/7, T = 272/7 weeks.
    const stored = await store.db.selectFrom('customer_predictions').selectAll().where('tenant_id', '=', 'shop').where('customer_id', '=', '1').executeTakeFirstOrThrow();
    expect(stored.churn_risk).toBeCloseTo(1 - probabilityAlive(p, 2, 213 / 7, 272 / 7), 10);
    expect(stored.predicted_value).toBeGreaterThan(0);
    const count = await store.db.selectFrom('customer_predictions').select((eb) => eb.fn.countAll<number>().as('n')).where('tenant_id', '=', 'shop').executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(CDNOW_CUSTOMERS);
    // The stored value is that customer's 12-month CLV at 1% a month (the retail program's horizon).
    const spend = fit.spend_params as GammaGammaParams;
    const value = conditionalExpectedAverageValue(spend, 2, (29.73 + 14.96) / 2);
    const clv = customerLifetimeValue((t, x, tx, T) => conditionalExpectedTransactions(p, t, x, tx, T), { x: 2, tx: 213 / 7, T: 272 / 7 }, value, {
      months: 12,
      monthlyDiscountRate: 0.01,
      unitsPerMonth: UNITS_PER_MONTH.weeks,
    });
    within(stored.predicted_value as number, clv, 1e-9);
  });

  it('the predicted_value measure reads the prediction, and explanations show it', async () => {
    const e = await explainCustomer(store, 'shop', '1');
    const predicted = e.contributions.find((c) => c.measure === 'predicted_value');
    expect(predicted?.value).toBeGreaterThan(0);
    expect(predicted?.share).toBeGreaterThan(0);
  });

  it('refits on the program schedule (weekly by default), and never uses a fit from after the as-of date', async () => {
    expect((await runScoring(store, { tenantId: 'shop', asOf: '1997-10-03', actor: 'test' })).prediction).toMatchObject({ status: 'fresh', asOf: '1997-09-30' });
    expect((await runScoring(store, { tenantId: 'shop', asOf: '1997-10-08', actor: 'test' })).prediction).toMatchObject({ status: 'fitted' });
    expect((await runScoring(store, { tenantId: 'shop', asOf: '1997-08-31', actor: 'test' })).prediction).toMatchObject({ status: 'fitted' });
    const dates = (await store.db.selectFrom('prediction_fits').select('as_of').where('tenant_id', '=', 'shop').orderBy('id').execute()).map((r) => r.as_of);
    expect(dates).toEqual(['1997-09-30', '1997-10-08', '1997-08-31']);
  });

  it('a program that reads no prediction does not fit anything', async () => {
    const parsed = parseProgram(EXAMPLE_PROGRAMS.retail);
    if (!parsed.ok) throw new Error('retail program does not validate');
    const program = { ...parsed.program, measures: parsed.program.measures.filter((m) => m.kind !== 'predicted_value') };
    await publishProgram(store.db, { tenantId: 'shop', program, source: 'no predictions (test)', actor: 'test' });
    const before = await store.db.selectFrom('prediction_fits').select('id').where('tenant_id', '=', 'shop').execute();
    const run = await runScoring(store, { tenantId: 'shop', asOf: '1998-01-31', actor: 'test' });
    expect(run.prediction).toEqual({ status: 'not_needed' });
    expect(await store.db.selectFrom('prediction_fits').select('id').where('tenant_id', '=', 'shop').execute()).toHaveLength(before.length);
  });
});
