/**
 * Rules for the code HubSpot bundles into the cards, which the root ESLint does not see: only
 * HubSpot's components and React, no console, no `any`, no markup built from strings, and every
 * user-facing string through the catalogs.
 */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { en } from '../src/app/cards/i18n/catalog-en';
import { APP_DIR, cardSourceFiles } from './project-files';

const files = cardSourceFiles().map((path) => ({ name: relative(APP_DIR, path), source: readFileSync(path, 'utf8') }));

describe('card sources', () => {
  it('are found', () => {
    expect(files.map((f) => f.name)).toEqual(expect.arrayContaining(['cards/VipCard.tsx', 'cards/VipSidebarCard.tsx', 'cards/components/TabCard.tsx']));
  });

  it.each(files)('$name imports only @hubspot/ui-extensions, react and its own modules', ({ source }) => {
    const specifiers = [...source.matchAll(/from\s+'([^']+)'/g)].map((m) => m[1] ?? '');
    for (const specifier of specifiers) expect(specifier).toMatch(/^(@hubspot\/ui-extensions|react|\.{1,2}\/.*)$/);
  });

  it.each(files)('$name has no console call, no any, no raw markup', ({ source }) => {
    expect(source).not.toMatch(/\bconsole\./);
    expect(source).not.toMatch(/:\s*any\b|\bas any\b|<any>/);
    expect(source).not.toMatch(/dangerouslySetInnerHTML|innerHTML/);
  });

  it.each(files.filter((f) => f.name.endsWith('.tsx')))('$name puts no literal words between tags or in labels', ({ source }) => {
    // Text a rep reads comes from the catalogs: JSX text nodes with letters, or literal label props, are a miss.
    expect(source).not.toMatch(/(?<![=\s-])>\s*[A-Za-z\u4e00-\u9fff][^<>{}]*<\//);
    expect(source).not.toMatch(/\b(label|title|message|placeholder|description|validationMessage)="[^"]*[A-Za-z\u4e00-\u9fff]/);
  });

  it('use every catalog text (directly, as a plural, or through a `prefix.${value}` key)', () => {
    const code = files.filter((f) => !f.name.startsWith('cards/i18n/')).map((f) => f.source).join('\n');
    const unused = Object.keys(en).filter((key) => {
      const plural = key.replace(/_(one|other)$/, '');
      const prefix = key.slice(0, key.lastIndexOf('.') + 1);
      return !code.includes(`'${key}'`) && !code.includes(`'${plural}'`) && !code.includes(`\`${prefix}\${`);
    });
    expect(unused).toEqual([]);
  });
});
