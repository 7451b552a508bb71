/**
 * Sends outbound messages: record changes that match an org's definitions are queued, and sent
 * on the next tick as SOAP messages of at most 100 notifications per definition. A message
 * answered with anything but 2xx and `Ack` true (or not answered) is sent again with exponential
 * backoff, with the same notification ids and the record's latest values, until the attempts run
 * out. API calls never wait for any of this.
 * https://developer.salesforce.com/docs/atlas.en-us.api.meta/api/sforce_api_om_outboundmessaging_notifications.htm
 */
import { BackgroundDeliveries } from '../../../sandbox-support/background-deliveries.js';
import type { SalesforceOrg } from '../state/org.js';
import type { RecordChange } from '../state/record-change.js';
import type { SandboxStats } from '../stats.js';
import { textValue } from '../values/field-value.js';
import type { OutboundDefinition } from './outbound-definition.js';
import { isAcknowledged, notificationsEnvelope, type NotificationContent } from './soap-envelope.js';

export const MAX_NOTIFICATIONS_PER_MESSAGE = 100;
/** The API version of the URLs in the message (the definition's version in Salesforce). */
const MESSAGE_API_VERSION = '66.0';

export interface OutboundRetry {
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  timeoutMs: number;
}

export interface OutboundDispatcherOptions {
  retry: OutboundRetry;
  stats: SandboxStats;
  org: (orgId: string) => SalesforceOrg | undefined;
  /** Base URL named in EnterpriseUrl and PartnerUrl. */
  publicUrl: (org: SalesforceOrg) => string;
  /** Also notify for the API's own writes, not only for `control` (user) changes. */
  forApiWrites: boolean;
}

interface PendingNotification {
  id: string;
  orgId: string;
  recordId: string;
  definition: OutboundDefinition;
}

export class OutboundDispatcher {
  private readonly deliveries = new BackgroundDeliveries<PendingNotification>((pending) => this.dispatch(pending));

  constructor(private readonly options: OutboundDispatcherOptions) {}

  publish(changes: readonly RecordChange[]): void {
    const pending: PendingNotification[] = [];
    for (const change of changes) {
      if (change.kind === 'deleted' || change.origin === 'seed' || (change.origin === 'api' && !this.options.forApiWrites)) continue;
      const org = this.options.org(change.orgId);
      for (const definition of org?.outboundMessages ?? []) {
        if (definition.object !== change.object || !org) continue;
        pending.push({ id: org.allocateId('04l'), orgId: change.orgId, recordId: change.recordId, definition });
      }
    }
    this.deliveries.enqueue(pending);
  }

  /** Resolves once every queued notification was acknowledged or ran out of attempts. */
  flush(): Promise<void> {
    return this.deliveries.flush();
  }

  /** Stops deliveries and pending retries (server shutdown). */
  close(): void {
    this.deliveries.close();
  }

  private dispatch(pending: PendingNotification[]): Promise<void>[] {
    const byDefinition = new Map<string, PendingNotification[]>();
    for (const notification of pending) {
      const key = `${notification.orgId}|${notification.definition.actionId}`;
      let group = byDefinition.get(key);
      if (!group) byDefinition.set(key, (group = []));
      group.push(notification);
    }
    const deliveries: Promise<void>[] = [];
    for (const group of byDefinition.values()) {
      for (let i = 0; i < group.length; i += MAX_NOTIFICATIONS_PER_MESSAGE) deliveries.push(this.deliver(group.slice(i, i + MAX_NOTIFICATIONS_PER_MESSAGE)));
    }
    return deliveries;
  }

  private async deliver(batch: PendingNotification[]): Promise<void> {
    const outcome = await this.deliveries.retry(this.options.retry, async () => {
      // Built again for each attempt: Salesforce sends the records' latest values.
      const body = this.envelope(batch);
      return body === null ? 'stop' : this.post(batch[0]?.definition.endpointUrl ?? '', body, batch.length);
    });
    if (outcome === 'exhausted') this.options.stats.outbound.notificationsDropped += batch.length;
  }

  /** The message with each record's values as they are now (Salesforce sends the latest data). */
  private envelope(batch: PendingNotification[]): string | null {
    const first = batch[0];
    const org = first ? this.options.org(first.orgId) : undefined;
    if (!first || !org) return null;
    const object = org.schema.require(first.definition.object);
    const notifications: NotificationContent[] = [];
    for (const notification of batch) {
      const record = org.findRecord(notification.recordId);
      if (!record) continue;
      const fields: [string, string][] = [];
      for (const name of notification.definition.fields) {
        const field = object.field(name);
        const value = record.values.get(name) ?? null;
        if (field && value !== null) fields.push([field.name, textValue(field, value)]);
      }
      notifications.push({ id: notification.id, object: object.name, fields });
    }
    const base = `${this.options.publicUrl(org)}/services/Soap`;
    const org15 = org.orgId.slice(0, 15);
    return notificationsEnvelope({
      organizationId: org.orgId,
      actionId: first.definition.actionId,
      enterpriseUrl: `${base}/c/${MESSAGE_API_VERSION}/${org15}`,
      partnerUrl: `${base}/u/${MESSAGE_API_VERSION}/${org15}`,
      notifications,
    });
  }

  private async post(url: string, body: string, count: number): Promise<boolean> {
    const stats = this.options.stats.outbound;
    stats.attempts++;
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: '""', 'user-agent': 'Salesforce - OutboundMessaging' },
        body,
        signal: AbortSignal.timeout(this.options.retry.timeoutMs),
      });
      const answer = await response.text();
      if (response.ok && isAcknowledged(answer)) {
        stats.acknowledged++;
        stats.notificationsDelivered += count;
        return true;
      }
    } catch {
      // Refused or timed out: a failed attempt like a missing Ack.
    }
    stats.failures++;
    return false;
  }
}
