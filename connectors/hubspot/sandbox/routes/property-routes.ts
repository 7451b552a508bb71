/**
 * Property definitions and property groups.
 * https://developers.hubspot.com/docs/api/crm/properties
 */
import { Router, type Request } from 'express';
import { z } from 'zod';
import { batchInputError, HubspotApiError, notFoundError, type BatchInputError } from '../errors.js';
import { callerOf } from '../request-context.js';
import type { SandboxContext } from '../sandbox-context.js';
import { FIELD_TYPES, PROPERTY_TYPES, publicGroup, publicProperty } from '../state/property-definition.js';
import type { PropertyRegistry } from '../state/property-registry.js';
import { MAX_BATCH_INPUTS } from './object-bodies.js';
import { objectTypeParam } from './object-type-param.js';
import { boolParam, queryOf } from './query-params.js';
import { parseBody, type SpecOperation } from './request-body.js';

const Option = z.object({ label: z.string(), value: z.string(), displayOrder: z.number().int().optional(), hidden: z.boolean().optional(), description: z.string().optional() });

const PropertyCreate = z.object({
  name: z.string(),
  label: z.string(),
  type: z.enum(PROPERTY_TYPES),
  fieldType: z.enum(FIELD_TYPES),
  groupName: z.string(),
  description: z.string().optional(),
  options: z.array(Option).optional(),
  displayOrder: z.number().int().optional(),
  hasUniqueValue: z.boolean().optional(),
  hidden: z.boolean().optional(),
  formField: z.boolean().optional(),
  externalOptions: z.boolean().optional(),
  referencedObjectType: z.string().optional(),
});

const PropertyUpdate = PropertyCreate.omit({ name: true, hasUniqueValue: true, externalOptions: true, referencedObjectType: true }).partial();
const BatchCreate = z.object({ inputs: z.array(PropertyCreate).max(MAX_BATCH_INPUTS) });
const BatchNames = z.object({ inputs: z.array(z.object({ name: z.string() })).max(MAX_BATCH_INPUTS), archived: z.boolean().optional() });
const GroupCreate = z.object({ name: z.string(), label: z.string(), displayOrder: z.number().int().optional() });
const GroupUpdate = GroupCreate.omit({ name: true }).partial();

const op = (method: SpecOperation['method'], path: string): SpecOperation => ({ spec: 'properties', method, path });

function registryFor(req: Request<{ objectType: string }>): PropertyRegistry {
  return callerOf(req).portal.properties[objectTypeParam(req.params.objectType)];
}

