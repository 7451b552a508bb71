/** Looks texts up in the user's catalog and fills `{name}` placeholders. */
import { en, type Catalog, type MessageKey } from './catalog-en';
import { zhCN } from './catalog-zh-CN';
import type { CardLocale } from './locale';

const CATALOGS: Record<CardLocale, Catalog> = { en, 'zh-CN': zhCN };

export type MessageParams = Readonly<Record<string, string | number>>;
type PluralBase<K extends string> = K extends `${infer B}_one` ? B : never;
export type PluralKey = PluralBase<MessageKey>;
/** Indexing the catalog with these fails to compile when a `_one` key has no `_other` twin. */
type PluralMessageKey = `${PluralKey}_${'one' | 'other'}`;

export interface Translator {
  locale: CardLocale;
  /** Tag for Intl formatting: the user's own when supported. */
  formatLocale: string;
  /** Time zone for dates: the portal's, as HubSpot shows record dates. */
  timeZone: string;
  t(key: MessageKey, params?: MessageParams): string;
  /** Picks `<key>_one` or `<key>_other` by the locale's plural rules and passes `count` in. */
  plural(key: PluralKey, count: number, params?: MessageParams): string;
}

function fill(text: string, params: MessageParams | undefined): string {
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

export function createTranslator(locale: CardLocale, formatLocale: string, timeZone: string): Translator {
  const catalog = CATALOGS[locale];
  const rules = new Intl.PluralRules(locale);
  const t = (key: MessageKey, params?: MessageParams): string => fill(catalog[key], params);
  return {
    locale,
    formatLocale,
    timeZone,
    t,
    plural: (key, count, params) => {
      const form = rules.select(count) === 'one' ? 'one' : 'other';
      const pluralKey: PluralMessageKey = `${key}_${form}`;
      return fill(catalog[pluralKey], { ...params, count: new Intl.NumberFormat(formatLocale).format(count) });
    },
  };
}
