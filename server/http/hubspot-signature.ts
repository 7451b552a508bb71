/**
 * Requests from HubSpot (cards, webhooks, workflow actions) carry HubSpot's signature instead of
 * our API key. This middleware verifies it over the raw body and the public URL HubSpot called,
 * and, for cards and actions, takes the tenant from the portal the signature covers: a portal id
 * in an unsigned place is never trusted.
 */
import express, { type NextFunction, type Request, type Response } from 'express';
import { VipCareError } from '../../core/errors.js';
import { verifyHubspotSignature } from '../../connectors/hubspot/index.js';
import type { HubspotHost } from '../crm/hubspot/hubspot-host.js';
import { connectionByAccount } from '../crm/connections.js';
import type { Store } from '../store/db.js';
import type { Logger } from '../logging/logger.js';
import { remember } from '../../core/bounded-cache.js';

/** Raw bytes for signature checks; the route parses JSON itself afterwards. */
export const rawBody = express.raw({ type: () => true, limit: '1mb' });

export function bodyBytes(req: Request): Buffer {
  return Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
}

export function publicUrlOf(host: HubspotHost, req: Request): string {
  return `${new URL(host.config.publicUrl).origin}${req.originalUrl}`;
}

export function parseJsonBody(req: Request): unknown {
  const bytes = bodyBytes(req);
  if (bytes.length === 0) return {};
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new VipCareError('INVALID_INPUT', { field: 'body: not valid JSON' });
  }
}

/** Verifies the signature only (webhooks name their portals per event). */
export function requireHubspotSignature(host: HubspotHost, logger: Logger, opts: { allowLegacy: boolean }) {
  return (req: Request, res: Response, next: NextFunction) => {
    const check = verifyHubspotSignature(
      { method: req.method, url: publicUrlOf(host, req), rawBody: bodyBytes(req), header: (name) => req.get(name) },
      host.config.app.clientSecret,
      Date.now(),
      opts,
    );
    if (!check.ok) {
      // Security-relevant, but never log the signature or body.
      logger.warn('hubspot signature rejected', { path: req.path, reason: check.reason });
      next(new VipCareError('UNAUTHORIZED'));
      return;
    }
    res.locals.hubspotSignature = check.version;
    next();
  };
}

/**
 * Tenants of portals, remembered for a few seconds: a card page fires several requests at once,
 * and a portal's connection changes only on install or uninstall.
 */
const PORTAL_TTL_MS = 5000;
const portals = new Map<string, { tenantId: string | null; until: number }>();

async function tenantOfPortal(store: Store, portalId: string): Promise<string | null> {
  const key = `${store.schema}:${portalId}`;
  const hit = portals.get(key);
  if (hit && hit.until > Date.now()) return hit.tenantId;
  const connection = await connectionByAccount(store.db, 'hubspot', portalId);
  const tenantId = connection && connection.status === 'active' ? connection.tenant_id : null;
  remember(portals, key, { tenantId, until: Date.now() + PORTAL_TTL_MS }, 10_000);
  return tenantId;
}

/** After the signature: the tenant of the portal named in the signed URL (cards) or signed body (actions). */
export function hubspotTenant(store: Store, host: HubspotHost, portalFrom: (req: Request) => string | undefined) {
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      const portalId = portalFrom(req);
      if (!portalId || !/^\d{1,20}$/.test(portalId)) throw new VipCareError('UNAUTHORIZED');
      const appId = typeof req.query.appId === 'string' ? req.query.appId : undefined;
      if (host.config.appId && appId && appId !== host.config.appId) throw new VipCareError('FORBIDDEN', { detail: 'another app' });
      const tenantId = await tenantOfPortal(store, portalId);
      if (!tenantId) throw new VipCareError('FORBIDDEN', { detail: `portal ${portalId} is not connected` });
      res.locals.tenantId = tenantId;
      const userId = typeof req.query.userId === 'string' && /^\d{1,20}$/.test(req.query.userId) ? req.query.userId : 'unknown';
      res.locals.actor = `hubspot-user:${userId}`;
      next();
    } catch (error) {
      next(error);
    }
  };
}
