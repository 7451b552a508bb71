/**
 * `control` over HTTP for tests and tools outside the process, under /_sandbox (JSON, no
 * authentication: the sandbox listens on loopback). Not part of HubSpot's API.
 */
import { Router } from 'express';
import { z } from 'zod';
import type { SandboxControl } from '../control.js';
import { notFoundError } from '../errors.js';
import { FaultSpec } from '../faults.js';
import type { SandboxContext } from '../sandbox-context.js';
import { CHANGE_SOURCES } from '../webhooks/crm-change.js';
import { PortalCreateInput } from '../state/portal.js';
import { SeedData } from '../state/seed-data.js';
import { objectTypeParam } from './object-type-param.js';

const Change = z.object({ properties: z.record(z.string(), z.string()).default({}), changeSource: z.enum(CHANGE_SOURCES).optional() });
const Scopes = z.object({ scopes: z.array(z.string()).optional() });
const HttpFault = FaultSpec.extend({ pathPattern: z.string().min(1).optional() });
const Faults = z.union([HttpFault, z.array(HttpFault)]);
const PortalId = z.coerce.number().int().positive();

export function controlRoutes(ctx: SandboxContext, control: SandboxControl): Router {
  const router = Router();
  const portal = (raw: string) => {
    const found = ctx.portals.get(PortalId.parse(raw));
    if (!found) throw notFoundError(`Portal ${raw} does not exist in the sandbox.`);
    return found;
  };
  const changeOptions = (change: z.output<typeof Change>) => (change.changeSource ? { changeSource: change.changeSource } : {});

  router.post('/faults', (req, res) => {
    control.injectFaults(Faults.parse(req.body));
    res.status(204).end();
  });
  router.delete('/faults', (_req, res) => {
    control.clearFaults();
    res.status(204).end();
  });
  router.get('/stats', (_req, res) => {
    res.json(ctx.stats.snapshot());
  });
  router.post('/stats/reset', (_req, res) => {
    ctx.stats.reset();
    res.status(204).end();
  });
  router.post('/portals', (req, res) => {
    const created = ctx.portals.create(PortalCreateInput.parse(req.body));
    res.status(201).json({ portalId: created.portalId, hubDomain: created.hubDomain, timezone: created.timezone, currency: created.currency });
  });
  router.post('/portals/:portalId/seed', (req, res) => {
    res.json(portal(req.params.portalId).seed(SeedData.parse(req.body)));
  });
  router.post('/portals/:portalId/apps/:appId/install', (req, res) => {
    portal(req.params.portalId).installApp(Number(req.params.appId), Scopes.parse(req.body ?? {}).scopes ?? []);
    res.status(204).end();
  });
  router.post('/portals/:portalId/apps/:appId/tokens', (req, res) => {
    res.json(portal(req.params.portalId).mintTokens(Number(req.params.appId), Scopes.parse(req.body ?? {}).scopes));
  });
  router.post('/portals/:portalId/apps/:appId/uninstall', (req, res) => {
    control.uninstall(PortalId.parse(req.params.portalId), Number(req.params.appId));
    res.status(204).end();
  });
  router.post('/portals/:portalId/expire-access-tokens', (req, res) => {
    res.json({ expired: control.expireAccessTokens(PortalId.parse(req.params.portalId)) });
  });
  router.get('/portals/:portalId/objects/:objectType/:id', (req, res) => {
    const snapshot = portal(req.params.portalId).record(objectTypeParam(req.params.objectType), req.params.id);
    if (!snapshot) throw notFoundError(`${req.params.objectType} ${req.params.id} does not exist.`);
    res.json(snapshot);
  });
  router.post('/portals/:portalId/objects/:objectType', (req, res) => {
    const change = Change.parse(req.body);
    res.status(201).json(control.createRecord(PortalId.parse(req.params.portalId), req.params.objectType, change.properties, changeOptions(change)));
  });
  router.patch('/portals/:portalId/objects/:objectType/:id', (req, res) => {
    const change = Change.parse(req.body);
    res.json(control.updateRecord(PortalId.parse(req.params.portalId), req.params.objectType, req.params.id, change.properties, changeOptions(change)));
  });
  router.delete('/portals/:portalId/objects/:objectType/:id', (req, res) => {
    control.deleteRecord(PortalId.parse(req.params.portalId), req.params.objectType, req.params.id);
    res.status(204).end();
  });
  router.post('/portals/:portalId/contacts/:id/privacy-delete', (req, res) => {
    control.privacyDelete(PortalId.parse(req.params.portalId), req.params.id);
    res.status(204).end();
  });
  router.post('/webhooks/flush', async (_req, res) => {
    await control.flushWebhooks();
    res.status(204).end();
  });
  router.get('/callbacks', (_req, res) => {
    res.json({ results: control.callbackCompletions() });
  });
  router.post('/clock/advance', (req, res) => {
    control.advanceClock(z.object({ ms: z.number().int() }).parse(req.body).ms);
    res.json({ now: new Date(ctx.clock.now()).toISOString() });
  });

  return router;
}
