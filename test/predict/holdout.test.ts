/**
 * Holdout comparison on CDNOW (calibration to 1997-09-30, holdout to 1998-06-30, weeks):
 * 1,882 actual holdout repeat transactions (../shared/data/cdnow/README.md). The models' totals
 * are pinned to our measured values (BG/NBD 1,653.4, consistent with the unconditional forecast of
 * FHL eq. 7, 1,666.7); no published predicted total was found to compare with.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { expectedTransactions } from '../../core/predict/bgnbd.js';
import { compareModels, holdoutError, type ModelComparison } from '../../core/predict/holdout.js';
import { summarize, type SummaryResult } from '../../core/predict/summary.js';
import { cdnowTransactions } from '../helpers.js';

describe('holdout comparison of BG/NBD and Pareto/NBD on CDNOW', () => {
  let summary: SummaryResult;
  let cmp: ModelComparison;
  beforeAll(async () => {
    summary = summarize(await cdnowTransactions(), { calibrationEnd: '1997-09-30', holdoutEnd: '1998-06-30', unit: 'weeks' });
    cmp = compareModels(summary.customers, summary.holdoutLength ?? NaN);
  });

  it('counts 1,882 actual holdout transactions; BG/NBD forecasts 1,653, matching its aggregate forecast', () => {
    expect(cmp.bgnbd.error.actual).toBe(1882);
    expect(cmp.pareto.error.actual).toBe(1882);
    expect(cmp.bgnbd.error.customers).toBe(2357);
    // Σ E[Y(39) | x, tx, T] (FHL 2005 eq. 10) is 1,653.4, about 12% under the actual 1,882 -- not
    // within 5%. Cross-check that this is the model, not the conditioning: the unconditional
    // aggregate forecast Σ E[X(T_i + 39)] - E[X(T_i)] (FHL 2005 eq. 7) gives 1,666.7, and FHL 2005's
    // tracking plot also sits under the actual cumulative curve in the holdout.
    const t = summary.holdoutLength ?? NaN;
    const p = cmp.bgnbd.fit.params;
    const aggregate = summary.customers.reduce((acc, c) => acc + expectedTransactions(p, c.T + t) - expectedTransactions(p, c.T), 0);
    expect(Math.abs(cmp.bgnbd.error.predicted - 1653.4)).toBeLessThan(0.5);
    expect(Math.abs(aggregate - 1666.7)).toBeLessThan(0.5);
    expect(Math.abs(cmp.bgnbd.error.predicted / 1882 - 1)).toBeLessThan(0.15);
    expect(Math.abs(cmp.pareto.error.predicted - 1665.5)).toBeLessThan(0.5);
  });

  it('reports finite errors for both models and picks the lower MAE', () => {
    for (const e of [cmp.bgnbd.error, cmp.pareto.error]) {
      for (const v of [e.predicted, e.mae, e.rmse]) expect(Number.isFinite(v)).toBe(true);
      expect(e.rmse).toBeGreaterThanOrEqual(e.mae);
      expect(e.mae).toBeGreaterThan(0);
    }
    // Pareto/NBD fitted from the order log agrees with FHL 2005's parameters within 0.5%.
    const p = cmp.pareto.fit.params;
    for (const [k, v] of [['r', 0.553], ['alpha', 10.578], ['s', 0.606], ['beta', 11.669]] as const) expect(Math.abs(p[k] / v - 1)).toBeLessThan(5e-3);
    expect(cmp.pareto.fit.evaluations).toBeLessThan(100);
    expect(cmp.best).toBe(cmp.pareto.error.mae < cmp.bgnbd.error.mae ? 'pareto' : 'bgnbd');
  });

  it('a perfect predictor has zero error', () => {
    const exact = summary.customers.slice(0, 50).map((c) => ({ ...c, holdout: { transactions: 0 } }));
    // t so small that the expectation is ~0 for everyone.
    const e = holdoutError({ model: 'bgnbd', fit: cmp.bgnbd.fit }, exact, 1e-12);
    expect(e.actual).toBe(0);
    expect(e.mae).toBeLessThan(1e-9);
  });

  it('rejects summaries without holdout counts', () => {
    const noHoldout = summary.customers.slice(0, 5).map((c) => ({ ...c, holdout: null }));
    expect(() => holdoutError({ model: 'bgnbd', fit: cmp.bgnbd.fit }, noHoldout, 39)).toThrow(RangeError);
  });
});
