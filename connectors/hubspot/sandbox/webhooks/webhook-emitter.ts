/**
 * Delivers record changes to the webhook target of every app installed in the portal: changes
 * are buffered and sent on the next tick as JSON arrays of at most 100 events, signed v1 and v3,
 * and a batch answered with anything but 2xx (or not answered) is sent again with backoff, the
 * same eventIds and attemptNumber + 1. API calls never wait for any of this.
 * https://developers.hubspot.com/docs/api/webhooks
 */
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
  private buffer: CrmChange[] = [];
  private scheduled = false;
  private closed = false;
  private nextEventId = 1;
  private readonly subscriptionIds = new Map<string, number>();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly timers = new Set<{ timer: NodeJS.Timeout; wake: () => void }>();

  constructor(private readonly options: WebhookEmitterOptions) {}

  publish(changes: readonly CrmChange[]): void {
    if (this.closed || changes.length === 0) return;
    this.buffer.push(...changes);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.dispatch());
    }
  }

  /** Resolves once every buffered event was delivered or ran out of retries. */
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
    const changes = this.buffer;
    this.buffer = [];
    const perTarget = new Map<string, { target: WebhookTarget; events: WebhookEvent[] }>();
    for (const change of changes) {
      for (const target of this.options.targets(change.portalId)) {
        const key = `${target.appId}|${target.url}`;
        let entry = perTarget.get(key);
        if (!entry) perTarget.set(key, (entry = { target, events: [] }));
        entry.events.push(this.event(change, target.appId));
      }
    }
    for (const { target, events } of perTarget.values()) {
      for (let i = 0; i < events.length; i += MAX_EVENTS_PER_REQUEST) {
        const delivery = this.deliver(target, events.slice(i, i + MAX_EVENTS_PER_REQUEST));
        this.inFlight.add(delivery);
        void delivery.finally(() => this.inFlight.delete(delivery));
      }
    }
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
    const { attempts, baseDelayMs } = this.options.retry;
    for (let attempt = 0; attempt < attempts && !this.closed; attempt++) {
      if (attempt > 0) await this.sleep(baseDelayMs * 2 ** (attempt - 1));
      if (this.closed) return;
      const batch = events.map((e) => ({ ...e, attemptNumber: attempt }));
      if (await this.post(target, batch)) return;
    }
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

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const entry = { timer: setTimeout(() => { this.timers.delete(entry); resolve(); }, ms), wake: resolve };
      this.timers.add(entry);
    });
  }
}
