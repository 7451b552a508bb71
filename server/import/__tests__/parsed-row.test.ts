import { describe, expect, it } from 'vitest';
import { en } from '../../../core/i18n/locales/en.js';
import { zhCN } from '../../../core/i18n/locales/zh-CN.js';
import {
  ImportFileError,
  clip,
  importContext,
  normalizedText,
  parseAmountMinor,
  parseCount,
  parseIsoDay,
  parseNonNegativeNumber,
  parseTimestamp,
  readLines,
} from '../parsed-row.js';

async function* chunks(...parts: (string | Buffer)[]): AsyncGenerator<string | Buffer> {
  for (const part of parts) yield part;
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

describe('parseAmountMinor', () => {
  it.each([
    ['29.33', 2933],
    ['0.1', 10],
    ['0.2', 20],
    ['0.3', 30],
    ['0.07', 7],
    ['1.005', undefined],
    ['19.99', 1999],
    ['4.35', 435],
    ['1.15', 115],
    ['0', 0],
    ['0.00', 0],
    ['-0.00', 0],
    ['5', 500],
    ['29.330', 2933],
    ['007.50', 750],
    ['1000000.01', 100000001],
    ['90071992547409.91', 9007199254740991],
  ])('%s -> %s cents (USD)', (text, cents) => {
    const result = parseAmountMinor(text, 2, 'USD');
    if (cents === undefined) expect(result.ok).toBe(false);
    else expect(result).toEqual({ ok: true, value: cents });
  });

  it('is exact where float multiplication is not', () => {
    // The naive conversion gets these wrong; the parser must not.
    for (const [text, cents] of [['4.35', 435], ['1.15', 115], ['0.29', 29], ['8.20', 820]] as const) {
      expect(Math.trunc(Number(text) * 100), text).not.toBe(cents);
      expect(parseAmountMinor(text, 2, 'USD'), text).toEqual({ ok: true, value: cents });
    }
  });

  it.each([
    ['1e3', 'badAmount'],
    ['1E-2', 'badAmount'],
    ['abc', 'badAmount'],
    ['', 'badAmount'],
    ['.5', 'badAmount'],
    ['5.', 'badAmount'],
    ['+5', 'badAmount'],
    ['0x10', 'amountSymbol'],
    ['-5', 'negative'],
    ['-0.01', 'negative'],
    ['1,234.56', 'amountSeparators'],
    ['1 234', 'amountSeparators'],
    ['12,50', 'amountSeparators'],
    ['$12.00', 'amountSymbol'],
    ['12.00 USD', 'amountSymbol'],
    ['¥120', 'amountSymbol'],
    ['120元', 'amountSymbol'],
    ['1.234', 'amountDecimals'],
    ['90071992547409.92', 'amountTooLarge'],
  ])('rejects %j as %s', (text, key) => {
    expect(parseAmountMinor(text, 2, 'USD')).toMatchObject({ ok: false, key });
  });

  it('uses the currency decimals: JPY has none', () => {
    expect(parseAmountMinor('1500', 0, 'JPY')).toEqual({ ok: true, value: 1500 });
    expect(parseAmountMinor('1500.00', 0, 'JPY')).toEqual({ ok: true, value: 1500 });
    expect(parseAmountMinor('1500.5', 0, 'JPY')).toEqual({ ok: false, key: 'amountNoDecimals', params: { currency: 'JPY' } });
    expect(parseAmountMinor('1.2345', 3, 'KWD')).toEqual({ ok: false, key: 'amountDecimals', params: { max: 3, currency: 'KWD' } });
    expect(parseAmountMinor('1.234', 3, 'KWD')).toEqual({ ok: true, value: 1234 });
  });
});

describe('dates', () => {
  it('accepts only real YYYY-MM-DD days', () => {
    expect(parseIsoDay('2024-02-29')).toEqual({ ok: true, value: { year: 2024, month: 2, day: 29 } });
    for (const text of ['2023-02-29', '2024-02-30', '2024-13-01', '2024-00-10', '2024-04-31', '2024-3-1', '24-03-01', '0099-01-01', '2024-03-01T00:00']) {
      expect(parseIsoDay(text), text).toEqual({ ok: false, key: 'badDate' });
    }
  });

  it('reads a date-only value as midnight in the tenant zone', () => {
    expect(parseTimestamp('2024-03-01', 'Asia/Shanghai')).toEqual({ ok: true, value: new Date('2024-02-29T16:00:00Z') });
    expect(parseTimestamp('2024-03-01', 'UTC')).toEqual({ ok: true, value: new Date('2024-03-01T00:00:00Z') });
    expect(parseTimestamp('2024-07-01', 'America/New_York')).toEqual({ ok: true, value: new Date('2024-07-01T04:00:00Z') });
  });

  it('honours an explicit offset or Z whatever the tenant zone', () => {
    const cases: [string, string][] = [
      ['2024-03-01T10:15:00+08:00', '2024-03-01T02:15:00Z'],
      ['2024-03-01T10:15:00+0800', '2024-03-01T02:15:00Z'],
      ['2024-03-01T10:15:00+08', '2024-03-01T02:15:00Z'],
      ['2024-03-01T10:15:00-05:30', '2024-03-01T15:45:00Z'],
      ['2024-03-01T10:15:00Z', '2024-03-01T10:15:00Z'],
      ['2024-03-01T10:15Z', '2024-03-01T10:15:00Z'],
      ['2024-03-01 10:15:00.123456Z', '2024-03-01T10:15:00.123Z'],
    ];
    for (const [text, iso] of cases) expect(parseTimestamp(text, 'America/Los_Angeles'), text).toEqual({ ok: true, value: new Date(iso) });
  });

  it('reads an offset-less date-time in the tenant zone, DST included', () => {
    expect(parseTimestamp('2024-03-01T10:15:00', 'Asia/Shanghai')).toEqual({ ok: true, value: new Date('2024-03-01T02:15:00Z') });
    expect(parseTimestamp('2024-01-15T09:00', 'America/New_York')).toEqual({ ok: true, value: new Date('2024-01-15T14:00:00Z') });
    expect(parseTimestamp('2024-07-15T09:00', 'America/New_York')).toEqual({ ok: true, value: new Date('2024-07-15T13:00:00Z') });
    // 02:30 does not exist on 2024-03-10 in New York: it moves forward to 03:30 EDT.
    expect(parseTimestamp('2024-03-10T02:30:00', 'America/New_York')).toEqual({ ok: true, value: new Date('2024-03-10T07:30:00Z') });
  });

  it.each(['2024-03-01T24:00:00Z', '2024-03-01T10:60Z', '2024-02-30T10:00Z', '2024-03-01T10:15:00+19:00', '03/01/2024', '2024-03-01T10', '20240301', 'yesterday'])(
    'rejects %j',
    (text) => {
      expect(parseTimestamp(text, 'UTC')).toEqual({ ok: false, key: 'badDateTime' });
    },
  );
});

describe('counts and numbers', () => {
  it('parses counts', () => {
    expect(parseCount('3')).toEqual({ ok: true, value: 3 });
    expect(parseCount('0')).toEqual({ ok: true, value: 0 });
    expect(parseCount('-2')).toMatchObject({ ok: false, key: 'negative' });
    expect(parseCount('2.5')).toMatchObject({ ok: false, key: 'badCount' });
    expect(parseCount('two')).toMatchObject({ ok: false, key: 'badCount' });
    expect(parseCount('99999999999999999999')).toMatchObject({ ok: false, key: 'badCount' });
  });

  it('parses non-negative numbers', () => {
    expect(parseNonNegativeNumber('2.5')).toEqual({ ok: true, value: 2.5 });
    expect(parseNonNegativeNumber('0')).toEqual({ ok: true, value: 0 });
    expect(parseNonNegativeNumber('-1')).toMatchObject({ ok: false, key: 'negative' });
    expect(parseNonNegativeNumber('1e3')).toMatchObject({ ok: false, key: 'badNumber' });
    expect(parseNonNegativeNumber('high')).toMatchObject({ ok: false, key: 'badNumber' });
  });
});

describe('reading the input', () => {
  it('normalizes CRLF split across chunks, lone CR and a BOM', async () => {
    const text = (await collect(normalizedText(chunks('\uFEFFa\r', '\nb\r', 'c\r\n', '\r', '\n')))).join('');
    expect(text).toBe('a\nb\nc\n\n');
  });

  it('decodes UTF-8 split inside a character', async () => {
    const bytes = Buffer.from('\uFEFF张伟\r\n', 'utf8');
    const parts = Array.from(bytes).map((b) => Buffer.from([b]));
    expect((await collect(normalizedText(chunks(...parts)))).join('')).toBe('张伟\n');
  });

  it('numbers physical lines, with or without a final newline', async () => {
    expect(await collect(readLines(chunks('a\r\n\r\nb', '\r\nc')))).toEqual([
      { line: 1, text: 'a' },
      { line: 2, text: '' },
      { line: 3, text: 'b' },
      { line: 4, text: 'c' },
    ]);
    expect(await collect(readLines(chunks('a\n')))).toEqual([{ line: 1, text: 'a' }]);
  });

  it('clips long values to about 60 characters', () => {
    expect(clip('x'.repeat(60))).toBe('x'.repeat(60));
    const clipped = clip('y'.repeat(500));
    expect(Array.from(clipped)).toHaveLength(60);
    expect(clipped.endsWith('…')).toBe(true);
  });
});

describe('importContext', () => {
  it('derives currency decimals and canonical zone', () => {
    expect(importContext({ locale: 'en', timezone: 'asia/shanghai', currency: 'jpy' })).toMatchObject({
      timezone: 'Asia/Shanghai',
      currency: 'JPY',
      fractionDigits: 0,
    });
    expect(importContext({ locale: 'en', timezone: 'UTC', currency: 'USD' }).fractionDigits).toBe(2);
  });

  it('rejects an unknown zone or currency as a file error', () => {
    expect(() => importContext({ locale: 'en', timezone: 'Mars/Olympus', currency: 'USD' })).toThrow(ImportFileError);
    expect(() => importContext({ locale: 'en', timezone: '+08:00', currency: 'USD' })).toThrow(ImportFileError);
    expect(() => importContext({ locale: 'en', timezone: 'UTC', currency: 'DOLLARS' })).toThrow(ImportFileError);
    let caught: unknown;
    try {
      importContext({ locale: 'en', timezone: 'Mars/Olympus', currency: 'USD' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ImportFileError);
    expect(caught).toMatchObject({ code: 'badTimezoneOption', message: expect.stringContaining('Mars/Olympus') });
  });
});

describe('import messages', () => {
  const params = (text: string): string[] => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1] ?? '').sort();

  it('has a Chinese text for every English one, with the same parameters', () => {
    const keys = Object.keys(en.import) as (keyof typeof en.import)[];
    expect(keys.length).toBeGreaterThan(20);
    for (const key of keys) {
      const zh = zhCN.import[key];
      expect(zh, key).toMatch(/[\u4e00-\u9fff]/);
      expect(params(zh), key).toEqual(params(en.import[key]));
    }
  });
});
