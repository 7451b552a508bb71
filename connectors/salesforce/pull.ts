/**
 * Reading from Salesforce: one page of one stream per call, resumable from its checkpoint.
 * SOQL: https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_query.htm
 * Bulk API 2.0 query: https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/queries.htm
 */
import { z } from 'zod';
import type { CrmRecord, CrmRef, PulledPage, SyncStream } from '../../core/ports/crm-connector.js';
import type { CallerClock, SalesforceApiCaller } from './api-caller.js';
import { TASK_ID_FIELD, type SalesforceSettings } from './config.js';
import { csvRows } from './bulk-csv.js';
import { SalesforceError } from './errors.js';
import { SalesforceRecordSchema, type SalesforceRecord } from './mappers/salesforce-record.js';
import {
  ACCOUNT_FIELDS,
  accountToCustomer,
  CASE_FIELDS,
  caseToRecord,
  CONTACT_FIELDS,
  contactToCustomer,
  OPPORTUNITY_FIELDS,
  opportunityToRecord,
  ORDER_FIELDS,
  orderToRecord,
  TASK_FIELDS,
  taskToTouch,
  toOwner,
  USER_FIELDS,
} from './mappers/to-records.js';
import { soqlDateTime, soqlId } from './soql.js';
import { advance, afterBulk, beginPass, CheckpointSchema, fromBeginning, keysetCondition, type Checkpoint } from './sync-cursor.js';

export interface PullContext {
  caller: SalesforceApiCaller;
  settings: SalesforceSettings;
  minorPerMajor: number;
  clock: CallerClock;
}

interface StreamSpec {
  sobject: string;
  fields: readonly string[];
  /** Extra SOQL condition of the stream (ANDed with the keyset). */
  where: string | null;
  map: (r: SalesforceRecord) => CrmRecord | null;
}

function streamSpec(ctx: PullContext, stream: SyncStream): StreamSpec {
  const { customerObject, orderSource } = ctx.settings;
  switch (stream) {
    case 'owners':
      return { sobject: 'User', fields: USER_FIELDS, where: null, map: (r) => ({ kind: 'owner', owner: toOwner(r) }) };
    case 'customers':
      return customerObject === 'contacts'
        ? { sobject: 'Contact', fields: CONTACT_FIELDS, where: null, map: (r) => ({ kind: 'customer', customer: contactToCustomer(r) }) }
        : { sobject: 'Account', fields: ACCOUNT_FIELDS, where: null, map: (r) => ({ kind: 'customer', customer: accountToCustomer(r) }) };
    case 'orders':
      return orderSource === 'opportunities'
        ? { sobject: 'Opportunity', fields: OPPORTUNITY_FIELDS, where: null, map: (r) => opportunityToRecord(r, customerObject, ctx.minorPerMajor) }
        : { sobject: 'Order', fields: ORDER_FIELDS, where: null, map: (r) => orderToRecord(r, customerObject, ctx.minorPerMajor) };
    case 'complaints': {
      const waiting = new Set(ctx.settings.waitingStatuses);
      return { sobject: 'Case', fields: CASE_FIELDS, where: null, map: (r) => caseToRecord(r, customerObject, waiting) };
    }
    case 'touches':
      // Our own tasks come back through the task completions, not as touches.
      return { sobject: 'Task', fields: TASK_FIELDS, where: `IsClosed = true AND ${TASK_ID_FIELD} = null`, map: (r) => taskToTouch(r, customerObject) };
  }
}

const QueryResultSchema = z.object({ totalSize: z.number(), done: z.boolean(), nextRecordsUrl: z.string().optional(), records: z.array(z.unknown()) });

function parseRecords(raw: readonly unknown[]): SalesforceRecord[] {
  return raw.map((r) => SalesforceRecordSchema.parse(r));
}

