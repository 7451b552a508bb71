/** The catalogs and the locale choice: a Chinese-speaking rep must never meet a missing text. */
import { describe, expect, it } from 'vitest';
import { en } from '../i18n/catalog-en';
import { zhCN } from '../i18n/catalog-zh-CN';
import { resolveCardLocale, resolveFormatLocale } from '../i18n/locale';
import { createTranslator } from '../i18n/translator';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('catalogs', () => {
  it('have the same keys in English and Chinese, none empty', () => {
    expect(Object.keys(zhCN).sort()).toEqual(Object.keys(en).sort());
    for (const [key, text] of [...Object.entries(en), ...Object.entries(zhCN)]) expect(text.trim(), key).not.toBe('');
  });

  it('use the same placeholders in both languages', () => {
    for (const key of Object.keys(en) as (keyof typeof en)[]) expect(placeholders(zhCN[key]), key).toEqual(placeholders(en[key]));
  });

  it('are translated, not copied (product names and acronyms aside)', () => {
    const same = (Object.keys(en) as (keyof typeof en)[]).filter((key) => en[key] === zhCN[key]);
    expect(same.sort()).toEqual(['feedback.csat', 'feedback.csatOutOf', 'feedback.nps', 'sidebar.panelTitle'].sort());
  });
});

describe('locale', () => {
  it.each([
    ['zh-cn', 'zh-CN'],
    ['zh-CN', 'zh-CN'],
    ['zh_CN', 'zh-CN'],
    ['zh-tw', 'zh-CN'],
    ['en-us', 'en'],
    ['fr', 'en'],
    ['', 'en'],
    [undefined, 'en'],
  ] as const)('reads %s as %s', (tag, locale) => {
    expect(resolveCardLocale(tag)).toBe(locale);
  });

  it("formats in the user's own locale when Intl knows it", () => {
    expect(resolveFormatLocale('en-gb', 'en')).toBe('en-GB');
    expect(resolveFormatLocale('zh-cn', 'zh-CN')).toBe('zh-CN');
    expect(resolveFormatLocale('not a tag!', 'en')).toBe('en');
    expect(resolveFormatLocale(undefined, 'zh-CN')).toBe('zh-CN');
  });
});

describe('translator', () => {
  it('fills placeholders once, without reading placeholders inside the values', () => {
    const { t } = createTranslator('en', 'en', 'UTC');
    expect(t('sidebar.next', { title: 'Call {count} times' })).toBe('Next: Call {count} times');
    expect(t('tasks.owner')).toBe('Owner: {name}');
  });

  it('picks plural forms by the language rules and formats the count', () => {
    const english = createTranslator('en', 'en-US', 'UTC');
    expect(english.plural('sidebar.complaints', 1)).toBe('1 open complaint');
    expect(english.plural('sidebar.complaints', 1200)).toBe('1,200 open complaints');
    const chinese = createTranslator('zh-CN', 'zh-CN', 'UTC');
    expect(chinese.plural('sidebar.complaints', 1)).toBe('1 个未结投诉');
  });
});
