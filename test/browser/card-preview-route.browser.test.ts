/**
 * Our server's preview of the Salesforce card, end to end: an admin asks the API for a preview
 * link of a scored customer, opens it, and Chromium renders the LWC card (compiled from the same
 * source the org runs) with the customer's live view under the page's strict CSP. Forged and
 * expired links are refused. Chromium is required: when /usr/bin/chromium is missing this fails.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../server/auth/api-keys.js';
import { previewLinkSigner } from '../../server/cards/preview-links.js';
import { createApp } from '../../server/http/app.js';
import { createLogger } from '../../server/logging/logger.js';
import { runScoring } from '../../server/scoring/score-run.js';
import type { Store } from '../../server/store/db.js';
import { cdnowTenant, repoRoot, serve, TEST_LINKS, tempDir, type Served, type TempDir } from '../helpers.js';
import { storeTargets } from '../store-harness.js';

const ASSETS = path.join(repoRoot, 'dist', 'preview');
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'];

describe('the card preview page on our server', () => {
  const target = storeTargets()[0]!;
  let store: Store;
  let served: Served;
  let browser: Browser;
  let key: string;
  let shots: TempDir;
  let vip: { customer_id: string; score: number; tier: string | null };
  const holder: { base: string } = { base: '' };

  beforeAll(async () => {
    if (!existsSync('/usr/bin/chromium')) throw new Error('Chromium is required (apt-get install -y chromium)');
    if (!existsSync(path.join(ASSETS, 'vip-care-card.js'))) execFileSync(process.execPath, ['scripts/build.mjs', 'preview'], { cwd: repoRoot, stdio: 'pipe' });
    store = await target.open();
    await cdnowTenant(store, 'pv');
    await runScoring(store, { tenantId: 'pv', asOf: '1998-06-30', actor: 'test' });
    vip = await store.db.selectFrom('customer_scores').select(['customer_id', 'score', 'tier']).where('tenant_id', '=', 'pv').where('tier', 'is not', null).orderBy('score', 'desc').limit(1).executeTakeFirstOrThrow();
    await store.db.insertInto('crm_links').values({ tenant_id: 'pv', provider: 'salesforce', object_type: 'contact', object_id: '003000000000000777', local_id: vip.customer_id }).execute();
    key = await createApiKey(store.db, { tenantId: 'pv', label: 'admin', actor: 'test' });
    // The app needs the server's address for its links, so the server starts first.
    const late: { app?: ReturnType<typeof createApp> } = {};
    served = await serve((req, res) => late.app?.(req, res));
    holder.base = served.base;
    late.app = createApp({ store, logger: createLogger('silent'), version: 'test', links: TEST_LINKS, previews: previewLinkSigner(Buffer.alloc(32, 5), served.base), previewAssetsDir: ASSETS });
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
    shots = await tempDir('vip-care-preview-');
  });
  afterAll(async () => {
    await browser?.close();
    await served?.close();
    await store?.close();
    await shots?.remove();
  });

  const previewUrl = async (customerId: string) => {
    const res = await fetch(`${holder.base}/api/v1/card-previews`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify({ customerId }) });
    expect(res.status).toBe(201);
    return ((await res.json()) as { url: string }).url;
  };

  it('renders the customer\'s live card with their tier and score, without errors or CSP violations', async () => {
    const url = await previewUrl(vip.customer_id);
    const page = await browser.newPage({ viewport: { width: 900, height: 1000 } });
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`${m.text()} @ ${m.location().url}`);
    });
    page.on('pageerror', (e) => problems.push(e.message));
    const response = await page.goto(url);
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
    const view = (await (await fetch(`${url}/view?locale=en`)).json()) as { tier: { label: string } | null; score: number };
    expect(view.tier).not.toBeNull();
    // The card is in shadow DOM: Playwright's text selectors pierce it.
    await page.getByText(view.tier!.label, { exact: false }).first().waitFor({ timeout: 15_000 });
    const shot = shots.file('preview.png');
    await page.screenshot({ path: shot, fullPage: true });
    expect(statSync(shot).size).toBeGreaterThan(5_000);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('refuses forged and expired links, and only lists customers of the key\'s tenant', async () => {
    const url = await previewUrl(vip.customer_id);
    const forged = url.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    expect((await fetch(forged)).status).toBe(404);
    const expired = previewLinkSigner(Buffer.alloc(32, 5), holder.base);
    const old = expired.url(expired.sign({ tenantId: 'pv', customerId: vip.customer_id, expiresAt: new Date(Date.now() - 1000) }));
    expect((await fetch(old)).status).toBe(404);
    const other = await fetch(`${holder.base}/api/v1/card-previews`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify({ customerId: 'no-such-customer' }) });
    expect(other.status).toBe(404);
  });
});
