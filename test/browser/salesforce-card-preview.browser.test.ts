/**
 * The Salesforce VIP card outside Salesforce: the built preview bundle (dist/preview, made by
 * `node scripts/build.mjs preview`) in a real Chromium, on a page with exactly the server's markup
 * and Content-Security-Policy, served with fixture views from a small local server: a full VIP in
 * English and Chinese, a record VIP Care does not know (404) and a failing backend (500). Checks
 * what a rep sees, the keyboard path through the actions, axe, that nothing breaks the CSP or logs
 * an error, and a screenshot per state.
 *
 * Chromium is required: when /usr/bin/chromium is missing this suite fails, it never skips.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { inflateSync } from 'node:zlib';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labelsFor } from '../../ui-extensions/salesforce/tools/custom-labels.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'];
const ASSETS_DIR = path.join(repoRoot, 'dist', 'preview');
const BUNDLE = path.join(ASSETS_DIR, 'vip-care-card.js');
const DATA_DIR = path.join(repoRoot, 'ui-extensions', 'salesforce', 'force-app', 'main', 'default', 'lwc', 'vipCareCard', '__tests__', 'data');
/** The page's policy, as the server sends it. */
const CSP = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'self'";
const VIEWPORT = { width: 1024, height: 900 };
/** The fixtures' generatedAt: the page's clock is held there so SLA clocks read as built. */
const GENERATED_AT = new Date('2026-09-14T02:00:00.000Z');
const RECORD_ID = '003Dn00000VipCrAAA';
const SERVER_ERROR = 'The preview could not be prepared. Try again in a minute.';

const MISSING = existsSync(CHROMIUM)
  ? null
  : `Chromium is required for the browser tests and ${CHROMIUM} is missing: install it with "apt-get install -y chromium" (.ci/run does this).`;

type Lang = 'en' | 'zh-CN';
interface Token {
  locale: Lang;
  status: number;
  body: () => string;
}
const fixture = (name: string) => () => readFileSync(path.join(DATA_DIR, `${name}.json`), 'utf8');
const TOKENS: Record<string, Token> = {
  'vip-en': { locale: 'en', status: 200, body: fixture('vipFull.en') },
  'vip-zh': { locale: 'zh-CN', status: 200, body: fixture('vipFull.zh-CN') },
  'unknown-en': { locale: 'en', status: 404, body: fixture('notFound.en') },
  'broken-en': { locale: 'en', status: 500, body: () => JSON.stringify({ error: { code: 'INTERNAL', message: SERVER_ERROR } }) },
};
const LABELS = { en: labelsFor('en'), 'zh-CN': labelsFor('zh-CN') };
const t = (lang: Lang, name: string, ...values: (string | number)[]) =>
  (LABELS[lang].get(`VipCare_${name}`) ?? `<missing ${name}>`).replace(/\{(\d+)\}/g, (_m, i: string) => String(values[Number(i)]));

/** Exactly the server's page (GET /preview/salesforce-card/:token). */
function previewPage(token: string, locale: Lang): string {
  return `<html lang="${locale}"><head><link rel="stylesheet" href="/preview/assets/slds.css"><script type="module" src="/preview/assets/vip-care-card.js"></script></head><body class="slds-scope"><main id="vip-care-preview" data-view-url="/preview/salesforce-card/${token}/view" data-locale="${locale}" data-record-id="${RECORD_ID}" data-object-api-name="Contact"></main></body></html>`;
}

/** Builds the preview when it is missing or older than anything it is built from. */
function ensureBundle(): void {
  const sources = ['ui-extensions/salesforce/force-app', 'ui-extensions/salesforce/preview', 'ui-extensions/salesforce/tools', 'scripts/lwc-esbuild-plugin.mjs', 'scripts/build-salesforce-preview.mjs'];
  const newest = (p: string): number => (statSync(p).isDirectory() ? Math.max(0, ...readdirSync(p).map((n) => newest(path.join(p, n)))) : statSync(p).mtimeMs);
  const built = existsSync(BUNDLE) ? statSync(BUNDLE).mtimeMs : 0;
  if (built < Math.max(...sources.map((s) => newest(path.join(repoRoot, s))))) {
    execFileSync(process.execPath, ['scripts/build.mjs', 'preview'], { cwd: repoRoot, stdio: 'pipe' });
  }
}

