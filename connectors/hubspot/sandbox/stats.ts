/**
 * Counters the benchmarks and tests assert on: calls per route and status class (every request,
 * rejected ones included), 429s served, token grants, webhook deliveries.
 */
export type StatusClass = '2xx' | '3xx' | '4xx' | '5xx';

export interface RouteCounts {
  total: number;
  '2xx': number;
  '3xx': number;
  '4xx': number;
  '5xx': number;
}

export interface WebhookCounts {
  /** HTTP requests made to webhook targets, retries included. */
  attempts: number;
  successes: number;
  failures: number;
  /** Events delivered with a 2xx. */
  eventsDelivered: number;
}

export interface StatsSnapshot {
  routes: Record<string, RouteCounts>;
  rateLimited: number;
  tokenGrants: Record<string, number>;
  webhooks: WebhookCounts;
}

const emptyRoute = (): RouteCounts => ({ total: 0, '2xx': 0, '3xx': 0, '4xx': 0, '5xx': 0 });
const emptyWebhooks = (): WebhookCounts => ({ attempts: 0, successes: 0, failures: 0, eventsDelivered: 0 });

export function statusClass(status: number): StatusClass {
  if (status >= 500) return '5xx';
  if (status >= 400) return '4xx';
  if (status >= 300) return '3xx';
  return '2xx';
}

export class SandboxStats {
  readonly routes = new Map<string, RouteCounts>();
  /** 429 answers, from the rate limiter and from injected faults. */
  rateLimited = 0;
  readonly tokenGrants = new Map<string, number>();
  webhooks: WebhookCounts = emptyWebhooks();

  recordCall(routeKey: string, status: number): void {
    let counts = this.routes.get(routeKey);
    if (!counts) this.routes.set(routeKey, (counts = emptyRoute()));
    counts.total++;
    counts[statusClass(status)]++;
    if (status === 429) this.rateLimited++;
  }

  recordGrant(grantType: string): void {
    this.tokenGrants.set(grantType, (this.tokenGrants.get(grantType) ?? 0) + 1);
  }

  /** Calls to a route key such as `POST /crm/v3/objects/contacts/batch/update`, optionally of one status class. */
  calls(routeKey: string, cls?: StatusClass): number {
    const counts = this.routes.get(routeKey);
    if (!counts) return 0;
    return cls ? counts[cls] : counts.total;
  }

  snapshot(): StatsSnapshot {
    return {
      routes: Object.fromEntries([...this.routes].map(([k, v]) => [k, { ...v }])),
      rateLimited: this.rateLimited,
      tokenGrants: Object.fromEntries(this.tokenGrants),
      webhooks: { ...this.webhooks },
    };
  }

  reset(): void {
    this.routes.clear();
    this.rateLimited = 0;
    this.tokenGrants.clear();
    this.webhooks = emptyWebhooks();
  }
}
