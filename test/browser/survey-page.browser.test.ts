/**
 * The survey page in a real browser: Chromium (headless, through playwright-core) against the real
 * app on a loopback port, with page JavaScript switched off (the page must work without it).
 * A customer answers with the mouse, in Chinese, with the keyboard only and on a phone; forged,
 * expired and replayed links show the right page; the accessibility tree names the question group,
 * the radios and the comment box.
 *
 * Chromium is required: when /usr/bin/chromium is missing this suite fails (CI installs it), it
 * never skips.
 */
import { existsSync } from 'node:fs';
import { sql } from 'kysely';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SurveyKind } from '../../core/feedback/schema.js';
import type { Locale } from '../../core/i18n/index.js';
import { sendSurvey } from '../../server/feedback/dispatch.js';
import { createApp } from '../../server/http/app.js';
import { createLogger } from '../../server/logging/logger.js';
import type { Store } from '../../server/store/db.js';
import { TEST_LINKS, provisionUsdTenant, serve, type Served } from '../helpers.js';
import { storeTargets } from '../store-harness.js';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'];
/** Tuesday 10:00 UTC: inside the default program's business hours. */
const NOW = new Date('2026-11-24T10:00:00Z');
const NPS_QUESTION = 'How likely are you to recommend our store to a friend or colleague?';
const NPS_QUESTION_ZH = '您有多大可能向朋友或同事推荐我们的商店？';
const NPS_COMMENT = 'What is the main reason for your score? (optional)';

/**
 * The few browser globals the in-page checks use. The project compiles without the DOM lib, and
 * these callbacks run in Chromium (page.evaluate), where `globalThis` is the window.
 */
interface PageGlobals {
  document: {
    activeElement: { tagName: string; id: string; type?: string; getAttribute(name: string): string | null } | null;
    documentElement: { scrollWidth: number; clientWidth: number };
  };
  getComputedStyle(element: unknown): { color: string; backgroundColor: string; borderTopColor: string; outlineStyle: string; outlineWidth: string; fontSize: string };
}
interface PageElement {
  parentElement: PageElement | null;
}

