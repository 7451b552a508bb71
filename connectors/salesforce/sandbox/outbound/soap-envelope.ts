/**
 * The SOAP 1.1 `notifications()` message of an outbound message, built with fast-xml-parser's
 * XMLBuilder (which escapes values), and the check of the listener's `notificationsResponse`
 * acknowledgement.
 * https://developer.salesforce.com/docs/atlas.en-us.api.meta/api/sforce_api_om_outboundmessaging_wsdl.htm
 */
import { XMLBuilder, XMLParser } from 'fast-xml-parser';

export const OUTBOUND_NAMESPACE = 'http://soap.sforce.com/2005/09/outbound';
export const SOBJECT_NAMESPACE = 'urn:sobject.enterprise.soap.sforce.com';

export interface NotificationContent {
  /** Notification id (04l...), the same on every retry. */
  id: string;
  object: string;
  /** Field name and text, Id first; null fields are left out. */
  fields: ReadonlyArray<readonly [string, string]>;
}

export interface NotificationsMessage {
  organizationId: string;
  actionId: string;
  enterpriseUrl: string;
  partnerUrl: string;
  notifications: readonly NotificationContent[];
}

const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', suppressBooleanAttributes: false, suppressEmptyNode: true, format: false });
const parser = new XMLParser({ removeNSPrefix: true, ignoreAttributes: true, parseTagValue: false });

export function notificationsEnvelope(message: NotificationsMessage): string {
  const notification = message.notifications.map((n) => {
    const sObject: Record<string, string> = { '@_xsi:type': `sf:${n.object}`, '@_xmlns:sf': SOBJECT_NAMESPACE };
    for (const [name, text] of n.fields) sObject[`sf:${name}`] = text;
    return { Id: n.id, sObject };
  });
  return builder.build({
    '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' },
    'soapenv:Envelope': {
      '@_xmlns:soapenv': 'http://schemas.xmlsoap.org/soap/envelope/',
      '@_xmlns:xsd': 'http://www.w3.org/2001/XMLSchema',
      '@_xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance',
      'soapenv:Body': {
        notifications: {
          '@_xmlns': OUTBOUND_NAMESPACE,
          OrganizationId: message.organizationId,
          ActionId: message.actionId,
          SessionId: { '@_xsi:nil': 'true' },
          EnterpriseUrl: message.enterpriseUrl,
          PartnerUrl: message.partnerUrl,
          Notification: notification,
        },
      },
    },
  }) as string;
}

function child(node: unknown, name: string): unknown {
  return typeof node === 'object' && node !== null && name in node ? (node as Record<string, unknown>)[name] : undefined;
}

/** True when the listener answered `<notificationsResponse><Ack>true</Ack></notificationsResponse>`. */
export function isAcknowledged(body: string): boolean {
  try {
    const ack = child(child(child(child(parser.parse(body), 'Envelope'), 'Body'), 'notificationsResponse'), 'Ack');
    return String(ack).trim().toLowerCase() === 'true';
  } catch {
    return false;
  }
}
