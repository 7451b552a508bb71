/**
 * Shared pieces of the import parsers: the row/problem types, the file-level error,
 * reading an input stream as physical lines or CSV records with exact line numbers,
 * and the value parsers (dates, amounts, counts) every format uses.
 *
 * Pure parsing: no database, no console. Every user-facing message is localized here
 * through `import.*` catalog keys.
 */
import { Readable, pipeline } from 'node:stream';
import { TZDate } from '@date-fns/tz';
import { CsvError, parse, type Info } from 'csv-parse';
import { translator, type Locale, type Translate } from '../../core/i18n/index.js';

// ---------------------------------------------------------------------------------------------
// Types

/** One thing wrong with a row. `message` is already localized; `value` is clipped to ~60 chars. */
export interface RowProblem {
  line: number;
  field?: string;
  value?: string;
  message: string;
}

/** A row of the input: either a validated value or every problem found in it. */
export type ParsedRow<T> = { line: number; ok: true; value: T } | { line: number; ok: false; problems: RowProblem[] };

export interface ParseOptions {
  locale: Locale;
  /** IANA time zone of the tenant: date-only values and offset-less date-times are read in it. */
  timezone: string;
  /** Tenant currency (ISO 4217, e.g. USD); amounts are converted to its minor units. */
  currency: string;
}

/** What the parsers read: a Node stream (file, HTTP body) or any async iterable of chunks. */
export type ImportInput = NodeJS.ReadableStream | AsyncIterable<string | Buffer>;

/** The whole file (or the options it is read with) is unusable; `message` is localized. */
export class ImportFileError extends Error {
  override readonly name = 'ImportFileError';
  /** The catalog key (without `import.`) of the message, for callers that branch on the cause. */
  readonly code: string;
  /** 1-based physical line the problem is on, when there is one. */
  readonly line?: number;

  constructor(code: string, message: string, line?: number) {
    super(message);
    this.code = code;
    if (line !== undefined) this.line = line;
  }
}

// ---------------------------------------------------------------------------------------------
// Context and problem collection

export interface ImportContext {
  t: Translate;
  timezone: string;
  /** Upper-case ISO 4217 code. */
  currency: string;
  /** Decimal places of `currency` (2 for USD, 0 for JPY). */
  fractionDigits: number;
}

/** Validates the options; throws ImportFileError (localized) for an unknown time zone or currency. */
export function importContext(opts: ParseOptions): ImportContext {
  const t = translator(opts.locale);
  const timezone = canonicalTimeZone(opts.timezone);
  if (timezone === null) throw fileError(t, 'badTimezoneOption', { value: opts.timezone });
  const currency = opts.currency.trim().toUpperCase();
  let fractionDigits: number | undefined;
  if (/^[A-Z]{3}$/.test(currency)) {
    try {
      fractionDigits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits;
    } catch {
      fractionDigits = undefined;
    }
  }
  if (fractionDigits === undefined) throw fileError(t, 'badCurrencyOption', { value: opts.currency });
  return { t, timezone, currency, fractionDigits };
}

export function fileError(t: Translate, code: string, params?: Record<string, unknown>, line?: number): ImportFileError {
  return new ImportFileError(code, t(`import.${code}`, params), line);
}

const MAX_VALUE_CHARS = 60;

/** Clips a value for display in a problem report. */
export function clip(value: string): string {
  const chars = Array.from(value);
  return chars.length <= MAX_VALUE_CHARS ? value : `${chars.slice(0, MAX_VALUE_CHARS - 1).join('')}…`;
}

/** Collects the problems of one row. */
export class RowProblems {
  readonly list: RowProblem[] = [];

  constructor(
    private readonly t: Translate,
    readonly line: number,
  ) {}

  /** `key` is the catalog key without the `import.` prefix. */
  add(field: string | undefined, value: string | undefined, key: string, params?: Record<string, unknown>): void {
    const problem: RowProblem = { line: this.line, message: this.t(`import.${key}`, params) };
    if (field !== undefined) problem.field = field;
    if (value !== undefined) problem.value = clip(value);
    this.list.push(problem);
  }

  get any(): boolean {
    return this.list.length > 0;
  }

  rejected(): { line: number; ok: false; problems: RowProblem[] } {
    return { line: this.line, ok: false, problems: this.list };
  }
}

/**
 * Checks cells of one record: `check(column, parse)` is null for an empty cell, the parsed
 * value, or undefined when rejected (the problem is then recorded with column and value).
 */
