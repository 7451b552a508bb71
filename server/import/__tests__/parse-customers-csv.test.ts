import { describe, expect, it } from 'vitest';
import type { Customer } from '../../../core/model/customer.js';
import { parseCustomersCsv } from '../parse-customers-csv.js';
import { ImportFileError, type ParseOptions, type ParsedRow, type RowProblem } from '../parsed-row.js';

const EN: ParseOptions = { locale: 'en', timezone: 'Asia/Shanghai', currency: 'CNY' };
const ZH: ParseOptions = { ...EN, locale: 'zh-CN' };

async function* chunks(...parts: (string | Buffer)[]): AsyncGenerator<string | Buffer> {
  for (const part of parts) yield part;
}

async function parseAll(text: string | (string | Buffer)[], opts: ParseOptions = EN): Promise<ParsedRow<Customer>[]> {
  const rows: ParsedRow<Customer>[] = [];
  for await (const row of parseCustomersCsv(chunks(...(typeof text === 'string' ? [text] : text)), opts)) rows.push(row);
  return rows;
}

async function fileError(text: string, opts: ParseOptions = EN): Promise<ImportFileError> {
  const yielded: unknown[] = [];
  try {
    for await (const row of parseCustomersCsv(chunks(text), opts)) yielded.push(row);
  } catch (error) {
    expect(error).toBeInstanceOf(ImportFileError);
    expect(yielded).toEqual([]);
    return error as ImportFileError;
  }
  throw new Error('expected an ImportFileError');
}

function problemsOf(row: ParsedRow<Customer> | undefined): RowProblem[] {
  if (!row || row.ok) throw new Error(`expected a rejected row, got ${JSON.stringify(row)}`);
  return row.problems;
}

function valueOf(row: ParsedRow<Customer> | undefined): Customer {
  if (!row || !row.ok) throw new Error(`expected an accepted row, got ${JSON.stringify(row)}`);
  return row.value;
}

const blank: Omit<Customer, 'id'> = {
  name: null,
  email: null,
  locale: null,
  timezone: null,
  birthday: null,
  customerSince: null,
  influence: null,
  accountManager: null,
};

describe('parseCustomersCsv: good rows', () => {
  it('reads every column, empty cells as null', async () => {
    const rows = await parseAll(
      [
        'customer_id,name,email,locale,timezone,birthday,customer_since,influence,account_manager',
        'C-1,"Li, Wei",li.wei@example.com,zh-CN,Asia/Shanghai,1985-06-15,2019-01-01,2.5,Ann Lee',
        'C-2,,,,,,,,',
        ' C-3 , Bob ,BOB@EXAMPLE.COM,EN,america/new_york,,,0,',
      ].join('\n'),
    );
    expect(rows).toEqual([
      {
        line: 2,
        ok: true,
        value: {
          id: 'C-1',
          name: 'Li, Wei',
          email: 'li.wei@example.com',
          locale: 'zh-CN',
          timezone: 'Asia/Shanghai',
          birthday: '1985-06-15',
          customerSince: '2019-01-01',
          influence: 2.5,
          accountManager: 'Ann Lee',
        },
      },
      { line: 3, ok: true, value: { id: 'C-2', ...blank } },
      {
        line: 4,
        ok: true,
        value: { ...blank, id: 'C-3', name: 'Bob', email: 'BOB@EXAMPLE.COM', locale: 'en', timezone: 'America/New_York', influence: 0 },
      },
    ]);
  });

  it('needs only customer_id; columns may come in any order and any case', async () => {
    const rows = await parseAll('Name , CUSTOMER_ID\nAda,42\n');
    expect(rows).toEqual([{ line: 2, ok: true, value: { ...blank, id: '42', name: 'Ada' } }]);
  });

  it('yields nothing for a header-only file', async () => {
    expect(await parseAll('customer_id,name\r\n')).toEqual([]);
  });
});

