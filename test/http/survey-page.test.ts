/**
 * The customer's survey page at /s/:token over HTTP, on both stores: which page a link gets
 * (form, forged, expired, answered), what the form holds per survey kind and locale, validation
 * without storing anything, one stored answer per link even when two submissions race, and the
 * headers every page carries.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SurveyKind } from '../../core/feedback/schema.js';
import type { Locale } from '../../core/i18n/index.js';
import { openComplaint } from '../../server/feedback/complaints.js';
import { sendSurvey } from '../../server/feedback/dispatch.js';
import { queueSurveyInvitations } from '../../server/feedback/invitations.js';
import { surveyLinkSigner } from '../../server/feedback/survey-links.js';
import { createApp } from '../../server/http/app.js';
import { createLogger } from '../../server/logging/logger.js';
import type { Store } from '../../server/store/db.js';
import { TEST_LINKS, provisionUsdTenant, serve, type Served } from '../helpers.js';
import { storeTargets } from '../store-harness.js';

/** Tuesday 10:00 UTC: inside the default program's business hours, so sends are not deferred. */
const NOW = new Date('2026-11-24T10:00:00Z');
const CSP = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
const CJK = /[\u4e00-\u9fff]/;

const radios = (html: string) => html.match(/<input type="radio"/g)?.length ?? 0;
const tokenOf = (url: string) => url.slice(url.lastIndexOf('/s/') + 3);

