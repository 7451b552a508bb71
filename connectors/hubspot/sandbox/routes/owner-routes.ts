/**
 * Owners: paged in id order, filterable by email.
 * https://developers.hubspot.com/docs/api/crm/owners
 */
import { Router } from 'express';
import { notFoundError, validationError } from '../errors.js';
import { callerOf } from '../request-context.js';
import { publicOwner } from '../state/owner-store.js';
import { boolParam, intParam, queryOf } from './query-params.js';

export function ownerRoutes(): Router {
  const router = Router();

  router.get('/crm/v3/owners', (req, res) => {
    const { portal } = callerOf(req);
    const query = queryOf(req);
    const limit = intParam(query, 'limit', { default: 100, min: 1, max: 500 });
    const archived = boolParam(query, 'archived', false);
    const email = query.get('email')?.toLowerCase();
    const after = query.get('after');
    const offset = after === null ? 0 : Number(after);
    if (!Number.isInteger(offset) || offset < 0) throw validationError(`after must be a paging cursor from a previous page, not ${after}.`, [{ message: 'invalid after', in: 'after' }]);
    const matching = portal.owners.list().filter((o) => o.archived === archived && (email === undefined || o.email?.toLowerCase() === email));
    const page = matching.slice(offset, offset + limit);
    const next = offset + limit < matching.length ? String(offset + limit) : undefined;
    res.json({ results: page.map(publicOwner), ...(next !== undefined ? { paging: { next: { after: next } } } : {}) });
  });

  router.get('/crm/v3/owners/:ownerId', (req, res) => {
    const { portal } = callerOf(req);
    const query = queryOf(req);
    const byUserId = query.get('idProperty') === 'userId';
    const owner = byUserId ? portal.owners.byUserId(Number(req.params.ownerId)) : portal.owners.get(req.params.ownerId);
    if (!owner || owner.archived !== boolParam(query, 'archived', false)) throw notFoundError(`Owner ${req.params.ownerId} not found.`, { ownerId: [req.params.ownerId] });
    res.json(publicOwner(owner));
  });

  return router;
}