export function cellChecker(cell: (column: string) => string | null, problems: RowProblems) {
  return function check<T>(column: string, parseValue: (text: string) => ValueResult<T>): T | null | undefined {
    const text = cell(column);
    if (text === null) return null;
    const result = parseValue(text);
    if (result.ok) return result.value;
    problems.add(column, text, result.key, result.params);
    return undefined;
  };
}

/** Any text of at most `max` characters. */
export function maxLength(max: number): (text: string) => ValueResult<string> {
  return (text) => (Array.from(text).length <= max ? accept(text) : reject('tooLong', { max }));
}

/** Remembers where each id was first seen in the file. */
export class FirstSeen {
  private readonly lines = new Map<string, number>();

  /** The line `id` was first seen on, or undefined (and remembers `line`) if this is the first time. */
  check(id: string, line: number): number | undefined {
    const first = this.lines.get(id);
    if (first === undefined) this.lines.set(id, line);
    return first;
  }
}

// ---------------------------------------------------------------------------------------------
// Reading the input

/**
 * Decodes UTF-8 (a chunk may end inside a character), drops a leading BOM and turns every
 * line ending (CRLF, LF, lone CR) into LF, so that counting `\n` counts physical lines.
 */
export async function* normalizedText(input: ImportInput): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  let atStart = true;
  let pendingCR = false;
  function normalize(chunk: string): string {
    let text = pendingCR ? `\r${chunk}` : chunk;
    pendingCR = text.endsWith('\r');
    if (pendingCR) text = text.slice(0, -1);
    if (atStart && text.length > 0) {
      atStart = false;
      if (text.startsWith('\uFEFF')) text = text.slice(1);
    }
    return text.replace(/\r\n?/g, '\n');
  }
  for await (const chunk of input) {
    const text = normalize(typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }));
    if (text.length > 0) yield text;
  }
  const rest = normalize(decoder.decode()) + (pendingCR ? '\n' : '');
  if (rest.length > 0) yield rest;
}

/** The input as physical lines, without their line endings; `line` is 1-based. */
export async function* readLines(input: ImportInput): AsyncGenerator<{ line: number; text: string }> {
  let carry = '';
  let line = 0;
  for await (const chunk of normalizedText(input)) {
    const text = carry + chunk;
    let from = 0;
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', from)) {
      line += 1;
      yield { line, text: text.slice(from, nl) };
      from = nl + 1;
    }
    carry = text.slice(from);
  }
  if (carry.length > 0) yield { line: line + 1, text: carry };
}

export interface CsvLayout {
  /** Every column the format knows (lower case); any other header name is a file error. */
  known: readonly string[];
  /** Columns the header must contain. */
  required: readonly string[];
}

/** A CSV data record: `cell` gives the trimmed value of a column, null when empty or absent. */
export type CsvRecord =
  | { line: number; ok: true; cell: (column: string) => string | null }
  | { line: number; ok: false; problems: RowProblem[] };

/** A quote that is never closed would otherwise swallow the rest of the file into one record. */
const MAX_RECORD_CHARS = 1_000_000;

/**
 * Reads a comma-separated file with a header row. Throws ImportFileError for an empty file,
 * a bad header (unknown, duplicate, unnamed or missing columns) and unreadable CSV (a quote
 * never closed). Blank lines, and lines whose cells are all empty, are skipped. A record
 * whose number of cells differs from the header is yielded as rejected. `line` is the
 * physical line where the record starts (a quoted value may span lines).
 */
