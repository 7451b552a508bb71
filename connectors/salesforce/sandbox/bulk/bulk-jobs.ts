/**
 * The Bulk API 2.0 jobs of every org and their life: an ingest job is Open until its one upload
 * is closed (UploadComplete); a query job starts UploadComplete. Either stays InProgress for
 * `pollDelayMs` of real time, then runs and ends JobComplete (or Failed); Open and waiting jobs
 * can be Aborted. Query results are fixed when the job completes and read in pages.
 * https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/bulk_api_2_0.htm
 */
import { SalesforceApiError } from '../errors.js';
import { runQuery } from '../soql/run-query.js';
import type { SalesforceOrg } from '../state/org.js';
import type { SandboxStats } from '../stats.js';
import { textValue } from '../values/field-value.js';
import type { BulkJob, IngestJob, QueryJob } from './bulk-job.js';
import { writeCsv } from './csv-format.js';
import { processIngest } from './ingest-processing.js';

export interface BulkJobsOptions {
  pollDelayMs: number;
  /** Rows per results page without `maxRecords`; undefined: all of them. */
  resultsPageSize: number | undefined;
  stats: SandboxStats;
  org: (orgId: string) => SalesforceOrg | undefined;
  /** The sandbox clock, for the jobs' systemModstamp. */
  now: () => number;
}

export interface ResultsPage {
  csv: string;
  /** The next page's locator, or null on the last page. */
  nextLocator: string | null;
  count: number;
}

const invalidState = (message: string): SalesforceApiError => new SalesforceApiError(400, 'INVALIDJOBSTATE', message);

const encodeLocator = (offset: number): string => Buffer.from(String(offset)).toString('base64url');

function decodeLocator(locator: string): number | null {
  const text = Buffer.from(locator, 'base64url').toString('utf8');
  return /^\d+$/.test(text) ? Number(text) : null;
}

export class BulkJobs {
  private readonly jobs = new Map<string, BulkJob>();
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(private readonly options: BulkJobsOptions) {}

  add(job: BulkJob): void {
    this.jobs.set(job.id, job);
    if (job.kind === 'ingest') this.options.stats.bulk.ingestJobs++;
    else {
      this.options.stats.bulk.queryJobs++;
      this.schedule(job);
    }
  }

  get(orgId: string, kind: BulkJob['kind'], id: string): BulkJob | undefined {
    const job = this.jobs.get(id);
    if (!job || job.orgId !== orgId || job.kind !== kind) return undefined;
    if (job.state === 'InProgress' && job.completesAt !== null && performance.now() >= job.completesAt) this.complete(job);
    return job;
  }

  list(orgId: string, kind: BulkJob['kind']): BulkJob[] {
    return [...this.jobs.values()].filter((job) => job.orgId === orgId && job.kind === kind).map((job) => this.get(orgId, kind, job.id) as BulkJob);
  }

  /** Query jobs an org created in the last 24 hours of sandbox time. */
  queryJobsSince(orgId: string, sinceMs: number): number {
    let n = 0;
    for (const job of this.jobs.values()) if (job.orgId === orgId && job.kind === 'query' && job.createdDate > sinceMs) n++;
    return n;
  }

  upload(job: IngestJob, data: string): void {
    if (job.state !== 'Open') throw invalidState(`Job ${job.id} is not in Open state`);
    if (job.data !== null) {
      throw new SalesforceApiError(400, 'BULK_API_ERROR', `Found multiple contents for job: <${job.id}>, please 'Close' / 'Abort' / 'Delete' the current Job then create a new Job and make sure you only do 'PUT' once on a given Job.`);
    }
    job.data = data;
  }

  /** UploadComplete: the job is queued and completes after `pollDelayMs`. */
  closeUpload(job: IngestJob, now: number): void {
    if (job.state !== 'Open') throw invalidState(`Job is not in Open state: ${job.state}`);
    job.state = 'UploadComplete';
    job.systemModstamp = now;
  }

  /** Starts the wait that ends in processing; call after answering with the UploadComplete info. */
  schedule(job: BulkJob): void {
    const delay = this.options.pollDelayMs;
    job.completesAt = performance.now() + delay;
    if (delay === 0) {
      this.complete(job);
      return;
    }
    job.state = 'InProgress';
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.complete(job);
    }, delay);
    timer.unref();
    this.timers.add(timer);
  }

  abort(job: BulkJob, now: number): void {
    if (job.state !== 'Open' && job.state !== 'UploadComplete' && job.state !== 'InProgress') throw invalidState(`Cannot abort a job in state ${job.state}`);
    job.state = 'Aborted';
    job.systemModstamp = now;
    this.options.stats.bulk.aborted++;
  }

  delete(job: BulkJob): void {
    if (job.state === 'InProgress') throw invalidState('Cannot delete a job that is in progress');
    this.jobs.delete(job.id);
  }

  resultsPage(job: QueryJob, locator: string | null, maxRecords: number | null): ResultsPage {
    if (job.state !== 'JobComplete') throw invalidState(`Job ${job.id} is not complete (state ${job.state})`);
    const offset = locator === null ? 0 : decodeLocator(locator);
    if (offset === null || offset > Math.max(0, job.results.length - 1)) throw new SalesforceApiError(400, 'INVALIDLOCATOR', `Invalid locator: ${locator}`);
    const [header = [], ...rows] = job.results;
    const size = maxRecords ?? this.options.resultsPageSize ?? Math.max(1, rows.length);
    const page = rows.slice(offset, offset + size);
    const next = offset + size < rows.length ? encodeLocator(offset + size) : null;
    return { csv: writeCsv([header, ...page], job), nextLocator: next, count: page.length };
  }

  /** Stops waiting jobs' timers (server shutdown). */
  close(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private complete(job: BulkJob): void {
    if (job.state !== 'UploadComplete' && job.state !== 'InProgress') return;
    const org = this.options.org(job.orgId);
    const stats = this.options.stats.bulk;
    if (!org) return;
    if (job.kind === 'ingest') {
      const outcome = processIngest(org, job, { userId: job.createdById, origin: 'api' });
      job.state = outcome.state;
      job.errorMessage = outcome.errorMessage;
      job.header = outcome.header;
      job.successful = outcome.successful;
      job.failed = outcome.failed;
      job.unprocessed = outcome.unprocessed;
      job.numberRecordsProcessed = outcome.successful.length + outcome.failed.length;
      job.numberRecordsFailed = outcome.failed.length;
      stats.recordsProcessed += job.numberRecordsProcessed;
      stats.recordsFailed += job.numberRecordsFailed;
    } else {
      const outcome = runQuery(job.plan, org.store(job.plan.object.name), job.operation === 'queryAll');
      const columns = job.plan.shape.kind === 'records' ? job.plan.shape.columns : [];
      const records = outcome.kind === 'records' ? outcome.records : [];
      job.results = [columns.map((c) => c.path.join('.')), ...records.map((record) => columns.map((c) => textValue(c.field, c.get(record))))];
      job.numberRecordsProcessed = records.length;
      job.state = 'JobComplete';
      stats.recordsQueried += records.length;
    }
    job.systemModstamp = this.options.now();
    if (job.state === 'Failed') stats.failed++;
    else stats.completed++;
  }
}