function modifiedAt(r: SalesforceRecord): number {
  const v = r.SystemModstamp;
  const t = typeof v === 'string' ? Date.parse(v.replace(/([+-]\d{2})(\d{2})$/, '$1:$2')) : Number.NaN;
  return Number.isFinite(t) ? t : 0;
}

export async function soqlPage(ctx: PullContext, soql: string): Promise<SalesforceRecord[]> {
  const first = QueryResultSchema.parse(await ctx.caller.request('query', { method: 'GET', url: ctx.caller.path(`/query?q=${encodeURIComponent(soql)}`) }));
  const records = parseRecords(first.records);
  let next = first.nextRecordsUrl;
  // Salesforce hands a large result over in batches: follow queryMore to the end of this page.
  while (next) {
    const more = QueryResultSchema.parse(await ctx.caller.request('queryMore', { method: 'GET', url: next as string }));
    records.push(...parseRecords(more.records));
    next = more.nextRecordsUrl;
  }
  return records;
}

async function countRecords(ctx: PullContext, spec: StreamSpec): Promise<number> {
  const result = QueryResultSchema.parse(await ctx.caller.request('count', { method: 'GET', url: ctx.caller.path(`/query?q=${encodeURIComponent(`SELECT COUNT() FROM ${spec.sobject}${spec.where ? ` WHERE ${spec.where}` : ''}`)}`) }));
  return result.totalSize;
}

export async function pullPage(ctx: PullContext, stream: SyncStream, raw: Record<string, unknown> | null): Promise<PulledPage> {
  const spec = streamSpec(ctx, stream);
  const parsed = raw === null ? null : CheckpointSchema.safeParse(raw);
  let cp: Checkpoint = parsed?.success ? parsed.data : { phase: 'start', startedAt: ctx.clock.now() };
  if (cp.phase === 'start') {
    // Big first loads go through Bulk API 2.0: one job instead of thousands of SOQL calls.
    const big = ctx.settings.bulkQueryThreshold > 0 && (await countRecords(ctx, spec)) > ctx.settings.bulkQueryThreshold;
    if (!big) cp = fromBeginning();
    else {
      const jobId = await startBulkQuery(ctx, spec);
      return { records: [], checkpoint: { phase: 'bulk', startedAt: cp.startedAt, jobId, locator: null }, done: false };
    }
  }
  if (cp.phase === 'bulk') return bulkPage(ctx, spec, cp);
  cp = beginPass(cp, ctx.settings.lookbackMs);
  const where = [spec.where, keysetCondition(cp, soqlDateTime, soqlId)].filter(Boolean).join(' AND ');
  const soql = `SELECT ${spec.fields.join(', ')} FROM ${spec.sobject} WHERE ${where} ORDER BY SystemModstamp, Id LIMIT ${ctx.settings.pageSize}`;
  const records = await soqlPage(ctx, soql);
  const next = advance(cp, records.map((r) => ({ id: r.Id, modifiedAt: modifiedAt(r) })), ctx.settings.pageSize);
  return { records: records.map(spec.map).filter((r): r is CrmRecord => r !== null), checkpoint: next.checkpoint, done: next.done };
}

const JobSchema = z.object({ id: z.string(), state: z.string(), errorMessage: z.string().nullish() });

async function startBulkQuery(ctx: PullContext, spec: StreamSpec): Promise<string> {
  const query = `SELECT ${spec.fields.join(', ')} FROM ${spec.sobject}${spec.where ? ` WHERE ${spec.where}` : ''}`;
  const job = JobSchema.parse(await ctx.caller.request('bulk query job', { method: 'POST', url: ctx.caller.path('/jobs/query'), body: JSON.stringify({ operation: 'query', query }), headers: { 'Content-Type': 'application/json' } }));
  return job.id;
}

/** Polls a job for at most this long per pull call; the next call keeps polling. */
const POLL_BUDGET_MS = 20_000;

