/** Plain-language text for reasons and flags, in the reader's language, with tier names from the program. */
import { localized, translator, type Locale } from '../i18n/index.js';
import type { Program } from '../program/schema.js';
import type { Flag } from './flags.js';
import type { Reason } from './tiers.js';

export function tierName(program: Program, tier: string | null, locale: Locale): string {
  if (tier === null) return translator(locale)('tiers.none');
  const found = program.tiers.find((t) => t.id === tier);
  return found ? localized(found.name, locale) : tier;
}

export function measureLabel(program: Program, measureId: string, locale: Locale): string {
  const m = program.measures.find((x) => x.id === measureId);
  return m?.label ? localized(m.label, locale) : measureId;
}

export function describeReason(reason: Reason, program: Program, locale: Locale): string {
  const t = translator(locale);
  const p = reason.params;
  const name = (key: string) => (key in p ? tierName(program, (p[key] as string | null) ?? null, locale) : '');
  return t(`reasons.${reason.code}`, { ...p, tier: name('tier'), from: name('from') });
}

export function describeFlag(flag: Flag, locale: Locale): string {
  return translator(locale)(`flags.${flag.code}.${flag.reason}`, flag.params);
}
