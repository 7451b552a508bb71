/**
 * Associations v4: batch read, create, default and archive, and the per-record endpoints.
 * Object ids come back as numbers, as the live API sends them.
 * https://developers.hubspot.com/docs/api/crm/associations
 */
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { batchInputError, HubspotApiError, validationError, type BatchInputError } from '../errors.js';
import { callerOf } from '../request-context.js';
import type { SandboxContext } from '../sandbox-context.js';
import { associationType, defaultAssociationType, type AssociationType } from '../state/association-types.js';
import { OBJECT_TYPES, type ObjectTypeName } from '../state/object-types.js';
import type { SandboxPortal } from '../state/portal.js';
import { objectTypeParam } from './object-type-param.js';
import { intParam, queryOf } from './query-params.js';
import { parseBody, type SpecOperation } from './request-body.js';

const MAX_READ_INPUTS = 1000;
const MAX_WRITE_INPUTS = 2000;
const TARGETS_PER_PAGE = 500;

const Id = z.object({ id: z.string() });
const Spec = z.object({ associationCategory: z.string(), associationTypeId: z.number().int() });
const ReadBody = z.object({ inputs: z.array(Id.extend({ after: z.string().optional() })) });
const CreateBody = z.object({ inputs: z.array(z.object({ from: Id, to: Id, types: z.array(Spec) })) });
const DefaultBody = z.object({ inputs: z.array(z.object({ from: Id, to: Id })) });
const ArchiveBody = z.object({ inputs: z.array(z.object({ from: Id, to: z.array(Id) })) });

interface Pair {
  from: ObjectTypeName;
  to: ObjectTypeName;
}

function pairOf(req: Request<{ fromType: string; toType: string }>): Pair {
  return { from: objectTypeParam(req.params.fromType), to: objectTypeParam(req.params.toType) };
}

function checkCount(inputs: readonly unknown[], max: number): void {
  if (inputs.length > max) throw validationError(`Batch input is limited to ${max} inputs; got ${inputs.length}.`, [{ message: 'too many inputs', in: 'inputs', code: 'TOO_MANY_INPUTS' }]);
}

function typeFor(pair: Pair, spec: z.output<typeof Spec>): AssociationType {
  const type = associationType(spec.associationTypeId);
  if (spec.associationCategory !== 'HUBSPOT_DEFINED' || !type || type.fromType !== pair.from || type.toType !== pair.to) {
    throw validationError(`${spec.associationCategory} ${spec.associationTypeId} is not a valid association type from ${pair.from} to ${pair.to}.`, [
      { message: 'invalid association type', in: 'types', code: 'INVALID_ASSOCIATION_TYPE' },
    ]);
  }
  return type;
}

function specWithLabel(typeId: number): { category: 'HUBSPOT_DEFINED'; typeId: number; label: string | null } {
  return { category: 'HUBSPOT_DEFINED', typeId, label: associationType(typeId)?.label ?? null };
}

function labelsBetween(pair: Pair, fromId: string, toId: string, types: readonly AssociationType[]) {
  return {
    fromObjectTypeId: OBJECT_TYPES[pair.from].typeId,
    fromObjectId: Number(fromId),
    toObjectTypeId: OBJECT_TYPES[pair.to].typeId,
    toObjectId: Number(toId),
    labels: types.map((t) => t.label).filter((l): l is string => l !== null),
  };
}

function targetsPage(portal: SandboxPortal, pair: Pair, fromId: string, after: string | undefined, limit: number) {
  const all = portal.associations.list(pair.from, fromId, pair.to);
  const offset = after === undefined ? 0 : Number(after);
  if (!Number.isInteger(offset) || offset < 0) throw validationError(`after must be a paging cursor from a previous page, not ${after}.`, [{ message: 'invalid after', in: 'after' }]);
  const page = all.slice(offset, offset + limit).map(({ toId, typeIds }) => ({ toObjectId: Number(toId), associationTypes: typeIds.map(specWithLabel) }));
  const next = offset + limit < all.length ? String(offset + limit) : undefined;
  return { total: all.length, page, next };
}

