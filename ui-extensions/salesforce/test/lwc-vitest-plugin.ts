/**
 * What sfdx-lwc-jest does for jest, for vitest: compiles the components (and the `lightning-*`
 * stubs) with @lwc/compiler, resolves `c/*` and `lightning/*`, and answers the platform modules
 * with test doubles. Labels come from the real CustomLabels / zh_CN translation of `locale`, and
 * Apex imports are checked against the class, so a missing label or method fails the suite.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vitest/config';
import { labelsFor, type LabelLocale } from '../tools/custom-labels.mjs';
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
} from '../tools/lwc-modules.mjs';

const TEST_DIR = path.dirname(fileURLToPath(import.meta.url));
const MOCKS_DIR = path.join(TEST_DIR, 'mocks');
export const STUBS_DIR = path.join(TEST_DIR, 'stubs', 'lightning');
const ROOTS = { c: LWC_DIR, lightning: STUBS_DIR };

/** Virtual ids: `\0` keeps other plugins off them; the `::` suffix keeps vite's CSS plugin off styles. */
const PLATFORM = '\0lwc-platform:';
const STYLE = '\0lwc-style:';
const STYLE_END = /::(scoped|plain)$/;

/** What `@salesforce/i18n/locale` answers for a user reading the card in `locale`. */
export const USER_LOCALES: Readonly<Record<LabelLocale, string>> = { en: 'en-US', 'zh-CN': 'zh-CN' };

/** Modules of the platform that are not components, and the test double for each. */
const PLATFORM_FILES: Readonly<Record<string, string>> = {
  '@salesforce/apex': path.join(MOCKS_DIR, 'refresh-apex.ts'),
  'lightning/platformShowToastEvent': path.join(MOCKS_DIR, 'show-toast-event.ts'),
};

function importerFile(importer: string | undefined): string | null {
  if (!importer) return null;
  if (importer.startsWith(STYLE)) return importer.slice(STYLE.length).replace(STYLE_END, '');
  return importer.startsWith('\0') ? null : importer.split('?')[0] ?? null;
}

export function lwcVitest({ locale }: { locale: LabelLocale }): Plugin {
  // Read on first use, so a missing translation fails these tests, not every suite's start-up.
  let labels: Map<string, string> | undefined;
  return {
    name: 'vip-care-lwc-vitest',
    enforce: 'pre',

    async resolveId(source, importer) {
      if (source === 'lwc') return this.resolve('@lwc/engine-dom', importer, { skipSelf: true });
      const platformFile = PLATFORM_FILES[source];
      if (platformFile) return platformFile;
      if (source.startsWith('@salesforce/') || /^(c|lightning)\//.test(source)) {
        const entry = componentEntry(ROOTS, source);
        if (entry) return entry;
        if (labelImport(source) || apexImport(source) || source === '@salesforce/i18n/locale') return PLATFORM + source;
        throw new Error(`${source} is not available to the component tests: add a stub or a mock for it`);
      }
      const from = importerFile(importer);
      if (!from || !componentOf(ROOTS, from) || !source.startsWith('.')) return null;
      const [relative = '', query = ''] = source.split('?');
      const file = path.resolve(path.dirname(from), relative);
      if (file.endsWith('.css')) return `${STYLE}${file}::${query.includes('scoped') ? 'scoped' : 'plain'}`;
      if (!existsSync(file) && isOptionalImplicitImport(file, from)) return `${PLATFORM}empty-template`;
      return null;
    },

    load(id) {
      if (id.startsWith(STYLE)) {
        const [, file = '', mode] = /^\0lwc-style:(.*)::(scoped|plain)$/.exec(id) ?? [];
        const component = componentOf(ROOTS, file);
        if (!existsSync(file) || !component) return EMPTY_STYLESHEET;
        return compileComponentFile(readFileSync(file, 'utf8'), file, component, { scoped: mode === 'scoped' });
      }
      if (!id.startsWith(PLATFORM)) return null;
      const specifier = id.slice(PLATFORM.length);
      if (specifier === 'empty-template') return EMPTY_TEMPLATE;
      if (specifier === '@salesforce/i18n/locale') return `export default ${JSON.stringify(USER_LOCALES[locale])};`;
      const label = labelImport(specifier);
      if (label) {
        labels ??= labelsFor(locale);
        const value = labels.get(label);
        if (value === undefined) throw new Error(`${specifier}: no custom label ${label} in CustomLabels.labels-meta.xml`);
        return `export default ${JSON.stringify(value)};`;
      }
      const apex = apexImport(specifier);
      if (apex) {
        const mocks = path.join(MOCKS_DIR, 'apex.ts');
        return `import { apexMethod } from ${JSON.stringify(mocks)};\nexport default apexMethod(${JSON.stringify(apex)});`;
      }
      return null;
    },

    transform(code, id) {
      if (id.startsWith('\0')) return null;
      const file = id.split('?')[0] ?? id;
      const component = componentOf(ROOTS, file);
      if (!component || !/\.(js|html)$/.test(file)) return null;
      return { code: compileComponentFile(code, file, component), map: null };
    },
  };
}
