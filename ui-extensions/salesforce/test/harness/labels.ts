/**
 * The texts the tests expect, from the same CustomLabels / zh_CN translation files the component
 * is compiled with, in the language of this test project.
 */
import USER_LOCALE from '@salesforce/i18n/locale';
import { labelsFor, type LabelLocale } from '../../tools/custom-labels.mjs';

export const LANG: LabelLocale = USER_LOCALE === 'zh-CN' ? 'zh-CN' : 'en';
const LABELS = labelsFor(LANG);

/** The label `VipCare_<name>` as this project's user reads it. */
export function label(name: string): string {
  const value = LABELS.get(`VipCare_${name}`);
  if (value === undefined) throw new Error(`No label VipCare_${name}`);
  return value;
}

/** A label with its `{0}`, `{1}`... filled. */
export function fmt(name: string, ...values: (string | number)[]): string {
  return label(name).replace(/\{(\d+)\}/g, (_m, i: string) => String(values[Number(i)]));
}

/** The user's number format, as the card writes points inside sentences. */
export function points(value: number): string {
  return new Intl.NumberFormat(USER_LOCALE, { maximumFractionDigits: 1 }).format(value);
}

/** A calendar day as the card writes it inside sentences. */
export function day(isoDay: string): string {
  return new Intl.DateTimeFormat(USER_LOCALE, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${isoDay}T00:00:00Z`));
}

export { USER_LOCALE };
