import { z } from 'zod';
import { SUPPORTED_LOCALES } from '../i18n/locales.js';

/** Plain text, or text per locale (`en` required). */
export const LocalizedTextSchema = z.union([
  z.string().min(1),
  // partialRecord: a record over enum keys would demand every locale, not just `en`.
  z
    .partialRecord(z.enum(SUPPORTED_LOCALES), z.string().min(1))
    .refine((texts) => typeof texts.en === 'string', { error: 'program.localizedNeedsEn' }),
]);
export type LocalizedText = z.infer<typeof LocalizedTextSchema>;