function batchAnswer(res: Response, status: number, startedAt: string, results: unknown[], errors: BatchInputError[]): void {
  const times = { startedAt, completedAt: new Date().toISOString() };
  if (errors.length === 0) res.status(status).json({ status: 'COMPLETE', results, ...times });
  else res.status(207).json({ status: 'COMPLETE', results, numErrors: errors.length, errors, ...times });
}

export function associationRoutes(ctx: SandboxContext): Router {
  const router = Router();
  const checkSpec = ctx.options.validateRequests;
  const base = '/crm/v4/associations/:fromType/:toType/batch';
  const op = (pair: Pair, suffix: string): SpecOperation => ({ spec: 'associations', method: 'post', path: `/crm/v4/associations/${pair.from}/${pair.to}/batch/${suffix}` });

  // https://developers.hubspot.com/docs/api/crm/associations#retrieve-associated-records
  router.post(`${base}/read`, (req, res) => {
    const startedAt = new Date().toISOString();
    const { portal } = callerOf(req);
    const pair = pairOf(req);
    const body = parseBody(op(pair, 'read'), req.body, ReadBody, checkSpec);
    checkCount(body.inputs, MAX_READ_INPUTS);
    const results = [];
    const errors: BatchInputError[] = [];
    for (const input of body.inputs) {
      const { total, page, next } = targetsPage(portal, pair, input.id, input.after, TARGETS_PER_PAGE);
      if (total === 0) {
        const message = `No ${OBJECT_TYPES[pair.to].singular} is associated with ${OBJECT_TYPES[pair.from].singular} ${input.id}.`;
        errors.push(batchInputError('OBJECT_NOT_FOUND', message, { fromObjectId: [input.id] }, [{ message, code: 'NO_ASSOCIATIONS_FOUND', subCategory: 'crm.associations.NO_ASSOCIATIONS_FOUND' }]));
        continue;
      }
      results.push({ from: { id: input.id }, to: page, ...(next !== undefined ? { paging: { next: { after: next } } } : {}) });
    }
    batchAnswer(res, 200, startedAt, results, errors);
  });

  // https://developers.hubspot.com/docs/api/crm/associations#associate-records-with-a-label
  router.post(`${base}/create`, (req, res) => {
    const startedAt = new Date().toISOString();
    const { portal } = callerOf(req);
    const pair = pairOf(req);
    const body = parseBody(op(pair, 'create'), req.body, CreateBody, checkSpec);
    checkCount(body.inputs, MAX_WRITE_INPUTS);
    const results = [];
    const errors: BatchInputError[] = [];
    for (const input of body.inputs) {
      try {
        const types = input.types.map((spec) => typeFor(pair, spec));
        for (const type of types) portal.associate(pair.from, input.from.id, pair.to, input.to.id, type.typeId);
        results.push(labelsBetween(pair, input.from.id, input.to.id, types));
      } catch (error) {
        if (!(error instanceof HubspotApiError)) throw error;
        errors.push(batchInputError(error.category, error.message, { fromObjectId: [input.from.id], toObjectId: [input.to.id] }));
      }
    }
    batchAnswer(res, 201, startedAt, results, errors);
  });

  // https://developers.hubspot.com/docs/api/crm/associations#associate-records-without-a-label
  router.post(`${base}/associate/default`, (req, res) => {
    const startedAt = new Date().toISOString();
    const { portal } = callerOf(req);
    const pair = pairOf(req);
    const body = parseBody(op(pair, 'associate/default'), req.body, DefaultBody, checkSpec);
    checkCount(body.inputs, MAX_WRITE_INPUTS);
    const type = defaultAssociationType(pair.from, pair.to);
    if (!type) throw validationError(`${pair.from} and ${pair.to} cannot be associated.`, [{ message: 'no default association type', code: 'INVALID_ASSOCIATION_TYPE' }]);
    const results = body.inputs.flatMap((input) => {
      portal.associate(pair.from, input.from.id, pair.to, input.to.id, type.typeId);
      return [
        { from: { id: input.from.id }, to: { id: input.to.id }, associationSpec: { associationCategory: 'HUBSPOT_DEFINED', associationTypeId: type.typeId } },
        { from: { id: input.to.id }, to: { id: input.from.id }, associationSpec: { associationCategory: 'HUBSPOT_DEFINED', associationTypeId: type.inverseTypeId } },
      ];
    });
    batchAnswer(res, 200, startedAt, results, []);
  });

  // https://developers.hubspot.com/docs/api/crm/associations#remove-associations
  router.post(`${base}/archive`, (req, res) => {
    const { portal } = callerOf(req);
    const pair = pairOf(req);
    const body = parseBody(op(pair, 'archive'), req.body, ArchiveBody, checkSpec);
    checkCount(body.inputs, MAX_WRITE_INPUTS);
    for (const input of body.inputs) for (const to of input.to) portal.associations.remove(pair.from, input.from.id, pair.to, to.id);
    res.status(204).end();
  });

  router.post(`${base}/labels/archive`, (req, res) => {
    const { portal } = callerOf(req);
    const pair = pairOf(req);
    const body = parseBody(op(pair, 'labels/archive'), req.body, CreateBody, checkSpec);
    for (const input of body.inputs) {
      for (const spec of input.types) {
        const type = typeFor(pair, spec);
        if (type.isDefault) portal.associations.remove(pair.from, input.from.id, pair.to, input.to.id);
        else portal.associations.removeType(input.from.id, input.to.id, type);
      }
    }
    res.status(204).end();
  });

  // https://developers.hubspot.com/docs/api/crm/associations#retrieve-associated-records
  router.get('/crm/v4/objects/:fromType/:id/associations/:toType', (req, res) => {
    const { portal } = callerOf(req);
    const pair = pairOf(req);
    const query = queryOf(req);
    const limit = intParam(query, 'limit', { default: TARGETS_PER_PAGE, min: 1, max: TARGETS_PER_PAGE });
    const { page, next } = targetsPage(portal, pair, req.params.id, query.get('after') ?? undefined, limit);
    res.json({ results: page, ...(next !== undefined ? { paging: { next: { after: next } } } : {}) });
  });

  router.put('/crm/v4/objects/:fromType/:id/associations/default/:toType/:toId', (req, res) => {
    const startedAt = new Date().toISOString();
    const { portal } = callerOf(req);
    const pair = pairOf(req);
    const type = portal.associate(pair.from, req.params.id, pair.to, req.params.toId);
    batchAnswer(res, 200, startedAt, [
      { from: { id: req.params.id }, to: { id: req.params.toId }, associationSpec: { associationCategory: 'HUBSPOT_DEFINED', associationTypeId: type.typeId } },
      { from: { id: req.params.toId }, to: { id: req.params.id }, associationSpec: { associationCategory: 'HUBSPOT_DEFINED', associationTypeId: type.inverseTypeId } },
    ], []);
  });

  router.put('/crm/v4/objects/:fromType/:id/associations/:toType/:toId', (req, res) => {
    const { portal } = callerOf(req);
    const pair = pairOf(req);
    const path = `/crm/v4/objects/${pair.from}/${req.params.id}/associations/${pair.to}/${req.params.toId}`;
    const specs = parseBody({ spec: 'associations', method: 'put', path }, req.body, z.array(Spec), checkSpec);
    const types = specs.map((spec) => typeFor(pair, spec));
    for (const type of types) portal.associate(pair.from, req.params.id, pair.to, req.params.toId, type.typeId);
    res.status(201).json(labelsBetween(pair, req.params.id, req.params.toId, types));
  });

  router.delete('/crm/v4/objects/:fromType/:id/associations/:toType/:toId', (req, res) => {
    const { portal } = callerOf(req);
    const pair = pairOf(req);
    portal.associations.remove(pair.from, req.params.id, pair.to, req.params.toId);
    res.status(204).end();
  });

  return router;
}
