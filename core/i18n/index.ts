/**
 * Every user-facing string goes through here. Catalogs are plain objects in
 * `locales/<locale>.ts`; `en` is the fallback and the reference for keys.
 */
import i18next, { type i18n, type TFunction } from 'i18next';
import { en } from './locales/en.js';
import { zhCN } from './locales/zh-CN.js';
import { SUPPORTED_LOCALES, type Locale } from './locales.js';

export { SUPPORTED_LOCALES, resolveLocale, type Locale } from './locales.js';

export type Translate = (key: string, params?: Record<string, unknown>) => string;

let instance: i18n | undefined;

function shared(): i18n {
  if (!instance) {
    instance = i18next.createInstance();
    void instance.init({
      resources: { en: { translation: en }, 'zh-CN': { translation: zhCN } },
      lng: 'en',
      fallbackLng: 'en',
      supportedLngs: [...SUPPORTED_LOCALES],
      initAsync: false,
      // Our strings are rendered by the caller's encoder (HTML pages escape on output).
      interpolation: { escapeValue: false },
      returnNull: false,
      showSupportNotice: false,
    });
  }
  return instance;
}

/** A translator bound to one locale. */
export function translator(locale: Locale): Translate {
  // Keys are checked by the Catalog type and by tests, not by i18next's key typing.
  const t: TFunction = shared().getFixedT(locale);
  return (key, params) => String((t as unknown as (k: string, o: object) => unknown)(key, params ?? {}));
}

/** Text from the program file: a plain string, or per-locale strings with `en` as fallback. */
export function localized(text: string | Partial<Record<Locale, string>> | undefined, locale: Locale): string {
  if (text === undefined) return '';
  if (typeof text === 'string') return text;
  return text[locale] ?? text.en ?? Object.values(text)[0] ?? '';
}
