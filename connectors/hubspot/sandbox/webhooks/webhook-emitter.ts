/**
 * Delivers record changes to the webhook target of every app installed in the portal: changes
 * are buffered and sent on the next tick as JSON arrays of at most 100 events, signed v1 and v3,
 * and a batch answered with anything but 2xx (or not answered) is sent again with backoff, the
 * same eventIds and attemptNumber + 1. API calls never wait for any of this.
 * https://developers.hubspot.com/docs/api/webhooks
 */
import { BackgroundDeliveries } from '../../../sandbox-support/background-deliveries.js';
import type { SandboxStats } from '../stats.js';
import { OBJECT_TYPES } from '../state/object-types.js';
import type { CrmChange, WebhookEvent } from './crm-change.js';
import { signatureV1, signatureV3 } from './webhook-signature.js';

export const MAX_EVENTS_PER_REQUEST = 100;

export interface WebhookTarget {
  appId: number;
  clientSecret: string;
  url: string;
}

export interface WebhookEmitterOptions {
  retry: { attempts: number; baseDelayMs: number; timeoutMs: number };
  stats: SandboxStats;
  /** The signed request timestamp (occurredAt comes with each change). */
  signingNow: () => number;
  /** Apps that get a portal's events. */
  targets: (portalId: number) => WebhookTarget[];
}

const SUFFIX: Record<CrmChange['kind'], string> = {
  creation: 'creation',
  propertyChange: 'propertyChange',
  deletion: 'deletion',
  privacyDeletion: 'privacyDeletion',
};

export class WebhookEmitter {
  private nextEventId = 1;
  private readonly subscriptionIds = new Map<string, number>();
  private readonly deliveries = new BackgroundDeliveries<CrmChange>((changes) => this.dispatch(changes));

  constructor(private readonly options: WebhookEmitterOptions) {}

  publish(changes: readonly CrmChange[]): void {
    this.deliveries.enqueue(changes);
  }

  /** Resolves once every buffered event was delivered or ran out of retries. */
  flush(): Promise<void> {
    return this.deliveries.flush();
  }

  /** Stops deliveries and pending retries (server shutdown). */
  close(): void {
    this.deliveries.close();
  }

  private dispatch(changes: CrmChange[]): Promise<void>[] {
    const perTarget = new Map<string, { target: WebhookTarget; events: WebhookEvent[] }>();
    for (const change of changes) {
      for (const target of this.options.targets(change.portalId)) {
        const key = `${target.appId}|${target.url}`;
        let entry = perTarget.get(key);
        if (!entry) perTarget.set(key, (entry = { target, events: [] }));
        entry.events.push(this.event(change, target.appId));
      }
    }
    const deliveries: Promise<void>[] = [];
    for (const { target, events } of perTarget.values()) {
      for (let i = 0; i < events.length; i += MAX_EVENTS_PER_REQUEST) deliveries.push(this.deliver(target, events.slice(i, i + MAX_EVENTS_PER_REQUEST)));
    }
    return deliveries;
  }

  private event(change: CrmChange, appId: number): WebhookEvent {
    const prefix = OBJECT_TYPES[change.objectType].webhookPrefix ?? OBJECT_TYPES[change.objectType].singular;
    const subscriptionType = `${prefix}.${SUFFIX[change.kind]}`;
    return {
      eventId: this.nextEventId++,
      subscriptionId: this.subscriptionId(appId, subscriptionType),
      portalId: change.portalId,
      appId,
      occurredAt: change.occurredAt,
      subscriptionType,
      attemptNumber: 0,
      objectId: Number(change.objectId),
      changeSource: change.changeSource,
      ...(change.kind === 'creation' ? { changeFlag: 'NEW' as const } : {}),
      ...(change.kind === 'deletion' || change.kind === 'privacyDeletion' ? { changeFlag: 'DELETED' as const } : {}),
      ...(change.sourceAppId !== undefined ? { sourceId: String(change.sourceAppId) } : change.changeSource === 'CRM_UI' ? { sourceId: 'userId:1' } : {}),
      ...(change.propertyName !== undefined ? { propertyName: change.propertyName, propertyValue: change.propertyValue ?? '' } : {}),
    };
  }

  private subscriptionId(appId: number, subscriptionType: string): number {
    const key = `${appId}|${subscriptionType}`;
    let id = this.subscriptionIds.get(key);
    if (id === undefined) this.subscriptionIds.set(key, (id = 100_000 + this.subscriptionIds.size));
    return id;
  }

  private async deliver(target: WebhookTarget, events: WebhookEvent[]): Promise<void> {
    await this.deliveries.retry(this.options.retry, (attempt) => this.post(target, events.map((e) => ({ ...e, attemptNumber: attempt }))));
  }

  private async post(target: WebhookTarget, events: WebhookEvent[]): Promise<boolean> {
    const stats = this.options.stats;
    const body = JSON.stringify(events);
    const timestamp = this.options.signingNow();
    stats.webhooks.attempts++;
    try {
      const response = await fetch(target.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'HubSpot Connect 2.0 (http://dev.hubspot.com/) (namespace: webhooks-nio-http-client) - WebhooksExecutorDaemon-executor',
          'x-hubspot-signature': signatureV1(target.clientSecret, body),
          'x-hubspot-signature-version': 'v1',
          'x-hubspot-signature-v3': signatureV3(target.clientSecret, 'POST', target.url, body, timestamp),
          'x-hubspot-request-timestamp': String(timestamp),
        },
        body,
        signal: AbortSignal.timeout(this.options.retry.timeoutMs),
      });
      await response.arrayBuffer();
      if (response.ok) {
        stats.webhooks.successes++;
        stats.webhooks.eventsDelivered += events.length;
        return true;
      }
    } catch {
      // Connection refused or timed out: a failed attempt like a non-2xx answer.
    }
    stats.webhooks.failures++;
    return false;
  }
}
