import { createReadStream, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Order } from '../../../core/model/order.js';
import { parseCdnowOrders } from '../parse-cdnow.js';
import { ImportFileError, type ImportInput, type ParseOptions, type ParsedRow, type RowProblem } from '../parsed-row.js';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const SAMPLE = path.resolve(REPO_ROOT, '..', 'shared', 'data', 'cdnow', 'CDNOW_sample.txt');

const NY: ParseOptions = { locale: 'en', timezone: 'America/New_York', currency: 'USD' };

async function* chunks(...parts: (string | Buffer)[]): AsyncGenerator<string | Buffer> {
  for (const part of parts) yield part;
}

async function parseAll(input: string | ImportInput, opts: ParseOptions = NY): Promise<ParsedRow<Order>[]> {
  const rows: ParsedRow<Order>[] = [];
  for await (const row of parseCdnowOrders(typeof input === 'string' ? chunks(input) : input, opts)) rows.push(row);
  return rows;
}

async function fileError(text: string, opts: ParseOptions = NY): Promise<ImportFileError> {
  try {
    await parseAll(text, opts);
  } catch (error) {
    expect(error).toBeInstanceOf(ImportFileError);
    return error as ImportFileError;
  }
  throw new Error('expected an ImportFileError');
}

function problemsOf(row: ParsedRow<Order> | undefined): RowProblem[] {
  if (!row || row.ok) throw new Error(`expected a rejected row, got ${JSON.stringify(row)}`);
  return row.problems;
}

function valueOf(row: ParsedRow<Order> | undefined): Order {
  if (!row || !row.ok) throw new Error(`expected an accepted row, got ${JSON.stringify(row)}`);
  return row.value;
}

