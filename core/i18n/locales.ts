/** Locales we ship text for; `en` is the fallback for anything missing. */
export const SUPPORTED_LOCALES = ['en', 'zh-CN'] as const;
export type Locale = (typeof SUPPORTED_LOCALES)[number];

/** Maps a BCP 47 tag or a POSIX locale (`zh_CN.UTF-8`) to a supported locale. */
export function resolveLocale(tag: string | undefined | null): Locale {
  if (!tag) return 'en';
  const normalized = tag.replace(/\..*$/, '').replace('_', '-').toLowerCase();
  if (normalized.startsWith('zh')) return 'zh-CN';
  return 'en';
}
