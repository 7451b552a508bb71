import escapeHtml from 'escape-html';
import { Router } from 'express';
import { translator } from '../../../core/i18n/index.js';
import { requestLocale } from '../app.js';

/** A plain landing page: what is running and where the API is. Every value is HTML-escaped. */
export function homeRoutes(): Router {
  const router = Router();
  router.get('/', (req, res) => {
    const locale = requestLocale(req);
    const t = translator(locale);
    const e = (key: string) => escapeHtml(t(key));
    const endpoints = [
      '/health',
      '/api/v1/tiers',
      '/api/v1/customers?tier=diamond',
      '/api/v1/customers/{id}/explanation',
      '/api/v1/program',
      '/api/v1/tasks?status=open',
      '/api/v1/complaints?status=open',
      '/api/v1/kpi?from=YYYY-MM-DD&to=YYYY-MM-DD&by=tier',
    ];
    res.type('html').send(`<!doctype html>
<html lang="${escapeHtml(locale)}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e('home.title')}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:42rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b}code{background:#f2f2f2;padding:.1rem .3rem}</style></head>
<body><main>
<h1>${e('home.title')}</h1>
<p>${e('home.intro')}</p>
<h2>${e('home.apiHeading')}</h2>
<p>${e('home.apiAuth')}</p>
<ul>${endpoints.map((p) => `<li><code>${escapeHtml(p)}</code></li>`).join('')}</ul>
</main></body></html>`);
  });
  return router;
}
