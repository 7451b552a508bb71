/**
 * Basic CRM object endpoints: list (id order, cursor paging), create, read, update, archive.
 * https://developers.hubspot.com/docs/api/crm/understanding-the-crm
 */
import { Router, type Request } from 'express';
import { validationError } from '../errors.js';
import { objectSpec } from '../openapi/object-specs.js';
import { callerOf } from '../request-context.js';
import type { SandboxContext } from '../sandbox-context.js';
import { RECORD_ID } from '../state/record-store.js';
import { apiWriteOrigin } from './api-write-origin.js';
import { applyAssociations, planAssociations } from './create-associations.js';
import { CreateBody, UpdateBody } from './object-bodies.js';
import { objectTypeParam } from './object-type-param.js';
import { boolParam, intParam, listParam, queryOf } from './query-params.js';
import { readJson, withAssociations, writeJson } from './record-json.js';
import { checkIdProperty, lookupRecord, requireRecord } from './record-lookup.js';
import { parseBody } from './request-body.js';

const LIST_LIMIT = { default: 10, min: 1, max: 100 };

function listUrl(req: Request, after: string, limit: number): string {
  const url = new URL(req.originalUrl, `${req.protocol}://${req.get('host') ?? 'localhost'}`);
  url.searchParams.set('after', after);
  url.searchParams.set('limit', String(limit));
  return url.toString();
}

export function objectRoutes(ctx: SandboxContext): Router {
  const router = Router();
  const checkSpec = ctx.options.validateRequests;

  // https://developers.hubspot.com/docs/api/crm/contacts#retrieve-contacts
  router.get('/crm/v3/objects/:objectType', (req, res) => {
    const { portal } = callerOf(req);
    const type = objectTypeParam(req.params.objectType);
    const query = queryOf(req);
    const limit = intParam(query, 'limit', LIST_LIMIT);
    const archived = boolParam(query, 'archived', false);
    const after = query.get('after');
    if (after !== null && !RECORD_ID.test(after)) throw validationError(`after must be a paging cursor from a previous page, not ${after}.`, [{ message: 'invalid after', in: 'after' }]);
    const wanted = listParam(query, 'properties') ?? null;
    const associations = listParam(query, 'associations');
    const store = portal.records[type];
    const ids = store.orderedIds();
    const results = [];
    let next: string | undefined;
    for (let i = after === null ? 0 : store.lowerBound(after); i < ids.length; i++) {
      const record = store.get(ids[i] as string);
      if (!record || record.archived !== archived) continue;
      if (results.length === limit) {
        next = record.id;
        break;
      }
      results.push(withAssociations(readJson(portal, type, record, wanted), portal, type, associations));
    }
    res.json({ results, ...(next !== undefined ? { paging: { next: { after: next, link: listUrl(req, next, limit) } } } : {}) });
  });

  // https://developers.hubspot.com/docs/api/crm/contacts#create-contacts
  router.post('/crm/v3/objects/:objectType', (req, res) => {
    const { portal } = callerOf(req);
    const type = objectTypeParam(req.params.objectType);
    const { spec, basePath } = objectSpec(type);
    const body = parseBody({ spec, method: 'post', path: basePath }, req.body, CreateBody, checkSpec);
    const planned = planAssociations(portal, type, body.associations);
    const record = portal.writer.createChecked(type, body.properties, apiWriteOrigin(ctx, req));
    applyAssociations(portal, record.id, planned);
    res.status(201).json(writeJson(record));
  });

  // https://developers.hubspot.com/docs/api/crm/contacts#retrieve-contacts
  router.get('/crm/v3/objects/:objectType/:id', (req, res) => {
    const { portal } = callerOf(req);
    const type = objectTypeParam(req.params.objectType);
    const query = queryOf(req);
    const idProperty = query.get('idProperty') ?? undefined;
    const record = requireRecord(portal, type, req.params.id, idProperty, boolParam(query, 'archived', false));
    res.json(withAssociations(readJson(portal, type, record, listParam(query, 'properties') ?? null), portal, type, listParam(query, 'associations')));
  });

  // https://developers.hubspot.com/docs/api/crm/contacts#update-contacts
  router.patch('/crm/v3/objects/:objectType/:id', (req, res) => {
    const { portal } = callerOf(req);
    const type = objectTypeParam(req.params.objectType);
    const { spec, basePath } = objectSpec(type);
    const body = parseBody({ spec, method: 'patch', path: `${basePath}/${req.params.id}` }, req.body, UpdateBody, checkSpec);
    const record = requireRecord(portal, type, req.params.id, queryOf(req).get('idProperty') ?? undefined);
    portal.writer.updateChecked(type, record, body.properties, apiWriteOrigin(ctx, req));
    res.json(writeJson(record));
  });

  // https://developers.hubspot.com/docs/api/crm/contacts#delete-contacts
  router.delete('/crm/v3/objects/:objectType/:id', (req, res) => {
    const { portal } = callerOf(req);
    const type = objectTypeParam(req.params.objectType);
    const idProperty = queryOf(req).get('idProperty') ?? undefined;
    checkIdProperty(portal, type, idProperty);
    // Archiving a record that is missing or already archived is not an error on HubSpot either.
    const record = lookupRecord(portal, type, req.params.id, idProperty);
    if (record) portal.writer.archive(type, record, apiWriteOrigin(ctx, req));
    res.status(204).end();
  });

  return router;
}
