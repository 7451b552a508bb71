import type { ComplaintPriority } from '../../../core/feedback/schema.js';
import type { CrmRecord } from '../../../core/ports/crm-connector.js';
import { REF_TYPES } from '../config.js';
import { dateTimeProp, prop, type HubspotObjectWithAssociations } from './hubspot-record.js';
import { customerOf } from './to-order.js';

/** https://knowledge.hubspot.com/properties/hubspots-default-ticket-properties */
export const TICKET_PROPERTIES = ['subject', 'content', 'hs_ticket_priority', 'hs_pipeline', 'hs_pipeline_stage', 'closed_date', 'first_agent_reply_date', 'hubspot_owner_id', 'createdate', 'hs_lastmodifieddate'] as const;

const PRIORITY: Record<string, ComplaintPriority> = { LOW: 'low', MEDIUM: 'normal', HIGH: 'high', URGENT: 'critical' };
/** Stage "Waiting on contact" of HubSpot's default support pipeline: the SLA clocks pause. */
const WAITING_STAGES = new Set(['2']);

export function ticketToRecord(ticket: HubspotObjectWithAssociations, customerObject: 'contacts' | 'companies'): CrmRecord | null {
  const o = ticket.object;
  const customer = customerOf(ticket.associations, customerObject);
  // A ticket nobody is attached to is not a customer's complaint (yet): the next change brings it in.
  if (!customer) return null;
  const resolvedAt = dateTimeProp(o, 'closed_date');
  const owner = prop(o, 'hubspot_owner_id');
  const priority = prop(o, 'hs_ticket_priority');
  return {
    kind: 'complaint',
    complaint: {
      ref: { type: REF_TYPES.tickets, id: o.id },
      customer,
      subject: (prop(o, 'subject') ?? `Ticket ${o.id}`).slice(0, 500),
      description: prop(o, 'content')?.slice(0, 5000) ?? null,
      priority: priority ? (PRIORITY[priority.toUpperCase()] ?? null) : null,
      owner: owner ? { type: REF_TYPES.owners, id: owner } : null,
      openedAt: dateTimeProp(o, 'createdate') ?? o.createdAt ?? new Date(0),
      status: resolvedAt ? 'resolved' : WAITING_STAGES.has(prop(o, 'hs_pipeline_stage') ?? '') ? 'waiting' : 'open',
      firstResponseAt: dateTimeProp(o, 'first_agent_reply_date'),
      resolvedAt,
    },
  };
}