/** The few browser globals the in-page checks use (the project compiles without the DOM lib). */
interface PageNode {
  tagName: string;
  textContent: string | null;
  shadowRoot?: { activeElement: PageNode | null } | null;
  getAttribute(name: string): string | null;
  labels?: { textContent: string | null }[] | null;
}
interface PageGlobals {
  document: { activeElement: PageNode | null };
  axe: { run(context: unknown, options: unknown): Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[] }> };
  __cspViolations: string[];
}

/** PNG → size and RGBA/RGB pixels (8-bit, non-interlaced, as Chromium writes screenshots). */
function decodePng(png: Buffer): { width: number; height: number; channels: number; pixels: Buffer } {
  expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  let offset = 8;
  let width = 0;
  let height = 0;
  let channels = 0;
  const data: Buffer[] = [];
  while (offset < png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('ascii', offset + 4, offset + 8);
    const body = png.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      expect([body[8], body[12]]).toEqual([8, 0]);
      channels = body[9] === 6 ? 4 : body[9] === 2 ? 3 : 0;
    } else if (type === 'IDAT') data.push(body);
    offset += length + 12;
  }
  expect(channels).toBeGreaterThan(0);
  const raw = inflateSync(Buffer.concat(data));
  const stride = width * channels;
  const pixels = Buffer.alloc(height * stride);
  for (let y = 0; y < height; y += 1) {
    const filter = raw[y * (stride + 1)];
    for (let x = 0; x < stride; x += 1) {
      const value = raw[y * (stride + 1) + 1 + x] ?? 0;
      const a = x >= channels ? (pixels[y * stride + x - channels] ?? 0) : 0;
      const b = y > 0 ? (pixels[(y - 1) * stride + x] ?? 0) : 0;
      const c = x >= channels && y > 0 ? (pixels[(y - 1) * stride + x - channels] ?? 0) : 0;
      const p = a + b - c;
      const paeth = Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c) ? a : Math.abs(p - b) <= Math.abs(p - c) ? b : c;
      const predictor = [0, a, b, (a + b) >> 1, paeth][filter ?? 0] ?? 0;
      pixels[y * stride + x] = (value + predictor) & 0xff;
    }
  }
  return { width, height, channels, pixels };
}

