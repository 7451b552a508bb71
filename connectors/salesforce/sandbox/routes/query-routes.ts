/**
 * SOQL over REST: `query` and `queryAll` (which also returns deleted records), answered in
 * batches of `Sforce-Query-Options: batchSize` (200 to 2,000; default 2,000) with
 * `nextRecordsUrl` for the rest, read with `GET /query/{locator}-{offset}`.
 * https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_query.htm
 * https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/headers_queryoptions.htm
 */
import { Router, type Request } from 'express';
import { SalesforceApiError } from '../errors.js';
import type { QueryCursor } from '../query/query-cursors.js';
import { apiVersionOf, callerOf, queryOf } from '../request-context.js';
import type { SandboxContext } from '../sandbox-context.js';
import { queryRecordJson, type JsonRecord } from '../soql/record-json.js';
import { runQuery } from '../soql/run-query.js';
import type { SalesforceOrg } from '../state/org.js';
import type { StoredRecord } from '../state/stored-record.js';
import { planOrRefuse } from './soql-answer.js';

export const MIN_BATCH_SIZE = 200;
export const MAX_BATCH_SIZE = 2000;

interface QueryPage {
  totalSize: number;
  done: boolean;
  nextRecordsUrl?: string;
  records: (JsonRecord | { attributes: { type: string }; [alias: string]: number | { type: string } })[];
}

/** The batch size the client asked for, held to Salesforce's 200..2,000. */
function requestedBatchSize(req: Request): number | null {
  const match = /batchSize\s*=\s*(\d+)/i.exec(req.get('sforce-query-options') ?? '');
  return match ? Math.min(MAX_BATCH_SIZE, Math.max(MIN_BATCH_SIZE, Number(match[1]))) : null;
}

function page(org: SalesforceOrg, cursor: QueryCursor | null, records: StoredRecord[], offset: number, size: number, version: string, plan: QueryCursor['plan']): QueryPage {
  const slice = records.slice(offset, offset + size);
  const columns = plan.shape.kind === 'records' ? plan.shape.columns : [];
  const next = offset + size;
  const done = next >= records.length;
  return {
    totalSize: records.length,
    done,
    ...(!done && cursor ? { nextRecordsUrl: `/services/data/v${version}/query/${cursor.id}-${next}` } : {}),
    records: slice.map((record) => queryRecordJson(record, columns, version, (id) => org.findRecord(id))),
  };
}

export function queryRoutes(ctx: SandboxContext): Router {
  const router = Router({ mergeParams: true });

  const firstPage = (req: Request, includeDeleted: boolean): QueryPage => {
    const soql = queryOf(req).get('q');
    if (!soql) throw new SalesforceApiError(400, 'MALFORMED_QUERY', 'A query string has to be specified');
    const { org, session } = callerOf(req);
    const plan = planOrRefuse(org, soql, ctx.clock.now());
    const outcome = runQuery(plan, org.store(plan.object.name), includeDeleted);
    if (outcome.kind === 'count') return { totalSize: outcome.total, done: true, records: [] };
    if (outcome.kind === 'aggregate') return { totalSize: 1, done: true, records: [{ attributes: { type: 'AggregateResult' }, ...outcome.values }] };
    const batchSize = requestedBatchSize(req) ?? ctx.options.queryBatchSize;
    const cursor = outcome.records.length > batchSize ? ctx.cursors.open({ id: org.allocateId('01g'), orgId: org.orgId, userId: session.userId, plan, records: outcome.records, batchSize }) : null;
    return page(org, cursor, outcome.records, 0, batchSize, apiVersionOf(req), plan);
  };

  const nextPage = (req: Request): QueryPage => {
    const { org } = callerOf(req);
    const match = /^(.+)-(\d+)$/.exec(String(req.params.locator));
    const cursor = match ? ctx.cursors.use(match[1] as string, org.orgId) : undefined;
    const offset = match ? Number(match[2]) : NaN;
    if (!cursor || !(offset <= cursor.records.length)) throw new SalesforceApiError(400, 'INVALID_QUERY_LOCATOR', 'invalid query locator');
    const size = requestedBatchSize(req) ?? cursor.batchSize;
    const answer = page(org, cursor, cursor.records, offset, size, apiVersionOf(req), cursor.plan);
    if (answer.done) ctx.cursors.close(cursor.id);
    return answer;
  };

  router.get('/query', (req, res) => {
    res.json(firstPage(req, false));
  });
  router.get('/queryAll', (req, res) => {
    res.json(firstPage(req, true));
  });
  router.get(['/query/:locator', '/queryAll/:locator'], (req, res) => {
    res.json(nextPage(req));
  });

  return router;
}
