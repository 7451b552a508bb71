/**
 * Batch CRM object endpoints (at most 100 inputs). Reads and updates answer 207 with one error
 * per failed input while the good inputs are served or applied; creates are all or nothing.
 * https://developers.hubspot.com/docs/api/crm/contacts#batch-operations
 */
import { Router, type Response } from 'express';
import { batchInputError, HubspotApiError, validationError, type BatchInputError } from '../errors.js';
import { objectSpec } from '../openapi/object-specs.js';
import { callerOf } from '../request-context.js';
import type { SandboxContext } from '../sandbox-context.js';
import type { ObjectTypeName } from '../state/object-types.js';
import { propertyProblemsError, propertyProblemsInputError } from '../state/property-problems.js';
import { apiWriteOrigin } from './api-write-origin.js';
import { applyAssociations, planAssociations } from './create-associations.js';
import { BatchArchiveBody, BatchCreateBody, BatchReadBody, BatchUpdateBody, MAX_BATCH_INPUTS } from './object-bodies.js';
import { objectTypeParam } from './object-type-param.js';
import { boolParam, queryOf } from './query-params.js';
import { readJson, writeJson, type RecordJson } from './record-json.js';
import { checkIdProperty, lookupRecord, notFoundMessage } from './record-lookup.js';
import { parseBody } from './request-body.js';

function checkBatchSize(inputs: readonly unknown[]): void {
  if (inputs.length > MAX_BATCH_INPUTS) {
    throw validationError(`Batch input is limited to ${MAX_BATCH_INPUTS} inputs; got ${inputs.length}.`, [{ message: 'too many inputs', in: 'inputs', code: 'TOO_MANY_INPUTS' }]);
  }
}

function sendBatch(res: Response, startedAt: number, results: (RecordJson & { new?: boolean })[], errors: BatchInputError[], okStatus: number): void {
  const times = { startedAt: new Date(startedAt).toISOString(), completedAt: new Date().toISOString() };
  if (errors.length === 0) {
    res.status(okStatus).json({ status: 'COMPLETE', results, ...times });
    return;
  }
  res.status(207).json({ status: 'COMPLETE', results, numErrors: errors.length, errors, ...times });
}

