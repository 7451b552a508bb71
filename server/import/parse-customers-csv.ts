/**
 * Customers CSV -> validated customers, one ParsedRow per data record (see FORMATS.md).
 */
import { z } from 'zod';
import { SUPPORTED_LOCALES, type Locale } from '../../core/i18n/index.js';
import { CustomerSchema, type Customer } from '../../core/model/customer.js';
import {
  FirstSeen,
  accept,
  reject,
  RowProblems,
  cellChecker,
  maxLength,
  canonicalTimeZone,
  importContext,
  parseIsoDay,
  parseNonNegativeNumber,
  readCsvRecords,
  type CsvLayout,
  type ImportInput,
  type ParseOptions,
  type ParsedRow,
  type ValueResult,
} from './parsed-row.js';

export const CUSTOMER_COLUMNS = [
  'customer_id',
  'name',
  'email',
  'locale',
  'timezone',
  'birthday',
  'customer_since',
  'influence',
  'account_manager',
] as const;

const LAYOUT: CsvLayout = { known: CUSTOMER_COLUMNS, required: ['customer_id'] };

/** Column of each Customer field, to name the column if the final schema check objects. */
const COLUMN_OF: Record<keyof Customer, (typeof CUSTOMER_COLUMNS)[number]> = {
  id: 'customer_id',
  name: 'name',
  email: 'email',
  locale: 'locale',
  timezone: 'timezone',
  birthday: 'birthday',
  customerSince: 'customer_since',
  influence: 'influence',
  accountManager: 'account_manager',
};

const EmailSchema = z.email();

/** A real `YYYY-MM-DD` date, kept as that text (the model stores calendar dates as strings). */
function isoDayText(text: string): ValueResult<string> {
  const day = parseIsoDay(text);
  return day.ok ? accept(text) : reject(day.key);
}

export async function* parseCustomersCsv(input: ImportInput, opts: ParseOptions): AsyncGenerator<ParsedRow<Customer>> {
  const { t } = importContext(opts);
  const seen = new FirstSeen();
  for await (const record of readCsvRecords(input, t, LAYOUT)) {
    if (!record.ok) {
      yield record;
      continue;
    }
    const { cell, line } = record;
    const problems = new RowProblems(t, line);
    const check = cellChecker(cell, problems);

    const id = check('customer_id', maxLength(200));
    if (id === null) problems.add('customer_id', undefined, 'required');
    if (typeof id === 'string') {
      const first = seen.check(id, line);
      if (first !== undefined) problems.add('customer_id', id, 'duplicateId', { id, line: first });
    }
    const candidate = {
      id,
      name: check('name', maxLength(500)),
      email: check('email', (value) => {
        const length = maxLength(320)(value);
        if (!length.ok) return length;
        return EmailSchema.safeParse(value).success ? length : reject<string>('badEmail');
      }),
      locale: check('locale', (value) => {
        const locale = SUPPORTED_LOCALES.find((l) => l.toLowerCase() === value.toLowerCase());
        return locale ? accept(locale) : reject<Locale>('badLocale', { allowed: SUPPORTED_LOCALES.join(', ') });
      }),
      timezone: check('timezone', (value) => {
        const zone = value.length <= 64 ? canonicalTimeZone(value) : null;
        return zone === null ? reject<string>('badTimezone') : accept(zone);
      }),
      birthday: check('birthday', isoDayText),
      customerSince: check('customer_since', isoDayText),
      influence: check('influence', parseNonNegativeNumber),
      accountManager: check('account_manager', maxLength(200)),
    };
    if (problems.any) {
      yield problems.rejected();
      continue;
    }
    // The model's own schema has the last word (it should agree with the checks above).
    const parsed = CustomerSchema.safeParse(candidate);
    if (parsed.success) {
      yield { line, ok: true, value: parsed.data };
      continue;
    }
    for (const issue of parsed.error.issues) {
      const key = issue.path[0];
      const column = typeof key === 'string' && key in COLUMN_OF ? COLUMN_OF[key as keyof Customer] : undefined;
      problems.add(column, column === undefined ? undefined : (cell(column) ?? undefined), 'invalidValue');
    }
    yield problems.rejected();
  }
}
