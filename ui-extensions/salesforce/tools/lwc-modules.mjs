// What the test plugin (vitest) and the preview plugin (esbuild) share about LWC modules: where a
// `c/*` or `lightning/*` specifier lives, how a component file compiles, which implicit imports
// may be missing, and which Apex methods exist. Platform modules are each plugin's own business.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { transformSync } from '@lwc/compiler';
import { PROJECT_DIR } from './custom-labels.mjs';

export const LWC_DIR = path.join(PROJECT_DIR, 'force-app', 'main', 'default', 'lwc');
export const CLASSES_DIR = path.join(PROJECT_DIR, 'force-app', 'main', 'default', 'classes');
/** The API version the org runs the components at (sfdx-project.json sourceApiVersion). */
export const API_VERSION = Number(JSON.parse(readFileSync(path.join(PROJECT_DIR, 'sfdx-project.json'), 'utf8')).sourceApiVersion);

/**
 * Module roots by namespace: `{ c: LWC_DIR, lightning: <stubs or preview components> }`. A
 * specifier `ns/name` is the folder `<root>/name` with `name.js` as its entry.
 */
export function componentEntry(roots, specifier) {
  const match = /^([a-z]+)\/([A-Za-z][A-Za-z0-9]*)$/.exec(specifier);
  if (!match || !roots[match[1]]) return null;
  const entry = path.join(roots[match[1]], match[2], `${match[2]}.js`);
  return existsSync(entry) ? entry : null;
}

/** The namespace and name of a file inside a component folder, or null for any other file. */
export function componentOf(roots, file) {
  const clean = file.split('?')[0];
  for (const [namespace, root] of Object.entries(roots)) {
    const relative = path.relative(root, clean);
    if (relative.startsWith('..') || path.isAbsolute(relative)) continue;
    const [name, ...rest] = relative.split(path.sep);
    if (name && rest.length === 1 && !relative.includes('__tests__')) return { namespace, name };
  }
  return null;
}

/**
 * Files a component imports without writing the import: `x.html` next to `x.js`, and `x.css` /
 * `x.scoped.css` next to `x.html`. A missing one is an empty module, as on the platform.
 */
export function isOptionalImplicitImport(importee, importer) {
  const base = (file, ext) => path.basename(file, ext);
  const sameDir = path.dirname(importee) === path.dirname(importer);
  if (!sameDir) return false;
  if (importer.endsWith('.js') && importee.endsWith('.html')) return base(importee, '.html') === base(importer, '.js');
  if (importer.endsWith('.html') && importee.endsWith('.css')) {
    const name = base(importer, '.html');
    return base(importee, '.css') === name || base(importee, '.scoped.css') === name;
  }
  return false;
}

export const EMPTY_TEMPLATE = 'export default void 0;';
export const EMPTY_STYLESHEET = 'export default undefined;';

/** Compiles one `.js`, `.html` or `.css` file of a component with the LWC compiler. */
export function compileComponentFile(source, file, { namespace, name }, { scoped = false } = {}) {
  const { code, warnings } = transformSync(source, file, {
    namespace,
    name,
    apiVersion: API_VERSION,
    scopedStyles: scoped,
    enableStaticContentOptimization: true,
  });
  const problems = (warnings ?? []).filter((w) => w.level <= 1);
  if (problems.length) throw new Error(`${file}: ${problems.map((w) => w.message).join('; ')}`);
  return code;
}

/**
 * The `@AuraEnabled` static methods of an Apex class, with their parameter names and whether
 * they are cacheable (only those can be wired). Parsed from the source, so a component that
 * imports a method the class does not have fails in the tests and the build, not in the org.
 */
export function auraEnabledMethods(className, dir = CLASSES_DIR) {
  const file = path.join(dir, `${className}.cls`);
  if (!existsSync(file)) throw new Error(`No Apex class ${className} in ${dir}`);
  const source = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
  const methods = new Map();
  const pattern = /@AuraEnabled(\s*\(([^)]*)\))?\s+public\s+static\s+\w+(?:<[^>]*>)?\s+(\w+)\s*\(([^)]*)\)/gi;
  for (const m of source.matchAll(pattern)) {
    const cacheable = /cacheable\s*=\s*true/i.test(m[2] ?? '');
    const params = m[4].split(',').map((p) => p.trim().split(/\s+/).pop()).filter(Boolean);
    methods.set(m[3], { cacheable, params });
  }
  return methods;
}

/** `@salesforce/apex/Class.method` → `{ className, method }`, checked against the class. */
export function apexImport(specifier) {
  const match = /^@salesforce\/apex\/(\w+)\.(\w+)$/.exec(specifier);
  if (!match) return null;
  const [, className, method] = match;
  const found = auraEnabledMethods(className).get(method);
  if (!found) throw new Error(`${specifier}: ${className} has no @AuraEnabled public static method ${method}`);
  return { className, method, ...found };
}

/** `@salesforce/label/c.Name` → `Name`. */
export function labelImport(specifier) {
  return /^@salesforce\/label\/c\.([A-Za-z0-9_]+)$/.exec(specifier)?.[1] ?? null;
}
