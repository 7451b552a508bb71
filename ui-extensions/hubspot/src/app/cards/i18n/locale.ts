/** Which catalog and which Intl locale a HubSpot user gets. */
import type { VipCardLocale } from '../types/vip-card-view';

export type CardLocale = VipCardLocale;

/** HubSpot sends tags such as `en-us` or `zh-cn`; every Chinese variant reads Simplified Chinese, anything else English. */
export function resolveCardLocale(tag: string | undefined): CardLocale {
  if (!tag) return 'en';
  return tag.trim().replace('_', '-').toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

/** The user's own tag when Intl knows it (so `en-gb` gets day-month dates), else the catalog locale. */
export function resolveFormatLocale(tag: string | undefined, fallback: CardLocale): string {
  if (!tag) return fallback;
  try {
    return Intl.NumberFormat.supportedLocalesOf(tag.replace('_', '-'))[0] ?? fallback;
  } catch {
    // A malformed tag throws RangeError.
    return fallback;
  }
}
