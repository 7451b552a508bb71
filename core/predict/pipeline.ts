/**
 * From summaries to fitted models and per-customer predictions: the transaction model (BG/NBD),
 * the spend model (Gamma-Gamma) and CLV over a horizon. Customers with a zero-value repeat
 * transaction are kept out of the spend fit (the model assumes every transaction has a positive
 * value) and counted under their own reason.
 */
import { fitBgNbd, probabilityAlive } from './bgnbd.js';
import { customerLifetimeValue, UNITS_PER_MONTH } from './clv.js';
import { conditionalExpectedAverageValue, fitGammaGamma, type GammaGammaFit } from './gamma-gamma.js';
import { predictTransactions, type TransactionModel, type TransactionModelFit } from './holdout.js';
import { fitParetoNbd, paretoNbdProbabilityAlive } from './pareto-nbd.js';
import type { CustomerSummary, SummaryResult } from './summary.js';

export interface FittedModels {
  unit: SummaryResult['unit'];
  transactions: TransactionModelFit;
  spend: GammaGammaFit & { excluded: GammaGammaFit['excluded'] & { zero_value_transaction: number } };
}

export function fitModels(summary: SummaryResult, model: TransactionModel = 'bgnbd'): FittedModels {
  const transactions: TransactionModelFit =
    model === 'bgnbd' ? { model, fit: fitBgNbd(summary.customers) } : { model, fit: fitParetoNbd(summary.customers) };
  const withZero = summary.customers.filter((c) => c.x > 0 && c.zeroValueRepeat).length;
  const spend = fitGammaGamma(summary.customers.filter((c) => !(c.x > 0 && c.zeroValueRepeat)).map((c) => ({ x: c.x, zbar: c.meanRepeatValue })));
  return { unit: summary.unit, transactions, spend: { ...spend, excluded: { ...spend.excluded, zero_value_transaction: withZero } } };
}

export interface PredictionOptions {
  /** CLV and expected-transactions horizon, in months. */
  months: number;
  monthlyDiscountRate: number;
}

export interface CustomerPrediction {
  customerId: string;
  /** Expected repeat transactions over the horizon. */
  expectedTransactions: number;
  probabilityAlive: number;
  expectedAverageValue: number;
  clv: number;
}

/** Per-customer predictions from fitted models; a month is 30 days or 4.345 weeks, as lifetimes counts it. */
export function predictCustomers(models: FittedModels, customers: readonly CustomerSummary[], opts: PredictionOptions): CustomerPrediction[] {
  const unitsPerMonth = models.unit === 'weeks' ? UNITS_PER_MONTH.weeks : UNITS_PER_MONTH.days;
  const model = (t: number, x: number, tx: number, T: number) => predictTransactions(models.transactions, t, { x, tx, T });
  return customers.map((c) => {
    const value = conditionalExpectedAverageValue(models.spend.params, c.x, c.meanRepeatValue);
    return {
      customerId: c.customerId,
      expectedTransactions: model(opts.months * unitsPerMonth, c.x, c.tx, c.T),
      probabilityAlive: aliveProbability(models.transactions, c),
      expectedAverageValue: value,
      clv: customerLifetimeValue(model, c, value, { months: opts.months, monthlyDiscountRate: opts.monthlyDiscountRate, unitsPerMonth }),
    };
  });
}

/** Predicted against actual repeat transactions in the holdout period. */
export function holdoutTotals(models: FittedModels, summary: SummaryResult): { actual: number; predicted: number } | null {
  if (summary.holdoutLength === null) return null;
  let actual = 0;
  let predicted = 0;
  for (const c of summary.customers) {
    actual += c.holdout?.transactions ?? 0;
    predicted += predictTransactions(models.transactions, summary.holdoutLength, c);
  }
  return { actual, predicted };
}

function aliveProbability(m: TransactionModelFit, c: CustomerSummary): number {
  return m.model === 'bgnbd' ? probabilityAlive(m.fit.params, c.x, c.tx, c.T) : paretoNbdProbabilityAlive(m.fit.params, c.x, c.tx, c.T);
}