export function batchRoutes(ctx: SandboxContext): Router {
  const router = Router();
  const checkSpec = ctx.options.validateRequests;
  const spec = (type: ObjectTypeName, suffix: string) => ({ spec: objectSpec(type).spec, method: 'post' as const, path: `${objectSpec(type).basePath}/batch/${suffix}` });

  // https://developers.hubspot.com/docs/api/crm/contacts#retrieve-contacts-by-record-id-email-or-custom-unique-value-property
  router.post('/crm/v3/objects/:objectType/batch/read', (req, res) => {
    const startedAt = Date.now();
    const { portal } = callerOf(req);
    const type = objectTypeParam(req.params.objectType);
    const body = parseBody(spec(type, 'read'), req.body, BatchReadBody, checkSpec);
    checkBatchSize(body.inputs);
    checkIdProperty(portal, type, body.idProperty);
    const archived = boolParam(queryOf(req), 'archived', false);
    const seen = new Set<string>();
    const results: RecordJson[] = [];
    const missing: string[] = [];
    for (const { id } of body.inputs) {
      if (seen.has(id)) continue;
      seen.add(id);
      const record = lookupRecord(portal, type, id, body.idProperty, archived);
      if (record) results.push(readJson(portal, type, record, body.properties ?? null));
      else missing.push(id);
    }
    const errors = missing.length > 0 ? [batchInputError('OBJECT_NOT_FOUND', notFoundMessage(type), { ids: missing })] : [];
    sendBatch(res, startedAt, results, errors, 200);
  });

  // https://developers.hubspot.com/docs/api/crm/contacts#create-contacts
  router.post('/crm/v3/objects/:objectType/batch/create', (req, res) => {
    const startedAt = Date.now();
    const { portal } = callerOf(req);
    const type = objectTypeParam(req.params.objectType);
    const body = parseBody(spec(type, 'create'), req.body, BatchCreateBody, checkSpec);
    checkBatchSize(body.inputs);
    const prepared = body.inputs.map((input) => {
      const checked = portal.writer.check(type, input.properties);
      if (checked.problems.length > 0) throw propertyProblemsError(checked.problems, portal.portalId);
      return { values: checked.values, planned: planAssociations(portal, type, input.associations) };
    });
    const registry = portal.properties[type];
    checkNoDuplicateUniqueValues((name) => registry.isUnique(name), prepared.map((p) => p.values));
    for (const { values } of prepared) {
      const clash = portal.writer.conflict(type, values);
      if (clash) throw clash;
    }
    const origin = apiWriteOrigin(ctx, req);
    const created = prepared.map(({ values, planned }) => {
      const record = portal.writer.create(type, values, origin);
      applyAssociations(portal, record.id, planned);
      return writeJson(record);
    });
    sendBatch(res, startedAt, created, [], 201);
  });

  // https://developers.hubspot.com/docs/api/crm/contacts#update-contacts
  router.post('/crm/v3/objects/:objectType/batch/update', (req, res) => {
    const startedAt = Date.now();
    const { portal } = callerOf(req);
    const type = objectTypeParam(req.params.objectType);
    const body = parseBody(spec(type, 'update'), req.body, BatchUpdateBody, checkSpec);
    checkBatchSize(body.inputs);
    const ids = body.inputs.map((i) => `${i.idProperty ?? ''}:${i.id}`);
    if (new Set(ids).size !== ids.length) throw validationError('Duplicate IDs found in batch input.', [{ message: 'duplicate ids', in: 'inputs', code: 'DUPLICATE_IDS' }]);
    const origin = apiWriteOrigin(ctx, req);
    const results: RecordJson[] = [];
    const errors: BatchInputError[] = [];
    for (const input of body.inputs) {
      const trace: Record<string, string[]> = input.objectWriteTraceId !== undefined ? { objectWriteTraceId: [input.objectWriteTraceId] } : {};
      const context = { id: [input.id], ...trace };
      checkIdProperty(portal, type, input.idProperty);
      const record = lookupRecord(portal, type, input.id, input.idProperty);
      if (!record) {
        errors.push(batchInputError('OBJECT_NOT_FOUND', notFoundMessage(type), { ids: [input.id], ...trace }));
        continue;
      }
      const checked = portal.writer.check(type, input.properties);
      if (checked.problems.length > 0) {
        errors.push(propertyProblemsInputError(checked.problems, portal.portalId, context));
        continue;
      }
      try {
        portal.writer.update(type, record, checked.values, origin);
        results.push(writeJson(record));
      } catch (error) {
        if (!(error instanceof HubspotApiError)) throw error;
        errors.push(batchInputError(error.category, error.message, { ...context, ...error.extras.context }));
      }
    }
    sendBatch(res, startedAt, results, errors, 200);
  });

  // https://developers.hubspot.com/docs/api/crm/contacts#upsert-contacts
  router.post('/crm/v3/objects/:objectType/batch/upsert', (req, res) => {
    const startedAt = Date.now();
    const { portal } = callerOf(req);
    const type = objectTypeParam(req.params.objectType);
    const body = parseBody(spec(type, 'upsert'), req.body, BatchUpdateBody, checkSpec);
    checkBatchSize(body.inputs);
    const origin = apiWriteOrigin(ctx, req);
    const results: (RecordJson & { new: boolean })[] = [];
    const errors: BatchInputError[] = [];
    for (const input of body.inputs) {
      const idProperty = input.idProperty;
      if (idProperty === undefined || idProperty === 'hs_object_id') {
        throw validationError('Upsert needs an idProperty naming a unique property.', [{ message: 'idProperty is required', in: 'inputs.idProperty' }]);
      }
      checkIdProperty(portal, type, idProperty);
      const context = { id: [input.id], ...(input.objectWriteTraceId !== undefined ? { objectWriteTraceId: [input.objectWriteTraceId] } : {}) };
      const existing = lookupRecord(portal, type, input.id, idProperty);
      const checked = portal.writer.check(type, existing ? input.properties : { ...input.properties, [idProperty]: input.id });
      if (checked.problems.length > 0) {
        errors.push(propertyProblemsInputError(checked.problems, portal.portalId, context));
        continue;
      }
      try {
        if (existing) portal.writer.update(type, existing, checked.values, origin);
        const record = existing ?? portal.writer.create(type, checked.values, origin);
        results.push({ ...writeJson(record), new: existing === undefined });
      } catch (error) {
        if (!(error instanceof HubspotApiError)) throw error;
        errors.push(batchInputError(error.category, error.message, { ...context, ...error.extras.context }));
      }
    }
    sendBatch(res, startedAt, results, errors, 200);
  });

  // https://developers.hubspot.com/docs/api/crm/contacts#archive-contacts
  router.post('/crm/v3/objects/:objectType/batch/archive', (req, res) => {
    const { portal } = callerOf(req);
    const type = objectTypeParam(req.params.objectType);
    const body = parseBody(spec(type, 'archive'), req.body, BatchArchiveBody, checkSpec);
    checkBatchSize(body.inputs);
    const origin = apiWriteOrigin(ctx, req);
    for (const { id } of body.inputs) {
      const record = lookupRecord(portal, type, id, undefined);
      if (record) portal.writer.archive(type, record, origin);
    }
    res.status(204).end();
  });

  return router;
}

/** Two inputs of one create batch may not claim the same unique value (a contact's email). */
function checkNoDuplicateUniqueValues(isUnique: (name: string) => boolean, batches: readonly ReadonlyMap<string, string | null>[]): void {
  const seen = new Set<string>();
  for (const values of batches) {
    for (const [name, value] of values) {
      if (value === null || !isUnique(name)) continue;
      const key = `${name}|${value.toLowerCase()}`;
      if (seen.has(key)) throw validationError(`Duplicate ${name} ${value} in batch input.`, [{ message: `duplicate ${name}`, in: 'inputs', code: 'DUPLICATE_UNIQUE_VALUE' }]);
      seen.add(key);
    }
  }
}