describe('parseCdnowOrders: rows', () => {
  it('builds deterministic ids, strips the zero padding and converts dollars to cents', async () => {
    const text = [
      '   00004   0001 19970101  1  29.33',
      '   00004   0001 19970118  2  29.73',
      '   00021   0002 19970101  3  63.34',
      '   00021   0002 19970101  1   0.00',
      '   00021   0002 19970101  1  11.77',
      '   00050   0010 19970101  1   6.79',
      '',
    ].join('\r\n');
    const rows = await parseAll(text);
    expect(rows.map(valueOf)).toEqual([
      { id: '1-19970101-1', customerId: '1', orderedAt: new Date('1997-01-01T05:00:00Z'), amountMinor: 2933, items: 1 },
      { id: '1-19970118-1', customerId: '1', orderedAt: new Date('1997-01-18T05:00:00Z'), amountMinor: 2973, items: 2 },
      { id: '2-19970101-1', customerId: '2', orderedAt: new Date('1997-01-01T05:00:00Z'), amountMinor: 6334, items: 3 },
      { id: '2-19970101-2', customerId: '2', orderedAt: new Date('1997-01-01T05:00:00Z'), amountMinor: 0, items: 1 },
      { id: '2-19970101-3', customerId: '2', orderedAt: new Date('1997-01-01T05:00:00Z'), amountMinor: 1177, items: 1 },
      { id: '10-19970101-1', customerId: '10', orderedAt: new Date('1997-01-01T05:00:00Z'), amountMinor: 679, items: 1 },
    ]);
    expect(rows.map((r) => r.line)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('dates rows at midnight in the tenant time zone', async () => {
    const [row] = await parseAll('4 0001 19970301 1 1.00\n', { ...NY, timezone: 'Asia/Shanghai' });
    expect(valueOf(row).orderedAt).toEqual(new Date('1997-02-28T16:00:00Z'));
  });

  it('skips blank lines but keeps counting them', async () => {
    const rows = await parseAll('\r\n4 0001 19970101 1 1.00\r\n   \r\n\r\n4 0001 19970102 1 2.00');
    expect(rows.map((r) => [r.line, r.ok])).toEqual([
      [2, true],
      [5, true],
    ]);
  });
});

describe('parseCdnowOrders: rejected rows', () => {
  it('rejects a wrong column count with the line', async () => {
    const rows = await parseAll('4 0001 19970101 1 1.00\n4 0001 19970101 1\n4 0001 19970101 1 1.00 extra\n');
    expect(rows[0]?.ok).toBe(true);
    expect(problemsOf(rows[1])).toEqual([{ line: 2, value: '4 0001 19970101 1', message: 'the line has 4 values, but 5 are expected' }]);
    expect(problemsOf(rows[2])).toMatchObject([{ line: 3, message: 'the line has 6 values, but 5 are expected' }]);
  });

  it.each([
    ['19970230', 'is not a real date in the form YYYYMMDD'],
    ['19971301', 'is not a real date in the form YYYYMMDD'],
    ['1997-01-01', 'is not a real date in the form YYYYMMDD'],
    ['970101', 'is not a real date in the form YYYYMMDD'],
  ])('rejects date %s', async (date, message) => {
    const rows = await parseAll(`4 0001 19970101 1 1.00\n4 0001 ${date} 1 1.00\n`);
    expect(problemsOf(rows[1])).toEqual([{ line: 2, field: 'date', value: date, message }]);
  });

  it.each([
    ['-1.00', 'must not be negative'],
    ['abc', 'is not a plain number (digits with "." for decimals, e.g. 1234.56)'],
    ['$1.00', 'must be a number only, without a currency symbol or code'],
    ['1.005', 'has more than 2 decimal places, which USD does not allow'],
  ])('rejects amount %s', async (amount, message) => {
    const rows = await parseAll(`4 0001 19970101 1 ${amount}\n`);
    expect(problemsOf(rows[0])).toEqual([{ line: 1, field: 'amount', value: amount, message }]);
  });

  it('reports every problem of a line', async () => {
    const rows = await parseAll('x 0000 19970230 -1 abc\n');
    expect(problemsOf(rows[0]).map((p) => [p.line, p.field, p.value])).toEqual([
      [1, 'master_id', 'x'],
      [1, 'customer_id', '0000'],
      [1, 'date', '19970230'],
      [1, 'cds', '-1'],
      [1, 'amount', 'abc'],
    ]);
  });

  it('counts a rejected row in the per-day number, so ids stay stable once it is fixed', async () => {
    const broken = await parseAll('4 0001 19970101 1 1.00\n4 0001 19970101 1 oops\n4 0001 19970101 1 3.00\n');
    const fixed = await parseAll('4 0001 19970101 1 1.00\n4 0001 19970101 1 2.00\n4 0001 19970101 1 3.00\n');
    expect(broken.map((r) => (r.ok ? r.value.id : null))).toEqual(['1-19970101-1', null, '1-19970101-3']);
    expect(fixed.map((r) => valueOf(r).id)).toEqual(['1-19970101-1', '1-19970101-2', '1-19970101-3']);
  });
});

describe('parseCdnowOrders: file errors', () => {
  it('refuses an empty file', async () => {
    expect(await fileError('\r\n  \r\n')).toMatchObject({ code: 'emptyFile', message: 'the file is empty' });
  });

  it('refuses a tenant whose currency is not USD', async () => {
    const error = await fileError('4 0001 19970101 1 1.00\n', { ...NY, currency: 'CNY' });
    expect(error).toMatchObject({ code: 'cdnowNeedsUsd', message: 'CDNOW amounts are in US dollars, but this tenant uses CNY' });
  });
});

describe('parseCdnowOrders: zh-CN', () => {
  it('localizes messages', async () => {
    const rows = await parseAll('4 0001 19970230 1 -2.00\n4 0001\n', { ...NY, locale: 'zh-CN' });
    expect(problemsOf(rows[0]).map((p) => p.message)).toEqual(['不是 YYYYMMDD 格式的有效日期', '不能为负数']);
    expect(problemsOf(rows[1])[0]?.message).toBe('该行有 2 个值，但应为 5 个');
  });
});

describe('parseCdnowOrders: the real CDNOW sample', () => {
  /** An independent reading of the file: plain split, float dollars rounded to cents. */
  function expected(): { rows: number; customers: number; cents: number; transactions: number } {
    const lines = readFileSync(SAMPLE, 'latin1').split(/\r?\n/).filter((l) => l.trim() !== '');
    const fields = lines.map((l) => l.trim().split(/\s+/));
    return {
      rows: lines.length,
      customers: new Set(fields.map((f) => Number(f[1]))).size,
      cents: fields.reduce((sum, f) => sum + Math.round(Number(f[4]) * 100), 0),
      transactions: new Set(fields.map((f) => `${Number(f[1])}/${f[2]}`)).size,
    };
  }

  it('parses all 6,919 rows with no rejection, 2,357 customers and the same total', async () => {
    const rows = await parseAll(createReadStream(SAMPLE, { highWaterMark: 997 }));
    const rejected = rows.filter((r) => !r.ok);
    expect(rejected).toEqual([]);
    const orders = rows.map(valueOf);
    const want = expected();
    expect(want.rows).toBe(6919);
    expect(orders).toHaveLength(6919);
    expect(new Set(orders.map((o) => o.customerId)).size).toBe(2357);
    expect(want.customers).toBe(2357);
    expect(orders.reduce((sum, o) => sum + o.amountMinor, 0)).toBe(want.cents);
    expect(new Set(orders.map((o) => o.id)).size).toBe(6919);
    // README: 6,696 transactions once same-day rows are merged, i.e. ids ending in -1.
    expect(orders.filter((o) => o.id.endsWith('-1')).length).toBe(want.transactions);
    expect(want.transactions).toBe(6696);
    expect(rows.map((r) => r.line)).toEqual(Array.from({ length: 6919 }, (_, i) => i + 1));
    // First line of the file: `00004 0001 19970101 2 29.33`.
    expect(orders[0]).toEqual({ id: '1-19970101-1', customerId: '1', orderedAt: new Date('1997-01-01T05:00:00Z'), amountMinor: 2933, items: 2 });
    const first = orders[0]?.orderedAt.getTime() ?? 0;
    expect(orders.every((o) => o.orderedAt.getTime() >= first && o.orderedAt < new Date('1998-07-01T05:00:00Z'))).toBe(true);
  });

  it('gives identical ids when the same file is imported twice', async () => {
    const ids = async () => (await parseAll(createReadStream(SAMPLE))).map((r) => (r.ok ? r.value.id : `rejected ${r.line}`));
    expect(await ids()).toEqual(await ids());
  });
});
