/**
 * Orders CSV -> validated orders, one ParsedRow per data record (see FORMATS.md).
 */
import { OrderSchema, type Order } from '../../core/model/order.js';
import {
  FirstSeen,
  RowProblems,
  accept,
  cellChecker,
  importContext,
  maxLength,
  parseAmountMinor,
  parseCount,
  parseTimestamp,
  readCsvRecords,
  reject,
  type CsvLayout,
  type ImportInput,
  type ParseOptions,
  type ParsedRow,
} from './parsed-row.js';

export const ORDER_COLUMNS = ['order_id', 'customer_id', 'ordered_at', 'amount', 'items', 'currency'] as const;
const REQUIRED = ['order_id', 'customer_id', 'ordered_at', 'amount'] as const;

const LAYOUT: CsvLayout = { known: ORDER_COLUMNS, required: REQUIRED };

const COLUMN_OF: Record<keyof Order, (typeof ORDER_COLUMNS)[number]> = {
  id: 'order_id',
  customerId: 'customer_id',
  orderedAt: 'ordered_at',
  amountMinor: 'amount',
  items: 'items',
};

export async function* parseOrdersCsv(input: ImportInput, opts: ParseOptions): AsyncGenerator<ParsedRow<Order>> {
  const ctx = importContext(opts);
  const seen = new FirstSeen();
  for await (const record of readCsvRecords(input, ctx.t, LAYOUT)) {
    if (!record.ok) {
      yield record;
      continue;
    }
    const { cell, line } = record;
    const problems = new RowProblems(ctx.t, line);
    const check = cellChecker(cell, problems);
    for (const column of REQUIRED) {
      if (cell(column) === null) problems.add(column, undefined, 'required');
    }

    const id = check('order_id', maxLength(200));
    if (typeof id === 'string') {
      const first = seen.check(id, line);
      if (first !== undefined) problems.add('order_id', id, 'duplicateId', { id, line: first });
    }
    const candidate = {
      id,
      customerId: check('customer_id', maxLength(200)),
      orderedAt: check('ordered_at', (text) => parseTimestamp(text, ctx.timezone)),
      amountMinor: check('amount', (text) => parseAmountMinor(text, ctx.fractionDigits, ctx.currency)),
      items: check('items', parseCount),
    };
    check('currency', (text) =>
      text.toUpperCase() === ctx.currency ? accept(text) : reject<string>('currencyMismatch', { value: text, expected: ctx.currency }),
    );
    if (problems.any) {
      yield problems.rejected();
      continue;
    }
    // The model's own schema has the last word (it should agree with the checks above).
    const parsed = OrderSchema.safeParse(candidate);
    if (parsed.success) {
      yield { line, ok: true, value: parsed.data };
      continue;
    }
    for (const issue of parsed.error.issues) {
      const key = issue.path[0];
      const column = typeof key === 'string' && key in COLUMN_OF ? COLUMN_OF[key as keyof Order] : undefined;
      problems.add(column, column === undefined ? undefined : (cell(column) ?? undefined), 'invalidValue');
    }
    yield problems.rejected();
  }
}
