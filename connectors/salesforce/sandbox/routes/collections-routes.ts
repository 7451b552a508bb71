/**
 * sObject Collections: create, update, upsert on an external id, delete and retrieve up to 200
 * records in one call. Answers list one result per record in input order. With `allOrNone`
 * nothing is saved when a record fails, and records that would have saved report
 * ALL_OR_NONE_OPERATION_ROLLED_BACK; without it, good records save and bad ones report errors.
 * A field the object lacks fails the whole request (400 INVALID_FIELD).
 * https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_sobjects_collections.htm
 */
import { Router, type Request } from 'express';
import { z } from 'zod';
import { SalesforceApiError, saveError } from '../errors.js';
import type { FieldDefinition } from '../schema/field-definition.js';
import type { ObjectSchema } from '../schema/object-schema.js';
import { apiVersionOf, callerOf, queryOf } from '../request-context.js';
import type { SalesforceOrg } from '../state/org.js';
import { isDeleted } from '../state/stored-record.js';
import type { SaveOutcome, WriteTransaction } from '../state/write-transaction.js';
import { objectParam } from './object-param.js';
import { recordBody, selectedFields } from './record-body.js';
import { fieldsOrRefuse, rolledBack, saveResult, type SaveResult } from './save-answers.js';
import { toId18 } from '../ids/salesforce-id.js';

export const MAX_COLLECTION_RECORDS = 200;
const MAX_RETRIEVE_IDS = 2000;

const CollectionBody = z.object({
  allOrNone: z.boolean().default(false),
  records: z.array(z.record(z.string(), z.unknown())),
});
const RetrieveBody = z.object({ ids: z.array(z.string()).min(1), fields: z.array(z.string()).min(1) });

const tooMany = (): SalesforceApiError => new SalesforceApiError(400, 'EXCEEDED_ID_LIMIT', `record limit reached. cannot submit more than ${MAX_COLLECTION_RECORDS} records into this call`);

function typeOf(org: SalesforceOrg, record: Readonly<Record<string, unknown>>, fallback: ObjectSchema | null): ObjectSchema {
  const attributes = record.attributes;
  const type = typeof attributes === 'object' && attributes !== null && 'type' in attributes && typeof attributes.type === 'string' ? attributes.type : null;
  if (type === null) {
    if (fallback) return fallback;
    throw new SalesforceApiError(400, 'INVALID_TYPE', 'Each record in a collection must name its type in attributes.type');
  }
  const object = org.object(type);
  if (!object) throw new SalesforceApiError(400, 'INVALID_TYPE', `sObject type '${type}' is not supported.`);
  return object;
}

/** One record's save, run inside the request's transaction. */
type Job = (tx: WriteTransaction) => SaveOutcome;

/** Runs every record in one transaction, then commits or (allOrNone with a failure) rolls back. */
function saveAll(req: Request, jobs: Job[], allOrNone: boolean, kind: 'create' | 'update' | 'upsert' | 'delete'): SaveResult[] {
  const { org, session } = callerOf(req);
  const tx = org.begin({ userId: session.userId, origin: 'api' });
  const results = jobs.map((job) => saveResult(job(tx), kind === 'upsert'));
  if (allOrNone && results.some((r) => !r.success)) {
    tx.rollback();
    return results.map((r) => rolledBack(r, kind === 'create' || kind === 'upsert'));
  }
  tx.commit();
  return results;
}

const failed = (error: ReturnType<typeof saveError>, id: string | null = null): SaveOutcome => ({ success: false, id, created: false, errors: [error] });

