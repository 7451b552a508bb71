/**
 * The customer's survey page at /s/:token. The signed link is the only credential: it is checked
 * (HMAC, constant time) before anything is looked up, and the invitation row decides whether the
 * page can still be answered (open, answered once, expired by the tenant's clock).
 *
 * The page is plain server-rendered HTML that works without JavaScript: a fieldset of native
 * radios (one per score), a labelled textarea, a submit button; errors come back as an error
 * summary at the top. Every value is HTML-escaped, the CSP allows no script and no inline style
 * (the stylesheet is a static route), and nothing here logs the token or the request path.
 */
import { createHash } from 'node:crypto';
import escapeHtml from 'escape-html';
import express, { Router, type NextFunction, type Request, type Response } from 'express';
import { VipCareError } from '../../../core/errors.js';
import { SUPPORTED_LOCALES, resolveLocale, translator, type Locale, type Translate } from '../../../core/i18n/index.js';
import { SURVEY_SCALES, SurveySettingsSchema, type SurveyKind, type SurveySettings } from '../../../core/feedback/schema.js';
import { surveyText } from '../../../core/feedback/survey-text.js';
import { systemClock, type Clock } from '../../../core/ports/clock.js';
import { answerInvitation, invitationState, type InvitationInfo } from '../../feedback/responses.js';
import { activeProgram } from '../../store/repositories/programs.js';
import { tenantNow } from '../../tenants/clock.js';
import { requestLocale, type AppDeps } from '../app.js';

/** The longest comment we keep (the textarea's maxlength; checked again on the server). */
export const COMMENT_MAX = 5000;
/** Tokens are ~90 characters; anything far longer is not worth an HMAC. */
const TOKEN_MAX = 256;

const PAGE_HEADERS = {
  'Content-Security-Policy': "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  'Cache-Control': 'no-store',
  'Referrer-Policy': 'no-referrer',
  'X-Robots-Tag': 'noindex, nofollow',
};

/**
 * Mobile first: one column, 16px+ text (no zoom on focus in iOS), every tap target at least 48px,
 * a thick focus ring on everything focusable, colours at WCAG AA or better on white.
 */
const SURVEY_CSS = `*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;background:#fff;color:#1b1b1b;font:1rem/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif}
main{max-width:40rem;margin:0 auto;padding:1rem 1rem 3rem}
h1{font-size:1.5rem;line-height:1.25;margin:.5rem 0 1rem}
h2{font-size:1.125rem;margin:0 0 .5rem}
p{margin:0 0 1rem}
a{color:#0b57d0;text-decoration:underline;text-underline-offset:.15em}
a:focus-visible,button:focus-visible,textarea:focus-visible,fieldset:focus,.error-summary:focus{outline:3px solid #1b1b1b;outline-offset:3px}
.lang{display:flex;flex-wrap:wrap;justify-content:flex-end;gap:.5rem;margin:0 0 .5rem}
.lang a{display:inline-flex;align-items:center;min-height:44px;min-width:44px;padding:0 .75rem;border-radius:6px}
.lang a[aria-current="true"]{color:#1b1b1b;font-weight:600;text-decoration:none}
.intro{color:#3c3c3c}
.error-summary{border:3px solid #b3261e;border-radius:8px;padding:1rem;margin:0 0 1.5rem}
.error-summary ul{margin:0;padding-left:1.25rem}
.error-summary a{color:#b3261e;font-weight:600;display:inline-block;min-height:44px;padding:.5rem 0}
.error-message{color:#b3261e;font-weight:600;margin:0 0 .75rem}
fieldset{border:0;margin:0 0 1.5rem;padding:0;min-width:0}
fieldset[aria-invalid="true"]{border-left:5px solid #b3261e;padding-left:.75rem}
legend{font-size:1.25rem;font-weight:600;line-height:1.35;padding:0;margin:0 0 1rem}
.scale{display:grid;grid-template-columns:repeat(auto-fit,minmax(3rem,1fr));gap:.5rem;margin:0 0 .5rem}
.option{position:relative;min-width:0}
.option input{position:absolute;inset:0;z-index:1;width:100%;height:100%;margin:0;opacity:0;cursor:pointer}
.option label{display:flex;align-items:center;justify-content:center;min-height:3rem;min-width:2.75rem;border:2px solid #5f6368;border-radius:8px;background:#fff;color:#1b1b1b;font-size:1.125rem;font-weight:600;font-variant-numeric:tabular-nums}
.option input:hover+label{border-color:#0b57d0;background:#eef3fd}
.option input:checked+label{background:#0b57d0;border-color:#0b57d0;color:#fff}
.option input:focus-visible+label{outline:3px solid #1b1b1b;outline-offset:3px}
.anchors{display:flex;justify-content:space-between;gap:1rem;color:#3c3c3c;font-size:.9375rem}
.anchors span:last-child{text-align:right}
.comment label{display:block;font-weight:600;margin:0 0 .5rem}
textarea{display:block;width:100%;min-height:8rem;padding:.75rem;border:2px solid #5f6368;border-radius:8px;font:inherit;color:inherit;background:#fff;resize:vertical}
textarea[aria-invalid="true"]{border-color:#b3261e}
button{display:block;width:100%;min-height:3rem;margin:1.5rem 0 0;padding:.75rem 1.5rem;border:0;border-radius:8px;background:#0b57d0;color:#fff;font:inherit;font-weight:600;cursor:pointer}
button:hover{background:#0842a0}
@media (min-width:40rem){button{width:auto}h1{font-size:1.75rem}}
@media (forced-colors:active){.option input:checked+label{border-width:4px;text-decoration:underline}}
`;
const CSS_VERSION = createHash('sha256').update(SURVEY_CSS).digest('hex').slice(0, 12);
const CSS_PATH = '/s/assets/survey.css';

