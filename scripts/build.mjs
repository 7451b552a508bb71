// Bundles our own code for the server, the CLI and the benchmarks; dependencies stay external
// because PGlite loads its WASM and data files relative to its own package.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createRequire } from 'node:module';
import { build } from 'esbuild';

const require = createRequire(import.meta.url);

/**
 * JSON data from packages (the sentiment lexicon) is bundled: left external, esbuild drops the
 * `with { type: 'json' }` attribute and Node refuses to load the file.
 */
const bundlePackageJson = {
  name: 'bundle-package-json',
  setup(b) {
    b.onResolve({ filter: /\.json$/ }, (args) => (args.path.startsWith('.') ? undefined : { path: require.resolve(args.path, { paths: [args.resolveDir] }) }));
  },
};

/** `import text from './file.yaml?raw'` gives the file's text, as it does under vite/vitest. */
const rawText = {
  name: 'raw-text',
  setup(b) {
    b.onResolve({ filter: /\?raw$/ }, (args) => ({
      path: path.resolve(args.resolveDir, args.path.replace(/\?raw$/, '')),
      namespace: 'raw-text',
    }));
    b.onLoad({ filter: /.*/, namespace: 'raw-text' }, async (args) => ({
      contents: await readFile(args.path, 'utf8'),
      loader: 'text',
    }));
  },
};

/** `node scripts/build.mjs cli` builds one bundle; no argument builds all. */
const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !['server', 'cli', 'bench', 'preview'].includes(name));
if (unknown.length) throw new Error(`Unknown bundle ${unknown.join(', ')}: choose from server, cli, bench, preview`);
function pick(all) {
  return wanted.length ? Object.fromEntries(wanted.filter((name) => name in all).map((name) => [name, all[name]])) : all;
}

const nodeBundles = pick({
  server: 'server/main.ts',
  cli: 'server/cli/main.ts',
  bench: 'bench/main.ts',
});

if (Object.keys(nodeBundles).length) {
  await build({
    entryPoints: nodeBundles,
    outdir: 'dist',
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    packages: 'external',
    sourcemap: true,
    logLevel: 'warning',
    plugins: [rawText, bundlePackageJson],
  });
}

// `preview`: the Salesforce card for the browser (dist/preview), loaded only when asked for, so
// the server and CLI builds never load the LWC compiler.
if (!wanted.length || wanted.includes('preview')) {
  const { buildSalesforcePreview } = await import('./build-salesforce-preview.mjs');
  await buildSalesforcePreview('dist/preview');
}
