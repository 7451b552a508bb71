/**
 * What a rep can do from the VIP card, in either CRM. The card names the record it sits on
 * (`objectType` + `objectId`); the tenant and the acting user come from the CRM's verified
 * request (HubSpot's signature, the Salesforce org's credential), never from these bodies.
 * Every action answers with the refreshed `VipCardView`, so the card re-renders at once.
 *
 * Routes (under each CRM's card prefix, e.g. `/hubspot/card`):
 *   GET  ?objectType=&objectId=&locale=           the view; 404 CUSTOMER_NOT_FOUND for a record we do not know
 *   POST /tasks/{taskId}/complete  CompleteTaskBody
 *   POST /touches                  LogTouchBody
 *   POST /feedback                 RecordFeedbackBody
 */
import { z } from 'zod';

export const CARD_OBJECT_TYPES = ['contact', 'company', 'account'] as const;
export type CardObjectType = (typeof CARD_OBJECT_TYPES)[number];

export const CardRecordSchema = z.object({
  objectType: z.enum(CARD_OBJECT_TYPES),
  objectId: z.string().trim().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, { error: 'must be a CRM record id' }),
});

export const CardViewQuerySchema = CardRecordSchema.extend({ locale: z.string().max(20).optional() });

export const CompleteTaskBodySchema = CardRecordSchema.extend({ note: z.string().trim().max(2000).optional() }).strict();

export const TOUCH_KINDS = ['call', 'meeting', 'email', 'message', 'visit', 'other'] as const;
export const LogTouchBodySchema = CardRecordSchema.extend({
  kind: z.enum(TOUCH_KINDS),
  summary: z.string().trim().min(1).max(2000),
  /** The card makes one per submit, so a retried submit is recorded once. */
  requestKey: z.string().min(8).max(200),
}).strict();

export const RecordFeedbackBodySchema = CardRecordSchema.extend({
  kind: z.enum(['nps', 'csat', 'ces']),
  score: z.number().int(),
  comment: z.string().trim().max(5000).optional(),
  requestKey: z.string().min(8).max(200),
}).strict();

export type CompleteTaskBody = z.infer<typeof CompleteTaskBodySchema>;
export type LogTouchBody = z.infer<typeof LogTouchBodySchema>;
export type RecordFeedbackBody = z.infer<typeof RecordFeedbackBodySchema>;
