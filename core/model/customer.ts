import { z } from 'zod';
import { SUPPORTED_LOCALES } from '../i18n/locales.js';

/** A calendar date, `YYYY-MM-DD`. */
export const IsoDateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), {
  error: 'must be a real calendar date (YYYY-MM-DD)',
});

export const ExternalIdSchema = z.string().trim().min(1).max(200);

/** A customer as the core sees it: provider-neutral, keyed by the tenant's own id. */
export const CustomerSchema = z.object({
  id: ExternalIdSchema,
  name: z.string().max(500).nullable().default(null),
  email: z.email().max(320).nullable().default(null),
  locale: z.enum(SUPPORTED_LOCALES).nullable().default(null),
  timezone: z.string().max(64).nullable().default(null),
  birthday: IsoDateSchema.nullable().default(null),
  /** When the relationship began, if known before the first order. */
  customerSince: IsoDateSchema.nullable().default(null),
  /** Referrals or an admin-set influence rating; used by the `influence` measure. */
  influence: z.number().finite().min(0).nullable().default(null),
  accountManager: z.string().max(200).nullable().default(null),
});
export type Customer = z.infer<typeof CustomerSchema>;
