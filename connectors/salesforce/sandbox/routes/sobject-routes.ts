/**
 * One record at a time: create, retrieve, update and delete by id, and upsert or retrieve by an
 * external id. Failed saves answer 400 with the REST error array.
 * https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_sobject_basic_info.htm
 * https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/dome_upsert.htm
 */
import { Router, type Request } from 'express';
import { z } from 'zod';
import { notFound, SalesforceApiError } from '../errors.js';
import { keyPrefixOf, toId18 } from '../ids/salesforce-id.js';
import type { FieldDefinition } from '../schema/field-definition.js';
import type { ObjectSchema } from '../schema/object-schema.js';
import { apiVersionOf, callerOf, queryOf } from '../request-context.js';
import type { SalesforceOrg } from '../state/org.js';
import { isDeleted, type StoredRecord } from '../state/stored-record.js';
import type { SaveOutcome, WriteTransaction } from '../state/write-transaction.js';
import { objectParam } from './object-param.js';
import { recordBody, selectedFields } from './record-body.js';
import { fieldsOrRefuse, restErrors } from './save-answers.js';

const RecordBody = z.record(z.string(), z.unknown());

function liveRecord(org: SalesforceOrg, object: ObjectSchema, rawId: string): StoredRecord {
  const id = toId18(rawId);
  const record = id && keyPrefixOf(id) === object.keyPrefix ? org.store(object.name).get(id) : undefined;
  if (!record) throw notFound();
  if (isDeleted(record)) throw new SalesforceApiError(404, 'ENTITY_IS_DELETED', 'entity is deleted');
  return record;
}

function externalIdField(object: ObjectSchema, name: string): FieldDefinition {
  const field = object.field(name);
  if (!field || !field.externalId) throw new SalesforceApiError(404, 'NOT_FOUND', `Provided external ID field does not exist or is not accessible: ${name}`);
  return field;
}

/** Runs one save in its own transaction: committed when it succeeds, refused with 400 otherwise. */
function saveOne(req: Request, save: (tx: WriteTransaction) => SaveOutcome): SaveOutcome & { success: true } {
  const { org, session } = callerOf(req);
  const tx = org.begin({ userId: session.userId, origin: 'api' });
  const outcome = save(tx);
  if (!outcome.success) {
    tx.rollback();
    const error = outcome.errors[0];
    throw new SalesforceApiError(400, error?.statusCode ?? 'UNKNOWN_EXCEPTION', error?.message ?? 'save failed', error?.fields, restErrors(outcome.errors));
  }
  tx.commit();
  return outcome;
}

export function sobjectRoutes(): Router {
  const router = Router({ mergeParams: true });

  router.post('/sobjects/:type', (req, res) => {
    const object = objectParam(callerOf(req).org, req.params.type);
    const resolved = fieldsOrRefuse(object, RecordBody.parse(req.body ?? {}));
    const outcome = saveOne(req, (tx) => (resolved.id !== undefined ? tx.create(object, [...resolved.fields, [object.field('Id') as FieldDefinition, resolved.id]], 'json') : tx.create(object, resolved.fields, 'json')));
    res.status(201).json({ id: outcome.id, success: true, errors: [] });
  });

  router.get('/sobjects/:type/:id', (req, res) => {
    const { org } = callerOf(req);
    const object = objectParam(org, req.params.type);
    const record = liveRecord(org, object, req.params.id);
    res.json(recordBody(record, selectedFields(object, queryOf(req).get('fields')), apiVersionOf(req)));
  });

  router.patch('/sobjects/:type/:id', (req, res) => {
    const { org } = callerOf(req);
    const object = objectParam(org, req.params.type);
    const record = liveRecord(org, object, req.params.id);
    const resolved = fieldsOrRefuse(object, RecordBody.parse(req.body ?? {}));
    saveOne(req, (tx) => tx.update(object, record.id, resolved.fields, 'json'));
    res.status(204).end();
  });

  router.delete('/sobjects/:type/:id', (req, res) => {
    const { org } = callerOf(req);
    const object = objectParam(org, req.params.type);
    const record = liveRecord(org, object, req.params.id);
    saveOne(req, (tx) => tx.delete(record.id));
    res.status(204).end();
  });

  router.get('/sobjects/:type/:field/:value', (req, res) => {
    const { org } = callerOf(req);
    const object = objectParam(org, req.params.type);
    const field = externalIdField(object, req.params.field);
    const record = org.store(object.name).findUnique(field.name, req.params.value);
    if (!record) throw notFound();
    res.json(recordBody(record, selectedFields(object, queryOf(req).get('fields')), apiVersionOf(req)));
  });

  router.patch('/sobjects/:type/:field/:value', (req, res) => {
    const { org } = callerOf(req);
    const object = objectParam(org, req.params.type);
    const field = externalIdField(object, req.params.field);
    const resolved = fieldsOrRefuse(object, RecordBody.parse(req.body ?? {}));
    const fields = [...resolved.fields.filter(([f]) => f !== field), [field, req.params.value] as const];
    const outcome = saveOne(req, (tx) => tx.upsert(object, field, fields, 'json'));
    res.status(outcome.created ? 201 : 200).json({ id: outcome.id, success: true, errors: [], created: outcome.created });
  });

  return router;
}