export function propertyRoutes(ctx: SandboxContext): Router {
  const router = Router();
  const checkSpec = ctx.options.validateRequests;
  const base = '/crm/v3/properties/:objectType';

  // https://developers.hubspot.com/docs/api/crm/properties#retrieve-properties
  router.get(base, (req, res) => {
    const registry = registryFor(req);
    res.json({ results: registry.list(boolParam(queryOf(req), 'archived', false)).map(publicProperty) });
  });

  // https://developers.hubspot.com/docs/api/crm/properties#create-a-property
  router.post(base, (req, res) => {
    const registry = registryFor(req);
    const body = parseBody(op('post', `/crm/v3/properties/${registry.objectType}`), req.body, PropertyCreate, checkSpec);
    res.status(201).json(publicProperty(registry.create(body)));
  });

  router.post(`${base}/batch/create`, (req, res) => {
    const startedAt = new Date().toISOString();
    const registry = registryFor(req);
    const body = parseBody(op('post', `/crm/v3/properties/${registry.objectType}/batch/create`), req.body, BatchCreate, checkSpec);
    const results = [];
    const errors: BatchInputError[] = [];
    for (const input of body.inputs) {
      try {
        results.push(publicProperty(registry.create(input)));
      } catch (error) {
        if (!(error instanceof HubspotApiError)) throw error;
        errors.push(batchInputError(error.category, error.message, { name: [input.name] }, error.extras.errors ?? []));
      }
    }
    const times = { startedAt, completedAt: new Date().toISOString() };
    if (errors.length === 0) res.status(201).json({ status: 'COMPLETE', results, ...times });
    else res.status(207).json({ status: 'COMPLETE', results, numErrors: errors.length, errors, ...times });
  });

  router.post(`${base}/batch/read`, (req, res) => {
    const startedAt = new Date().toISOString();
    const registry = registryFor(req);
    const body = parseBody(op('post', `/crm/v3/properties/${registry.objectType}/batch/read`), req.body, BatchNames, checkSpec);
    const archived = body.archived ?? false;
    const found = body.inputs.map(({ name }) => registry.list(archived).find((d) => d.name === name));
    const missing = body.inputs.filter((_, i) => found[i] === undefined).map((i) => i.name);
    const results = found.filter((d) => d !== undefined).map(publicProperty);
    const times = { startedAt, completedAt: new Date().toISOString() };
    if (missing.length === 0) res.json({ status: 'COMPLETE', results, ...times });
    else res.status(207).json({ status: 'COMPLETE', results, numErrors: 1, errors: [batchInputError('OBJECT_NOT_FOUND', `Unable to find properties ${missing.join(', ')}`, { name: missing })], ...times });
  });

  router.post(`${base}/batch/archive`, (req, res) => {
    const registry = registryFor(req);
    const body = parseBody(op('post', `/crm/v3/properties/${registry.objectType}/batch/archive`), req.body, BatchNames, checkSpec);
    for (const { name } of body.inputs) if (registry.get(name)) registry.archive(name);
    res.status(204).end();
  });

  // https://developers.hubspot.com/docs/api/crm/properties#create-a-property-group
  router.get(`${base}/groups`, (req, res) => {
    const registry = registryFor(req);
    res.json({ results: registry.listGroups().map(publicGroup) });
  });

  router.post(`${base}/groups`, (req, res) => {
    const registry = registryFor(req);
    const body = parseBody(op('post', `/crm/v3/properties/${registry.objectType}/groups`), req.body, GroupCreate, checkSpec);
    res.status(201).json(publicGroup(registry.createGroup(body)));
  });

  router.get(`${base}/groups/:groupName`, (req, res) => {
    const registry = registryFor(req);
    res.json(publicGroup(registry.getGroup(req.params.groupName)));
  });

  router.patch(`${base}/groups/:groupName`, (req, res) => {
    const registry = registryFor(req);
    const body = parseBody(op('patch', `/crm/v3/properties/${registry.objectType}/groups/${req.params.groupName}`), req.body, GroupUpdate, checkSpec);
    res.json(publicGroup(registry.updateGroup(req.params.groupName, body)));
  });

  router.delete(`${base}/groups/:groupName`, (req, res) => {
    const registry = registryFor(req);
    registry.archiveGroup(req.params.groupName);
    res.status(204).end();
  });

  // https://developers.hubspot.com/docs/api/crm/properties#retrieve-properties
  router.get(`${base}/:propertyName`, (req, res) => {
    const registry = registryFor(req);
    const archived = boolParam(queryOf(req), 'archived', false);
    const def = registry.list(archived).find((d) => d.name === req.params.propertyName);
    if (!def) throw notFoundError(`Unable to find property ${req.params.propertyName} for object type ${registry.objectType}`, { propertyName: [req.params.propertyName] });
    res.json(publicProperty(def));
  });

  // https://developers.hubspot.com/docs/api/crm/properties#update-or-clear-a-property-s-values
  router.patch(`${base}/:propertyName`, (req, res) => {
    const registry = registryFor(req);
    const body = parseBody(op('patch', `/crm/v3/properties/${registry.objectType}/${req.params.propertyName}`), req.body, PropertyUpdate, checkSpec);
    res.json(publicProperty(registry.update(req.params.propertyName, body)));
  });

  router.delete(`${base}/:propertyName`, (req, res) => {
    const registry = registryFor(req);
    if (registry.get(req.params.propertyName)) registry.archive(req.params.propertyName);
    res.status(204).end();
  });

  return router;
}
