/**
 * Bulk API 2.0 ingest jobs: create, upload the CSV once (text/csv, at most 100 MB), close or
 * abort, poll, read the successful, failed and unprocessed records, delete.
 * https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/bulk_api_2_0.htm
 */
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { IngestJob } from '../bulk/bulk-job.js';
import { ingestJobInfo } from '../bulk/bulk-job.js';
import { COLUMN_DELIMITERS, writeCsv } from '../bulk/csv-format.js';
import { notFound, SalesforceApiError } from '../errors.js';
import { apiVersionOf, callerOf } from '../request-context.js';
import type { SandboxContext } from '../sandbox-context.js';

const CreateIngestJob = z.object({
  object: z.string().min(1),
  operation: z.enum(['insert', 'update', 'upsert', 'delete', 'hardDelete']),
  externalIdFieldName: z.string().min(1).optional(),
  contentType: z.literal('CSV').default('CSV'),
  lineEnding: z.enum(['LF', 'CRLF']).default('LF'),
  columnDelimiter: z.enum(Object.keys(COLUMN_DELIMITERS) as [keyof typeof COLUMN_DELIMITERS, ...(keyof typeof COLUMN_DELIMITERS)[]]).default('COMMA'),
  assignmentRuleId: z.string().optional(),
});
const StateChange = z.object({ state: z.enum(['UploadComplete', 'Aborted']) });

const invalidJob = (message: string): SalesforceApiError => new SalesforceApiError(400, 'INVALIDJOB', message);

function sendCsv(res: Response, rows: string[][], job: IngestJob): void {
  res.type('text/csv').send(writeCsv(rows, job));
}

export function bulkIngestRoutes(ctx: SandboxContext): Router {
  const router = Router({ mergeParams: true });

  const jobOf = (req: Request): IngestJob => {
    const job = ctx.bulk.get(callerOf(req).org.orgId, 'ingest', String(req.params.jobId));
    if (!job || job.kind !== 'ingest') throw notFound();
    return job;
  };

  router.post('/jobs/ingest', (req, res) => {
    const { org, session } = callerOf(req);
    const input = CreateIngestJob.parse(req.body);
    const object = org.object(input.object);
    if (!object) throw invalidJob(`InvalidJob : Unable to find object: ${input.object}`);
    let externalIdFieldName: string | null = null;
    if (input.operation === 'upsert') {
      if (!input.externalIdFieldName) throw invalidJob(`InvalidJob : External ID was blank for ${object.name}. An External ID must be specified for upsert.`);
      const field = object.field(input.externalIdFieldName);
      if (!field || !field.externalId) throw invalidJob(`InvalidJob : Field name provided, ${input.externalIdFieldName} is not an External ID or indexed field for ${object.name}`);
      externalIdFieldName = field.name;
    }
    const now = ctx.clock.now();
    const job: IngestJob = {
      kind: 'ingest',
      id: org.allocateId('750'),
      orgId: org.orgId,
      createdById: session.userId,
      object: object.name,
      operation: input.operation,
      externalIdFieldName,
      apiVersion: apiVersionOf(req),
      lineEnding: input.lineEnding,
      columnDelimiter: input.columnDelimiter,
      state: 'Open',
      createdDate: now,
      systemModstamp: now,
      completesAt: null,
      data: null,
      header: [],
      successful: [],
      failed: [],
      unprocessed: [],
      numberRecordsProcessed: 0,
      numberRecordsFailed: 0,
      errorMessage: null,
    };
    ctx.bulk.add(job);
    res.json(ingestJobInfo(job));
  });

  router.get('/jobs/ingest', (req, res) => {
    const jobs = ctx.bulk.list(callerOf(req).org.orgId, 'ingest');
    res.json({ done: true, records: jobs.flatMap((job) => (job.kind === 'ingest' ? [ingestJobInfo(job)] : [])), nextRecordsUrl: null });
  });

  router.put('/jobs/ingest/:jobId/batches', (req, res) => {
    const job = jobOf(req);
    if (!req.is('text/csv') || typeof req.body !== 'string') throw new SalesforceApiError(400, 'INVALIDCONTENTTYPE', 'The content type must be text/csv');
    ctx.bulk.upload(job, req.body);
    res.status(201).end();
  });

  router.patch('/jobs/ingest/:jobId', (req, res) => {
    const job = jobOf(req);
    const { state } = StateChange.parse(req.body);
    if (state === 'Aborted') {
      ctx.bulk.abort(job, ctx.clock.now());
      res.json(ingestJobInfo(job));
      return;
    }
    ctx.bulk.closeUpload(job, ctx.clock.now());
    // Answer as Salesforce does, UploadComplete, before the job moves on.
    const info = ingestJobInfo(job);
    ctx.bulk.schedule(job);
    res.json(info);
  });

  router.get('/jobs/ingest/:jobId', (req, res) => {
    res.json(ingestJobInfo(jobOf(req)));
  });

  router.get('/jobs/ingest/:jobId/successfulResults', (req, res) => {
    const job = jobOf(req);
    sendCsv(res, [['sf__Id', 'sf__Created', ...job.header], ...job.successful], job);
  });

  router.get('/jobs/ingest/:jobId/failedResults', (req, res) => {
    const job = jobOf(req);
    sendCsv(res, [['sf__Id', 'sf__Error', ...job.header], ...job.failed], job);
  });

  router.get('/jobs/ingest/:jobId/unprocessedrecords', (req, res) => {
    const job = jobOf(req);
    sendCsv(res, job.header.length > 0 ? [job.header, ...job.unprocessed] : [], job);
  });

  router.delete('/jobs/ingest/:jobId', (req, res) => {
    ctx.bulk.delete(jobOf(req));
    res.status(204).end();
  });

  return router;
}