/** Score and comment problems on a submitted form. */
interface FormState {
  score: number | null;
  comment: string;
  errors: { score?: string; comment?: string };
}

export function surveyPageRoutes(deps: AppDeps): Router {
  const router = Router();
  const clock: Clock = deps.clock ?? (deps.now ? { now: deps.now } : systemClock);
  const nowFor = (tenantId: string) => tenantNow(deps.store, tenantId, clock);

  // Registered before /s/:token so the stylesheet is never taken for a token.
  router.get(CSS_PATH, (_req, res) => {
    res.set({ 'Cache-Control': 'public, max-age=86400', 'Content-Type': 'text/css; charset=utf-8' }).send(SURVEY_CSS);
  });

  /** The open invitation a link names, or null once the page saying why not has been sent. */
  async function openInvitation(req: Request, res: Response): Promise<{ invitationId: string; invitation: InvitationInfo; locale: Locale } | null> {
    const refuse = (status: number, locale: Locale, kind: StatusKind) => {
      statusPage(res, status, locale, kind);
      return null;
    };
    const invitationId = verifiedInvitation(deps, req.params.token);
    if (!invitationId) return refuse(404, pageLocale(req, null), 'invalid');
    const state = await invitationState(deps.store, invitationId, nowFor);
    if (state.status === 'unknown') return refuse(404, pageLocale(req, null), 'invalid');
    const locale = pageLocale(req, state.invitation.locale);
    if (state.status === 'expired') return refuse(410, locale, 'expired');
    if (state.status === 'answered') return refuse(409, locale, 'answered');
    return { invitationId, invitation: state.invitation, locale };
  }

  router.get('/s/:token', async (req, res) => {
    const open = await openInvitation(req, res);
    if (!open) return;
    const text = await pageText(deps, open.invitation, open.locale);
    return formPage(res, 200, open.locale, req, open.invitation, text, { score: null, comment: '', errors: {} });
  });

  router.post('/s/:token', express.urlencoded({ extended: false, limit: '16kb' }), async (req, res) => {
    const open = await openInvitation(req, res);
    if (!open) return;
    const { invitationId, invitation, locale } = open;

    const form = readForm(req.body as Record<string, unknown> | undefined, invitation.kind, translator(locale));
    if (form.errors.score || form.errors.comment) {
      const text = await pageText(deps, invitation, locale);
      return formPage(res, 400, locale, req, invitation, text, form);
    }
    const answered = await answerInvitation(deps.store, { invitationId, invitation, score: form.score as number, comment: form.comment || null, now: nowFor });
    if (answered.status !== 'recorded') {
      // Lost a race (a second tab, a double tap) or the link ran out between the two reads.
      const [code, kind] = answered.status === 'answered' ? ([409, 'answered'] as const) : answered.status === 'expired' ? ([410, 'expired'] as const) : ([404, 'invalid'] as const);
      return statusPage(res, code, locale, kind);
    }
    deps.logger.info('survey answered', { tenant: invitation.tenantId, kind: invitation.kind, category: answered.outcome.category });
    const text = await pageText(deps, invitation, locale);
    return thanksPage(res, locale, text.thanks);
  });

  // A link mangled on its way (cut short, a path segment too many) is an invalid link, as a page.
  router.all('/s/{*rest}', (req, res) => statusPage(res, 404, pageLocale(req, null), 'invalid'));

  // Errors of these routes (a body over the limit, a store failure) get a page, not the API's
  // JSON, and a log line without the path: the path holds the token.
  router.use('/s', (error: unknown, req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(error);
    const locale = pageLocale(req, null);
    const status = httpStatusOf(error);
    if (error instanceof VipCareError && error.code === 'INVALID_INPUT') return statusPage(res, 400, locale, 'error');
    if (status >= 400 && status < 500) return statusPage(res, status, locale, 'error');
    deps.logger.error('survey page failed', { method: req.method, error: error instanceof Error ? error.message : String(error) });
    return statusPage(res, 500, locale, 'error');
  });

  return router;
}

