/**
 * Everything HubSpot calls on us: the install flow (OAuth callback), webhooks, the app card and
 * its actions, and the custom workflow actions. None of these take our API key: each is verified
 * by HubSpot's signature (or, for the OAuth callback, by the single-use state bound to the
 * browser), and the tenant always comes from the verified portal.
 */
import escapeHtml from 'escape-html';
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { CardViewQuerySchema, CompleteTaskBodySchema, LogTouchBodySchema, RecordFeedbackBodySchema } from '../../../core/card/actions.js';
import { VipCareError } from '../../../core/errors.js';
import { translator, type Locale } from '../../../core/i18n/index.js';
import { systemClock } from '../../../core/ports/clock.js';
import { eventKey, HubspotEventBatchSchema, interpretEvent, WorkflowActionRequestSchema } from '../../../connectors/hubspot/index.js';
import { cardView, cardViewForRecord, completeTaskFromCard, logTouchFromCard, recordFeedbackFromCard, type CardCaller } from '../../cards/card-service.js';
import { connectionByAccount } from '../../crm/connections.js';
import type { CrmRuntime } from '../../crm/crm-runtime.js';
import type { HubspotHost } from '../../crm/hubspot/hubspot-host.js';
import { authorizeUrlForState, beginInstall, completeInstall } from '../../crm/hubspot/install.js';
import { executeAction, playbookOptions, WORKFLOW_ACTIONS, type WorkflowAction } from '../../crm/hubspot/workflow-actions.js';
import { QUEUES } from '../../jobs/queues.js';
import { storeEvents } from '../../sync/change-events.js';
import { tenantNow } from '../../tenants/clock.js';
import type { AppDeps } from '../app.js';
import { requestLocale } from '../app.js';
import { tenantOf } from '../auth.js';
import { hubspotTenant, parseJsonBody, rawBody, requireHubspotSignature } from '../hubspot-signature.js';

export const OAUTH_COOKIE = 'vipcare_hs_oauth';
const COOKIE_PATTERN = new RegExp(`(?:^|;\\s*)${OAUTH_COOKIE}=([A-Za-z0-9_-]{16,128})`);

function oauthCookie(req: Request): string | null {
  return COOKIE_PATTERN.exec(req.get('cookie') ?? '')?.[1] ?? null;
}

function setOauthCookie(res: Response, host: HubspotHost, nonce: string): void {
  const secure = new URL(host.config.publicUrl).protocol === 'https:';
  res.cookie(OAUTH_COOKIE, nonce, { httpOnly: true, secure, sameSite: 'lax', path: '/hubspot/oauth', maxAge: 10 * 60_000 });
}

function page(res: Response, status: number, locale: Locale, title: string, message: string): void {
  res
    .status(status)
    .type('html')
    .send(`<!doctype html>
<html lang="${escapeHtml(locale)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;color:#1b1b1b}</style></head>
<body><main><h1>${escapeHtml(title)}</h1><p role="status">${escapeHtml(message)}</p></main></body></html>`);
}

const cardCaller = (res: Response): CardCaller => ({ tenantId: tenantOf(res), provider: 'hubspot', actor: String(res.locals.actor ?? 'hubspot-user:unknown') });
const portalInQuery = (req: Request) => (typeof req.query.portalId === 'string' ? req.query.portalId : undefined);

