/**
 * Rules for the component and preview sources that no linter here applies (the root ESLint skips
 * ui-extensions/): only the platform modules the card may use, no console, no markup built from
 * strings, no literal words in templates (every text is a label), every label used, and the
 * bundles' metadata (one exposed component, on Account and Contact record pages).
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { englishLabels, importedLabelNames } from '../tools/custom-labels.mjs';
import { DEFAULT_DIR, LWC_DIR, PREVIEW_DIR, filesUnder, metadata, read } from './project-files.js';

const relative = (file: string) => path.relative(path.join(DEFAULT_DIR, '..', '..', '..'), file);
const lwcFiles = filesUnder(LWC_DIR, (f) => /\.(js|html|css)$/.test(f)).map((file) => ({ name: relative(file), file, source: read(file) }));
const previewFiles = filesUnder(PREVIEW_DIR, (f) => /\.(js|html)$/.test(f)).map((file) => ({ name: relative(file), file, source: read(file) }));
const scripts = [...lwcFiles, ...previewFiles].filter((f) => f.name.endsWith('.js'));
const templates = [...lwcFiles, ...previewFiles].filter((f) => f.name.endsWith('.html'));
const bundles = [...new Set(lwcFiles.map((f) => path.basename(path.dirname(f.file))))];

/** What the card's own code may import on the platform. */
const ALLOWED = /^(lwc|c\/vipCare[A-Za-z]+|@salesforce\/apex|@salesforce\/apex\/VipCareCardController\.\w+|@salesforce\/label\/c\.VipCare_\w+|@salesforce\/i18n\/locale|lightning\/platformShowToastEvent)$/;

describe('component sources', () => {
  it('are found', () => {
    expect(bundles).toContain('vipCareCard');
    expect(templates.length).toBeGreaterThan(10);
    expect(previewFiles.length).toBeGreaterThan(5);
  });

  it.each(lwcFiles.filter((f) => f.name.endsWith('.js')))('$name imports only what the platform provides', ({ source }) => {
    for (const m of source.matchAll(/\bfrom\s+'([^']+)'/g)) expect(m[1]).toMatch(ALLOWED);
  });

  it.each(scripts)('$name has no console, no HTML from strings, no eval', ({ source }) => {
    expect(source).not.toMatch(/\bconsole\./);
    expect(source).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write|\beval\(|new Function\(/);
  });

  it.each(templates)('$name renders data as text only and has no literal words', ({ source }) => {
    expect(source).not.toMatch(/lwc:dom|lwc:inner-html|innerHTML/);
    const markup = source.replace(/<!--[\s\S]*?-->/g, '');
    // Text between tags must be a {binding}; letters outside one are untranslated words.
    const texts = [...markup.matchAll(/>([^<]+)</g)].map((m) => (m[1] ?? '').replace(/\{[^}]*\}/g, '').trim()).filter((t) => /[A-Za-z\u4e00-\u9fff]/.test(t));
    expect(texts).toEqual([]);
    const literal = markup.match(/\s(label|title|alternative-text|placeholder|aria-label|message-when-[a-z-]+|field-level-help)="[^"{]*[A-Za-z\u4e00-\u9fff][^"]*"/g);
    expect(literal).toBeNull();
  });

  it('every label is used by a component, the controller or the preview, and every import exists', () => {
    const labels = englishLabels();
    const imported = new Set(scripts.flatMap((f) => importedLabelNames(f.source)));
    const apex = read(path.join(DEFAULT_DIR, 'classes', 'VipCareCardController.cls'));
    for (const name of imported) expect(labels.has(name), name).toBe(true);
    const unused = [...labels.keys()].filter((name) => !imported.has(name) && !apex.includes(`System.Label.${name}`));
    expect(unused).toEqual([]);
    const lwcOnly = new Set(lwcFiles.flatMap((f) => importedLabelNames(f.source)));
    // Every label the card's own module imports is read from LABELS somewhere.
    const labelsModule = read(path.join(LWC_DIR, 'vipCareLabels', 'vipCareLabels.js'));
    const keys = [...labelsModule.matchAll(/^import (\w+) from '@salesforce\/label/gm)].map((m) => m[1] ?? '');
    const code = lwcFiles.filter((f) => !f.name.includes('vipCareLabels')).map((f) => f.source).join('\n');
    expect(keys.filter((key) => !new RegExp(`labels?\\.${key}\\b|LABELS\\.${key}\\b`, 'i').test(code))).toEqual([]);
    expect(lwcOnly.size).toBe(keys.length);
  });
});

describe('bundle metadata', () => {
  it.each(bundles)('%s has a js-meta.xml at the project API version', (bundle) => {
    const meta = metadata(path.join(LWC_DIR, bundle, `${bundle}.js-meta.xml`));
    expect(meta.apiVersion).toBe('66.0');
    expect(meta.isExposed).toBe(bundle === 'vipCareCard' ? 'true' : 'false');
    expect(String(meta.masterLabel ?? '')).not.toBe('');
  });

  it('the card is offered on Account and Contact record pages only', () => {
    const meta = metadata(path.join(LWC_DIR, 'vipCareCard', 'vipCareCard.js-meta.xml')) as {
      targets: { target: string };
      targetConfigs: { targetConfig: { '@_targets'?: string; objects: { object: string[] } } };
    };
    expect(meta.targets.target).toBe('lightning__RecordPage');
    expect(meta.targetConfigs.targetConfig.objects.object).toEqual(['Account', 'Contact']);
    expect(read(path.join(LWC_DIR, 'vipCareCard', 'vipCareCard.js-meta.xml'))).toContain('<targetConfig targets="lightning__RecordPage">');
  });
});
