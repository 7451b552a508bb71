/**
 * Data preparation against the published CDNOW calibration summary (lifetimes' dataset, which
 * rounds to two decimals) and the counts in ../shared/data/cdnow/README.md.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, beforeAll } from 'vitest';
import { summarize, type SummaryResult } from '../../core/predict/summary.js';
import { CDNOW_SAMPLE, cdnowTransactions } from '../helpers.js';

const SUMMARY_CSV = path.join(path.dirname(CDNOW_SAMPLE), 'cdnow_customers_summary_with_transactions.csv');

describe('summaries of the CDNOW sample (calibration to 1997-09-30, holdout to 1998-06-30, weeks)', () => {
  let result: SummaryResult;
  beforeAll(async () => {
    result = summarize(await cdnowTransactions(), { calibrationEnd: '1997-09-30', holdoutEnd: '1998-06-30', unit: 'weeks' });
  });

  it('gives the published counts', () => {
    expect(result.customers).toHaveLength(2357);
    expect(result.counts.transactions).toBe(6696);
    expect(result.counts.calibrationRepeatTransactions).toBe(2457);
    expect(result.customers.filter((c) => c.x > 0)).toHaveLength(946);
    expect(result.counts.holdoutTransactions).toBe(1882);
    expect(result.holdoutLength).toBeCloseTo(273 / 7, 10);
  });

  it('matches the published per-customer summary (x exactly; t_x, T and zbar to its two decimals)', () => {
    const lines = readFileSync(SUMMARY_CSV, 'utf8').trim().split(/\r?\n/).slice(1);
    const published = new Map(lines.map((l) => {
      const [id, x, tx, T, zbar] = l.split(',');
      return [id as string, { x: Number(x), tx: Number(tx), T: Number(T), zbar: Number(zbar) }];
    }));
    expect(published.size).toBe(2357);
    for (const c of result.customers) {
      const p = published.get(c.customerId);
      expect(p, `customer ${c.customerId}`).toBeDefined();
      if (!p) continue;
      expect(c.x).toBe(p.x);
      expect(Math.abs(c.tx - p.tx)).toBeLessThanOrEqual(0.005 + 1e-9);
      expect(Math.abs(c.T - p.T)).toBeLessThanOrEqual(0.005 + 1e-9);
      expect(Math.abs(c.meanRepeatValue - p.zbar)).toBeLessThanOrEqual(0.005 + 1e-9);
    }
  });
});
