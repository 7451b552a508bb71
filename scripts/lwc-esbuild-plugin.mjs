// esbuild plugin for the Salesforce card's off-platform preview: compiles the LWC components with
// @lwc/compiler and answers each platform module with the preview's adapter. Labels (both
// languages) and the SLDS icons the components name are inlined at build time; an Apex method or
// label the project does not define fails the build.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { labelsFor, LABEL_LOCALES, PROJECT_DIR } from '../ui-extensions/salesforce/tools/custom-labels.mjs';
import {
  EMPTY_STYLESHEET,
  EMPTY_TEMPLATE,
  LWC_DIR,
  apexImport,
  compileComponentFile,
  componentEntry,
  componentOf,
  isOptionalImplicitImport,
  labelImport,
} from '../ui-extensions/salesforce/tools/lwc-modules.mjs';

const require = createRequire(import.meta.url);
export const PREVIEW_DIR = path.join(PROJECT_DIR, 'preview');
const ADAPTERS = path.join(PREVIEW_DIR, 'adapters');
const ROOTS = { c: LWC_DIR, lightning: path.join(PREVIEW_DIR, 'lightning') };
const ICONS_DIR = path.join(path.dirname(require.resolve('@salesforce-ux/design-system/package.json')), 'assets', 'icons');

/** Platform modules that are plain files in the preview. */
const ADAPTER_FILES = {
  '@salesforce/apex': 'apex.js',
  '@salesforce/i18n/locale': 'locale.js',
  'lightning/platformShowToastEvent': 'platformShowToastEvent.js',
};

function sourcesUnder(dir) {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return name === '__tests__' ? [] : sourcesUnder(full);
    return /\.(js|html)$/.test(name) ? [full] : [];
  });
}

/** `{ 'utility:warning': { viewBox, paths: [d...] } }` for every icon name the components mention. */
function iconShapes() {
  const names = new Set();
  for (const file of [...sourcesUnder(LWC_DIR), ...sourcesUnder(ROOTS.lightning)]) {
    for (const m of readFileSync(file, 'utf8').matchAll(/\b(utility|standard|custom|action|doctype):([a-z0-9_]+)\b/g)) names.add(m[0]);
  }
  const shapes = {};
  for (const name of names) {
    const [category, icon] = name.split(':');
    const file = path.join(ICONS_DIR, category, `${icon}.svg`);
    if (!existsSync(file)) throw new Error(`SLDS has no icon ${name} (${file})`);
    const svg = readFileSync(file, 'utf8');
    if (/<(circle|rect|ellipse|polygon|polyline|g)\b/.test(svg)) throw new Error(`${name} has shapes other than paths; extend the icon inliner`);
    shapes[name] = {
      viewBox: /viewBox="([^"]+)"/.exec(svg)?.[1] ?? '0 0 520 520',
      paths: [...svg.matchAll(/<path[^>]*\sd="([^"]+)"/g)].map((m) => m[1]),
    };
  }
  return shapes;
}

export function lwcPreviewPlugin() {
  return {
    name: 'vip-care-lwc-preview',
    setup(build) {
      build.onResolve({ filter: /^lwc$/ }, (args) => build.resolve('@lwc/engine-dom', { kind: args.kind, resolveDir: args.resolveDir }));

      build.onResolve({ filter: /^vip-care:(label-catalogs|icons)$/ }, (args) => ({ path: args.path, namespace: 'vip-care' }));

      build.onResolve({ filter: /^(c|lightning|@salesforce)\// }, (args) => {
        const adapter = ADAPTER_FILES[args.path];
        if (adapter) return { path: path.join(ADAPTERS, adapter) };
        const entry = componentEntry(ROOTS, args.path);
        if (entry) return { path: entry };
        if (labelImport(args.path)) return { path: args.path, namespace: 'salesforce-label' };
        const apex = apexImport(args.path);
        if (apex) return { path: path.join(ADAPTERS, apex.method === 'getCard' ? 'getCard.js' : 'readOnlyAction.js') };
        return { errors: [{ text: `${args.path} has no preview adapter (preview/adapters) or component (preview/lightning)` }] };
      });

      // The imports a component makes without writing them: its template, and the template's styles.
      build.onResolve({ filter: /\.(html|css)(\?.*)?$/ }, (args) => {
        if (!componentOf(ROOTS, args.importer) || !args.path.startsWith('.')) return undefined;
        const [relative, query = ''] = args.path.split('?');
        const file = path.resolve(args.resolveDir, relative);
        if (file.endsWith('.css')) return { path: file, namespace: 'lwc-style', pluginData: { scoped: query.includes('scoped') } };
        if (!existsSync(file) && isOptionalImplicitImport(file, args.importer)) return { path: file, namespace: 'lwc-empty' };
        return { path: file };
      });

      build.onLoad({ filter: /\.(js|html)$/ }, (args) => {
        const component = componentOf(ROOTS, args.path);
        if (!component) return undefined;
        const contents = compileComponentFile(readFileSync(args.path, 'utf8'), args.path, component);
        return { contents, loader: 'js', resolveDir: path.dirname(args.path) };
      });

      build.onLoad({ filter: /.*/, namespace: 'lwc-style' }, (args) => {
        const component = componentOf(ROOTS, args.path);
        const contents = existsSync(args.path) && component
          ? compileComponentFile(readFileSync(args.path, 'utf8'), args.path, component, { scoped: args.pluginData?.scoped === true })
          : EMPTY_STYLESHEET;
        return { contents, loader: 'js', resolveDir: path.dirname(args.path) };
      });

      build.onLoad({ filter: /.*/, namespace: 'lwc-empty' }, () => ({ contents: EMPTY_TEMPLATE, loader: 'js' }));

      build.onLoad({ filter: /.*/, namespace: 'salesforce-label' }, (args) => {
        const name = labelImport(args.path);
        if (!labelsFor('en').has(name)) return { errors: [{ text: `${args.path}: no custom label ${name}` }] };
        return { contents: `import { label } from "./labels.js";\nexport default label(${JSON.stringify(name)});`, loader: 'js', resolveDir: ADAPTERS };
      });

      build.onLoad({ filter: /.*/, namespace: 'vip-care' }, (args) => {
        if (args.path === 'vip-care:icons') return { contents: `export default ${JSON.stringify(iconShapes())};`, loader: 'js' };
        // Every label in both languages; labelsFor fails the build on a missing translation.
        const catalogs = Object.fromEntries(LABEL_LOCALES.map((locale) => [locale, Object.fromEntries(labelsFor(locale))]));
        return { contents: `export default ${JSON.stringify(catalogs)};`, loader: 'js' };
      });
    },
  };
}