function verifiedInvitation(deps: AppDeps, token: string | string[] | undefined): string | null {
  if (typeof token !== 'string' || token.length > TOKEN_MAX) return null;
  return deps.links.verify(token)?.invitationId ?? null;
}

function httpStatusOf(error: unknown): number {
  if (typeof error === 'object' && error !== null) {
    const status = (error as { status?: unknown; statusCode?: unknown }).status ?? (error as { statusCode?: unknown }).statusCode;
    if (typeof status === 'number' && Number.isInteger(status)) return status;
  }
  return 500;
}

/** `?lang=` (the page's language switch) wins, then the invitation's locale, then the browser's. */
function pageLocale(req: Request, invitationLocale: string | null): Locale {
  const asked = typeof req.query.lang === 'string' ? req.query.lang : undefined;
  if (asked) return resolveLocale(asked);
  if (invitationLocale) return resolveLocale(invitationLocale);
  return requestLocale(req);
}

interface PageText {
  question: string;
  lowLabel: string;
  highLabel: string;
  commentPrompt: string;
  thanks: string;
}

async function pageText(deps: AppDeps, invitation: InvitationInfo, locale: Locale): Promise<PageText> {
  const active = await activeProgram(deps.store.db, invitation.tenantId);
  const settings: SurveySettings = active?.program.feedback.surveys ?? SurveySettingsSchema.parse(undefined);
  const t = translator(locale);
  const name = invitation.customerName?.trim() ?? '';
  const text = surveyText(settings, invitation.kind, locale, { customer: { id: invitation.customerId, name } });
  const question =
    invitation.source === 'follow_up' && invitation.complaintSubject ? t('feedback.survey.followUpQuestion', { subject: invitation.complaintSubject }) : text.question;
  // Without a name the product's "Thank you, {{name}}." would read "Thank you, ."; the program's own wording is kept.
  const thanks = name || settings.wording[invitation.kind]?.thanks !== undefined ? text.thanks : t('surveyPage.thanksFallback');
  return { question, lowLabel: text.lowLabel, highLabel: text.highLabel, commentPrompt: text.commentPrompt, thanks };
}

function readForm(body: Record<string, unknown> | undefined, kind: SurveyKind, t: Translate): FormState {
  const { min, max } = SURVEY_SCALES[kind];
  const rawScore = body?.score;
  const rawComment = body?.comment;
  // Browsers send textarea line breaks as CRLF; NUL cannot be stored in a Postgres text column.
  const comment = typeof rawComment === 'string' ? rawComment.replace(/\r\n?/g, '\n').replaceAll(String.fromCharCode(0), '') : '';
  const form: FormState = { score: null, comment, errors: {} };
  if (typeof rawScore === 'string' && /^[0-9]{1,2}$/.test(rawScore.trim())) {
    const score = Number.parseInt(rawScore.trim(), 10);
    if (score >= min && score <= max) form.score = score;
  }
  if (form.score === null) form.errors.score = t('surveyPage.scoreMissing', { min, max });
  if ([...comment].length > COMMENT_MAX) form.errors.comment = t('surveyPage.commentTooLong', { max: COMMENT_MAX });
  return form;
}

type StatusKind = 'invalid' | 'expired' | 'answered' | 'error';

function statusPage(res: Response, status: number, locale: Locale, kind: StatusKind): void {
  const t = translator(locale);
  const title = t(`surveyPage.${kind}Title`);
  send(res, status, layout(locale, title, `<h1>${escapeHtml(title)}</h1>\n<p>${escapeHtml(t(`surveyPage.${kind}Body`))}</p>`, kind !== 'error'));
}

function thanksPage(res: Response, locale: Locale, thanks: string): void {
  const t = translator(locale);
  const title = t('surveyPage.thanksTitle');
  // A live region, so a screen reader announces the outcome of the submission.
  send(res, 200, layout(locale, title, `<h1>${escapeHtml(title)}</h1>\n<p role="status">${escapeHtml(thanks)}</p>`, false));
}

