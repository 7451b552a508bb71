import { z } from 'zod';
import { ExternalIdSchema } from './customer.js';

/** An order (or closed-won deal): amounts are in minor units of the tenant currency. */
export const OrderSchema = z.object({
  id: ExternalIdSchema,
  customerId: ExternalIdSchema,
  orderedAt: z.date(),
  amountMinor: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  items: z.number().int().min(0).nullable().default(null),
});
export type Order = z.infer<typeof OrderSchema>;
