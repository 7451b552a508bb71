/**
 * The CDNOW transaction file (`--format cdnow`) -> validated orders (see FORMATS.md).
 *
 * Whitespace-delimited, no header: master customer id, sample customer id (zero-padded),
 * date YYYYMMDD, number of CDs, dollar value. Amounts are US dollars.
 */
import { OrderSchema, type Order } from '../../core/model/order.js';
import {
  RowProblems,
  accept,
  cellChecker,
  fileError,
  importContext,
  isRealDay,
  parseAmountMinor,
  parseCount,
  readLines,
  reject,
  zonedInstant,
  type CalendarDay,
  type ImportInput,
  type ParseOptions,
  type ParsedRow,
  type ValueResult,
} from './parsed-row.js';

/** Field names used in problems, in column order. */
export const CDNOW_FIELDS = ['master_id', 'customer_id', 'date', 'cds', 'amount'] as const;

function parseCompactDay(text: string): ValueResult<CalendarDay> {
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  const day = m ? { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) } : undefined;
  return day && isRealDay(day) ? accept(day) : reject('badCompactDate');
}

function parseDigits(text: string): ValueResult<string> {
  return /^\d+$/.test(text) ? accept(text) : reject('badId');
}

/** The sample id without its zero padding (`0001` -> `1`). */
function parseSampleId(text: string): ValueResult<string> {
  const digits = /^\d+$/.test(text) ? text.replace(/^0+/, '') : '';
  return digits === '' ? reject('badId') : accept(digits);
}

export async function* parseCdnowOrders(input: ImportInput, opts: ParseOptions): AsyncGenerator<ParsedRow<Order>> {
  const ctx = importContext(opts);
  if (ctx.currency !== 'USD') throw fileError(ctx.t, 'cdnowNeedsUsd', { currency: ctx.currency });
  /** Rows seen so far per customer and day, so order ids are `<customer>-<YYYYMMDD>-<n>`. */
  const perDay = new Map<string, number>();
  let sawData = false;
  for await (const { line, text } of readLines(input)) {
    const trimmed = text.trim();
    if (trimmed === '') continue;
    sawData = true;
    const problems = new RowProblems(ctx.t, line);
    const parts = trimmed.split(/\s+/);
    if (parts.length !== CDNOW_FIELDS.length) {
      problems.add(undefined, trimmed, 'columnCount', { found: parts.length, expected: CDNOW_FIELDS.length });
      yield problems.rejected();
      continue;
    }
    const cells = new Map<string, string>(CDNOW_FIELDS.map((field, at) => [field, parts[at] ?? '']));
    const check = cellChecker((field) => cells.get(field) ?? null, problems);
    check('master_id', parseDigits);
    const customerId = check('customer_id', parseSampleId);
    const day = check('date', parseCompactDay);
    const items = check('cds', parseCount);
    const amountMinor = check('amount', (value) => parseAmountMinor(value, ctx.fractionDigits, ctx.currency));

    // Counted even when the row is rejected: fixing that row and re-importing keeps every id.
    let id: string | undefined;
    if (typeof customerId === 'string' && day) {
      const key = `${customerId}-${cells.get('date')}`;
      const n = (perDay.get(key) ?? 0) + 1;
      perDay.set(key, n);
      id = `${key}-${n}`;
    }
    if (problems.any || !day) {
      yield problems.rejected();
      continue;
    }
    const parsed = OrderSchema.safeParse({ id, customerId, orderedAt: zonedInstant(day, ctx.timezone), amountMinor, items });
    if (parsed.success) {
      yield { line, ok: true, value: parsed.data };
      continue;
    }
    for (const issue of parsed.error.issues) problems.add(issue.path.join('.') || undefined, undefined, 'invalidValue');
    yield problems.rejected();
  }
  if (!sawData) throw fileError(ctx.t, 'emptyFile');
}
