/**
 * Bulk API 2.0 query jobs: create (the SOQL is checked at once), poll, read the results in pages
 * (`maxRecords`, `locator`) with `Sforce-Locator` (the next locator, or the string "null") and
 * `Sforce-NumberOfRecords`, abort, delete. Every page is a whole CSV file with its header row.
 * https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/query_get_job_results.htm
 */
import { Router, type Request } from 'express';
import { z } from 'zod';
import type { QueryJob } from '../bulk/bulk-job.js';
import { queryJobInfo } from '../bulk/bulk-job.js';
import { COLUMN_DELIMITERS } from '../bulk/csv-format.js';
import { notFound, SalesforceApiError } from '../errors.js';
import { apiVersionOf, callerOf, queryOf } from '../request-context.js';
import type { SandboxContext } from '../sandbox-context.js';
import { DAILY_BULK_QUERY_JOBS } from './limits-routes.js';
import { planOrRefuse } from './soql-answer.js';

const CreateQueryJob = z.object({
  operation: z.enum(['query', 'queryAll']),
  query: z.string().min(1),
  contentType: z.literal('CSV').default('CSV'),
  lineEnding: z.enum(['LF', 'CRLF']).default('LF'),
  columnDelimiter: z.enum(Object.keys(COLUMN_DELIMITERS) as [keyof typeof COLUMN_DELIMITERS, ...(keyof typeof COLUMN_DELIMITERS)[]]).default('COMMA'),
});
const StateChange = z.object({ state: z.literal('Aborted') });
const DAY = 86_400_000;

export function bulkQueryRoutes(ctx: SandboxContext): Router {
  const router = Router({ mergeParams: true });

  const jobOf = (req: Request): QueryJob => {
    const job = ctx.bulk.get(callerOf(req).org.orgId, 'query', String(req.params.jobId));
    if (!job || job.kind !== 'query') throw notFound();
    return job;
  };

  router.post('/jobs/query', (req, res) => {
    const { org, session } = callerOf(req);
    const input = CreateQueryJob.parse(req.body);
    const now = ctx.clock.now();
    if (ctx.bulk.queryJobsSince(org.orgId, now - DAY) >= DAILY_BULK_QUERY_JOBS) throw new SalesforceApiError(400, 'LIMIT_EXCEEDED', `Daily limit of ${DAILY_BULK_QUERY_JOBS} Bulk API 2.0 query jobs reached`);
    const plan = planOrRefuse(org, input.query, now);
    if (plan.shape.kind !== 'records') throw new SalesforceApiError(400, 'INVALIDJOB', 'InvalidJob : Aggregate queries (COUNT) are not supported by Bulk API 2.0 query jobs');
    if (plan.offset > 0) throw new SalesforceApiError(400, 'INVALIDJOB', 'InvalidJob : OFFSET is not supported by Bulk API 2.0 query jobs');
    const job: QueryJob = {
      kind: 'query',
      id: org.allocateId('750'),
      orgId: org.orgId,
      createdById: session.userId,
      object: plan.object.name,
      operation: input.operation,
      query: input.query,
      plan,
      apiVersion: apiVersionOf(req),
      lineEnding: input.lineEnding,
      columnDelimiter: input.columnDelimiter,
      state: 'UploadComplete',
      createdDate: now,
      systemModstamp: now,
      completesAt: null,
      numberRecordsProcessed: 0,
      errorMessage: null,
      results: [],
    };
    const info = queryJobInfo(job);
    ctx.bulk.add(job);
    res.json(info);
  });

  router.get('/jobs/query', (req, res) => {
    const jobs = ctx.bulk.list(callerOf(req).org.orgId, 'query');
    res.json({ done: true, records: jobs.flatMap((job) => (job.kind === 'query' ? [queryJobInfo(job)] : [])), nextRecordsUrl: null });
  });

  router.get('/jobs/query/:jobId', (req, res) => {
    res.json(queryJobInfo(jobOf(req)));
  });

  router.get('/jobs/query/:jobId/results', (req, res) => {
    const job = jobOf(req);
    const query = queryOf(req);
    const rawMax = query.get('maxRecords');
    const maxRecords = rawMax === null ? null : Number(rawMax);
    if (maxRecords !== null && (!Number.isInteger(maxRecords) || maxRecords < 1)) throw new SalesforceApiError(400, 'INVALIDREQUEST', `maxRecords must be a positive integer: ${rawMax}`);
    const page = ctx.bulk.resultsPage(job, query.get('locator'), maxRecords);
    res.set({ 'Sforce-Locator': page.nextLocator ?? 'null', 'Sforce-NumberOfRecords': String(page.count) });
    res.type('text/csv').send(page.csv);
  });

  router.patch('/jobs/query/:jobId', (req, res) => {
    const job = jobOf(req);
    StateChange.parse(req.body);
    ctx.bulk.abort(job, ctx.clock.now());
    res.json(queryJobInfo(job));
  });

  router.delete('/jobs/query/:jobId', (req, res) => {
    ctx.bulk.delete(jobOf(req));
    res.status(204).end();
  });

  return router;
}
