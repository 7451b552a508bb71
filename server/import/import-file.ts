/**
 * Imports a customers or orders file into a tenant. Bad rows are reported with their line and
 * skipped; good rows are kept. The whole import is one transaction, so a failure part-way (a
 * database error, a file that turns out unreadable) leaves the store as it was.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Transform, pipeline } from 'node:stream';
import type { Locale } from '../../core/i18n/index.js';
import type { Customer } from '../../core/model/customer.js';
import type { Order } from '../../core/model/order.js';
import type { Store } from '../store/db.js';
import { holdChangeLockShared } from '../store/locks.js';
import { recordAudit } from '../store/repositories/audit.js';
import { upsertCustomers, upsertOrders, type UpsertCounts } from '../store/repositories/customer-data.js';
import { parseCdnowOrders } from './parse-cdnow.js';
import { parseCustomersCsv } from './parse-customers-csv.js';
import { parseOrdersCsv } from './parse-orders-csv.js';
import type { ImportInput, ParsedRow, ParseOptions, RowProblem } from './parsed-row.js';

export type ImportKind = 'customers' | 'orders';
export type ImportFormat = 'csv' | 'cdnow';

export interface ImportRequest {
  tenantId: string;
  kind: ImportKind;
  format: ImportFormat;
  file: string;
  locale: Locale;
  timezone: string;
  currency: string;
  actor: string;
  /** Called as the file is read: bytes so far and the file size. */
  onProgress?: (bytesRead: number, totalBytes: number) => void;
}

export interface ImportReport {
  file: string;
  kind: ImportKind;
  format: ImportFormat;
  /** Data rows read (blank lines are not rows). */
  rows: number;
  accepted: number;
  rejected: number;
  inserted: number;
  updated: number;
  unchanged: number;
  customersCreated: number;
  problems: RowProblem[];
}

const BATCH = 1000;

type Parser<T> = (input: ImportInput, opts: ParseOptions) => AsyncGenerator<ParsedRow<T>>;

export async function importFile(store: Store, req: ImportRequest): Promise<ImportReport> {
  if (req.kind === 'customers' && req.format === 'cdnow') throw new Error('The CDNOW format holds orders, not customers');
  const { size } = await stat(req.file);
  let bytesRead = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      bytesRead += chunk.length;
      req.onProgress?.(bytesRead, size);
      done(null, chunk);
    },
  });
  // pipeline() carries a read error through to the parser, so a failing disk fails the import.
  const input = pipeline(createReadStream(req.file), counter, () => {});
  const opts: ParseOptions = { locale: req.locale, timezone: req.timezone, currency: req.currency };

  const report: ImportReport = {
    file: req.file,
    kind: req.kind,
    format: req.format,
    rows: 0,
    accepted: 0,
    rejected: 0,
    inserted: 0,
    updated: 0,
    unchanged: 0,
    customersCreated: 0,
    problems: [],
  };
  const add = (c: UpsertCounts & { customersCreated?: number }) => {
    report.inserted += c.inserted;
    report.updated += c.updated;
    report.unchanged += c.unchanged;
    report.customersCreated += c.customersCreated ?? 0;
  };

  await store.db.transaction().execute(async (trx) => {
    await holdChangeLockShared(trx, req.tenantId);
    if (req.kind === 'customers') {
      await consume(parseCustomersCsv, input, opts, report, async (batch: Customer[]) => add(await upsertCustomers(trx, req.tenantId, batch)));
    } else {
      const parser: Parser<Order> = req.format === 'cdnow' ? parseCdnowOrders : parseOrdersCsv;
      await consume(parser, input, opts, report, async (batch: Order[]) => add(await upsertOrders(trx, req.tenantId, batch)));
    }
    await recordAudit(trx, {
      tenantId: req.tenantId,
      actor: req.actor,
      action: `import.${req.kind}`,
      target: req.file,
      details: { format: req.format, rows: report.rows, accepted: report.accepted, rejected: report.rejected, inserted: report.inserted, updated: report.updated },
    });
  });
  return report;
}

async function consume<T>(
  parser: Parser<T>,
  input: ImportInput,
  opts: ParseOptions,
  report: ImportReport,
  write: (batch: T[]) => Promise<void>,
): Promise<void> {
  let batch: T[] = [];
  for await (const row of parser(input, opts)) {
    report.rows++;
    if (row.ok) {
      report.accepted++;
      batch.push(row.value);
      if (batch.length >= BATCH) {
        await write(batch);
        batch = [];
      }
    } else {
      report.rejected++;
      report.problems.push(...row.problems);
    }
  }
  if (batch.length) await write(batch);
}
