import { z } from 'zod';
import { ExternalIdSchema } from './customer.js';

/** A touch with the customer: call, meeting, email, visit, care task done. */
export const InteractionSchema = z.object({
  id: ExternalIdSchema,
  customerId: ExternalIdSchema,
  kind: z.enum(['call', 'meeting', 'email', 'message', 'visit', 'task', 'other']),
  occurredAt: z.date(),
  summary: z.string().max(2000).nullable().default(null),
});
export type Interaction = z.infer<typeof InteractionSchema>;

/** A survey answer; the `satisfaction` measure reads these. */
export const FeedbackSchema = z.object({
  id: ExternalIdSchema,
  customerId: ExternalIdSchema,
  kind: z.enum(['nps', 'csat', 'ces']),
  score: z.number().int(),
  respondedAt: z.date(),
  comment: z.string().max(5000).nullable().default(null),
});
export type Feedback = z.infer<typeof FeedbackSchema>;

/** Score ranges per survey kind, and how each maps onto 0-100 for the satisfaction measure. */
export const FEEDBACK_SCALES = {
  nps: { min: 0, max: 10 },
  csat: { min: 1, max: 5 },
  ces: { min: 1, max: 7 },
} as const;