export function hubspotRoutes(deps: AppDeps & { crm: CrmRuntime }): Router {
  const router = Router();
  const host = deps.crm.hubspot;
  const clock = deps.clock ?? systemClock;
  if (!host) {
    router.use('/hubspot', (_req, _res, next) => next(new VipCareError('NOT_FOUND', { what: 'HubSpot is not configured on this server (set HUBSPOT_CLIENT_ID and HUBSPOT_CLIENT_SECRET)' })));
    return router;
  }

  // Marketplace install: creates a workspace for the portal on the way back.
  router.get('/hubspot/install', async (_req, res) => {
    const start = await beginInstall(deps.store, deps.crm.box, host.config, { tenantId: null, now: clock.now() });
    setOauthCookie(res, host, start.nonce);
    res.redirect(302, start.authorizeUrl);
  });

  // An admin connecting an existing workspace opens the link the API gave them.
  router.get('/hubspot/connect', async (req, res) => {
    const q = z.object({ state: z.string().min(16).max(128), key: z.string().min(16).max(128) }).parse(req.query);
    const url = await authorizeUrlForState(deps.store, deps.crm.box, host.config, q.state, clock.now());
    setOauthCookie(res, host, q.key);
    res.redirect(302, url);
  });

  router.get('/hubspot/oauth/callback', async (req, res) => {
    const locale = requestLocale(req);
    const t = translator(locale);
    res.clearCookie(OAUTH_COOKIE, { path: '/hubspot/oauth' });
    const q = z.object({ code: z.string().min(1).max(2048).optional(), state: z.string().min(1).max(128), error: z.string().max(200).optional() }).safeParse(req.query);
    if (!q.success || q.data.error || !q.data.code) {
      page(res, 400, locale, t('crm.install.failedTitle'), t('crm.install.declined'));
      return;
    }
    try {
      const done = await completeInstall(deps.store, deps.crm.box, host.config, { stateId: q.data.state, code: q.data.code, nonce: oauthCookie(req), now: clock.now() });
      await deps.jobs?.send(QUEUES.sync, { tenantId: done.tenantId, provider: 'hubspot' }, { singletonKey: `${done.tenantId}:hubspot` });
      page(res, 200, locale, t('crm.install.doneTitle'), t('crm.install.done', { portal: done.portalId }));
    } catch (error) {
      deps.logger.warn('hubspot install failed', { code: error instanceof VipCareError ? error.code : 'UNKNOWN' });
      const message = error instanceof VipCareError && error.code !== 'UNKNOWN' ? t(`errors.${error.code}`, error.params) : t('errors.UNKNOWN');
      page(res, error instanceof VipCareError && error.code === 'FORBIDDEN' ? 403 : 400, locale, t('crm.install.failedTitle'), message);
    }
  });

  // Webhooks: verify, store once per event id, acknowledge; processing happens on the queue.
  // https://developers.hubspot.com/docs/api/webhooks
  router.post('/hubspot/webhooks', rawBody, requireHubspotSignature(host, deps.logger, { allowLegacy: true }), async (req, res) => {
    const events = HubspotEventBatchSchema.parse(parseJsonBody(req));
    const byPortal = new Map<string, typeof events>();
    // Our own writes coming back (our properties) and events we do not act on are acknowledged, not stored.
    for (const e of events) if (interpretEvent(e).kind !== 'ignored') byPortal.set(e.portalId, [...(byPortal.get(e.portalId) ?? []), e]);
    let stored = 0;
    for (const [portalId, list] of byPortal) {
      const connection = await connectionByAccount(deps.store.db, 'hubspot', portalId);
      if (!connection || connection.status !== 'active') {
        deps.logger.info('webhook for a portal that is not connected', { portalId, events: list.length });
        continue;
      }
      const fresh = await storeEvents(
        deps.store,
        connection.tenant_id,
        'hubspot',
        list.map((e) => ({ eventId: eventKey(e), subscriptionType: e.subscriptionType, objectId: e.objectId ?? null, occurredAt: new Date(e.occurredAt), payload: e })),
        clock.now(),
      );
      stored += fresh;
      if (fresh > 0) await deps.jobs?.send(QUEUES.crmEvents, { tenantId: connection.tenant_id, provider: 'hubspot' }, { singletonKey: `${connection.tenant_id}:hubspot` });
    }
    res.status(200).json({ received: events.length, stored });
  });

  // The app card: https://developers.hubspot.com/docs/apps/developer-platform/add-features/ui-extensibility/fetching-data
  const card = [rawBody, requireHubspotSignature(host, deps.logger, { allowLegacy: false }), hubspotTenant(deps.store, host, portalInQuery)];
  const respondWithView = async (req: Request, res: Response, customerId: string) => {
    res.set('Cache-Control', 'no-store').json(await cardView(deps.store, tenantOf(res), customerId, requestLocale(req), clock));
  };
  router.get('/hubspot/card', ...card, async (req, res) => {
    const q = CardViewQuerySchema.parse(req.query);
    const caller = cardCaller(res);
    res.set('Cache-Control', 'no-store').json(await cardViewForRecord(deps.store, caller, q.objectType, q.objectId, requestLocale(req), clock));
  });
  router.post('/hubspot/card/tasks/:taskId/complete', ...card, async (req, res) => {
    const body = CompleteTaskBodySchema.parse(parseJsonBody(req));
    const taskId = z.coerce.number().int().min(1).parse(req.params.taskId);
    const caller = cardCaller(res);
    await respondWithView(req, res, await completeTaskFromCard(deps.store, caller, taskId, body, await tenantNow(deps.store, caller.tenantId, clock)));
  });
  router.post('/hubspot/card/touches', ...card, async (req, res) => {
    const body = LogTouchBodySchema.parse(parseJsonBody(req));
    const caller = cardCaller(res);
    await respondWithView(req, res, await logTouchFromCard(deps.store, caller, body, await tenantNow(deps.store, caller.tenantId, clock)));
  });
  router.post('/hubspot/card/feedback', ...card, async (req, res) => {
    const body = RecordFeedbackBodySchema.parse(parseJsonBody(req));
    const caller = cardCaller(res);
    await respondWithView(req, res, await recordFeedbackFromCard(deps.store, caller, body, await tenantNow(deps.store, caller.tenantId, clock)));
  });

  // Custom workflow actions: https://developers.hubspot.com/docs/api/automation/custom-workflow-actions
  const portalInBody = (req: Request) => {
    const parsed = z.object({ origin: z.object({ portalId: z.union([z.number(), z.string()]).transform(String) }) }).safeParse(parseJsonBody(req));
    return parsed.success ? parsed.data.origin.portalId : undefined;
  };
  const action = [rawBody, requireHubspotSignature(host, deps.logger, { allowLegacy: true }), hubspotTenant(deps.store, host, portalInBody)];
  router.post('/hubspot/workflow-actions/options/playbooks', ...action, async (req, res) => {
    res.json(await playbookOptions(deps.store, tenantOf(res), requestLocale(req)));
  });
  router.post('/hubspot/workflow-actions/:action', ...action, async (req, res) => {
    const name = z.enum(WORKFLOW_ACTIONS).parse(req.params.action) as WorkflowAction;
    const request = WorkflowActionRequestSchema.parse(parseJsonBody(req));
    const tenantId = tenantOf(res);
    const { answer, queued } = await executeAction({ store: deps.store, links: deps.links, clock }, tenantId, name, request);
    if (queued) await deps.jobs?.send(QUEUES.crmWorkflow, { tenantId, provider: 'hubspot' }, { singletonKey: `${tenantId}:hubspot` });
    res.json(answer);
  });
  return router;
}