async function bulkPage(ctx: PullContext, spec: StreamSpec, cp: Extract<Checkpoint, { phase: 'bulk' }>): Promise<PulledPage> {
  if (cp.locator === null) {
    const until = ctx.clock.now() + POLL_BUDGET_MS;
    for (let wait = 250; ; wait = Math.min(wait * 2, 5000)) {
      const job = JobSchema.parse(await ctx.caller.request('bulk query status', { method: 'GET', url: ctx.caller.path(`/jobs/query/${encodeURIComponent(cp.jobId)}`) }));
      if (job.state === 'JobComplete') break;
      // A job Salesforce could not run (or someone aborted) must not wedge the sync: SOQL paging reads the same records.
      if (job.state === 'Failed' || job.state === 'Aborted') return { records: [], checkpoint: fromBeginning(), done: false };
      if (ctx.clock.now() + wait > until) return { records: [], checkpoint: cp, done: false };
      await ctx.clock.sleep(wait);
    }
  }
  const locator = cp.locator ? `&locator=${encodeURIComponent(cp.locator)}` : '';
  // The CSV body, and the Sforce-Locator header naming the next page (the string "null" at the end).
  let page;
  try {
    page = await ctx.caller.raw('bulk query results', { method: 'GET', url: ctx.caller.path(`/jobs/query/${encodeURIComponent(cp.jobId)}/results?maxRecords=${ctx.settings.bulkResultsPageSize}${locator}`), headers: { Accept: 'text/csv' } }, 'text/csv');
  } catch (error) {
    // Results are kept for 7 days; a sync that resumes after the job is gone starts over with SOQL.
    if (error instanceof SalesforceError && error.code === 'NOT_FOUND') return { records: [], checkpoint: fromBeginning(), done: false };
    throw error;
  }
  const header = page.headers['sforce-locator'];
  const next = header && header !== 'null' ? header : null;
  const rows = parseCsv(page.body);
  const records = rows.map(spec.map).filter((r): r is CrmRecord => r !== null);
  if (!next) return { records, checkpoint: afterBulk(cp.startedAt, ctx.settings.lookbackMs), done: false };
  return { records, checkpoint: { ...cp, locator: next }, done: false };
}

export function parseCsv(body: unknown): SalesforceRecord[] {
  // A results page repeats the header row (jsforce may read it as a record): a row equal to its own header is not one.
  return csvRows(body)
    .filter((r) => r.Id !== 'Id')
    .map((r) => SalesforceRecordSchema.parse(r));
}

/** Re-reads named records (after an outbound message); ids Salesforce no longer has come back as `deleted`. */
export async function fetchRecords(ctx: PullContext, refs: readonly CrmRef[]): Promise<CrmRecord[]> {
  const out: CrmRecord[] = [];
  const byType = new Map<string, string[]>();
  for (const r of refs) byType.set(r.type, [...new Set([...(byType.get(r.type) ?? []), r.id])]);
  const streams: [SyncStream, string][] = [
    ['customers', ctx.settings.customerObject === 'contacts' ? 'contact' : 'account'],
    ['orders', ctx.settings.orderSource === 'opportunities' ? 'opportunity' : 'order'],
    ['complaints', 'case'],
  ];
  for (const [stream, type] of streams) {
    const ids = byType.get(type) ?? [];
    const spec = streamSpec(ctx, stream);
    for (let i = 0; i < ids.length; i += 200) {
      const chunk = ids.slice(i, i + 200);
      const records = await soqlPage(ctx, `SELECT ${spec.fields.join(', ')} FROM ${spec.sobject} WHERE Id IN (${chunk.map(soqlId).join(', ')})`);
      out.push(...records.map(spec.map).filter((r): r is CrmRecord => r !== null));
      const found = new Set(records.map((r) => r.Id));
      for (const id of chunk) if (!found.has(id)) out.push({ kind: 'deleted', ref: { type, id } });
    }
  }
  return out;
}

