// The card's texts live in Salesforce custom labels (English) and the zh_CN translation. The
// component tests, the off-platform preview and the contract suite all read them from those two
// files, so what they show is exactly what an org shows.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { XMLParser } from 'fast-xml-parser';

export const PROJECT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DEFAULT_DIR = path.join(PROJECT_DIR, 'force-app', 'main', 'default');
export const LABELS_FILE = path.join(DEFAULT_DIR, 'labels', 'CustomLabels.labels-meta.xml');
/** Salesforce names translation files by its own language code. */
export const TRANSLATION_FILES = { 'zh-CN': path.join(DEFAULT_DIR, 'translations', 'zh_CN.translation-meta.xml') };
export const LABEL_LOCALES = ['en', 'zh-CN'];

const parser = new XMLParser({ isArray: (name) => name === 'labels' || name === 'customLabels', parseTagValue: false, trimValues: false });

function entries(file, listKey, rootKey, valueKey) {
  const root = parser.parse(readFileSync(file, 'utf8'))[rootKey];
  const list = root?.[listKey] ?? [];
  return new Map(list.map((entry) => [String(entry.fullName ?? entry.name), String(entry[valueKey] ?? '')]));
}

/** Every label's English value, by name (`VipCare_Loading`), in file order. */
export function englishLabels(file = LABELS_FILE) {
  return entries(file, 'labels', 'CustomLabels', 'value');
}

/** The translated labels of one language, by name; a label missing here is missing, not English. */
export function translatedLabels(locale, files = TRANSLATION_FILES) {
  const file = files[locale];
  if (!file) throw new Error(`No translation file for ${locale}`);
  return entries(file, 'customLabels', 'Translations', 'label');
}

/**
 * The labels as a user of `locale` reads them. Stricter than an org, which falls back to English
 * for a missing translation: here a missing or empty translation is an error, so tests catch it.
 */
export function labelsFor(locale) {
  const english = englishLabels();
  if (locale === 'en') return english;
  const translated = translatedLabels(locale);
  const missing = [...english.keys()].filter((name) => !translated.get(name)?.trim());
  if (missing.length) throw new Error(`${locale} translation has no text for ${missing.join(', ')}`);
  return new Map([...english.keys()].map((name) => [name, translated.get(name) ?? '']));
}

/** Names imported through `@salesforce/label/c.<Name>` in some source text. */
export function importedLabelNames(source) {
  return [...source.matchAll(/['"]@salesforce\/label\/c\.([A-Za-z0-9_]+)['"]/g)].map((m) => m[1]);
}