describe('parseCustomersCsv: line numbers', () => {
  it('counts physical lines through a BOM, CRLF, blank lines and a quoted value spanning lines', async () => {
    const text =
      '\uFEFFcustomer_id,name,email\r\n' + // 1
      'A,Alice,a@example.com\r\n' + // 2
      '\r\n' + // 3 (blank, skipped)
      'B,"Bob\r\nthe Builder",b@example.com\r\n' + // 4-5
      '   \r\n' + // 6 (whitespace only, skipped)
      ',,\r\n' + // 7 (all cells empty, skipped)
      'C,Carol,not-an-email\r\n' + // 8
      '"D","multi\r\n\r\nline",bad@\r\n' + // 9-11
      'E,Eve,e@example.com'; // 12, no final newline
    const rows = await parseAll(text);
    expect(rows.map((r) => [r.line, r.ok])).toEqual([
      [2, true],
      [4, true],
      [8, false],
      [9, false],
      [12, true],
    ]);
    expect(valueOf(rows[1]).name).toBe('Bob\nthe Builder');
    expect(problemsOf(rows[2])).toEqual([{ line: 8, field: 'email', value: 'not-an-email', message: 'is not a valid email address' }]);
    expect(problemsOf(rows[3])[0]).toMatchObject({ line: 9, field: 'email', value: 'bad@' });
  });

  it('gives the same rows whatever the chunking (CRLF and UTF-8 characters split across chunks)', async () => {
    const text = '\uFEFFcustomer_id,name\r\n1,张伟\r\n\r\n2,"王\r\n芳"\r\n3,李娜\r\n';
    const bytes = Buffer.from(text, 'utf8');
    const oneByteChunks = Array.from(bytes).map((b) => Buffer.from([b]));
    const whole = await parseAll(text);
    expect(whole.map((r) => r.line)).toEqual([2, 4, 6]);
    expect(valueOf(whole[1]).name).toBe('王\n芳');
    expect(await parseAll(oneByteChunks)).toEqual(whole);
  });

  it('reports a quote that is never closed as a file error at the line it opens', async () => {
    const error = await fileError('customer_id,name\n1,Ann\n\n2,"Bob\n3,Carl\n4,Dan\n');
    expect(error.code).toBe('unclosedQuote');
    expect(error.line).toBe(4);
    expect(error.message).toBe('a quoted value starting on line 4 is never closed');
  });

  it('keeps a stray quote inside an unquoted value as text', async () => {
    const rows = await parseAll('customer_id,name\n1,Dwayne "The Rock" Johnson\n');
    expect(valueOf(rows[0]).name).toBe('Dwayne "The Rock" Johnson');
  });
});

describe('parseCustomersCsv: rejected rows', () => {
  it('rejects a missing customer_id value', async () => {
    const rows = await parseAll('customer_id,name\n,Nobody\n  ,Nobody again\n');
    expect(rows.map(problemsOf)).toEqual([
      [{ line: 2, field: 'customer_id', message: 'is required' }],
      [{ line: 3, field: 'customer_id', message: 'is required' }],
    ]);
  });

  it('rejects a later duplicate id, naming the line where it was first seen', async () => {
    const rows = await parseAll('customer_id,name\r\n7,First\r\n8,Other\r\n\r\n7,Second\r\n7,Third\r\n');
    expect(rows.map((r) => r.ok)).toEqual([true, true, false, false]);
    expect(problemsOf(rows[2])).toEqual([{ line: 5, field: 'customer_id', value: '7', message: '"7" already appears on line 2' }]);
    expect(problemsOf(rows[3])[0]?.message).toBe('"7" already appears on line 2');
  });

  it('reports every problem of a row, not just the first', async () => {
    const rows = await parseAll(
      'customer_id,email,locale,timezone,birthday,customer_since,influence\n' +
        'X,nope,fr,Mars/Base,2023-02-29,01/02/2020,-1\n' +
        'Y,,,,,,lots\n',
    );
    expect(problemsOf(rows[0])).toEqual([
      { line: 2, field: 'email', value: 'nope', message: 'is not a valid email address' },
      { line: 2, field: 'locale', value: 'fr', message: 'must be one of: en, zh-CN' },
      { line: 2, field: 'timezone', value: 'Mars/Base', message: 'is not a known time zone (use an IANA name such as Asia/Shanghai)' },
      { line: 2, field: 'birthday', value: '2023-02-29', message: 'is not a real date in the form YYYY-MM-DD' },
      { line: 2, field: 'customer_since', value: '01/02/2020', message: 'is not a real date in the form YYYY-MM-DD' },
      { line: 2, field: 'influence', value: '-1', message: 'must not be negative' },
    ]);
    expect(problemsOf(rows[1])).toEqual([{ line: 3, field: 'influence', value: 'lots', message: 'must be a number (0 or more, e.g. 3 or 2.5)' }]);
  });

  it('rejects a row with the wrong number of cells', async () => {
    const rows = await parseAll('customer_id,name\n1,Ann,extra\n2\n3,Cat\n');
    expect(rows.map((r) => r.ok)).toEqual([false, false, true]);
    expect(problemsOf(rows[0])).toEqual([{ line: 2, message: 'the line has 3 values, but 2 are expected' }]);
    expect(problemsOf(rows[1])).toEqual([{ line: 3, message: 'the line has 1 values, but 2 are expected' }]);
  });

  it('rejects over-long values and clips the reported value', async () => {
    const long = 'n'.repeat(501);
    const rows = await parseAll(`customer_id,name\n1,${long}\n${'i'.repeat(201)},ok\n`);
    const [nameProblem] = problemsOf(rows[0]);
    expect(nameProblem).toMatchObject({ field: 'name', message: 'is longer than 500 characters' });
    expect(nameProblem?.value?.length).toBeLessThanOrEqual(60);
    expect(nameProblem?.value?.startsWith('nnnn')).toBe(true);
    expect(problemsOf(rows[1])[0]).toMatchObject({ field: 'customer_id', message: 'is longer than 200 characters' });
  });
});

