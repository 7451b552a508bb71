/**
 * Sends outbound messages: record changes that match an org's definitions are queued, and sent
 * on the next tick as SOAP messages of at most 100 notifications per definition. A message
 * answered with anything but 2xx and `Ack` true (or not answered) is sent again with exponential
 * backoff, with the same notification ids and the record's latest values, until the attempts run
 * out. API calls never wait for any of this.
 * https://developer.salesforce.com/docs/atlas.en-us.api.meta/api/sforce_api_om_outboundmessaging_notifications.htm
 */
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
  private buffer: PendingNotification[] = [];
  private scheduled = false;
  private closed = false;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly timers = new Set<{ timer: NodeJS.Timeout; wake: () => void }>();

  constructor(private readonly options: OutboundDispatcherOptions) {}

  publish(changes: readonly RecordChange[]): void {
    if (this.closed) return;
    for (const change of changes) {
      if (change.kind === 'deleted' || change.origin === 'seed' || (change.origin === 'api' && !this.options.forApiWrites)) continue;
      const org = this.options.org(change.orgId);
      for (const definition of org?.outboundMessages ?? []) {
        if (definition.object !== change.object || !org) continue;
        this.buffer.push({ id: org.allocateId('04l'), orgId: change.orgId, recordId: change.recordId, definition });
      }
    }
    if (this.buffer.length > 0 && !this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.dispatch());
    }
  }

  /** Resolves once every queued notification was acknowledged or ran out of attempts. */
  async flush(): Promise<void> {
    while (this.buffer.length > 0 || this.inFlight.size > 0) {
      this.dispatch();
      await Promise.allSettled([...this.inFlight]);
    }
  }

  /** Stops deliveries and pending retries (server shutdown). */
  close(): void {
    this.closed = true;
    this.buffer = [];
    for (const t of this.timers) {
      clearTimeout(t.timer);
      t.wake();
    }
    this.timers.clear();
  }

  private dispatch(): void {
    this.scheduled = false;
    const pending = this.buffer;
    this.buffer = [];
    const byDefinition = new Map<string, PendingNotification[]>();
    for (const notification of pending) {
      const key = `${notification.orgId}|${notification.definition.actionId}`;
      let group = byDefinition.get(key);
      if (!group) byDefinition.set(key, (group = []));
      group.push(notification);
    }
    for (const group of byDefinition.values()) {
      for (let i = 0; i < group.length; i += MAX_NOTIFICATIONS_PER_MESSAGE) {
        const delivery = this.deliver(group.slice(i, i + MAX_NOTIFICATIONS_PER_MESSAGE));
        this.inFlight.add(delivery);
        void delivery.finally(() => this.inFlight.delete(delivery));
      }
    }
  }

  private async deliver(batch: PendingNotification[]): Promise<void> {
    const { attempts, baseDelayMs, maxDelayMs } = this.options.retry;
    for (let attempt = 0; attempt < attempts && !this.closed; attempt++) {
      if (attempt > 0) await this.sleep(Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1)));
      if (this.closed) return;
      const body = this.envelope(batch);
      if (body === null) return;
      if (await this.post(batch[0]?.definition.endpointUrl ?? '', body, batch.length)) return;
    }
    this.options.stats.outbound.notificationsDropped += batch.length;
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

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const entry = {
        timer: setTimeout(() => {
          this.timers.delete(entry);
          resolve();
        }, ms),
        wake: resolve,
      };
      this.timers.add(entry);
    });
  }
}
