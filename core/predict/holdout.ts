/**
 * Holdout validation of the transaction models: fit on the calibration summaries, predict each
 * customer's repeat transactions over the holdout, E[Y(t) | x, tx, T] with t the holdout length
 * (BG/NBD: Fader, Hardie & Lee 2005 eq. 10; Pareto/NBD: Fader & Hardie 2005 derivations note
 * eq. 41), and compare with the transactions actually observed there (FHL 2005 §4 compares the
 * aggregate and per-customer forecasts the same way).
 */
import { conditionalExpectedTransactions, fitBgNbd, type BgNbdFit, type CustomerSummary } from './bgnbd.js';
import { fitParetoNbd, paretoNbdConditionalExpectedTransactions, type ParetoNbdFit } from './pareto-nbd.js';

/** A calibration summary with its holdout count (as produced by `summarize(..., { holdoutEnd })`). */
export interface HoldoutSummary extends CustomerSummary {
  holdout: { transactions: number } | null;
}

/** Transaction models that can be compared on a holdout. */
export type TransactionModel = 'bgnbd' | 'pareto';

/** A fitted transaction model. */
export type TransactionModelFit = { model: 'bgnbd'; fit: BgNbdFit } | { model: 'pareto'; fit: ParetoNbdFit };

/** Predicted against actual holdout repeat transactions. */
export interface HoldoutError {
  customers: number;
  /** Total actual holdout repeat transactions. */
  actual: number;
  /** Total predicted holdout repeat transactions (sum of the conditional expectations). */
  predicted: number;
  /** Mean absolute error of the per-customer counts. */
  mae: number;
  /** Root mean squared error of the per-customer counts. */
  rmse: number;
}

/** Result of {@link compareModels}. */
export interface ModelComparison {
  bgnbd: { fit: BgNbdFit; error: HoldoutError };
  pareto: { fit: ParetoNbdFit; error: HoldoutError };
  /** The model with the lower holdout MAE (BG/NBD on a tie). */
  best: TransactionModel;
}

/** Conditional expected repeat transactions in the next t periods under a fitted model. */
export function predictTransactions(model: TransactionModelFit, t: number, c: CustomerSummary): number {
  return model.model === 'bgnbd'
    ? conditionalExpectedTransactions(model.fit.params, t, c.x, c.tx, c.T)
    : paretoNbdConditionalExpectedTransactions(model.fit.params, t, c.x, c.tx, c.T);
}

function requireHoldout(customers: readonly HoldoutSummary[], holdoutLength: number): void {
  if (!(Number.isFinite(holdoutLength) && holdoutLength > 0)) throw new RangeError(`holdout length must be positive, got ${holdoutLength}`);
  if (customers.length === 0) throw new RangeError('no customers');
  customers.forEach((c, i) => {
    if (c.holdout === null) throw new RangeError(`customer at index ${i} has no holdout count (summarize with holdoutEnd)`);
  });
}

/**
 * Per-customer and total holdout error of a fitted model: predicted E[Y(t) | x, tx, T] with
 * t = `holdoutLength` (in the summaries' time unit) against the observed holdout counts.
 */
export function holdoutError(model: TransactionModelFit, customers: readonly HoldoutSummary[], holdoutLength: number): HoldoutError {
  requireHoldout(customers, holdoutLength);
  let actual = 0;
  let predicted = 0;
  let abs = 0;
  let sq = 0;
  for (const c of customers) {
    const y = c.holdout?.transactions ?? 0;
    const p = predictTransactions(model, holdoutLength, c);
    actual += y;
    predicted += p;
    abs += Math.abs(p - y);
    sq += (p - y) * (p - y);
  }
  const n = customers.length;
  return { customers: n, actual, predicted, mae: abs / n, rmse: Math.sqrt(sq / n) };
}

/**
 * Fit BG/NBD and Pareto/NBD on the calibration summaries and pick the one with the lower
 * holdout MAE of per-customer repeat transactions, returning both fits and their errors.
 */
export function compareModels(customers: readonly HoldoutSummary[], holdoutLength: number): ModelComparison {
  requireHoldout(customers, holdoutLength);
  const bg: TransactionModelFit = { model: 'bgnbd', fit: fitBgNbd(customers) };
  const pareto: TransactionModelFit = { model: 'pareto', fit: fitParetoNbd(customers) };
  const bgError = holdoutError(bg, customers, holdoutLength);
  const paretoError = holdoutError(pareto, customers, holdoutLength);
  return {
    bgnbd: { fit: bg.fit, error: bgError },
    pareto: { fit: pareto.fit, error: paretoError },
    best: paretoError.mae < bgError.mae ? 'pareto' : 'bgnbd',
  };
}
