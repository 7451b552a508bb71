// The Salesforce VIP card as a browser bundle for the read-only preview page the server serves
// (GET /preview/salesforce-card/:token, assets from dist/preview at /preview/assets/*): one ES
// module with no inline code and nothing loaded from elsewhere, so it runs under the page's CSP,
// and the SLDS stylesheet beside it.
import { copyFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { createRequire } from 'node:module';
import { build } from 'esbuild';
import { PREVIEW_DIR, lwcPreviewPlugin } from './lwc-esbuild-plugin.mjs';

const require = createRequire(import.meta.url);
const SLDS_CSS = path.join(path.dirname(require.resolve('@salesforce-ux/design-system/package.json')), 'assets', 'styles', 'salesforce-lightning-design-system.min.css');

export async function buildSalesforcePreview(outdir = 'dist/preview') {
  await mkdir(outdir, { recursive: true });
  await build({
    entryPoints: { 'vip-care-card': path.join(PREVIEW_DIR, 'main.js') },
    outdir,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: ['es2022'],
    minify: true,
    sourcemap: true,
    legalComments: 'none',
    // The LWC engine's dev-mode checks are for development, not for the page.
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'warning',
    plugins: [lwcPreviewPlugin()],
  });
  // No fonts or images to copy: SLDS 2 uses system fonts, and the icons are inlined in the bundle.
  await copyFile(SLDS_CSS, path.join(outdir, 'slds.css'));
}
