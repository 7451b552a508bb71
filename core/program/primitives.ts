import { z } from 'zod';
import { SUPPORTED_LOCALES } from '../i18n/locales.js';

/** Ids in program files: measures, tiers, rules, playbooks, steps. */
export const IdentifierSchema = z.string().regex(/^[a-z][a-z0-9_]*$/, { error: 'program.identifier' });

/** Local time of day `HH:MM`. */
export const TimeOfDaySchema = z.string().regex(/^([01][0-9]|2[0-3]):[0-5][0-9]$/, { error: 'program.timeOfDay' });

/** Plain text, or text per locale (`en` required). */
export const LocalizedTextSchema = z.union([
  z.string().min(1),
  // partialRecord: a record over enum keys would demand every locale, not just `en`.
  z
    .partialRecord(z.enum(SUPPORTED_LOCALES), z.string().min(1))
    .refine((texts) => typeof texts.en === 'string', { error: 'program.localizedNeedsEn' }),
]);
export type LocalizedText = z.infer<typeof LocalizedTextSchema>;