describe('parseCustomersCsv: file errors', () => {
  it('refuses an unknown column, naming it, before yielding any row', async () => {
    const error = await fileError('customer_id,name,emial\n1,Ann,ann@example.com\n');
    expect(error.code).toBe('unknownColumns');
    expect(error.line).toBe(1);
    expect(error.message).toContain('"emial"');
    expect(error.message).toContain('email');
  });

  it('refuses a file without a customer_id column', async () => {
    const error = await fileError('\n\nname,email\nAnn,ann@example.com\n');
    expect(error).toMatchObject({ code: 'missingColumns', line: 3 });
    expect(error.message).toBe('the header is missing the required column(s) "customer_id"');
  });

  it('refuses duplicate and unnamed header columns', async () => {
    expect(await fileError('customer_id,name,Name\n1,a,b\n')).toMatchObject({ code: 'duplicateColumn', message: 'column "name" appears more than once in the header' });
    expect(await fileError('customer_id,,name\n1,,b\n')).toMatchObject({ code: 'unnamedColumn', message: 'column 2 has no name in the header' });
  });

  it.each([
    ['nothing', ''],
    ['a BOM only', '\uFEFF'],
    ['blank lines only', '\r\n\r\n   \r\n'],
  ])('refuses an empty file (%s)', async (_label, text) => {
    const error = await fileError(text);
    expect(error).toMatchObject({ code: 'emptyFile', message: 'the file is empty' });
  });
});

describe('parseCustomersCsv: zh-CN', () => {
  it('localizes row problems and file errors', async () => {
    const rows = await parseAll('customer_id,email,influence\n,坏邮箱,-3\n', ZH);
    const messages = problemsOf(rows[0]).map((p) => p.message);
    expect(messages).toEqual(['为必填项', '不是有效的电子邮件地址', '不能为负数']);
    const error = await fileError('name\nAnn\n', ZH);
    expect(error.message).toBe('表头缺少必需的列："customer_id"');
  });
});

describe('parseCustomersCsv: streaming', () => {
  it('closes the input when the consumer stops early', async () => {
    let closed = false;
    async function* source(): AsyncGenerator<string> {
      try {
        yield 'customer_id\n';
        for (let i = 1; ; i += 1) yield `${i}\n`;
      } finally {
        closed = true;
      }
    }
    let seen = 0;
    for await (const row of parseCustomersCsv(source(), EN)) {
      expect(row.ok).toBe(true);
      seen += 1;
      if (seen === 3) break;
    }
    for (let i = 0; i < 50 && !closed; i += 1) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(closed).toBe(true);
  });

  it('passes a read error of the input through unchanged', async () => {
    const failure = new Error('disk on fire');
    async function* source(): AsyncGenerator<string> {
      yield 'customer_id\n1\n';
      throw failure;
    }
    let caught: unknown;
    try {
      for await (const row of parseCustomersCsv(source(), EN)) expect(row.ok).toBe(true);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBe(failure);
  });
});
