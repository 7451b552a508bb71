import type { NextFunction, Request, Response } from 'express';
import { VipCareError } from '../../core/errors.js';
import { verifyApiKey } from '../auth/api-keys.js';
import type { Store } from '../store/db.js';

/** The verified tenant of this request; set only by requireApiKey. */
export function tenantOf(res: Response): string {
  const tenant = res.locals.tenantId as unknown;
  if (typeof tenant !== 'string') throw new VipCareError('UNAUTHORIZED');
  return tenant;
}

/** `Authorization: Bearer vck_...`: the key decides the tenant. */
export function requireApiKey(store: Store) {
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      const header = req.get('authorization') ?? '';
      const presented = header.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() : '';
      const verified = presented ? await verifyApiKey(store.db, presented) : undefined;
      if (!verified) {
        res.set('WWW-Authenticate', 'Bearer realm="vip-care"');
        throw new VipCareError('UNAUTHORIZED');
      }
      res.locals.tenantId = verified.tenantId;
      next();
    } catch (error) {
      next(error);
    }
  };
}