describe('the Salesforce card preview in Chromium', () => {
  let browser: Browser;
  let server: Server;
  let base = '';
  let shots = '';
  const contexts: BrowserContext[] = [];
  const consoleErrors: string[] = [];
  const cspViolations: string[] = [];
  const viewRequests: string[] = [];
  const strayRequests: string[] = [];

  function handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const page = /^\/preview\/salesforce-card\/([\w-]+)$/.exec(url.pathname);
    const view = /^\/preview\/salesforce-card\/([\w-]+)\/view$/.exec(url.pathname);
    const asset = /^\/preview\/assets\/([\w.-]+)$/.exec(url.pathname);
    const token = TOKENS[page?.[1] ?? view?.[1] ?? ''];
    if (page && token) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': CSP, 'cache-control': 'no-store' });
      res.end(previewPage(page[1] ?? '', token.locale));
    } else if (view && token) {
      viewRequests.push(`${view[1]}?${url.searchParams.toString()}`);
      res.writeHead(token.status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
      res.end(token.body());
    } else if (asset && existsSync(path.join(ASSETS_DIR, asset[1] ?? ''))) {
      const type = { '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.map': 'application/json' }[path.extname(asset[1] ?? '')] ?? 'application/octet-stream';
      res.writeHead(200, { 'content-type': type });
      res.end(readFileSync(path.join(ASSETS_DIR, asset[1] ?? '')));
    } else {
      // Browsers ask for a favicon on their own; anything else the page asked for is a stray.
      if (url.pathname !== '/favicon.ico') strayRequests.push(url.pathname);
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
    }
  }

  async function open(token: string): Promise<Page> {
    if (MISSING) throw new Error(MISSING);
    const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1, locale: 'en-US', timezoneId: 'Asia/Shanghai' });
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    await page.clock.setFixedTime(GENERATED_AT);
    page.on('console', (m) => {
      if (m.type() !== 'error' && m.type() !== 'warning') return;
      // Chromium logs every non-2xx response: the 404 and 500 views are the states under test, and
      // the favicon the browser asks for by itself is the page's business, not the bundle's.
      const where = new URL(m.location().url || base, base).pathname;
      const expected = (/\/view$/.test(where) && (TOKENS[token]?.status ?? 200) >= 400) || where === '/favicon.ico';
      if (/^Failed to load resource/.test(m.text()) && expected) return;
      consoleErrors.push(`${token}: ${m.text()} (${where})`);
    });
    page.on('pageerror', (e) => consoleErrors.push(`${token}: ${e.message}`));
    // Injected by the browser, not by the page, so the policy does not apply to this listener.
    await page.addInitScript(() => {
      const g = globalThis as unknown as PageGlobals & { addEventListener(type: string, cb: (e: { violatedDirective: string; blockedURI: string }) => void): void };
      g.__cspViolations = [];
      g.addEventListener('securitypolicyviolation', (e) => g.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    const response = await page.goto(`${base}/preview/salesforce-card/${token}`);
    expect(response?.status()).toBe(200);
    return page;
  }

  async function finish(page: Page, token: string): Promise<void> {
    cspViolations.push(...(await page.evaluate(() => (globalThis as unknown as PageGlobals).__cspViolations)).map((v) => `${token}: ${v}`));
  }

  /** axe-core in the page (evaluated through the devtools protocol, which the CSP does not govern). */
  async function seriousViolations(page: Page): Promise<string[]> {
    const source = await readFile(path.join(repoRoot, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
    await page.evaluate(source);
    const results = await page.evaluate(() => (globalThis as unknown as PageGlobals).axe.run((globalThis as unknown as { document: unknown }).document, { resultTypes: ['violations'] }));
    return results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help} ${JSON.stringify(v.nodes.map((n) => n.target))}`);
  }

  /** A screenshot of the page as it is, checked to be a real picture of the viewport. */
  async function screenshot(page: Page, name: string): Promise<void> {
    const file = path.join(shots, `${name}.png`);
    await page.screenshot({ path: file });
    const { width, height, channels, pixels } = decodePng(await readFile(file));
    expect({ width, height }).toEqual(VIEWPORT);
    const colour = (i: number) => ((pixels[i] ?? 0) << 16) | ((pixels[i + 1] ?? 0) << 8) | (pixels[i + 2] ?? 0);
    const background = colour(0);
    let drawn = 0;
    const colours = new Set<number>();
    for (let i = 0; i < pixels.length; i += channels) {
      colours.add(colour(i));
      if (colour(i) !== background) drawn += 1;
    }
    // Text, borders and shading: many colours, and a real share of the page off the background.
    expect(colours.size, `${name}: colours`).toBeGreaterThan(20);
    expect(drawn / (width * height), `${name}: share of drawn pixels`).toBeGreaterThan(0.02);
  }

  /** What has the focus, through shadow roots: its tag and accessible name. */
  const focused = (page: Page) =>
    page.evaluate(() => {
      let el = (globalThis as unknown as PageGlobals).document.activeElement;
      while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
      if (!el) return 'none';
      const name = el.getAttribute('aria-label') ?? el.labels?.[0]?.textContent ?? el.textContent ?? '';
      return `${el.tagName.toLowerCase()} ${name.replace(/\s+/g, ' ').replace(/^\*\s*/, '').trim()}`;
    });

  beforeAll(async () => {
    ensureBundle();
    shots = await mkdtemp(path.join(tmpdir(), 'vip-care-preview-shots-'));
    server = createServer(handle);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    if (!MISSING) browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
  });

  afterAll(async () => {
    await Promise.all(contexts.map((c) => c.close()));
    await browser?.close();
    await new Promise<void>((resolve) => server?.close(() => resolve()));
    await rm(shots, { recursive: true, force: true });
    // Nothing the page did was refused by its policy, logged an error, or went anywhere else.
    expect(cspViolations).toEqual([]);
    expect(consoleErrors).toEqual([]);
    expect(strayRequests).toEqual([]);
  });

  it(`Chromium is installed at ${CHROMIUM}`, () => {
    expect(MISSING).toBeNull();
  });

  it('the bundle is one self-contained module with the SLDS stylesheet beside it', () => {
    expect(readFileSync(path.join(ASSETS_DIR, 'slds.css'), 'utf8')).toContain('.slds-card');
    const bundle = readFileSync(BUNDLE, 'utf8');
    expect(bundle).not.toMatch(/\bimport\s*\(|from\s*["']https?:/);
    expect(bundle).not.toMatch(/\beval\(|new Function\(/);
  });

  it('a VIP in English: tier, score, reasons, care actions, complaints, outlook', async () => {
    const page = await open('vip-en');
    const view = JSON.parse(TOKENS['vip-en']?.body() ?? '{}') as { reasons: { text: string }[]; nextActions: { title: string }[]; complaints: { subject: string }[] };
    const main = page.locator('main');
    await main.getByText('Diamond', { exact: true }).waitFor();
    expect(await page.getByRole('heading', { level: 2 }).textContent()).toBe('VIP Care');
    expect(await main.getByText(t('en', 'TierRank', 1, 3), { exact: true }).isVisible()).toBe(true);
    expect(await main.getByText('88.5', { exact: true }).isVisible()).toBe(true);
    for (const reason of view.reasons) expect(await main.getByText(reason.text, { exact: true }).isVisible()).toBe(true);
    for (const task of view.nextActions) expect(await main.getByRole('heading', { level: 4, name: task.title }).isVisible()).toBe(true);
    for (const complaint of view.complaints) expect(await main.getByRole('heading', { level: 4, name: complaint.subject }).isVisible()).toBe(true);
    expect(await main.getByText('First response: 2 h 15 min left').isVisible()).toBe(true);
    expect(await main.getByText('Resolution: Breached 40 min ago').isVisible()).toBe(true);
    expect(await main.getByText('$48,251', { exact: true }).isVisible()).toBe(true);
    expect(await main.getByText('27%', { exact: true }).isVisible()).toBe(true);
    expect(await main.getByText(t('en', 'Overdue'), { exact: true }).count()).toBe(1);
    // SLDS reaches into the components (synthetic shadow): the card and badges are styled.
    expect(await page.locator('article.slds-card').evaluate((el) => (globalThis as unknown as { getComputedStyle(e: unknown): { borderRadius: string } }).getComputedStyle(el).borderRadius)).not.toBe('0px');
    expect(viewRequests).toContain('vip-en?locale=en');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'vip-en');
    await finish(page, 'vip-en');
  });

  it('a VIP in Chinese: the Chinese labels and the server\'s Chinese texts', async () => {
    const page = await open('vip-zh');
    const main = page.locator('main');
    await main.getByText('钻石', { exact: true }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
    expect(await page.getByRole('heading', { level: 2 }).textContent()).toBe('VIP 关怀');
    for (const heading of ['VIP 等级', '原因', '下一步关怀行动', '未结投诉', '最新反馈', '记录一次接触', '记录反馈']) {
      expect(await main.getByRole('heading', { name: heading, exact: true }).isVisible(), heading).toBe(true);
    }
    expect(await main.getByText('第 1 级（共 3 级）', { exact: true }).isVisible()).toBe(true);
    expect(await main.getByText('首次响应：剩余 2 小时 15 分钟').isVisible()).toBe(true);
    expect(await main.getByRole('heading', { level: 4, name: '与林美的季度业务回顾' }).isVisible()).toBe(true);
    expect(await main.getByRole('button', { name: t('zh-CN', 'TouchSubmit') }).isVisible()).toBe(true);
    expect(viewRequests).toContain('vip-zh?locale=zh-CN');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'vip-zh');
    await finish(page, 'vip-zh');
  });

  it('the keyboard reaches every action in order, opens a task\'s form, and hears the read-only answer', async () => {
    const page = await open('vip-en');
    const view = JSON.parse(TOKENS['vip-en']?.body() ?? '{}') as { nextActions: { title: string }[] };
    await page.locator('main').getByText('Diamond', { exact: true }).waitFor();
    const order: string[] = [];
    for (let i = 0; i < 10; i += 1) {
      await page.keyboard.press('Tab');
      order.push(await focused(page));
    }
    expect(order).toEqual([
      ...view.nextActions.map((task) => `button ${t('en', 'CompleteTaskFor', task.title)}`),
      `select ${t('en', 'TouchKind')}`,
      `textarea ${t('en', 'TouchSummary')}`,
      `button ${t('en', 'TouchSubmit')}`,
      `select ${t('en', 'SurveyKind')}`,
      `input ${t('en', 'ScoreField', 0, 10)}`,
      `textarea ${t('en', 'Comment')}`,
      `button ${t('en', 'SurveySubmit')}`,
    ]);

    // Back to the first task: Enter opens its note form with the focus in the note.
    for (let i = 0; i < 9; i += 1) await page.keyboard.press('Shift+Tab');
    expect(await focused(page)).toBe(`button ${t('en', 'CompleteTaskFor', view.nextActions[0]?.title ?? '')}`);
    await page.keyboard.press('Enter');
    expect(await focused(page)).toBe(`textarea ${t('en', 'Note')}`);
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe(`button ${t('en', 'MarkDone')}`);
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe(`button ${t('en', 'Cancel')}`);
    await page.keyboard.press('Space');
    expect(await focused(page)).toBe(`button ${t('en', 'CompleteTaskFor', view.nextActions[0]?.title ?? '')}`);

    // Log touch with nothing written: the message, and the focus on the field.
    const submit = page.getByRole('button', { name: t('en', 'TouchSubmit') });
    await submit.focus();
    await page.keyboard.press('Enter');
    expect(await focused(page)).toBe(`textarea ${t('en', 'TouchSummary')}`);
    expect(await page.getByText(t('en', 'SummaryRequired')).isVisible()).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);

    // A real entry: the preview cannot act, and says so in the live region.
    await page.keyboard.type('Called about the winter range');
    await submit.focus();
    await page.keyboard.press('Enter');
    const toast = page.getByRole('status').filter({ hasText: t('en', 'TouchFailed') });
    await toast.waitFor();
    expect(await toast.textContent()).toBe(`${t('en', 'TouchFailed')}${t('en', 'PreviewReadOnly')}`);
    expect(await page.locator('[data-id="toasts"]').getAttribute('aria-live')).toBe('polite');
    await screenshot(page, 'vip-en-read-only-action');
    await finish(page, 'keyboard');
  });

  it('a record VIP Care does not know (404): not a VIP yet, in the server\'s words', async () => {
    const page = await open('unknown-en');
    const message = (JSON.parse(TOKENS['unknown-en']?.body() ?? '{}') as { error: { message: string } }).error.message;
    await page.getByText(message).waitFor();
    expect(await page.getByRole('heading', { name: t('en', 'NotVipTitle') }).isVisible()).toBe(true);
    expect(await page.getByRole('button').count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'not-found');
    await finish(page, 'unknown-en');
  });

  it('a failing backend (500): the server\'s message and a retry that asks again', async () => {
    const page = await open('broken-en');
    await page.getByText(SERVER_ERROR).waitFor();
    expect(await page.getByRole('heading', { name: t('en', 'ErrorTitle') }).isVisible()).toBe(true);
    const before = viewRequests.filter((r) => r.startsWith('broken-en')).length;
    await page.getByRole('button', { name: t('en', 'Retry') }).click();
    await page.getByText(SERVER_ERROR).waitFor();
    expect(viewRequests.filter((r) => r.startsWith('broken-en')).length).toBe(before + 1);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'error');
    await finish(page, 'broken-en');
  });
});
