/**
 * Bulk API 2.0 jobs and the job info JSON Salesforce answers with.
 * https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/get_job_info.htm
 * https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/query_get_one_job.htm
 */
import type { QueryPlan } from '../soql/query-plan.js';
import { restDateTime } from '../values/field-value.js';
import type { ColumnDelimiter, LineEnding } from './csv-format.js';

export type JobState = 'Open' | 'UploadComplete' | 'InProgress' | 'JobComplete' | 'Failed' | 'Aborted';
export type IngestOperation = 'insert' | 'update' | 'upsert' | 'delete' | 'hardDelete';
export type QueryOperation = 'query' | 'queryAll';

interface JobBase {
  id: string;
  orgId: string;
  createdById: string;
  object: string;
  apiVersion: string;
  lineEnding: LineEnding;
  columnDelimiter: ColumnDelimiter;
  state: JobState;
  createdDate: number;
  systemModstamp: number;
  /** Real-time (performance.now) instant the job completes; null until it is queued. */
  completesAt: number | null;
  numberRecordsProcessed: number;
  errorMessage: string | null;
}

export interface IngestJob extends JobBase {
  kind: 'ingest';
  operation: IngestOperation;
  externalIdFieldName: string | null;
  data: string | null;
  successful: string[][];
  failed: string[][];
  unprocessed: string[][];
  /** The uploaded header, which every results file repeats after the sf__ columns. */
  header: string[];
  numberRecordsFailed: number;
}

export interface QueryJob extends JobBase {
  kind: 'query';
  operation: QueryOperation;
  query: string;
  plan: QueryPlan;
  /** Header then rows, fixed when the job completes. */
  results: string[][];
}

export type BulkJob = IngestJob | QueryJob;

const common = (job: BulkJob) => ({
  id: job.id,
  operation: job.operation,
  object: job.object,
  createdById: job.createdById,
  createdDate: restDateTime(job.createdDate),
  systemModstamp: restDateTime(job.systemModstamp),
  state: job.state,
});

export function ingestJobInfo(job: IngestJob) {
  return {
    ...common(job),
    ...(job.externalIdFieldName ? { externalIdFieldName: job.externalIdFieldName } : {}),
    concurrencyMode: 'Parallel',
    contentType: 'CSV',
    apiVersion: Number(job.apiVersion),
    contentUrl: `services/data/v${job.apiVersion}/jobs/ingest/${job.id}/batches`,
    lineEnding: job.lineEnding,
    columnDelimiter: job.columnDelimiter,
    jobType: 'V2Ingest',
    numberRecordsProcessed: job.numberRecordsProcessed,
    numberRecordsFailed: job.numberRecordsFailed,
    retries: 0,
    totalProcessingTime: 0,
    apiActiveProcessingTime: 0,
    apexProcessingTime: 0,
    ...(job.errorMessage ? { errorMessage: job.errorMessage } : {}),
  };
}

export function queryJobInfo(job: QueryJob) {
  return {
    ...common(job),
    concurrencyMode: 'Parallel',
    contentType: 'CSV',
    apiVersion: Number(job.apiVersion),
    lineEnding: job.lineEnding,
    columnDelimiter: job.columnDelimiter,
    jobType: 'V2Query',
    numberRecordsProcessed: job.numberRecordsProcessed,
    retries: 0,
    totalProcessingTime: 0,
    isPkChunkingSupported: false,
    ...(job.errorMessage ? { errorMessage: job.errorMessage } : {}),
  };
}
