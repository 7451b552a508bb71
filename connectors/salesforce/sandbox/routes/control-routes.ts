/**
 * `control` over HTTP for tools outside the process, under /_sandbox (JSON, no authentication:
 * the sandbox listens on loopback). Not part of Salesforce's API.
 */
import { Router, type ErrorRequestHandler } from 'express';
import { z } from 'zod';
import { ControlError, type SalesforceSandboxControl } from '../control.js';
import { SalesforceApiError } from '../errors.js';
import { FaultSpec } from '../faults.js';
import { OutboundDefinitionInput } from '../outbound/outbound-definition.js';
import type { SandboxContext } from '../sandbox-context.js';
import { OrgCreateInput } from '../state/org.js';
import { SeedData } from '../state/seed-data.js';

const Change = z.object({ fields: z.record(z.string(), z.unknown()).default({}), asUser: z.string().optional() });
const Session = z.object({ clientId: z.string().min(1), username: z.string().optional() });
const Remaining = z.object({ remaining: z.number().int().min(0) });
const PackageFields = z.object({ object: z.string().optional(), fields: z.array(z.string()).optional() });
const RevokeRefresh = z.object({ clientId: z.string().optional() });

const controlErrors: ErrorRequestHandler = (error: unknown, _req, res, next) => {
  if (error instanceof SalesforceApiError) res.status(error.httpStatus).json(error.body());
  else if (error instanceof ControlError || error instanceof z.ZodError || error instanceof Error) res.status(400).json({ error: error.message });
  else next(error);
};

export function controlRoutes(ctx: SandboxContext, control: SalesforceSandboxControl): Router {
  const router = Router();
  const org = (orgId: string) => {
    const found = ctx.orgs.get(orgId);
    if (!found) throw new ControlError(`org ${orgId} does not exist in the sandbox`);
    return found;
  };
  const changeOptions = (change: z.output<typeof Change>) => (change.asUser ? { asUser: change.asUser } : {});

  router.post('/faults', (req, res) => {
    const body: unknown = req.body;
    control.injectFaults((Array.isArray(body) ? body : [body]).map((fault: unknown) => FaultSpec.parse(fault)));
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
  router.post('/orgs', (req, res) => {
    const created = ctx.orgs.create(OrgCreateInput.parse(req.body));
    res.status(201).json({ orgId: created.orgId, instanceName: created.instanceName, timezone: created.timezone, currency: created.currency, adminUserId: created.adminUserId });
  });
  router.post('/orgs/:orgId/seed', (req, res) => {
    res.json(org(req.params.orgId).seed(SeedData.parse(req.body)));
  });
  router.post('/orgs/:orgId/sessions', (req, res) => {
    const body = Session.parse(req.body);
    res.json(org(req.params.orgId).mintSession(body.clientId, body.username));
  });
  router.get('/orgs/:orgId/sobjects/:type', (req, res) => {
    res.json({ records: org(req.params.orgId).records(req.params.type) });
  });
  router.get('/orgs/:orgId/sobjects/:type/:id', (req, res) => {
    const found = org(req.params.orgId).record(req.params.type, req.params.id);
    if (!found) throw new ControlError(`${req.params.type} ${req.params.id} does not exist`);
    res.json(found);
  });
  router.post('/orgs/:orgId/sobjects/:type', (req, res) => {
    const change = Change.parse(req.body);
    res.status(201).json(control.createRecord(req.params.orgId, req.params.type, change.fields, changeOptions(change)));
  });
  router.patch('/orgs/:orgId/sobjects/:type/:id', (req, res) => {
    const change = Change.parse(req.body);
    res.json(control.updateRecord(req.params.orgId, req.params.type, req.params.id, change.fields, changeOptions(change)));
  });
  router.delete('/orgs/:orgId/sobjects/:type/:id', (req, res) => {
    control.deleteRecord(req.params.orgId, req.params.type, req.params.id);
    res.status(204).end();
  });
  router.post('/orgs/:orgId/expire-sessions', (req, res) => {
    res.json({ expired: control.expireSessions(req.params.orgId) });
  });
  router.post('/orgs/:orgId/revoke-refresh-tokens', (req, res) => {
    res.json({ revoked: control.revokeRefreshTokens(req.params.orgId, RevokeRefresh.parse(req.body ?? {}).clientId) });
  });
  router.post('/orgs/:orgId/api-remaining', (req, res) => {
    control.setRemainingApiCalls(req.params.orgId, Remaining.parse(req.body).remaining);
    res.status(204).end();
  });
  router.post('/orgs/:orgId/package-fields/remove', (req, res) => {
    const body = PackageFields.parse(req.body ?? {});
    res.json({ removed: control.removePackageFields(req.params.orgId, { ...(body.object ? { object: body.object } : {}), ...(body.fields ? { fields: body.fields } : {}) }) });
  });
  router.post('/orgs/:orgId/package-fields/restore', (req, res) => {
    control.restorePackageFields(req.params.orgId);
    res.status(204).end();
  });
  router.post('/orgs/:orgId/outbound-messages', (req, res) => {
    res.status(201).json(control.defineOutboundMessage(req.params.orgId, OutboundDefinitionInput.parse(req.body)));
  });
  router.post('/outbound/flush', async (_req, res) => {
    await control.flushOutbound();
    res.status(204).end();
  });
  router.post('/clock/advance', (req, res) => {
    control.advanceClock(z.object({ ms: z.number().int() }).parse(req.body).ms);
    res.json({ now: new Date(ctx.clock.now()).toISOString() });
  });
  router.use(controlErrors);

  return router;
}