describe.each(storeTargets())('the survey page ($kind)', (target) => {
  let store: Store;
  let served: Served | undefined;
  let base: string;
  const logLines: string[] = [];
  let seq = 0;

  /** A customer who has been with us for years (survey fatigue does not hold them back). */
  async function customer(tenantId: string, opts: { name?: string | null; locale?: Locale } = {}): Promise<string> {
    seq += 1;
    const id = `cust-${seq}`;
    const name = opts.name === undefined ? `Customer ${seq}` : opts.name;
    await sql`
      insert into customers (tenant_id, id, name, email, locale, customer_since)
      values (${tenantId}, ${id}, ${name}, ${`${id}@example.com`}, ${opts.locale ?? 'en'}, '2019-01-01')`.execute(store.db);
    return id;
  }

  async function tenant(id: string): Promise<string> {
    await provisionUsdTenant(store, id);
    await store.db.updateTable('tenants').set({ frozen_clock: NOW }).where('id', '=', id).execute();
    return id;
  }

  /** An invitation the way the API sends one: fatigue, contact policy, the real signer. */
  async function sent(tenantId: string, kind: SurveyKind, opts: { locale?: Locale; name?: string | null } = {}): Promise<{ token: string; invitationId: string }> {
    const customerId = await customer(tenantId, opts);
    const result = await sendSurvey(store, TEST_LINKS, { tenantId, customerId, kind, requestKey: `req-${customerId}`, source: 'api', now: NOW });
    if (result.status !== 'queued') throw new Error(`survey not queued: ${JSON.stringify(result)}`);
    return { token: tokenOf(result.url), invitationId: result.invitationId };
  }

  /** An invitation queued directly (follow-ups, or several for one customer). */
  async function queued(
    tenantId: string,
    kind: SurveyKind,
    opts: { locale?: Locale; source?: 'api' | 'follow_up'; complaintId?: number; customerId?: string } = {},
  ): Promise<{ token: string; invitationId: string }> {
    const customerId = opts.customerId ?? (await customer(tenantId, { locale: opts.locale ?? 'en' }));
    const dedupKey = `test:${++seq}`;
    const out = await store.db.transaction().execute((trx) =>
      queueSurveyInvitations(trx, { tenantId, now: NOW, validity: '14d', timezone: 'UTC', links: TEST_LINKS }, [
        {
          dedupKey,
          customerId,
          kind,
          channel: 'email',
          to: `${customerId}@example.com`,
          locale: opts.locale ?? 'en',
          source: opts.source ?? 'api',
          complaintId: opts.complaintId ?? null,
          subject: 'subject',
          body: 'body',
        },
      ]),
    );
    const inv = out.get(dedupKey);
    if (!inv) throw new Error('invitation not queued');
    return { token: tokenOf(inv.url), invitationId: inv.id };
  }

  const page = (token: string, init: { lang?: string; headers?: Record<string, string> } = {}) =>
    fetch(`${base}/s/${token}${init.lang ? `?lang=${encodeURIComponent(init.lang)}` : ''}`, { headers: init.headers ?? {} });

  const post = (token: string, fields: [string, string][] | string, query = '') =>
    fetch(`${base}/s/${token}${query}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: typeof fields === 'string' ? fields : new URLSearchParams(fields).toString(),
    });

  async function responses(invitationId: string) {
    return store.db.selectFrom('feedback_responses').selectAll().where('invitation_id', '=', invitationId).execute();
  }

  function expectPageHeaders(res: Response): void {
    expect(res.headers.get('content-type')).toMatch(/^text\/html; charset=utf-8/);
    expect(res.headers.get('content-security-policy')).toBe(CSP);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
  }

  beforeAll(async () => {
    store = await target.open();
    await tenant('shop');
    served = await serve(createApp({ store, logger: createLogger('debug', (l) => void logLines.push(l)), version: 'test', links: TEST_LINKS }));
    base = served.base;
  });

  afterAll(async () => {
    await served?.close();
    await store?.close();
  });

  it('renders the form for each kind: one labelled radio per score, the anchors, the comment box', async () => {
    // The retail program words its surveys itself; the CSAT and CES comment prompts fall back to the product's.
    const expected: Record<SurveyKind, { count: number; min: number; max: number; question: string; low: string; high: string; comment: string }> = {
      nps: {
        count: 11, min: 0, max: 10, question: 'How likely are you to recommend our store to a friend or colleague?', low: 'Not at all likely', high: 'Extremely likely',
        comment: 'What is the main reason for your score? (optional)',
      },
      csat: { count: 5, min: 1, max: 5, question: 'How satisfied are you with the help you received?', low: 'Very unsatisfied', high: 'Very satisfied', comment: 'Anything you would like to tell us? (optional)' },
      ces: { count: 7, min: 1, max: 7, question: 'How easy was it to get what you needed?', low: 'Very difficult', high: 'Very easy', comment: 'Anything you would like to tell us? (optional)' },
    };
    for (const [kind, want] of Object.entries(expected) as [SurveyKind, (typeof expected)[SurveyKind]][]) {
      const { token } = await sent('shop', kind);
      const res = await page(token);
      expect(res.status).toBe(200);
      expectPageHeaders(res);
      const html = await res.text();
      expect(html).toMatch(/^<!doctype html>\n<html lang="en">/);
      expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
      expect(html).toMatch(/<link rel="stylesheet" href="\/s\/assets\/survey\.css\?v=[0-9a-f]+">/);
      expect(html).not.toMatch(/<script|style=|<style/);
      expect(html).toMatch(/<main>[\s\S]*<h1>Tell us how we did<\/h1>[\s\S]*<\/main>/);
      expect(html).toContain(`<legend>${want.question}</legend>`);
      expect(radios(html)).toBe(want.count);
      for (let s = want.min; s <= want.max; s += 1) {
        expect(html).toContain(`id="score-${s}" name="score" value="${s}"`);
        expect(html).toContain(`<label for="score-${s}">${s}</label>`);
      }
      expect(html).not.toContain(`value="${want.min - 1}"`);
      expect(html).not.toContain(`value="${want.max + 1}"`);
      expect(html).toContain(`id="score-${want.min}" name="score" value="${want.min}" aria-describedby="anchor-low"`);
      expect(html).toContain(`id="score-${want.max}" name="score" value="${want.max}" aria-describedby="anchor-high"`);
      expect(html).toContain(`<span id="anchor-low">${want.min}: ${want.low}</span>`);
      expect(html).toContain(`<span id="anchor-high">${want.max}: ${want.high}</span>`);
      expect(html).toContain('<fieldset id="score-group" tabindex="-1" aria-describedby="score-anchors">');
      expect(html).toContain(`<label for="comment">${want.comment}</label>`);
      expect(html).toContain('<textarea id="comment" name="comment" rows="5" maxlength="5000"></textarea>');
      expect(html).toContain(`<form method="post" action="/s/${token}" novalidate>`);
      expect(html).toContain('<button type="submit">Send my answer</button>');
      expect(html).toContain('<a href="?lang=zh-CN" lang="zh-CN" hreflang="zh-CN">中文</a>');
    }
  });

  it('speaks the invitation locale, and the language switch overrides it', async () => {
    const { token } = await sent('shop', 'nps', { locale: 'zh-CN' });
    const zh = await (await page(token)).text();
    expect(zh).toContain('<html lang="zh-CN">');
    expect(zh).toContain('<legend>您有多大可能向朋友或同事推荐我们的商店？</legend>');
    expect(zh).toContain('<span id="anchor-low">0 分：完全不可能</span>');
    expect(zh).toContain('提交回答');
    // The browser's language does not override the invitation's.
    expect(await (await page(token, { headers: { 'accept-language': 'en-US' } })).text()).toContain('<html lang="zh-CN">');
    const en = await (await page(token, { lang: 'en' })).text();
    expect(en).toContain('<html lang="en">');
    expect(en).toContain('<legend>How likely are you to recommend our store to a friend or colleague?</legend>');
    expect(en).toContain(`action="/s/${token}?lang=en"`);
    expect(en.slice(en.indexOf('<legend>'), en.indexOf('</legend>'))).not.toMatch(CJK);
  });

  it('asks a follow-up about the resolved complaint, escaping its subject', async () => {
    const customerId = await customer('shop', { locale: 'en' });
    const complaint = await openComplaint(store, {
      tenantId: 'shop',
      customerId,
      source: 'api',
      sourceRef: `ref-${customerId}`,
      subject: 'Late <delivery> & "box"',
      description: null,
      priority: 'normal',
      openedAt: NOW,
      actor: 'test',
      now: NOW,
    });
    const { token } = await queued('shop', 'csat', { source: 'follow_up', complaintId: complaint.id, customerId });
    const html = await (await page(token)).text();
    expect(html).toContain('<legend>We resolved your request &quot;Late &lt;delivery&gt; &amp; &quot;box&quot;&quot;. How satisfied are you with the outcome?</legend>');
    expect(radios(html)).toBe(5);
  });

  it('escapes every value: a customer name with markup is text', async () => {
    const { token } = await sent('shop', 'csat', { name: '<img src=x onerror=alert(1)> "O\'Brien"' });
    const html = await (await page(token)).text();
    expect(html).toContain('<p>Hello &lt;img src=x onerror=alert(1)&gt; &quot;O&#39;Brien&quot;,</p>');
    expect(html).not.toContain('<img');
  });

  it('forged and malformed links get the 404 page, whatever the method', async () => {
    const { token } = await sent('shop', 'nps');
    const [version, id, exp, sig] = token.split('.') as [string, string, string, string];
    const flipped = `${sig.slice(0, -1)}${sig.endsWith('A') ? 'B' : 'A'}`;
    const otherKey = surveyLinkSigner(Buffer.from('another-secret-of-at-least-32-bytes-long!'), 'http://x');
    const forged = [
      'nope',
      'v1.abc.def.ghi',
      `${version}.${id}.${exp}.${flipped}`, // tampered signature
      `${version}.${id}.${(Number.parseInt(exp, 36) + 86_400).toString(36)}.${sig}`, // extended expiry
      `${version}.${id}x.${exp}.${sig}`, // another invitation id
      `v2.${id}.${exp}.${sig}`,
      `${token}.extra`,
      otherKey.sign(id, new Date(NOW.getTime() + 86_400_000)), // signed with another key
      TEST_LINKS.sign('NoSuchInvitation000', new Date(NOW.getTime() + 86_400_000)), // genuine signature, no such invitation
      'x'.repeat(5000),
    ];
    for (const bad of forged) {
      const res = await page(encodeURIComponent(bad));
      expect(res.status, bad.slice(0, 60)).toBe(404);
      expectPageHeaders(res);
      const html = await res.text();
      expect(html).toContain('<h1>This link is not valid</h1>');
      expect(html).not.toContain('<form');
      const posted = await post(encodeURIComponent(bad), [['score', '5']]);
      expect(posted.status).toBe(404);
      expect(await posted.text()).toContain('This link is not valid');
    }
    // Mangled paths and undecodable escapes are pages too, never the API's JSON.
    for (const path of ['/s/', '/s/a/b', `/s/${token}/extra`]) {
      const res = await fetch(`${base}${path}`);
      expect(res.status, path).toBe(404);
      expectPageHeaders(res);
      expect(await res.text()).toContain('<h1>This link is not valid</h1>');
    }
    const undecodable = await fetch(`${base}/s/%E0%A4%A`);
    expect(undecodable.status).toBe(400);
    expectPageHeaders(undecodable);
    // The invalid page follows the browser's language (there is no invitation to ask).
    const zh = await page('nope', { headers: { 'accept-language': 'zh-CN,zh;q=0.9' } });
    expect(await zh.text()).toContain('<h1>此链接无效</h1>');
    // The genuine link still works.
    expect((await page(token)).status).toBe(200);
  });

  it('an expired link (by the tenant clock) gets 410 on GET and POST, and stores nothing', async () => {
    await tenant('shop-expiring');
    const { token, invitationId } = await sent('shop-expiring', 'csat', { locale: 'zh-CN' });
    expect((await page(token)).status).toBe(200);
    await store.db.updateTable('tenants').set({ frozen_clock: new Date(NOW.getTime() + 15 * 86_400_000) }).where('id', '=', 'shop-expiring').execute();
    const res = await page(token);
    expect(res.status).toBe(410);
    expectPageHeaders(res);
    const html = await res.text();
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain('<h1>此链接已过期</h1>');
    expect(await (await page(token, { lang: 'en' })).text()).toContain('<h1>This link has expired</h1>');
    const posted = await post(token, [['score', '5']]);
    expect(posted.status).toBe(410);
    expect(await responses(invitationId)).toHaveLength(0);
  });

  it('rejects a missing or out-of-range score with 400, an error summary, the comment kept, nothing stored', async () => {
    const nps = await sent('shop', 'nps');
    const csat = await sent('shop', 'csat');
    const ces = await sent('shop', 'ces');
    const comment = 'Line one\r\nLine <two> & "three"';
    const cases: [{ token: string; invitationId: string }, [string, string][] | string, string][] = [
      [nps, [['comment', comment]], 'Choose a score from 0 to 10.'],
      [nps, [['score', '11'], ['comment', comment]], 'Choose a score from 0 to 10.'],
      [nps, [['score', '-1'], ['comment', comment]], 'Choose a score from 0 to 10.'],
      [nps, [['score', '7.5'], ['comment', comment]], 'Choose a score from 0 to 10.'],
      [nps, [['score', 'seven'], ['comment', comment]], 'Choose a score from 0 to 10.'],
      [nps, [['score', ''], ['comment', comment]], 'Choose a score from 0 to 10.'],
      [nps, [['score', '1'], ['score', '2'], ['comment', comment]], 'Choose a score from 0 to 10.'],
      [csat, [['score', '0'], ['comment', comment]], 'Choose a score from 1 to 5.'],
      [csat, [['score', '6'], ['comment', comment]], 'Choose a score from 1 to 5.'],
      [ces, [['score', '8'], ['comment', comment]], 'Choose a score from 1 to 7.'],
    ];
    for (const [inv, fields, message] of cases) {
      const res = await post(inv.token, fields);
      expect(res.status, JSON.stringify(fields)).toBe(400);
      expectPageHeaders(res);
      const html = await res.text();
      expect(html).toContain('<div class="error-summary" id="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1" autofocus>');
      expect(html).toContain(`<li><a href="#score-group">${message}</a></li>`);
      expect(html).toContain('<fieldset id="score-group" tabindex="-1" aria-describedby="score-anchors score-error" aria-invalid="true">');
      expect(html).toContain(`<p id="score-error" class="error-message">Error: ${message}</p>`);
      expect(html).toContain('>Line one\nLine &lt;two&gt; &amp; &quot;three&quot;</textarea>');
      expect(html).not.toContain(' checked');
      expect(html).toContain('<title>Error: Tell us how we did</title>');
      // The summary comes first, before the question.
      expect(html.indexOf('role="alert"')).toBeLessThan(html.indexOf('<legend>'));
    }
    // A comment over the limit is refused too, keeping the chosen score.
    const long = await post(nps.token, [['score', '8'], ['comment', 'x'.repeat(5001)]]);
    expect(long.status).toBe(400);
    const longHtml = await long.text();
    expect(longHtml).toContain('<li><a href="#comment">Your comment is too long: keep it to 5000 characters or fewer.</a></li>');
    expect(longHtml).toContain('value="8" checked');
    expect(longHtml).toContain('aria-invalid="true" aria-describedby="comment-error"');
    // In the invitation's language.
    const zh = await sent('shop', 'nps', { locale: 'zh-CN' });
    const zhHtml = await (await post(zh.token, [['score', '42']])).text();
    expect(zhHtml).toContain('请选择 0 到 10 之间的分数。');
    for (const inv of [nps, csat, ces, zh]) {
      expect(await responses(inv.invitationId)).toHaveLength(0);
      expect((await page(inv.token)).status).toBe(200);
    }
  });

  it('stores one answer with its care event, thanks the customer, then answers 409', async () => {
    const { token, invitationId } = await sent('shop', 'nps', { name: 'Ada' });
    const res = await post(token, [['score', '9'], ['comment', '  Lovely service,\r\nthank you!  ']]);
    expect(res.status).toBe(200);
    expectPageHeaders(res);
    const html = await res.text();
    expect(html).toContain('<h1>Thank you</h1>');
    expect(html).toContain('<p role="status">Thank you, Ada. Your answer has reached our care team.</p>');
    const rows = await responses(invitationId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      tenant_id: 'shop',
      id: `survey:${invitationId}`,
      kind: 'nps',
      score: 9,
      comment: 'Lovely service,\nthank you!',
      channel: 'email',
      source: 'survey',
      invitation_id: invitationId,
      locale: 'en',
      category: 'promoter',
    });
    const events = await store.db.selectFrom('care_events').selectAll().where('tenant_id', '=', 'shop').where('id', '=', `feedback:survey:${invitationId}`).execute();
    expect(events).toHaveLength(1);
    expect(events[0]?.customer_id).toBe(rows[0]?.customer_id);
    const invitation = await store.db.selectFrom('survey_invitations').select(['status', 'answered_at']).where('id', '=', invitationId).executeTakeFirstOrThrow();
    expect(invitation.status).toBe('answered');
    expect(invitation.answered_at?.getTime()).toBe(NOW.getTime());

    // Single use: reload, back and resubmit, another tab.
    const again = await page(token);
    expect(again.status).toBe(409);
    expectPageHeaders(again);
    expect(await again.text()).toContain('<h1>You have already answered, thank you</h1>');
    const replay = await post(token, [['score', '0'], ['comment', 'changed my mind']]);
    expect(replay.status).toBe(409);
    expect(await replay.text()).toContain('You have already answered, thank you');
    // Even an invalid resubmission: the page says it is answered rather than asking again.
    expect((await post(token, [['score', 'x']])).status).toBe(409);
    expect(await responses(invitationId)).toHaveLength(1);
    expect((await responses(invitationId))[0]?.score).toBe(9);
  });

  it('a blank comment is stored as none, and a CSAT answer in Chinese is thanked in Chinese', async () => {
    const { token, invitationId } = await sent('shop', 'csat', { locale: 'zh-CN', name: '王芳' });
    const res = await post(token, [['score', '5'], ['comment', '   ']]);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain('王芳，谢谢您！');
    const [row] = await responses(invitationId);
    expect(row).toMatchObject({ score: 5, comment: null, locale: 'zh-CN', source: 'survey' });
  });

  it('two submissions racing: exactly one 200 and one 409, one stored answer', async () => {
    for (let round = 0; round < 3; round += 1) {
      const { token, invitationId } = await sent('shop', 'nps');
      const results = await Promise.all([post(token, [['score', '3'], ['comment', 'first']]), post(token, [['score', '10'], ['comment', 'second']])]);
      const statuses = results.map((r) => r.status).sort();
      expect(statuses).toEqual([200, 409]);
      await Promise.all(results.map((r) => r.text()));
      expect(await responses(invitationId)).toHaveLength(1);
      const events = await store.db.selectFrom('care_events').select('id').where('id', '=', `feedback:survey:${invitationId}`).execute();
      expect(events).toHaveLength(1);
    }
  });

  it('a body over the limit gets an HTML page, not the API error, and never a token in the logs', async () => {
    const { token, invitationId } = await sent('shop', 'nps');
    const res = await post(token, `score=5&comment=${'x'.repeat(20_000)}`);
    expect(res.status).toBe(413);
    expectPageHeaders(res);
    expect(await res.text()).toContain('<h1>Something went wrong</h1>');
    expect(await responses(invitationId)).toHaveLength(0);
    // Nothing logged so far carries a token or its signature.
    const signature = token.split('.')[3] as string;
    expect(logLines.some((l) => l.includes(signature) || l.includes('/s/'))).toBe(false);
  });

  it('serves the stylesheet as a cacheable static asset', async () => {
    const res = await fetch(`${base}/s/assets/survey.css?v=1`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/css/);
    expect(res.headers.get('cache-control')).toMatch(/^public, max-age=\d+/);
    const css = await res.text();
    expect(css).toContain(':focus-visible');
    expect(css).toContain('min-height:3rem');
  });
});
