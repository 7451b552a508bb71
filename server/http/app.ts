/**
 * The HTTP host. Routes stay thin: parse with zod, take the tenant from the verified API key,
 * call a read model or service, map errors to status codes with a localized message.
 */
import express, { type NextFunction, type Request, type Response } from 'express';
import { ZodError } from 'zod';
import { ERROR_CODES, VipCareError } from '../../core/errors.js';
import { resolveLocale, translator, type Locale } from '../../core/i18n/index.js';
import type { Store } from '../store/db.js';
import type { Logger } from '../logging/logger.js';
import { requireApiKey } from './auth.js';
import { apiRoutes } from './routes/api.js';
import { careRoutes } from './routes/care.js';
import type { Clock } from '../../core/ports/clock.js';
import type { JobRuntime } from '../jobs/runtime.js';
import type { SurveyLinkSigner } from '../feedback/survey-links.js';
import { healthRoutes } from './routes/health.js';
import { homeRoutes } from './routes/home.js';
import { feedbackRoutes } from './routes/feedback.js';
import { kpiRoutes } from './routes/kpi.js';
import { surveyPageRoutes } from './routes/survey-page.js';
import { connectionRoutes } from './routes/connections.js';
import { hubspotRoutes } from './routes/hubspot.js';
import { salesforceRoutes } from './routes/salesforce.js';
import type { CrmRuntime } from '../crm/crm-runtime.js';
import type { PreviewLinkSigner } from '../cards/preview-links.js';
import { cardPreviewApi, cardPreviewRoutes } from './routes/card-preview.js';
import path from 'node:path';

export interface AppDeps {
  store: Store;
  logger: Logger;
  version: string;
  now?: () => Date;
  clock?: Clock;
  /** Present when the server runs the job runtime; routes use it to kick off work. */
  jobs?: Pick<JobRuntime, 'send'>;
  /** Signs and checks survey links (survey pages, survey dispatch). */
  links: SurveyLinkSigner;
  /** CRM connections (HubSpot, Salesforce); absent in suites that do not need them. */
  crm?: CrmRuntime;
  /** Signs card preview links; absent: no preview pages. */
  previews?: PreviewLinkSigner;
  /** Where the built preview bundle is (default dist/preview). */
  previewAssetsDir?: string;
}

export function requestLocale(req: Request): Locale {
  const query = typeof req.query.locale === 'string' ? req.query.locale : undefined;
  if (query) return resolveLocale(query);
  // Without the header, acceptsLanguages() answers with our first candidate: read it only when sent.
  if (!req.get('accept-language')) return 'en';
  return resolveLocale(req.acceptsLanguages('en', 'zh-CN', 'zh') || undefined);
}

export function createApp(deps: AppDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.use((_req, res, next) => {
    res.set({ 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer', 'X-Frame-Options': 'DENY' });
    next();
  });
  app.use(healthRoutes(deps));
  app.use(homeRoutes());
  // Public: the customer's survey page; the signed link is the credential.
  app.use(surveyPageRoutes(deps));
  // Called by HubSpot itself: verified by its signature, not by our API key.
  if (deps.crm) app.use(hubspotRoutes({ ...deps, crm: deps.crm }), salesforceRoutes({ ...deps, crm: deps.crm }));
  const previews = deps.previews;
  if (previews) app.use(cardPreviewRoutes({ ...deps, previews, previewAssetsDir: deps.previewAssetsDir ?? path.resolve('dist', 'preview') }));
  app.use('/api/v1', requireApiKey(deps.store), apiRoutes(deps), careRoutes(deps), feedbackRoutes(deps), kpiRoutes(deps), connectionRoutes(deps), ...(previews ? [cardPreviewApi({ ...deps, previews })] : []));
  app.use((req, res) => {
    const t = translator(requestLocale(req));
    res.status(404).json({ error: { code: 'NOT_FOUND', message: t('errors.NOT_FOUND', { what: `${req.method} ${req.path}` }) } });
  });
  app.use((error: unknown, req: Request, res: Response, _next: NextFunction) => {
    const t = translator(requestLocale(req));
    if (error instanceof VipCareError) {
      res.status(ERROR_CODES[error.code].http).json({ error: { code: error.code, message: t(`errors.${error.code}`, error.params) } });
      return;
    }
    if (error instanceof ZodError) {
      const field = error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
      res.status(400).json({ error: { code: 'INVALID_INPUT', message: t('errors.INVALID_INPUT', { field }) } });
      return;
    }
    deps.logger.error('request failed', { path: req.path, error: error instanceof Error ? error.message : String(error) });
    res.status(500).json({ error: { code: 'UNKNOWN', message: t('errors.UNKNOWN') } });
  });
  return app;
}