function formPage(res: Response, status: number, locale: Locale, req: Request, invitation: InvitationInfo, text: PageText, form: FormState): void {
  const t = translator(locale);
  const { min, max } = SURVEY_SCALES[invitation.kind];
  const e = escapeHtml;
  const scoreError = form.errors.score;
  const commentError = form.errors.comment;
  const hasErrors = Boolean(scoreError || commentError);

  const summary = hasErrors
    ? `<div class="error-summary" id="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1" autofocus>
<h2 id="error-summary-title">${e(t('surveyPage.errorSummaryTitle'))}</h2>
<ul>${scoreError ? `<li><a href="#score-group">${e(scoreError)}</a></li>` : ''}${commentError ? `<li><a href="#comment">${e(commentError)}</a></li>` : ''}</ul>
</div>\n`
    : '';

  const options: string[] = [];
  for (let score = min; score <= max; score += 1) {
    const describedBy = score === min ? ' aria-describedby="anchor-low"' : score === max ? ' aria-describedby="anchor-high"' : '';
    const checked = form.score === score ? ' checked' : '';
    options.push(
      `<div class="option"><input type="radio" id="score-${score}" name="score" value="${score}"${describedBy}${checked}><label for="score-${score}">${score}</label></div>`,
    );
  }
  const groupDescribedBy = ['score-anchors', ...(scoreError ? ['score-error'] : [])].join(' ');
  const name = invitation.customerName?.trim();
  const action = `/s/${encodeURIComponent(String(req.params.token))}${typeof req.query.lang === 'string' ? `?lang=${encodeURIComponent(locale)}` : ''}`;

  const body = `<h1>${e(t('surveyPage.formTitle'))}</h1>
${summary}${name ? `<p>${e(t('surveyPage.greeting', { name }))}</p>\n` : ''}<p class="intro">${e(t('surveyPage.intro'))}</p>
<form method="post" action="${e(action)}" novalidate>
<fieldset id="score-group" tabindex="-1" aria-describedby="${groupDescribedBy}"${scoreError ? ' aria-invalid="true"' : ''}>
<legend>${e(text.question)}</legend>
${scoreError ? `<p id="score-error" class="error-message">${e(t('surveyPage.errorPrefix'))} ${e(scoreError)}</p>\n` : ''}<div class="scale">
${options.join('\n')}
</div>
<div class="anchors" id="score-anchors"><span id="anchor-low">${e(t('surveyPage.anchor', { score: min, label: text.lowLabel }))}</span><span id="anchor-high">${e(t('surveyPage.anchor', { score: max, label: text.highLabel }))}</span></div>
</fieldset>
<div class="comment">
<label for="comment">${e(text.commentPrompt)}</label>
${commentError ? `<p id="comment-error" class="error-message">${e(t('surveyPage.errorPrefix'))} ${e(commentError)}</p>\n` : ''}<textarea id="comment" name="comment" rows="5" maxlength="${COMMENT_MAX}"${commentError ? ' aria-invalid="true" aria-describedby="comment-error"' : ''}>${e(form.comment)}</textarea>
</div>
<button type="submit">${e(t('surveyPage.submit'))}</button>
</form>`;
  send(res, status, layout(locale, hasErrors ? `${t('surveyPage.errorPrefix')} ${t('surveyPage.formTitle')}` : t('surveyPage.formTitle'), body, true));
}

function layout(locale: Locale, title: string, body: string, languageSwitch: boolean): string {
  const t = translator(locale);
  const nav = languageSwitch
    ? `<nav class="lang" aria-label="${escapeHtml(t('surveyPage.languageNav'))}">${SUPPORTED_LOCALES.map(
        (l) =>
          `<a href="?lang=${escapeHtml(l)}" lang="${escapeHtml(l)}" hreflang="${escapeHtml(l)}"${l === locale ? ' aria-current="true"' : ''}>${escapeHtml(t(`surveyPage.language_${l}`))}</a>`,
      ).join('')}</nav>\n`
    : '';
  return `<!doctype html>
<html lang="${escapeHtml(locale)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)}</title>
<link rel="stylesheet" href="${CSS_PATH}?v=${CSS_VERSION}">
</head>
<body>
<main>
${nav}${body}
</main>
</body>
</html>
`;
}

function send(res: Response, status: number, html: string): void {
  res.status(status).set(PAGE_HEADERS).type('html').send(html);
}
