import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { SummaryInputError, summarize, type Transaction } from '../summary.js';

const tx = (customerId: string, date: string, value = 10): Transaction => ({ customerId, date, value });

describe('summarize', () => {
  it('merges same-day orders, does not count the first transaction, and measures time in weeks', () => {
    const r = summarize(
      [tx('a', '2024-01-01', 5), tx('a', '2024-01-01', 7), tx('a', '2024-01-15', 20), tx('a', '2024-01-15', 2), tx('a', '2024-01-29', 8)],
      { calibrationEnd: '2024-02-05', unit: 'weeks' },
    );
    expect(r.counts.transactions).toBe(3);
    expect(r.customers).toEqual([{ customerId: 'a', x: 2, tx: 4, T: 5, meanRepeatValue: 15, zeroValueRepeat: false, holdout: null }]);
  });

  it('counts days in the days unit and splits calibration from holdout by date', () => {
    const r = summarize([tx('a', '2024-01-01'), tx('a', '2024-01-03'), tx('a', '2024-01-10', 4), tx('a', '2024-01-20', 6), tx('a', '2024-02-01')], {
      calibrationEnd: '2024-01-05',
      holdoutEnd: '2024-01-20',
      unit: 'days',
    });
    expect(r.customers[0]).toMatchObject({ x: 1, tx: 2, T: 4, holdout: { transactions: 2, value: 10 } });
    expect(r.holdoutLength).toBe(15);
    expect(r.counts).toMatchObject({ calibrationRepeatTransactions: 1, holdoutTransactions: 2 });
  });

  it('leaves out customers who first bought after calibration, and counts them', () => {
    const r = summarize([tx('a', '2024-01-01'), tx('late', '2024-03-01')], { calibrationEnd: '2024-01-31', unit: 'days' });
    expect(r.customers.map((c) => c.customerId)).toEqual(['a']);
    expect(r.counts.customersAfterCalibration).toBe(1);
  });

  it('flags customers with a zero-value repeat transaction (they cannot inform a spend model)', () => {
    const r = summarize([tx('a', '2024-01-01'), tx('a', '2024-01-02', 0)], { calibrationEnd: '2024-01-31', unit: 'days' });
    expect(r.customers[0]).toMatchObject({ x: 1, meanRepeatValue: 0, zeroValueRepeat: true });
  });

  it('refuses bad input with a message that names it', () => {
    expect(() => summarize([tx('a', '2024-02-30')], { calibrationEnd: '2024-03-01', unit: 'days' })).toThrow(/customer a: "2024-02-30" is not a date/);
    expect(() => summarize([tx('a', '2024-01-01', -1)], { calibrationEnd: '2024-03-01', unit: 'days' })).toThrow(SummaryInputError);
    expect(() => summarize([], { calibrationEnd: '2024-03-01', holdoutEnd: '2024-02-01', unit: 'days' })).toThrow(/holdoutEnd must be after/);
    expect(() => summarize([], { calibrationEnd: 'soon', unit: 'days' })).toThrow(/calibrationEnd must be a date/);
  });

  it('always has 0 <= t_x <= T and x >= 0, in any input order (property)', () => {
    const day = fc.integer({ min: 0, max: 120 }).map((d) => new Date(Date.UTC(2024, 0, 1 + d)).toISOString().slice(0, 10));
    fc.assert(
      fc.property(fc.array(fc.record({ customerId: fc.constantFrom('a', 'b', 'c'), date: day, value: fc.integer({ min: 0, max: 100 }) }), { maxLength: 40 }), (rows) => {
        const opts = { calibrationEnd: '2024-03-01', unit: 'weeks' as const };
        const r = summarize(rows, opts);
        for (const c of r.customers) {
          expect(c.x).toBeGreaterThanOrEqual(0);
          expect(c.tx).toBeGreaterThanOrEqual(0);
          expect(c.tx).toBeLessThanOrEqual(c.T);
        }
        expect(summarize([...rows].reverse(), opts)).toEqual(r);
      }),
    );
  });
});
