/**
 * Everything a Salesforce org calls on us: the OAuth callback (connecting an org), outbound
 * messages (change notifications; the org id and the per-org secret in the URL are the
 * credential, compared in constant time), and the VIP card's Apex controller (through the org's
 * Named Credential: the card key is one of the tenant's API keys, so the key decides the tenant).
 */
import { timingSafeEqual } from 'node:crypto';
import escapeHtml from 'escape-html';
import express, { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { CardViewQuerySchema, CompleteTaskBodySchema, LogTouchBodySchema, RecordFeedbackBodySchema } from '../../../core/card/actions.js';
import { VipCareError } from '../../../core/errors.js';
import { translator, type Locale } from '../../../core/i18n/index.js';
import { systemClock } from '../../../core/ports/clock.js';
import { outboundAck, parseOutboundMessage } from '../../../connectors/salesforce/index.js';
import { cardView, cardViewForRecord, completeTaskFromCard, logTouchFromCard, recordFeedbackFromCard, type CardCaller } from '../../cards/card-service.js';
import { connectionByAccount, openNotifySecret } from '../../crm/connections.js';
import type { CrmRuntime } from '../../crm/crm-runtime.js';
import { authorizeUrlForState, beginInstall, completeInstall } from '../../crm/salesforce/install.js';
import { QUEUES } from '../../jobs/queues.js';
import { storeEvents } from '../../sync/change-events.js';
import { tenantNow } from '../../tenants/clock.js';
import type { AppDeps } from '../app.js';
import { requestLocale } from '../app.js';
import { requireApiKey, tenantOf } from '../auth.js';

export const OAUTH_COOKIE = 'vipcare_sf_oauth';
const COOKIE_PATTERN = new RegExp(`(?:^|;\\s*)${OAUTH_COOKIE}=([A-Za-z0-9_-]{16,128})`);
const SALESFORCE_ID = /^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/;

function page(res: Response, status: number, locale: Locale, title: string, paragraphs: string[], secrets: { label: string; value: string }[] = []): void {
  res
    .status(status)
    .set({ 'Cache-Control': 'no-store', 'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; frame-ancestors 'none'" })
    .type('html')
    .send(`<!doctype html>
<html lang="${escapeHtml(locale)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:42rem;margin:3rem auto;padding:0 1rem;color:#1b1b1b}code{display:block;background:#f2f2f2;padding:.5rem;word-break:break-all}dt{font-weight:600;margin-top:1rem}</style></head>
<body><main><h1>${escapeHtml(title)}</h1>${paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('')}
${secrets.length ? `<dl>${secrets.map((s) => `<dt>${escapeHtml(s.label)}</dt><dd><code>${escapeHtml(s.value)}</code></dd>`).join('')}</dl>` : ''}</main></body></html>`);
}

const cardCaller = (req: Request, res: Response): CardCaller => {
  const user = req.get('x-vipcare-user');
  return { tenantId: tenantOf(res), provider: 'salesforce', actor: `salesforce-user:${user && SALESFORCE_ID.test(user) ? user : 'unknown'}` };
};

const sameSecret = (a: string, b: string) => {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
};

export function salesforceRoutes(deps: AppDeps & { crm: CrmRuntime }): Router {
  const router = Router();
  const host = deps.crm.salesforce;
  const clock = deps.clock ?? systemClock;

  // The card, called by the Apex controller through the org's Named Credential.
  const card = [requireApiKey(deps.store), express.json({ limit: '16kb' })];
  const respond = async (req: Request, res: Response, customerId: string) => {
    res.set('Cache-Control', 'no-store').json(await cardView(deps.store, tenantOf(res), customerId, requestLocale(req), clock));
  };
  router.get('/salesforce/card', ...card, async (req, res) => {
    const q = CardViewQuerySchema.parse(req.query);
    res.set('Cache-Control', 'no-store').json(await cardViewForRecord(deps.store, cardCaller(req, res), q.objectType, q.objectId, requestLocale(req), clock));
  });
  router.post('/salesforce/card/tasks/:taskId/complete', ...card, async (req, res) => {
    const caller = cardCaller(req, res);
    const taskId = z.coerce.number().int().min(1).parse(req.params.taskId);
    await respond(req, res, await completeTaskFromCard(deps.store, caller, taskId, CompleteTaskBodySchema.parse(req.body), await tenantNow(deps.store, caller.tenantId, clock)));
  });
  router.post('/salesforce/card/touches', ...card, async (req, res) => {
    const caller = cardCaller(req, res);
    await respond(req, res, await logTouchFromCard(deps.store, caller, LogTouchBodySchema.parse(req.body), await tenantNow(deps.store, caller.tenantId, clock)));
  });
  router.post('/salesforce/card/feedback', ...card, async (req, res) => {
    const caller = cardCaller(req, res);
    await respond(req, res, await recordFeedbackFromCard(deps.store, caller, RecordFeedbackBodySchema.parse(req.body), await tenantNow(deps.store, caller.tenantId, clock)));
  });

  // Outbound messages: https://developer.salesforce.com/docs/atlas.en-us.api.meta/api/sforce_api_om_outboundmessaging_listener.htm
  router.post('/salesforce/outbound/:orgId/:secret', express.text({ type: () => true, limit: '5mb' }), async (req, res) => {
    const orgId = String(req.params.orgId);
    const secret = String(req.params.secret);
    const refuse = (status: number) => res.status(status).type('text/xml').send(outboundAck(false));
    const connection = SALESFORCE_ID.test(orgId) ? await connectionByAccount(deps.store.db, 'salesforce', orgId) : undefined;
    const expected = connection && deps.crm ? openNotifySecret(deps.crm.box, connection) : null;
    // An unknown org and a wrong secret look the same from outside.
    if (!connection || connection.status !== 'active' || !expected || !sameSecret(secret, expected)) {
      deps.logger.warn('outbound message refused', { reason: connection ? 'secret' : 'org' });
      refuse(401);
      return;
    }
    let message;
    try {
      message = parseOutboundMessage(typeof req.body === 'string' ? req.body : '');
    } catch {
      refuse(400);
      return;
    }
    if (message.orgId.slice(0, 15) !== orgId.slice(0, 15)) {
      deps.logger.warn('outbound message refused', { reason: 'org mismatch' });
      refuse(401);
      return;
    }
    const events = message.notifications
      .filter((n) => n.ref !== null)
      .map((n) => ({ eventId: `${orgId}:${n.id}`, subscriptionType: `${n.ref?.type}.change`, objectId: n.ref?.id ?? null, occurredAt: clock.now(), payload: { ref: n.ref } }));
    const fresh = await storeEvents(deps.store, connection.tenant_id, 'salesforce', events, clock.now());
    if (fresh > 0) await deps.jobs?.send(QUEUES.crmEvents, { tenantId: connection.tenant_id, provider: 'salesforce' }, { singletonKey: `${connection.tenant_id}:salesforce` });
    res.status(200).type('text/xml').send(outboundAck(true));
  });

  if (!host) {
    router.use('/salesforce', (_req, _res, next) => next(new VipCareError('NOT_FOUND', { what: 'Salesforce is not configured on this server (set SALESFORCE_CLIENT_ID)' })));
    return router;
  }

  const setCookie = (res: Response, nonce: string) =>
    res.cookie(OAUTH_COOKIE, nonce, { httpOnly: true, secure: new URL(host.config.publicUrl).protocol === 'https:', sameSite: 'lax', path: '/salesforce/oauth', maxAge: 10 * 60_000 });

  router.get('/salesforce/install', async (_req, res) => {
    const start = await beginInstall(deps.store, deps.crm.box, host.config, { tenantId: null, now: clock.now() });
    setCookie(res, start.nonce);
    res.redirect(302, start.authorizeUrl);
  });
  router.get('/salesforce/connect', async (req, res) => {
    const q = z.object({ state: z.string().min(16).max(128), key: z.string().min(16).max(128) }).parse(req.query);
    const url = await authorizeUrlForState(deps.store, deps.crm.box, host.config, q.state, clock.now());
    setCookie(res, q.key);
    res.redirect(302, url);
  });
  router.get('/salesforce/oauth/callback', async (req, res) => {
    const locale = requestLocale(req);
    const t = translator(locale);
    res.clearCookie(OAUTH_COOKIE, { path: '/salesforce/oauth' });
    const q = z.object({ code: z.string().min(1).max(2048).optional(), state: z.string().min(1).max(128), error: z.string().max(200).optional() }).safeParse(req.query);
    if (!q.success || q.data.error || !q.data.code) {
      page(res, 400, locale, t('crm.install.failedTitle'), [t('crm.install.salesforceDeclined')]);
      return;
    }
    try {
      const cookie = COOKIE_PATTERN.exec(req.get('cookie') ?? '')?.[1] ?? null;
      const done = await completeInstall(deps.store, deps.crm.box, host.config, { stateId: q.data.state, code: q.data.code, nonce: cookie, now: clock.now() });
      await deps.jobs?.send(QUEUES.sync, { tenantId: done.tenantId, provider: 'salesforce' }, { singletonKey: `${done.tenantId}:salesforce` });
      page(res, 200, locale, t('crm.install.doneTitle'), [t('crm.install.salesforceDone', { org: done.orgId }), t('crm.install.salesforceSecrets')], [
        { label: t('crm.install.cardKey'), value: done.cardKey },
        { label: t('crm.install.outboundUrl'), value: done.outboundUrl },
      ]);
    } catch (error) {
      deps.logger.warn('salesforce install failed', { code: error instanceof VipCareError ? error.code : 'UNKNOWN' });
      const message = error instanceof VipCareError && error.code !== 'UNKNOWN' ? t(`errors.${error.code}`, error.params) : t('errors.UNKNOWN');
      page(res, error instanceof VipCareError && error.code === 'FORBIDDEN' ? 403 : 400, locale, t('crm.install.failedTitle'), [message]);
    }
  });
  return router;
}
