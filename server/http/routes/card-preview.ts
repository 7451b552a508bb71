/**
 * The Salesforce VIP card outside Salesforce: the same LWC source, compiled with LWC OSS at build
 * time (dist/preview), served on a page of ours for people who want to see a customer's card
 * without opening the CRM (and for our browser tests). The signed, short-lived link is the
 * credential; the page is read-only. Strict CSP: our own script only; inline styles because LWC's
 * synthetic shadow (which lets SLDS style the card as on the platform) injects style elements.
 */
import escapeHtml from 'escape-html';
import express, { Router } from 'express';
import { z } from 'zod';
import { VipCareError } from '../../../core/errors.js';
import { systemClock } from '../../../core/ports/clock.js';
import { cardView } from '../../cards/card-service.js';
import { PREVIEW_TTL_MS, type PreviewLinkSigner } from '../../cards/preview-links.js';
import { refOf } from '../../sync/links.js';
import type { AppDeps } from '../app.js';
import { requestLocale } from '../app.js';
import { tenantOf } from '../auth.js';

const PAGE_HEADERS = {
  'Content-Security-Policy': "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'Cache-Control': 'no-store',
  'Referrer-Policy': 'no-referrer',
  'X-Robots-Tag': 'noindex, nofollow',
};

const Token = z.string().min(20).max(600).regex(/^[A-Za-z0-9_.-]+$/);

export function cardPreviewRoutes(deps: AppDeps & { previews: PreviewLinkSigner; previewAssetsDir: string }): Router {
  const router = Router();
  const clock = deps.clock ?? systemClock;
  const claimsOf = (raw: unknown) => {
    const token = Token.safeParse(raw);
    const claims = token.success ? deps.previews.verify(token.data, clock.now()) : null;
    // A forged and an expired link look the same from outside.
    if (!claims || !token.success) throw new VipCareError('NOT_FOUND', { what: 'preview (the link is not valid or has expired)' });
    return { claims, token: token.data };
  };

  router.use('/preview/assets', express.static(deps.previewAssetsDir, { index: false, maxAge: '1h' }));

  router.get('/preview/salesforce-card/:token', async (req, res) => {
    const { claims, token } = claimsOf(req.params.token);
    const locale = requestLocale(req);
    const ref = await refOf(deps.store.db, claims.tenantId, 'salesforce', ['contact', 'account'], claims.customerId);
    res.set(PAGE_HEADERS).type('html').send(`<!doctype html>
<html lang="${escapeHtml(locale)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="data:,">
<title>VIP Care</title>
<link rel="stylesheet" href="/preview/assets/slds.css"><script type="module" src="/preview/assets/vip-care-card.js"></script></head>
<body class="slds-scope"><main id="vip-care-preview" data-view-url="/preview/salesforce-card/${escapeHtml(token)}/view" data-locale="${escapeHtml(locale)}" data-record-id="${escapeHtml(ref?.id ?? claims.customerId)}" data-object-api-name="${ref?.type === 'account' ? 'Account' : 'Contact'}"></main></body></html>`);
  });

  router.get('/preview/salesforce-card/:token/view', async (req, res) => {
    const { claims } = claimsOf(req.params.token);
    res.set({ 'Cache-Control': 'no-store' }).json(await cardView(deps.store, claims.tenantId, claims.customerId, requestLocale(req), clock));
  });
  return router;
}

/** `POST /api/v1/card-previews {customerId}`: a preview link for a customer of the key's tenant. */
export function cardPreviewApi(deps: AppDeps & { previews: PreviewLinkSigner }): Router {
  const router = Router();
  const clock = deps.clock ?? systemClock;
  router.post('/card-previews', express.json({ limit: '4kb' }), async (req, res) => {
    const tenantId = tenantOf(res);
    const { customerId } = z.object({ customerId: z.string().min(1).max(200) }).strict().parse(req.body);
    const exists = await deps.store.db.selectFrom('customers').select('id').where('tenant_id', '=', tenantId).where('id', '=', customerId).executeTakeFirst();
    if (!exists) throw new VipCareError('CUSTOMER_NOT_FOUND', { customer: customerId, tenant: tenantId });
    const expiresAt = new Date(clock.now().getTime() + PREVIEW_TTL_MS);
    res.status(201).json({ url: deps.previews.url(deps.previews.sign({ tenantId, customerId, expiresAt })), expiresAt: expiresAt.toISOString() });
  });
  return router;
}
