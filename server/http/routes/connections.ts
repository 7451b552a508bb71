/**
 * CRM connections as admins manage them (API key; the key decides the tenant): status, API budget
 * and sync progress; connecting HubSpot or Salesforce (a link that starts OAuth in the admin's browser, or JWT bearer for Salesforce);
 * settings; a sync now; disconnecting. Tokens never leave the server.
 */
import express, { Router } from 'express';
import { z } from 'zod';
import { VipCareError } from '../../../core/errors.js';
import { systemClock } from '../../../core/ports/clock.js';
import { HubspotSettingsSchema, revokeRefreshToken } from '../../../connectors/hubspot/index.js';
import { RUN_STATE } from '../../sync/run-sync.js';
import { findConnection, markConnection, openTokens, updateSettings } from '../../crm/connections.js';
import { hostFor, type CrmRuntime } from '../../crm/crm-runtime.js';
import { beginInstall, connectUrl } from '../../crm/hubspot/install.js';
import { beginInstall as beginSalesforceInstall, CARD_KEY_LABEL, connectUrl as salesforceConnectUrl, connectWithJwt } from '../../crm/salesforce/install.js';
import { revokeToken as revokeSalesforceToken, SalesforceSettingsSchema } from '../../../connectors/salesforce/index.js';
import { revokeApiKeys } from '../../auth/api-keys.js';
import { QUEUES } from '../../jobs/queues.js';
import { recordAudit } from '../../store/repositories/audit.js';
import type { Store } from '../../store/db.js';
import type { AppDeps } from '../app.js';
import { tenantOf } from '../auth.js';

const Provider = z.enum(['hubspot', 'salesforce']);
const ActorBody = z.object({ by: z.string().min(1).max(200) }).strict();

function lastRunOf(streams: { stream: string; last_completed_at: Date | null; last_error: string | null }[]): { finishedAt: string | null; error: string | null } | null {
  const run = streams.find((s) => s.stream === RUN_STATE);
  return run ? { finishedAt: run.last_completed_at?.toISOString() ?? null, error: run.last_error } : null;
}

export async function connectionStatus(store: Store, crm: CrmRuntime | undefined, tenantId: string) {
  const rows = await store.db.selectFrom('crm_connections').selectAll().where('tenant_id', '=', tenantId).orderBy('provider').execute();
  const today = new Date().toISOString().slice(0, 10);
  return Promise.all(
    rows.map(async (c) => {
      const usage = await store.db.selectFrom('crm_api_usage').select(['calls', 'throttled', 'retried', 'failed', 'reported']).where('tenant_id', '=', tenantId).where('provider', '=', c.provider).where('day', '=', today).executeTakeFirst();
      const streams = await store.db.selectFrom('crm_sync_state').select(['stream', 'phase', 'records', 'updated_at', 'last_completed_at', 'last_error']).where('tenant_id', '=', tenantId).where('provider', '=', c.provider).orderBy('stream').execute();
      const events = await store.db.selectFrom('crm_webhook_events').select((eb) => eb.fn.countAll<number>().as('n')).where('tenant_id', '=', tenantId).where('provider', '=', c.provider).where('processed_at', 'is', null).executeTakeFirst();
      const calls = await store.db.selectFrom('crm_workflow_calls').select((eb) => eb.fn.countAll<number>().as('n')).where('tenant_id', '=', tenantId).where('provider', '=', c.provider).where('status', '=', 'pending').executeTakeFirst();
      const settings = hostFor(crm, c.provider)?.settingsOf(c) ?? c.settings;
      // HubSpot limits calls per 10 s per portal; Salesforce counts a 24-hour allocation per org (in `reported`).
      const rate = c.provider === 'hubspot' && crm?.hubspot ? crm.hubspot.settingsOf(c).rateLimit : null;
      return {
        provider: c.provider,
        accountId: c.account_id,
        instanceUrl: c.instance_url,
        auth: c.auth_method,
        status: c.status,
        scopes: c.scopes,
        installedAt: c.installed_at.toISOString(),
        lastError: c.last_error,
        settings,
        budget: {
          limit: rate,
          // Requests this server process started in the current window.
          inWindow: c.provider === 'hubspot' && crm?.hubspot ? crm.hubspot.inWindow(c.account_id) : null,
          today: { calls: Number(usage?.calls ?? 0), throttled: Number(usage?.throttled ?? 0), retried: Number(usage?.retried ?? 0), failed: Number(usage?.failed ?? 0) },
          reported: usage?.reported ?? null,
        },
        // The run's own row: when a whole sync last finished, and why the last one failed.
        lastRun: lastRunOf(streams),
        sync: streams
          .filter((s) => !s.stream.startsWith('_'))
          .map((s) => ({ stream: s.stream, phase: s.phase, records: Number(s.records), updatedAt: s.updated_at.toISOString(), lastCompletedAt: s.last_completed_at?.toISOString() ?? null, lastError: s.last_error })),
        pending: { events: Number(events?.n ?? 0), workflowCalls: Number(calls?.n ?? 0) },
      };
    }),
  );
}

