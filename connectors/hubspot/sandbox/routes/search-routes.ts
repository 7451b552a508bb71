/**
 * CRM search. https://developers.hubspot.com/docs/api/crm/search
 */
import { Router } from 'express';
import { objectSpec } from '../openapi/object-specs.js';
import { callerOf } from '../request-context.js';
import { searchRecords } from '../search/search-engine.js';
import type { SandboxContext } from '../sandbox-context.js';
import { SearchBody } from './object-bodies.js';
import { objectTypeParam } from './object-type-param.js';
import { readJson } from './record-json.js';
import { parseBody } from './request-body.js';

export function searchRoutes(ctx: SandboxContext): Router {
  const router = Router();

  router.post('/crm/v3/objects/:objectType/search', (req, res) => {
    const { portal } = callerOf(req);
    const type = objectTypeParam(req.params.objectType);
    const { spec, basePath } = objectSpec(type);
    const body = parseBody({ spec, method: 'post', path: `${basePath}/search` }, req.body, SearchBody, ctx.options.validateRequests);
    const page = searchRecords(portal, type, body);
    res.json({
      total: page.total,
      results: page.records.map((record) => readJson(portal, type, record, body.properties?.length ? body.properties : null)),
      ...(page.nextAfter !== undefined ? { paging: { next: { after: page.nextAfter } } } : {}),
    });
  });

  return router;
}