export async function* readCsvRecords(input: ImportInput, t: Translate, layout: CsvLayout): AsyncGenerator<CsvRecord> {
  // Where the parser (not our loop, which may lag behind) last finished a record: a failing
  // record starts after it and after any blank lines that followed it.
  let lastEnd = 0;
  let lastEmpty = 0;
  const parser = parse({
    on_record: (record, context) => {
      lastEnd = context.lines;
      lastEmpty = context.empty_lines;
      return record;
    },
    info: true,
    record_delimiter: '\n',
    relax_column_count: true,
    // A stray quote inside an unquoted value (`5" vinyl`) is kept as text instead of failing the file.
    relax_quotes: true,
    skip_empty_lines: true,
    max_record_size: MAX_RECORD_CHARS,
  });
  pipeline(Readable.from(normalizedText(input)), parser, () => {
    // Errors (including the input's own) reach the loop below through the parser.
  });
  let columns: Map<string, number> | undefined;
  let width = 0;
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: Info }>) {
      // `info.lines` is the line the record ends on; quoted values carry their own line breaks.
      const line = info.lines - record.reduce((n, cell) => n + countNewlines(cell), 0);
      if (record.every((cell) => cell.trim() === '')) continue;
      if (columns === undefined) {
        columns = readHeader(record, line, t, layout);
        width = record.length;
        continue;
      }
      if (record.length !== width) {
        const problems = new RowProblems(t, line);
        problems.add(undefined, undefined, 'columnCount', { found: record.length, expected: width });
        yield problems.rejected();
        continue;
      }
      const index = columns;
      yield {
        line,
        ok: true,
        cell: (column) => {
          const at = index.get(column);
          const value = at === undefined ? '' : (record[at] ?? '').trim();
          return value === '' ? null : value;
        },
      };
    }
  } catch (error) {
    if (error instanceof CsvError) {
      const emptyNow = typeof error['empty_lines'] === 'number' ? error['empty_lines'] : lastEmpty;
      const start = lastEnd + 1 + (emptyNow - lastEmpty);
      if (error.code === 'CSV_QUOTE_NOT_CLOSED') throw fileError(t, 'unclosedQuote', { line: start }, start);
      if (error.code === 'CSV_MAX_RECORD_SIZE') throw fileError(t, 'recordTooLarge', { line: start, max: MAX_RECORD_CHARS }, start);
      throw fileError(t, 'csvSyntax', { line: start, detail: error.message }, start);
    }
    throw error;
  } finally {
    parser.destroy();
  }
  if (columns === undefined) throw fileError(t, 'emptyFile');
}

function countNewlines(text: string): number {
  let n = 0;
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) n += 1;
  return n;
}

/** Column name -> index. Names are matched trimmed and case-insensitively. */
function readHeader(record: string[], line: number, t: Translate, layout: CsvLayout): Map<string, number> {
  const columns = new Map<string, number>();
  const unknown: string[] = [];
  record.forEach((raw, at) => {
    const name = raw.trim().toLowerCase();
    if (name === '') throw fileError(t, 'unnamedColumn', { position: at + 1 }, line);
    if (columns.has(name)) throw fileError(t, 'duplicateColumn', { column: name }, line);
    columns.set(name, at);
    if (!layout.known.includes(name)) unknown.push(raw.trim());
  });
  const quoted = (names: readonly string[]): string => names.map((n) => `"${n}"`).join(', ');
  if (unknown.length > 0) {
    throw fileError(t, 'unknownColumns', { columns: quoted(unknown), known: layout.known.join(', ') }, line);
  }
  const missing = layout.required.filter((name) => !columns.has(name));
  if (missing.length > 0) throw fileError(t, 'missingColumns', { columns: quoted(missing) }, line);
  return columns;
}

// ---------------------------------------------------------------------------------------------
// Values. Each parser returns the value, or the catalog key (and params) of what is wrong.

export type ValueResult<T> = { ok: true; value: T } | { ok: false; key: string; params?: Record<string, unknown> };

export const accept = <T>(value: T): ValueResult<T> => ({ ok: true, value });
export const reject = <T>(key: string, params?: Record<string, unknown>): ValueResult<T> =>
  params === undefined ? { ok: false, key } : { ok: false, key, params };

/** A calendar day. Years before 1000 are refused (JavaScript maps years 0-99 to 1900-1999). */
export interface CalendarDay {
  year: number;
  month: number;
  day: number;
}