/** WCAG relative luminance of a computed `rgb(...)` colour. */
function luminance(colour: string): number {
  const [r = 0, g = 0, b = 0] = (colour.match(/[\d.]+/g) ?? []).slice(0, 3).map((v) => {
    const c = Number(v) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** Set when the browser is not installed: the reason every test of this file fails. */
const MISSING = existsSync(CHROMIUM)
  ? null
  : `Chromium is required for the browser tests and ${CHROMIUM} is missing: install it with "apt-get install -y chromium" (.ci/run does this).`;

describe('the survey page in Chromium', () => {
  let browser: Browser;
  let store: Store;
  let served: Served | undefined;
  let base: string;
  let seq = 0;
  const contexts: BrowserContext[] = [];
  /** Console errors (a CSP violation shows up here) of every page this suite opened. */
  const consoleErrors: string[] = [];

  async function invite(tenantId: string, kind: SurveyKind, opts: { locale?: Locale; name?: string } = {}): Promise<{ url: string; invitationId: string }> {
    seq += 1;
    const customerId = `browser-${seq}`;
    await sql`
      insert into customers (tenant_id, id, name, email, locale, customer_since)
      values (${tenantId}, ${customerId}, ${opts.name ?? `Customer ${seq}`}, ${`${customerId}@example.com`}, ${opts.locale ?? 'en'}, '2019-01-01')`.execute(store.db);
    const sent = await sendSurvey(store, TEST_LINKS, { tenantId, customerId, kind, requestKey: `req-${customerId}`, source: 'api', now: NOW });
    if (sent.status !== 'queued') throw new Error(`survey not queued: ${JSON.stringify(sent)}`);
    // The signer's public URL is not ours: keep the path, point it at the test server.
    return { url: `${base}${new URL(sent.url).pathname}`, invitationId: sent.invitationId };
  }

  async function tenant(id: string): Promise<void> {
    await provisionUsdTenant(store, id);
    await store.db.updateTable('tenants').set({ frozen_clock: NOW }).where('id', '=', id).execute();
  }

  /** A fresh page with page scripts off (the survey page has none and must not need any). */
  async function newPage(options: BrowserContextOptions = {}): Promise<Page> {
    if (MISSING) throw new Error(MISSING);
    const context = await browser.newContext({ javaScriptEnabled: false, ...options });
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    return page;
  }

  /** Where a person would click or tap: the middle of what they see (the number's label). */
  async function centre(page: Page, selector: string): Promise<{ x: number; y: number }> {
    const box = await page.locator(selector).boundingBox();
    if (!box) throw new Error(`${selector} is not rendered`);
    return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  }

  /**
   * Submits the form (by whatever `act` does) and waits for the page that answers it, by its
   * heading: the answer page has the same URL as the form, so the URL cannot tell them apart.
   */
  async function submit(page: Page, act: () => Promise<void>, heading: string): Promise<number> {
    const [response] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), act()]);
    await page.getByRole('heading', { level: 1, name: heading, exact: true }).waitFor();
    return response.status();
  }

  async function storedAnswers(invitationId: string) {
    return store.db.selectFrom('feedback_responses').selectAll().where('invitation_id', '=', invitationId).execute();
  }

  /** What has the focus: tag, id and type. */
  const focused = (page: Page) =>
    page.evaluate(() => {
      const el = (globalThis as unknown as PageGlobals).document.activeElement;
      return el ? `${el.tagName.toLowerCase()}#${el.id}${el.type ? `[${el.type}]` : ''}` : 'none';
    });

  beforeAll(async () => {
    // Without Chromium every test below fails with MISSING (none is skipped).
    if (!MISSING) browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
    const target = storeTargets()[0];
    if (!target) throw new Error('no store target');
    store = await target.open();
    await tenant('shop');
    served = await serve(createApp({ store, logger: createLogger('silent'), version: 'test', links: TEST_LINKS }));
    base = served.base;
  });

  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((c) => c.close()));
  });

  afterAll(async () => {
    await browser?.close();
    await served?.close();
    await store?.close();
    // The CSP allows our stylesheet and nothing inline: the browser must have had nothing to refuse.
    expect(consoleErrors.filter((e) => /Content Security Policy|Refused/i.test(e))).toEqual([]);
  });

  it(`Chromium is installed at ${CHROMIUM}`, () => {
    expect(MISSING).toBeNull();
  });

  it('answering in English with the mouse: label click, comment, thank-you page, one stored answer', async () => {
    const { url, invitationId } = await invite('shop', 'nps', { name: 'Ada' });
    const page = await newPage();
    const response = await page.goto(url);
    expect(response?.status()).toBe(200);
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.title()).toBe('Tell us how we did');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Tell us how we did');
    // The stylesheet loaded under the CSP (the button is styled).
    expect(await page.getByRole('button', { name: 'Send my answer' }).evaluate((b) => (globalThis as unknown as PageGlobals).getComputedStyle(b).backgroundColor)).toBe('rgb(11, 87, 208)');

    const nine = await centre(page, 'label[for="score-9"]');
    await page.mouse.click(nine.x, nine.y);
    expect(await page.getByRole('radio', { name: '9', exact: true }).isChecked()).toBe(true);
    await page.getByLabel(NPS_COMMENT).fill('Friendly staff & <fast> delivery');
    expect(await submit(page, () => page.getByRole('button', { name: 'Send my answer' }).click(), 'Thank you')).toBe(200);
    expect(await page.getByRole('status').textContent()).toBe('Thank you, Ada. Your answer has reached our care team.');
    const rows = await storedAnswers(invitationId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ score: 9, comment: 'Friendly staff & <fast> delivery', channel: 'email', source: 'survey', locale: 'en', category: 'promoter' });
  });

  it('answering in Chinese: lang="zh-CN", the Chinese question, a Chinese thank-you', async () => {
    const { url, invitationId } = await invite('shop', 'nps', { locale: 'zh-CN', name: '李雷' });
    const page = await newPage({ locale: 'en-US' });
    await page.goto(url);
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
    const group = page.getByRole('group', { name: NPS_QUESTION_ZH });
    expect(await group.isVisible()).toBe(true);
    expect(await page.getByText('0 分：完全不可能').isVisible()).toBe(true);
    await group.getByRole('radio', { name: '3', exact: true }).check();
    await page.getByLabel('您打这个分数的主要原因是什么？（选填）').fill('送货太慢了');
    expect(await submit(page, () => page.getByRole('button', { name: '提交回答' }).click(), '感谢您的反馈')).toBe(200);
    expect(await page.getByRole('status').textContent()).toBe('李雷，谢谢您！您的回答已转达给我们的客户关怀团队。');
    const rows = await storedAnswers(invitationId);
    expect(rows).toMatchObject([{ score: 3, comment: '送货太慢了', locale: 'zh-CN', category: 'detractor' }]);

    // The language switch: the same (answered) link in English.
    await page.goto(`${url}?lang=en`);
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('You have already answered, thank you');
  });

  it('keyboard only: Tab to the scale, arrows to choose, Tab to the comment, Enter to send', async () => {
    const { url, invitationId } = await invite('shop', 'csat');
    const page = await newPage();
    await page.goto(url);
    // Tab past the language links until the scale has the focus.
    for (let i = 0; i < 6 && !(await focused(page)).includes('[radio]'); i += 1) await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('input#score-1[radio]');
    // The focused option shows a visible ring (on its label: the native radio is transparent).
    const ring = await page.locator('label[for="score-1"]').evaluate((l) => {
      const s = (globalThis as unknown as PageGlobals).getComputedStyle(l);
      return { style: s.outlineStyle, width: s.outlineWidth };
    });
    expect(ring).toEqual({ style: 'solid', width: '3px' });
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    expect(await focused(page)).toBe('input#score-4[radio]');
    expect(await page.getByRole('radio', { name: '4', exact: true }).isChecked()).toBe(true);
    await page.keyboard.press('ArrowLeft');
    expect(await page.getByRole('radio', { name: '3', exact: true }).isChecked()).toBe(true);
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('textarea#comment[textarea]');
    await page.keyboard.type('Quick and kind.');
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('button#[submit]');
    expect(await submit(page, () => page.keyboard.press('Enter'), 'Thank you')).toBe(200);
    expect(await storedAnswers(invitationId)).toMatchObject([{ kind: 'csat', score: 4, comment: 'Quick and kind.' }]);
  });

  it('Space on the submit button sends too; without a score the error summary leads back to the group', async () => {
    const { url, invitationId } = await invite('shop', 'ces');
    const page = await newPage();
    await page.goto(url);
    await page.getByLabel('Anything you would like to tell us? (optional)').fill('kept after the error');
    await page.getByRole('button', { name: 'Send my answer' }).focus();
    expect(await submit(page, () => page.keyboard.press('Space'), 'Tell us how we did')).toBe(400);

    const alert = page.getByRole('alert');
    expect(await alert.textContent()).toContain('Choose a score from 1 to 7.');
    expect(await page.title()).toBe('Error: Tell us how we did');
    // The summary has the focus on arrival (autofocus), so the next Tab reaches its link.
    expect(await focused(page)).toBe('div#error-summary');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => (globalThis as unknown as PageGlobals).document.activeElement?.getAttribute('href'))).toBe('#score-group');
    await page.keyboard.press('Enter');
    expect(await focused(page)).toBe('fieldset#score-group[fieldset]');
    const group = page.getByRole('group', { name: 'How easy was it to get what you needed?' });
    expect(await group.getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByLabel('Anything you would like to tell us? (optional)').inputValue()).toBe('kept after the error');
    expect(await storedAnswers(invitationId)).toHaveLength(0);

    // From the group, Tab reaches the scale; choose and send with Space.
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('input#score-1[radio]');
    for (let i = 0; i < 5; i += 1) await page.keyboard.press('ArrowDown');
    expect(await page.getByRole('radio', { name: '6', exact: true }).isChecked()).toBe(true);
    await page.getByRole('button', { name: 'Send my answer' }).focus();
    expect(await submit(page, () => page.keyboard.press('Space'), 'Thank you')).toBe(200);
    expect(await storedAnswers(invitationId)).toMatchObject([{ score: 6, comment: 'kept after the error' }]);
  });

  it('forged, expired and replayed links show their page', async () => {
    const page = await newPage();
    // Forged.
    const { url } = await invite('shop', 'nps');
    const forged = url.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    let response = await page.goto(forged);
    expect(response?.status()).toBe(404);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('This link is not valid');
    expect(await page.locator('form').count()).toBe(0);

    // Expired: the tenant's clock moves past the link's validity.
    await tenant('shop-expiring');
    const expiring = await invite('shop-expiring', 'csat');
    await store.db.updateTable('tenants').set({ frozen_clock: new Date(NOW.getTime() + 15 * 86_400_000) }).where('id', '=', 'shop-expiring').execute();
    response = await page.goto(expiring.url);
    expect(response?.status()).toBe(410);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('This link has expired');

    // Replayed: the form open in two tabs; the second submission is refused, and so is going back.
    const first = await invite('shop', 'nps');
    const stale = await newPage();
    await stale.goto(first.url);
    await page.goto(first.url);
    await page.getByRole('radio', { name: '10', exact: true }).check();
    expect(await submit(page, () => page.getByRole('button', { name: 'Send my answer' }).click(), 'Thank you')).toBe(200);
    await stale.getByRole('radio', { name: '0', exact: true }).check();
    expect(await submit(stale, () => stale.getByRole('button', { name: 'Send my answer' }).click(), 'You have already answered, thank you')).toBe(409);
    // Back to the form page: no-store, so the browser asks again and gets the answered page.
    await page.goBack();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('You have already answered, thank you');
    expect(await storedAnswers(first.invitationId)).toMatchObject([{ score: 10 }]);
  });

  it('on a phone (375x667): no horizontal scroll, every tap target at least 44px, tapping a number picks it', async () => {
    for (const locale of ['en', 'zh-CN'] as const) {
      const { url } = await invite('shop', 'nps', { locale, name: 'A customer with a rather long name for a small screen' });
      const page = await newPage({ viewport: { width: 375, height: 667 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
      await page.goto(url);
      const overflow = await page.evaluate(() => {
        const root = (globalThis as unknown as PageGlobals).document.documentElement;
        return { scroll: root.scrollWidth, client: root.clientWidth };
      });
      expect(overflow.scroll, locale).toBeLessThanOrEqual(overflow.client);
      expect(overflow.client).toBe(375);
      // The radio itself covers its whole label: the tap target is the radio.
      for (const selector of ['input[type="radio"]', '.option label', 'button', '.lang a', 'textarea']) {
        const boxes = await page.locator(selector).evaluateAll((els) => els.map((el) => el.getBoundingClientRect()).map((r) => ({ w: r.width, h: r.height, right: r.right })));
        expect(boxes.length, selector).toBeGreaterThan(0);
        for (const box of boxes) {
          expect(box.w, `${selector} width`).toBeGreaterThanOrEqual(44);
          expect(box.h, `${selector} height`).toBeGreaterThanOrEqual(44);
          expect(box.right, `${selector} inside the viewport`).toBeLessThanOrEqual(375);
        }
      }
      const seven = await centre(page, 'label[for="score-7"]');
      await page.touchscreen.tap(seven.x, seven.y);
      expect(await page.getByRole('radio', { name: '7', exact: true }).isChecked()).toBe(true);
      // Text is at least 16px where one types (no zoom on focus).
      expect(await page.locator('textarea').evaluate((t) => Number.parseFloat((globalThis as unknown as PageGlobals).getComputedStyle(t).fontSize))).toBeGreaterThanOrEqual(16);
    }
  });

  it('the accessibility tree: a named group of named radios, the anchors as descriptions, a named comment box', async () => {
    const { url } = await invite('shop', 'nps');
    const page = await newPage();
    await page.goto(url);
    expect(await page.getByRole('main').count()).toBe(1);
    expect(await page.getByRole('navigation', { name: 'Language' }).count()).toBe(1);
    const group = page.getByRole('group', { name: NPS_QUESTION });
    expect(await group.count()).toBe(1);
    expect(await group.getByRole('radio').count()).toBe(11);
    for (let score = 0; score <= 10; score += 1) expect(await group.getByRole('radio', { name: String(score), exact: true }).count()).toBe(1);
    expect(await page.getByRole('textbox', { name: NPS_COMMENT }).getAttribute('maxlength')).toBe('5000');
    expect(await page.getByRole('button', { name: 'Send my answer' }).count()).toBe(1);
    expect(await page.locator('main').ariaSnapshot()).toContain(`- group "${NPS_QUESTION}"`);

    // Chromium's own accessibility tree: names and descriptions as a screen reader gets them.
    const cdp = await page.context().newCDPSession(page);
    const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as {
      nodes: { role?: { value?: string }; name?: { value?: string }; description?: { value?: string }; ignored?: boolean }[];
    };
    const ax = nodes.filter((n) => !n.ignored).map((n) => ({ role: n.role?.value, name: n.name?.value, description: n.description?.value }));
    const radios = ax.filter((n) => n.role === 'radio');
    expect(radios.map((r) => r.name)).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
    expect(radios[0]?.description).toBe('0: Not at all likely');
    expect(radios[10]?.description).toBe('10: Extremely likely');
    const groupNode = ax.find((n) => n.role === 'group' && n.name === NPS_QUESTION);
    expect(groupNode?.description).toBe('0: Not at all likely 10: Extremely likely');
    expect(ax.find((n) => n.role === 'textbox')?.name).toBe(NPS_COMMENT);
    expect(ax.find((n) => n.role === 'heading')?.name).toBe('Tell us how we did');
    await cdp.detach();
  });

  it('colours: text at 4.5:1 or better and radio borders at 3:1 or better, in every state', async () => {
    const { url } = await invite('shop', 'nps');
    const page = await newPage();
    await page.goto(url);
    // The error page shows every kind of text there is; then one radio is checked.
    expect(await submit(page, () => page.getByRole('button', { name: 'Send my answer' }).click(), 'Tell us how we did')).toBe(400);
    await page.getByRole('radio', { name: '5', exact: true }).check();
    const selectors = ['h1', 'h2', 'p', 'legend', '.option label', '.anchors span', '.comment label', 'button', '.lang a', '.error-summary a', '.error-message'];
    for (const selector of selectors) {
      const colours = await page.locator(selector).evaluateAll((els: PageElement[]) =>
        els.map((el) => {
          const g = globalThis as unknown as PageGlobals;
          const style = g.getComputedStyle(el);
          let background = 'rgba(0, 0, 0, 0)';
          for (let node: PageElement | null = el; node && /^rgba\(0, 0, 0, 0\)$|^transparent$/.test(background); node = node.parentElement) {
            background = g.getComputedStyle(node).backgroundColor;
          }
          return { text: style.color, border: style.borderTopColor, background };
        }),
      );
      expect(colours.length, selector).toBeGreaterThan(0);
      for (const c of colours) {
        expect(contrast(c.text, c.background), `${selector}: ${c.text} on ${c.background}`).toBeGreaterThanOrEqual(4.5);
        // Non-text contrast of an option's outline against the page around it.
        if (selector === '.option label') expect(contrast(c.border, 'rgb(255, 255, 255)'), `${selector} border ${c.border}`).toBeGreaterThanOrEqual(3);
      }
    }
  });
});