export function collectionsRoutes(): Router {
  const router = Router({ mergeParams: true });

  router.post('/composite/sobjects', (req, res) => {
    const { org } = callerOf(req);
    const body = CollectionBody.parse(req.body);
    if (body.records.length > MAX_COLLECTION_RECORDS) throw tooMany();
    const jobs = body.records.map((record): Job => {
      const object = typeOf(org, record, null);
      const resolved = fieldsOrRefuse(object, record);
      if (resolved.id !== undefined) return () => failed(saveError('INVALID_FIELD', 'cannot specify Id in an insert call'));
      return (tx) => tx.create(object, resolved.fields, 'json');
    });
    res.json(saveAll(req, jobs, body.allOrNone, 'create'));
  });

  router.patch('/composite/sobjects', (req, res) => {
    const { org } = callerOf(req);
    const body = CollectionBody.parse(req.body);
    if (body.records.length > MAX_COLLECTION_RECORDS) throw tooMany();
    const jobs = body.records.map((record): Job => {
      const object = typeOf(org, record, null);
      const resolved = fieldsOrRefuse(object, record);
      const id = resolved.id;
      if (typeof id !== 'string' || id === '') return () => failed(saveError('MISSING_ARGUMENT', 'Id not specified in an update call'));
      return (tx) => tx.update(object, id, resolved.fields, 'json');
    });
    res.json(saveAll(req, jobs, body.allOrNone, 'update'));
  });

  router.patch('/composite/sobjects/:type/:field', (req, res) => {
    const { org } = callerOf(req);
    const object = objectParam(org, req.params.type);
    const field = object.field(req.params.field);
    if (!field || !field.externalId) throw new SalesforceApiError(400, 'INVALID_FIELD', `Field name provided, ${req.params.field} is not an External ID or indexed field for ${object.name}`);
    const body = CollectionBody.parse(req.body);
    if (body.records.length > MAX_COLLECTION_RECORDS) throw tooMany();
    const resolvedRecords = body.records.map((record) => fieldsOrRefuse(typeOf(org, record, object), record));
    const keyOf = (fields: readonly (readonly [FieldDefinition, unknown])[]): string | null => {
      const value = fields.find(([f]) => f === field)?.[1];
      return typeof value === 'string' || typeof value === 'number' ? String(value).toLowerCase() : null;
    };
    const seen = new Map<string, number>();
    for (const resolved of resolvedRecords) {
      const key = keyOf(resolved.fields);
      if (key !== null) seen.set(key, (seen.get(key) ?? 0) + 1);
    }
    const jobs = resolvedRecords.map((resolved): Job => {
      const key = keyOf(resolved.fields);
      if (key !== null && (seen.get(key) ?? 0) > 1) {
        return () => failed(saveError('DUPLICATE_EXTERNAL_ID', `Duplicate external id specified: ${String(resolved.fields.find(([f]) => f === field)?.[1])}`, [field.name]));
      }
      return (tx) => tx.upsert(object, field, resolved.fields, 'json');
    });
    res.json(saveAll(req, jobs, body.allOrNone, 'upsert'));
  });

  router.delete('/composite/sobjects', (req, res) => {
    const query = queryOf(req);
    const ids = (query.get('ids') ?? '').split(',').map((id) => id.trim()).filter(Boolean);
    if (ids.length === 0) throw new SalesforceApiError(400, 'MISSING_ARGUMENT', 'ids parameter is required');
    if (ids.length > MAX_COLLECTION_RECORDS) throw tooMany();
    const jobs = ids.map((id): Job => (tx) => tx.delete(id));
    res.json(saveAll(req, jobs, query.get('allOrNone') === 'true', 'delete'));
  });

  router.post('/composite/sobjects/:type', (req, res) => {
    const { org } = callerOf(req);
    const object = objectParam(org, req.params.type);
    const body = RetrieveBody.parse(req.body);
    if (body.ids.length > MAX_RETRIEVE_IDS) throw new SalesforceApiError(400, 'EXCEEDED_ID_LIMIT', `cannot retrieve more than ${MAX_RETRIEVE_IDS} records in one call`);
    const fields = selectedFields(object, body.fields.join(','));
    const version = apiVersionOf(req);
    res.json(
      body.ids.map((raw) => {
        const id = toId18(raw);
        const record = id ? org.store(object.name).get(id) : undefined;
        return record && !isDeleted(record) ? recordBody(record, fields, version) : null;
      }),
    );
  });

  return router;
}
