/**
 * An outbound message definition: which object's records, which fields, and the endpoint that
 * receives the SOAP notifications. Its workflow rule fires on "created, and every time it's
 * edited".
 * https://help.salesforce.com/s/articleView?id=sf.workflow_defining_outbound_messages.htm
 */
import { z } from 'zod';

export const OUTBOUND_OBJECTS = ['Contact', 'Account', 'Opportunity', 'Case'] as const;

export const OutboundDefinitionInput = z.object({
  object: z.enum(OUTBOUND_OBJECTS),
  /** Fields to send; Id is always sent. */
  fields: z.array(z.string().min(1)).default([]),
  endpointUrl: z.url(),
  name: z.string().min(1).optional(),
});
export type OutboundDefinitionInput = z.input<typeof OutboundDefinitionInput>;

export interface OutboundDefinition {
  /** The workflow outbound message id (04k...), sent as ActionId. */
  actionId: string;
  name: string;
  object: (typeof OUTBOUND_OBJECTS)[number];
  /** Canonical field names, Id first. */
  fields: string[];
  endpointUrl: string;
}
