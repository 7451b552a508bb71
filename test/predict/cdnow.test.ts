/**
 * The published CDNOW figures (../shared/data/cdnow/README.md): BG/NBD and Gamma-Gamma fits,
 * conditional expected average profits and 12-month CLVs that lifetimes documents.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { conditionalExpectedTransactions, fitBgNbd, type BgNbdFit } from '../../core/predict/bgnbd.js';
import { customerLifetimeValue, UNITS_PER_MONTH } from '../../core/predict/clv.js';
import { conditionalExpectedAverageValue, fitGammaGamma, type GammaGammaFit } from '../../core/predict/gamma-gamma.js';
import { fitParetoNbd } from '../../core/predict/pareto-nbd.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const CSV = path.resolve(repoRoot, '..', 'shared', 'data', 'cdnow', 'cdnow_customers_summary_with_transactions.csv');

interface Row { id: number; x: number; tx: number; T: number; zbar: number }
function load(): Row[] {
  const lines = readFileSync(CSV, 'utf8').trim().split(/\r?\n/);
  expect(lines[0]).toBe('ID,x,t_x,T,zbar');
  return lines.slice(1).map((line) => {
    const [id, x, tx, T, zbar] = line.split(',').map(Number);
    return { id: id!, x: x!, tx: tx!, T: T!, zbar: zbar! };
  });
}
const within = (actual: number, expected: number, rel: number): void => {
  expect(Math.abs(actual / expected - 1)).toBeLessThanOrEqual(rel);
};

describe('CDNOW calibration summary', () => {
  let rows: Row[];
  let bg: BgNbdFit;
  let gg: GammaGammaFit;
  beforeAll(() => {
    rows = load();
    bg = fitBgNbd(rows);
    gg = fitGammaGamma(rows);
  });

  it('BG/NBD matches lifetimes within 0.1% and LL -9582.43 within 0.01, in < 100 evaluations', () => {
    expect(rows).toHaveLength(2357);
    expect(bg.converged).toBe(true);
    within(bg.params.r, 0.242593, 1e-3);
    within(bg.params.alpha, 4.413532, 1e-3);
    within(bg.params.a, 0.792886, 1e-3);
    within(bg.params.b, 2.425752, 1e-3);
    expect(Math.abs(bg.logLikelihood - -9582.43)).toBeLessThanOrEqual(0.01);
    expect(bg.evaluations).toBeLessThan(100);
    for (const k of ['r', 'alpha', 'a', 'b'] as const) expect(bg.stderr[k]).toBeGreaterThan(0);
  });

  it('Gamma-Gamma matches within 0.1% on 946 customers', () => {
    expect(gg.converged).toBe(true);
    expect(gg.customers).toBe(946);
    expect(gg.excluded).toEqual({ no_repeat: 2357 - 946, non_positive_value: 0 });
    within(gg.params.p, 6.2496, 1e-3);
    within(gg.params.q, 3.7442, 1e-3);
    within(gg.params.gamma, 15.4435, 1e-3);
    expect(gg.evaluations).toBeLessThan(100);
  });

  it('reproduces lifetimes\' conditional expected average profits and 12-month CLVs for IDs 1..10', () => {
    const profits = [24.658619, 18.911489, 35.170981, 35.170981, 35.170981, 71.462843, 18.911489, 35.170981, 27.282408, 35.170981];
    const clvs = [140.096211, 18.943467, 38.180574, 38.180574, 38.180574, 1003.868107, 28.109683, 38.180574, 167.418216, 38.180574];
    const model = (t: number, x: number, tx: number, T: number): number => conditionalExpectedTransactions(bg.params, t, x, tx, T);
    for (let i = 0; i < 10; i++) {
      const c = rows[i]!;
      expect(c.id).toBe(i + 1);
      const value = conditionalExpectedAverageValue(gg.params, c.x, c.zbar);
      within(value, profits[i]!, 1e-4);
      // lifetimes' documented run used its default freq 'D' (30 units per month) on weekly data.
      const clv = customerLifetimeValue(model, c, value, { months: 12, monthlyDiscountRate: 0.01, unitsPerMonth: UNITS_PER_MONTH.days });
      within(clv, clvs[i]!, 1e-4);
    }
  });

  it('Pareto/NBD matches FHL 2005 within 0.5% (LL about -9595.0)', () => {
    const fit = fitParetoNbd(rows);
    expect(fit.converged).toBe(true);
    within(fit.params.r, 0.553, 5e-3);
    within(fit.params.alpha, 10.578, 5e-3);
    within(fit.params.s, 0.606, 5e-3);
    within(fit.params.beta, 11.669, 5e-3);
    expect(Math.abs(fit.logLikelihood - -9595.0)).toBeLessThan(0.05);
    expect(fit.evaluations).toBeLessThan(100);
  });
});
