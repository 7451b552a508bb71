/**
 * Writing our fields onto customer records: sObject Collections, 200 records per call, for the
 * usual handful of changes; one Bulk API 2.0 ingest job above the threshold (a first connection,
 * a program change), because Salesforce counts a Bulk job as a few calls however many records.
 * Good records are saved and bad ones reported (allOrNone false).
 * Collections: https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_sobjects_collections_update.htm
 * Bulk 2.0 ingest: https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/walkthrough_upload_data.htm
 */
import { stringify } from 'csv-stringify/sync';
import { z } from 'zod';
import type { CrmRef, FieldsUpdate, PushOutcome, RecordFailure } from '../../core/ports/crm-connector.js';
import type { CallerClock, SalesforceApiCaller } from './api-caller.js';
import { SOBJECTS, type SalesforceSettings } from './config.js';
import { codeForSalesforce, SalesforceError } from './errors.js';
import { toSalesforceFields, type FieldValue } from './mappers/from-vip-fields.js';
import { csvRows } from './bulk-csv.js';

export const COLLECTION_MAX = 200;

const SaveResultSchema = z.array(z.object({ id: z.string().nullish(), success: z.boolean(), created: z.boolean().optional(), errors: z.array(z.object({ statusCode: z.string(), message: z.string(), fields: z.array(z.string()).optional() })).default([]) }));
export type SaveResult = z.infer<typeof SaveResultSchema>[number];

export function failureOf(ref: CrmRef, result: SaveResult): RecordFailure {
  const first = result.errors[0];
  return { ref, code: first ? codeForSalesforce(first.statusCode) : 'UNKNOWN', message: first ? `${first.statusCode}: ${first.message}`.slice(0, 300) : 'not saved' };
}

/** One Collections call; answers come back in input order. */
export async function collection(caller: SalesforceApiCaller, method: 'POST' | 'PATCH', url: string, records: Record<string, unknown>[]): Promise<SaveResult[]> {
  const body = await caller.request(`collections ${method}`, ({ method, url: caller.path(url), body: JSON.stringify({ allOrNone: false, records }), headers: { 'Content-Type': 'application/json' } }));
  const results = SaveResultSchema.parse(body);
  if (results.length !== records.length) throw new SalesforceError('UNKNOWN', null, `collections answered ${results.length} results for ${records.length} records`);
  return results;
}

interface Row {
  ref: CrmRef;
  sobject: string;
  fields: Record<string, FieldValue>;
}

export async function pushFields(caller: SalesforceApiCaller, settings: SalesforceSettings, clock: CallerClock, updates: readonly FieldsUpdate[]): Promise<PushOutcome> {
  const outcome: PushOutcome = { written: [], failed: [], calls: 0 };
  const rows: Row[] = [];
  for (const u of updates) {
    const type = u.ref.type === 'contact' || u.ref.type === 'account' ? u.ref.type : null;
    if (!type) {
      outcome.failed.push({ ref: u.ref, code: 'INVALID_INPUT', message: `not a customer record type: ${u.ref.type}` });
      continue;
    }
    const fields = toSalesforceFields(u.fields);
    if (Object.keys(fields).length > 0) rows.push({ ref: u.ref, sobject: SOBJECTS[type], fields });
  }
  for (const sobject of ['Contact', 'Account']) {
    const mine = rows.filter((r) => r.sobject === sobject);
    if (mine.length === 0) continue;
    if (settings.bulkIngestThreshold > 0 && mine.length > settings.bulkIngestThreshold) await bulkUpdate(caller, clock, sobject, mine, outcome);
    else {
      for (let i = 0; i < mine.length; i += COLLECTION_MAX) {
        const chunk = mine.slice(i, i + COLLECTION_MAX);
        outcome.calls++;
        const results = await collection(caller, 'PATCH', '/composite/sobjects', chunk.map((r) => ({ attributes: { type: r.sobject }, Id: r.ref.id, ...r.fields })));
        results.forEach((result, n) => {
          const ref = (chunk[n] as Row).ref;
          if (result.success) outcome.written.push(ref);
          else outcome.failed.push(failureOf(ref, result));
        });
      }
    }
  }
  return outcome;
}

const JobSchema = z.object({ id: z.string(), state: z.string(), errorMessage: z.string().nullish(), numberRecordsFailed: z.number().optional() });

const JOB_TIMEOUT_MS = 30 * 60_000;

/** One ingest job: create, upload the CSV, close, wait, then read which records failed. */
async function bulkUpdate(caller: SalesforceApiCaller, clock: CallerClock, sobject: string, rows: Row[], outcome: PushOutcome): Promise<void> {
  const columns = ['Id', ...new Set(rows.flatMap((r) => Object.keys(r.fields)))];
  // In Bulk CSV an empty cell leaves a field alone; #N/A clears it.
  const csv = stringify(rows.map((r) => columns.map((c) => (c === 'Id' ? r.ref.id : c in r.fields ? (r.fields[c] === null ? '#N/A' : String(r.fields[c])) : ''))), { header: true, columns, record_delimiter: '\n' });
  const json = { 'Content-Type': 'application/json' };
  const job = JobSchema.parse(await caller.request('bulk ingest job', { method: 'POST', url: caller.path('/jobs/ingest'), body: JSON.stringify({ object: sobject, operation: 'update', contentType: 'CSV', lineEnding: 'LF' }), headers: json }));
  await caller.raw('bulk ingest upload', { method: 'PUT', url: caller.path(`/jobs/ingest/${job.id}/batches`), body: csv, headers: { 'Content-Type': 'text/csv' } });
  await caller.request('bulk ingest close', { method: 'PATCH', url: caller.path(`/jobs/ingest/${job.id}`), body: JSON.stringify({ state: 'UploadComplete' }), headers: json });
  outcome.calls += 3;
  const deadline = clock.now() + JOB_TIMEOUT_MS;
  let state = job.state;
  for (let wait = 250; state !== 'JobComplete'; wait = Math.min(wait * 2, 10_000)) {
    if (state === 'Failed' || state === 'Aborted') throw new SalesforceError('TEMPORARY', 'BULK_JOB_FAILED', `bulk ingest ${state}`);
    if (clock.now() > deadline) throw new SalesforceError('TEMPORARY', 'BULK_JOB_TIMEOUT', `bulk ingest job ${job.id} still ${state}`);
    await clock.sleep(wait);
    const info = JobSchema.parse(await caller.request('bulk ingest status', { method: 'GET', url: caller.path(`/jobs/ingest/${job.id}`) }));
    outcome.calls++;
    state = info.state;
  }
  const failed = await caller.raw('bulk ingest failures', { method: 'GET', url: caller.path(`/jobs/ingest/${job.id}/failedResults`), headers: { Accept: 'text/csv' } }, 'text/csv');
  outcome.calls++;
  const failures = csvRows(failed.body);
  const failedIds = new Map(failures.map((f) => [f.Id ?? f.sf__Id ?? '', f.sf__Error ?? 'failed']));
  for (const r of rows) {
    const error = failedIds.get(r.ref.id);
    if (error === undefined) outcome.written.push(r.ref);
    else {
      const code = error.split(':')[0] ?? '';
      outcome.failed.push({ ref: r.ref, code: codeForSalesforce(code), message: error.slice(0, 300) });
    }
  }
}