export function isRealDay({ year, month, day }: CalendarDay): boolean {
  if (year < 1000 || month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** `YYYY-MM-DD`, a real date. */
export function parseIsoDay(text: string): ValueResult<CalendarDay> {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return reject('badDate');
  const day = { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
  return isRealDay(day) ? accept(day) : reject('badDate');
}

/** The instant of a wall-clock time in `timeZone`. A time skipped by a DST change moves forward. */
export function zonedInstant(day: CalendarDay, timeZone: string, hours = 0, minutes = 0, seconds = 0, ms = 0): Date {
  return new Date(new TZDate(day.year, day.month - 1, day.day, hours, minutes, seconds, ms, timeZone).getTime());
}

/**
 * `YYYY-MM-DD` (midnight in `timeZone`) or an ISO 8601 date-time `YYYY-MM-DDTHH:MM[:SS[.fff]]`
 * (a space may replace the `T`) with `Z`, `±HH:MM`, `±HHMM` or `±HH`; without an offset the
 * time is read in `timeZone`.
 */
export function parseTimestamp(text: string, timeZone: string): ValueResult<Date> {
  const dayOnly = parseIsoDay(text);
  if (dayOnly.ok) return accept(zonedInstant(dayOnly.value, timeZone));
  const m = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)?$/.exec(text);
  if (!m) return reject('badDateTime');
  const day = { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
  const [hours, minutes, seconds] = [Number(m[4]), Number(m[5]), Number(m[6] ?? '0')];
  const ms = Number((m[7] ?? '').padEnd(3, '0').slice(0, 3));
  if (!isRealDay(day) || hours > 23 || minutes > 59 || seconds > 59) return reject('badDateTime');
  if (m[8] === undefined && m[9] === undefined) return accept(zonedInstant(day, timeZone, hours, minutes, seconds, ms));
  let offsetMinutes = 0;
  if (m[9] !== undefined) {
    const [offH, offM] = [Number(m[10]), Number(m[11] ?? '0')];
    if (offH > 18 || offM > 59) return reject('badDateTime');
    offsetMinutes = (m[9] === '-' ? -1 : 1) * (offH * 60 + offM);
  }
  const utc = Date.UTC(day.year, day.month - 1, day.day, hours, minutes, seconds, ms);
  return accept(new Date(utc - offsetMinutes * 60_000));
}

/**
 * A non-negative plain decimal (`1234.56`) in exact integer minor units. `fractionDigits` is
 * the currency's number of decimals; trailing zeros beyond it are accepted (`1500.00` JPY).
 * No floating point is involved: `29.33` is exactly 2933.
 */
export function parseAmountMinor(text: string, fractionDigits: number, currency: string): ValueResult<number> {
  const m = /^(-)?(\d+)(?:\.(\d+))?$/.exec(text);
  if (!m) return reject(describeBadAmount(text));
  const [, minus, whole = '0', fraction = ''] = m;
  const significant = fraction.replace(/0+$/, '');
  const nonZero = /[1-9]/.test(whole) || significant.length > 0;
  if (minus !== undefined && nonZero) return reject('negative');
  if (significant.length > fractionDigits) {
    return fractionDigits === 0 ? reject('amountNoDecimals', { currency }) : reject('amountDecimals', { max: fractionDigits, currency });
  }
  const minor = BigInt(whole) * 10n ** BigInt(fractionDigits) + BigInt(significant.padEnd(fractionDigits, '0') || '0');
  if (minor > BigInt(Number.MAX_SAFE_INTEGER)) return reject('amountTooLarge');
  return accept(Number(minor));
}

function describeBadAmount(text: string): string {
  if (/^[+-]?\d+(\.\d+)?e[+-]?\d+$/i.test(text)) return 'badAmount';
  if (/^-?\d[\d.,' \u00a0]*$/.test(text) && /\d[,' \u00a0]\d/.test(text)) return 'amountSeparators';
  if (/\d/.test(text) && /[\p{Sc}\p{L}]/u.test(text)) return 'amountSymbol';
  return 'badAmount';
}

/** A whole number of 0 or more (item counts). */
export function parseCount(text: string): ValueResult<number> {
  if (/^-\d+$/.test(text) && /[1-9]/.test(text)) return reject('negative');
  if (!/^-?\d+$/.test(text)) return reject('badCount');
  const value = Math.abs(Number(text));
  return Number.isSafeInteger(value) ? accept(value) : reject('badCount');
}

/** A number of 0 or more, plain decimal notation (`3`, `2.5`). */
export function parseNonNegativeNumber(text: string): ValueResult<number> {
  const m = /^(-)?\d+(?:\.\d+)?$/.exec(text);
  if (!m) return reject('badNumber');
  const value = Math.abs(Number(text));
  if (m[1] !== undefined && value !== 0) return reject('negative');
  return Number.isFinite(value) ? accept(value) : reject('badNumber');
}

/** The canonical name of an IANA time zone (case-insensitive input), or null if unknown. */
export function canonicalTimeZone(name: string): string | null {
  // Intl also accepts offsets such as "+08:00"; those are not zones (no DST rules).
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(name)) return null;
  try {
    return new Intl.DateTimeFormat('en', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}
