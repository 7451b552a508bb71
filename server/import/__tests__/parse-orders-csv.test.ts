import { describe, expect, it } from 'vitest';
import type { Order } from '../../../core/model/order.js';
import { parseOrdersCsv } from '../parse-orders-csv.js';
import { ImportFileError, type ParseOptions, type ParsedRow, type RowProblem } from '../parsed-row.js';

const USD_SHANGHAI: ParseOptions = { locale: 'en', timezone: 'Asia/Shanghai', currency: 'USD' };
const HEADER = 'order_id,customer_id,ordered_at,amount';

async function* chunks(...parts: (string | Buffer)[]): AsyncGenerator<string | Buffer> {
  for (const part of parts) yield part;
}

async function parseAll(text: string, opts: ParseOptions = USD_SHANGHAI): Promise<ParsedRow<Order>[]> {
  const rows: ParsedRow<Order>[] = [];
  for await (const row of parseOrdersCsv(chunks(text), opts)) rows.push(row);
  return rows;
}

async function fileError(text: string, opts: ParseOptions = USD_SHANGHAI): Promise<ImportFileError> {
  const yielded: unknown[] = [];
  try {
    for await (const row of parseOrdersCsv(chunks(text), opts)) yielded.push(row);
  } catch (error) {
    expect(error).toBeInstanceOf(ImportFileError);
    expect(yielded).toEqual([]);
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

/** One amount in a one-row file. */
async function amountRow(amount: string, opts: ParseOptions = USD_SHANGHAI): Promise<ParsedRow<Order>> {
  const [row] = await parseAll(`${HEADER}\nO1,C1,2024-03-01,"${amount}"\n`, opts);
  if (!row) throw new Error('no row');
  return row;
}

describe('parseOrdersCsv: good rows', () => {
  it('reads orders with optional items and currency', async () => {
    const rows = await parseAll(
      'order_id,customer_id,ordered_at,amount,items,currency\r\n' +
        'A-1,C-1,2024-03-01,29.33,2,USD\r\n' +
        'A-2,C-1,2024-03-01T10:15:00+08:00,0.1,,usd\r\n' +
        'A-3,C-2,2024-03-01T10:15:00Z,1000,0,\r\n',
    );
    expect(rows).toEqual([
      { line: 2, ok: true, value: { id: 'A-1', customerId: 'C-1', orderedAt: new Date('2024-02-29T16:00:00Z'), amountMinor: 2933, items: 2 } },
      { line: 3, ok: true, value: { id: 'A-2', customerId: 'C-1', orderedAt: new Date('2024-03-01T02:15:00Z'), amountMinor: 10, items: null } },
      { line: 4, ok: true, value: { id: 'A-3', customerId: 'C-2', orderedAt: new Date('2024-03-01T10:15:00Z'), amountMinor: 100000, items: 0 } },
    ]);
  });

  it.each([
    ['29.33', 2933],
    ['0.1', 10],
    ['0.2', 20],
    ['0.30', 30],
    ['4.35', 435],
    ['1.15', 115],
    ['0', 0],
    ['12', 1200],
    ['19.990', 1999],
  ])('converts amount %s to exactly %i cents', async (amount, cents) => {
    expect(valueOf(await amountRow(amount)).amountMinor).toBe(cents);
  });

  it('sums exactly: 0.1 + 0.2 is 30 cents', async () => {
    const rows = await parseAll(`${HEADER}\nX,C,2024-01-01,0.1\nY,C,2024-01-01,0.2\n`);
    expect(rows.reduce((sum, r) => sum + valueOf(r).amountMinor, 0)).toBe(30);
  });

  it('reads date-only and offset-less values in the tenant time zone', async () => {
    const text = `${HEADER}\nA,C,2024-03-01,1\nB,C,2024-03-01T10:15:00,1\nC,C,2024-03-01 23:30,1\n`;
    const shanghai = (await parseAll(text)).map((r) => valueOf(r).orderedAt.toISOString());
    expect(shanghai).toEqual(['2024-02-29T16:00:00.000Z', '2024-03-01T02:15:00.000Z', '2024-03-01T15:30:00.000Z']);
    const utc = (await parseAll(text, { ...USD_SHANGHAI, timezone: 'UTC' })).map((r) => valueOf(r).orderedAt.toISOString());
    expect(utc).toEqual(['2024-03-01T00:00:00.000Z', '2024-03-01T10:15:00.000Z', '2024-03-01T23:30:00.000Z']);
  });

  it('uses the currency decimals: JPY amounts are whole yen', async () => {
    const jpy: ParseOptions = { locale: 'en', timezone: 'Asia/Tokyo', currency: 'JPY' };
    expect(valueOf(await amountRow('1500', jpy)).amountMinor).toBe(1500);
    expect(valueOf(await amountRow('1500.00', jpy)).amountMinor).toBe(1500);
    expect(problemsOf(await amountRow('1500.5', jpy))).toEqual([
      { line: 2, field: 'amount', value: '1500.5', message: 'must be a whole number: JPY has no decimal places' },
    ]);
  });
});

describe('parseOrdersCsv: rejected rows', () => {
  it.each([
    ['-5', 'must not be negative'],
    ['-0.01', 'must not be negative'],
    ['abc', 'is not a plain number (digits with "." for decimals, e.g. 1234.56)'],
    ['1e3', 'is not a plain number (digits with "." for decimals, e.g. 1234.56)'],
    ['1,234.56', 'must not contain thousands separators or a decimal comma (write 1234.56)'],
    ['$12.00', 'must be a number only, without a currency symbol or code'],
    ['12.345', 'has more than 2 decimal places, which USD does not allow'],
  ])('rejects amount %j', async (amount, message) => {
    expect(problemsOf(await amountRow(amount))).toEqual([{ line: 2, field: 'amount', value: amount, message }]);
  });

  it.each(['2024-02-30', '2023-02-29', '2024-13-01', '03/01/2024', '2024-03-01T25:00:00Z', '2024-03-01T10:15:00+25:00', 'soon'])(
    'rejects ordered_at %j',
    async (when) => {
      const rows = await parseAll(`${HEADER}\nO1,C1,${when},1.00\n`);
      expect(problemsOf(rows[0])).toEqual([
        {
          line: 2,
          field: 'ordered_at',
          value: when,
          message: 'is not a date (YYYY-MM-DD) or date-time (e.g. 2024-03-01T10:15:00+08:00)',
        },
      ]);
    },
  );

  it('reports every missing value and every bad value of a row', async () => {
    const rows = await parseAll('order_id,customer_id,ordered_at,amount,items\n,,2024-02-30,-3,1.5\n');
    expect(problemsOf(rows[0])).toEqual([
      { line: 2, field: 'order_id', message: 'is required' },
      { line: 2, field: 'customer_id', message: 'is required' },
      { line: 2, field: 'ordered_at', value: '2024-02-30', message: 'is not a date (YYYY-MM-DD) or date-time (e.g. 2024-03-01T10:15:00+08:00)' },
      { line: 2, field: 'amount', value: '-3', message: 'must not be negative' },
      { line: 2, field: 'items', value: '1.5', message: 'must be a whole number (0 or more)' },
    ]);
  });

  it('rejects an empty amount or date as required', async () => {
    const rows = await parseAll(`${HEADER}\nO1,C1,,\n`);
    expect(problemsOf(rows[0]).map((p) => [p.field, p.message])).toEqual([
      ['ordered_at', 'is required'],
      ['amount', 'is required'],
    ]);
  });

  it('rejects a currency other than the tenant currency, naming both', async () => {
    const rows = await parseAll('order_id,customer_id,ordered_at,amount,currency\nO1,C1,2024-03-01,5,EUR\nO2,C1,2024-03-01,5,USD\n');
    expect(problemsOf(rows[0])).toEqual([
      { line: 2, field: 'currency', value: 'EUR', message: 'currency "EUR" does not match the tenant currency "USD"' },
    ]);
    expect(rows[1]?.ok).toBe(true);
  });

  it('rejects a later duplicate order id, even when the first one was itself rejected', async () => {
    const rows = await parseAll(`${HEADER}\r\nO1,C1,2024-03-01,bad\r\nO2,C1,2024-03-01,1\r\n\r\nO1,C2,2024-03-02,2\r\nO2,C3,2024-03-02,3\r\n`);
    expect(rows.map((r) => [r.line, r.ok])).toEqual([
      [2, false],
      [3, true],
      [5, false],
      [6, false],
    ]);
    expect(problemsOf(rows[2])).toEqual([{ line: 5, field: 'order_id', value: 'O1', message: '"O1" already appears on line 2' }]);
    expect(problemsOf(rows[3])).toEqual([{ line: 6, field: 'order_id', value: 'O2', message: '"O2" already appears on line 3' }]);
  });

  it('numbers rows correctly after a quoted value spanning lines', async () => {
    const rows = await parseAll(`\uFEFF${HEADER},items\r\n"O\r\n1",C1,2024-03-01,1,1\r\nO2,C1,2024-03-01,x,1\r\n`);
    expect(rows.map((r) => r.line)).toEqual([2, 4]);
    expect(valueOf(rows[0]).id).toBe('O\n1');
    expect(problemsOf(rows[1])[0]).toMatchObject({ line: 4, field: 'amount', value: 'x' });
  });
});

describe('parseOrdersCsv: file errors', () => {
  it('lists every missing required column', async () => {
    const error = await fileError('order_id,amount\nO1,5\n');
    expect(error).toMatchObject({ code: 'missingColumns', line: 1 });
    expect(error.message).toBe('the header is missing the required column(s) "customer_id", "ordered_at"');
  });

  it('refuses an unknown column', async () => {
    const error = await fileError(`${HEADER},itmes\nO1,C1,2024-03-01,5,2\n`);
    expect(error.code).toBe('unknownColumns');
    expect(error.message).toContain('"itmes"');
  });

  it('refuses an empty file', async () => {
    expect(await fileError('')).toMatchObject({ code: 'emptyFile' });
  });

  it('refuses unusable options before reading', async () => {
    expect(await fileError(`${HEADER}\n`, { ...USD_SHANGHAI, timezone: 'Not/AZone' })).toMatchObject({ code: 'badTimezoneOption' });
    expect(await fileError(`${HEADER}\n`, { ...USD_SHANGHAI, currency: 'dollars' })).toMatchObject({ code: 'badCurrencyOption' });
  });
});

describe('parseOrdersCsv: zh-CN', () => {
  it('localizes messages', async () => {
    const rows = await parseAll(`${HEADER},currency\nO1,C1,2024-02-30,-1,EUR\n`, { ...USD_SHANGHAI, locale: 'zh-CN' });
    expect(problemsOf(rows[0]).map((p) => p.message)).toEqual([
      '不是日期（YYYY-MM-DD）或日期时间（例如 2024-03-01T10:15:00+08:00）',
      '不能为负数',
      '货币 "EUR" 与租户货币 "USD" 不一致',
    ]);
  });
});
