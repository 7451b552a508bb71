/** The translator for the HubSpot user looking at the card. */
import type { CrmContext } from '@hubspot/ui-extensions';
import { useMemo } from 'react';
import { resolveCardLocale, resolveFormatLocale } from './locale';
import { createTranslator, type Translator } from './translator';

export function useCardTranslator(context: Pick<CrmContext, 'user' | 'portal'>): Translator {
  // `locale` is the documented field; `language` covers accounts that only send that.
  const tag = context.user.locale ?? context.user.language;
  const timeZone = context.portal.timezone;
  return useMemo(() => {
    const locale = resolveCardLocale(tag);
    return createTranslator(locale, resolveFormatLocale(tag, locale), timeZone);
  }, [tag, timeZone]);
}