export function connectionRoutes(deps: AppDeps): Router {
  const router = Router();
  const jsonBody = express.json({ limit: '16kb' });
  const clock = deps.clock ?? systemClock;

  router.get('/connections', async (_req, res) => {
    res.json({ items: await connectionStatus(deps.store, deps.crm, tenantOf(res)) });
  });

  router.post('/connections/hubspot', jsonBody, async (req, res) => {
    const tenantId = tenantOf(res);
    const { by } = ActorBody.parse(req.body ?? {});
    const host = deps.crm?.hubspot;
    if (!host || !deps.crm) throw new VipCareError('NOT_FOUND', { what: 'HubSpot is not configured on this server' });
    const start = await beginInstall(deps.store, deps.crm.box, host.config, { tenantId, now: clock.now() });
    await recordAudit(deps.store.db, { tenantId, actor: by, action: 'crm.connect.start', target: 'hubspot' });
    res.status(201).json({ connectUrl: connectUrl(host.config, start), expiresInSeconds: 600 });
  });

  router.post('/connections/salesforce', jsonBody, async (req, res) => {
    const tenantId = tenantOf(res);
    const { by } = ActorBody.parse(req.body ?? {});
    const host = deps.crm?.salesforce;
    if (!host || !deps.crm) throw new VipCareError('NOT_FOUND', { what: 'Salesforce is not configured on this server' });
    const start = await beginSalesforceInstall(deps.store, deps.crm.box, host.config, { tenantId, now: clock.now() });
    await recordAudit(deps.store.db, { tenantId, actor: by, action: 'crm.connect.start', target: 'salesforce' });
    res.status(201).json({ connectUrl: salesforceConnectUrl(host.config, start), expiresInSeconds: 600 });
  });

  // Server to server: the integration user signs in with our JWT; the answer carries the org's secrets once.
  router.post('/connections/salesforce/jwt', jsonBody, async (req, res) => {
    const tenantId = tenantOf(res);
    const body = z.object({ by: z.string().min(1).max(200), username: z.string().min(3).max(200) }).strict().parse(req.body);
    const host = deps.crm?.salesforce;
    if (!host || !deps.crm) throw new VipCareError('NOT_FOUND', { what: 'Salesforce is not configured on this server' });
    const done = await connectWithJwt(deps.store, deps.crm.box, host.config, { tenantId, username: body.username, now: clock.now() });
    await recordAudit(deps.store.db, { tenantId, actor: body.by, action: 'crm.connect.jwt', target: `salesforce:${done.orgId}` });
    await deps.jobs?.send(QUEUES.sync, { tenantId, provider: 'salesforce' }, { singletonKey: `${tenantId}:salesforce` });
    res.status(201).json({ orgId: done.orgId, cardKey: done.cardKey, outboundUrl: done.outboundUrl });
  });

  router.patch('/connections/:provider/settings', jsonBody, async (req, res) => {
    const tenantId = tenantOf(res);
    const provider = Provider.parse(req.params.provider);
    const body = z.object({ by: z.string().min(1).max(200), settings: z.record(z.string(), z.unknown()) }).strict().parse(req.body);
    const row = await findConnection(deps.store.db, tenantId, provider);
    if (!row) throw new VipCareError('NOT_FOUND', { what: `${provider} connection` });
    const schema = provider === 'hubspot' ? HubspotSettingsSchema : SalesforceSettingsSchema;
    const parsed = schema.safeParse({ ...row.settings, ...body.settings });
    if (!parsed.success) throw new VipCareError('INVALID_INPUT', { field: parsed.error.issues.map((i) => `settings.${i.path.join('.')}: ${i.message}`).join('; ') });
    await updateSettings(deps.store.db, tenantId, provider, parsed.data, clock.now());
    await recordAudit(deps.store.db, { tenantId, actor: body.by, action: 'crm.settings', target: provider, details: parsed.data });
    res.json({ settings: parsed.data });
  });

  router.post('/connections/:provider/sync', jsonBody, async (req, res) => {
    const tenantId = tenantOf(res);
    const provider = Provider.parse(req.params.provider);
    const row = await findConnection(deps.store.db, tenantId, provider);
    if (!row || row.status !== 'active') throw new VipCareError('NOT_FOUND', { what: `${provider} connection` });
    const id = await deps.jobs?.send(QUEUES.sync, { tenantId, provider }, { singletonKey: `${tenantId}:${provider}` });
    res.status(202).json({ queued: Boolean(id) });
  });

  router.delete('/connections/:provider', jsonBody, async (req, res) => {
    const tenantId = tenantOf(res);
    const provider = Provider.parse(req.params.provider);
    const { by } = ActorBody.parse(req.body ?? {});
    const row = await findConnection(deps.store.db, tenantId, provider);
    if (!row || row.status === 'uninstalled') throw new VipCareError('NOT_FOUND', { what: `${provider} connection` });
    if (deps.crm) {
      const { accessToken, refreshToken } = openTokens(deps.crm.box, row);
      // Best effort: our side forgets the tokens either way.
      const revoke =
        provider === 'hubspot'
          ? deps.crm.hubspot && refreshToken ? revokeRefreshToken(deps.crm.hubspot.config.app, refreshToken) : null
          : deps.crm.salesforce && (refreshToken ?? accessToken) ? revokeSalesforceToken(deps.crm.salesforce.config.app, (refreshToken ?? accessToken) as string) : null;
      await revoke?.catch((error: unknown) => deps.logger.warn('token revocation failed', { tenantId, provider, error: error instanceof Error ? error.message : String(error) }));
    }
    await markConnection(deps.store.db, tenantId, provider, 'uninstalled', `disconnected by ${by}`, clock.now());
    if (provider === 'salesforce') await revokeApiKeys(deps.store.db, { tenantId, label: CARD_KEY_LABEL, actor: by });
    await recordAudit(deps.store.db, { tenantId, actor: by, action: 'crm.disconnect', target: `${provider}:${row.account_id}` });
    res.json({ status: 'uninstalled' });
  });

  return router;
}
