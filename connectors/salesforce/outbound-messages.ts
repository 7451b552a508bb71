/**
 * Outbound Messages: Salesforce's SOAP `notifications` calls (up to 100 notifications each, at
 * least once, in no order, retried for 24 hours until acknowledged), and our acknowledgement.
 * https://developer.salesforce.com/docs/atlas.en-us.api.meta/api/sforce_api_om_outboundmessaging_notifications.htm
 */
import { XMLParser } from 'fast-xml-parser';
import { z } from 'zod';
import type { CrmRef } from '../../core/ports/crm-connector.js';
import { refTypeOf } from './config.js';

const parser = new XMLParser({ removeNSPrefix: true, ignoreAttributes: false, attributeNamePrefix: '@', parseTagValue: false, isArray: (name) => name === 'Notification' });

const Notification = z.object({ Id: z.string().min(1), sObject: z.object({ '@type': z.string().optional(), Id: z.string().min(15).max(18) }).loose() });
const Envelope = z.object({
  Envelope: z.object({
    Body: z.object({
      notifications: z.object({ OrganizationId: z.string().min(15).max(18), ActionId: z.string().optional(), Notification: z.array(Notification).min(1).max(100) }).loose(),
    }),
  }),
});

export interface OutboundNotification {
  /** The notification's own id: Salesforce resends the same one until acknowledged. */
  id: string;
  ref: CrmRef | null;
}

export interface OutboundMessage {
  orgId: string;
  notifications: OutboundNotification[];
}

/** Parses the SOAP body; throws on anything that is not a notifications call. */
export function parseOutboundMessage(xml: string): OutboundMessage {
  const doc = Envelope.parse(parser.parse(xml));
  const n = doc.Envelope.Body.notifications;
  return {
    orgId: n.OrganizationId,
    notifications: n.Notification.map((x) => {
      const sobject = (x.sObject['@type'] ?? '').replace(/^.*:/, '');
      const type = refTypeOf(sobject);
      return { id: x.Id, ref: type ? { type, id: x.sObject.Id } : null };
    }),
  };
}

/** `Ack` true tells Salesforce to stop resending; false asks it to try again later. */
export function outboundAck(ack: boolean): string {
  return `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><notificationsResponse xmlns="http://soap.sforce.com/2005/09/outbound"><Ack>${ack ? 'true' : 'false'}</Ack></notificationsResponse></soapenv:Body></soapenv:Envelope>`;
}
