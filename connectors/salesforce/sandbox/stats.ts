/**
 * Counters the benchmarks and tests assert on: calls per route and status class (every request,
 * refused ones included), refusals for the daily allocation, token grants, Bulk API 2.0 jobs and
 * outbound message deliveries. Each org's API usage is read live from the org.
 */
export type StatusClass = '2xx' | '3xx' | '4xx' | '5xx';

export interface RouteCounts {
  total: number;
  '2xx': number;
  '3xx': number;
  '4xx': number;
  '5xx': number;
}

export interface ApiUsageSnapshot {
  used: number;
  limit: number;
  remaining: number;
}

export interface BulkCounts {
  ingestJobs: number;
  queryJobs: number;
  /** Jobs that reached JobComplete, Failed or Aborted. */
  completed: number;
  failed: number;
  aborted: number;
  /** Ingest rows processed and failed. */
  recordsProcessed: number;
  recordsFailed: number;
  /** Rows query jobs returned. */
  recordsQueried: number;
}

export interface OutboundCounts {
  /** HTTP requests to outbound endpoints, retries included. */
  attempts: number;
  /** Requests answered 2xx with Ack true. */
  acknowledged: number;
  failures: number;
  /** Notifications delivered and acknowledged. */
  notificationsDelivered: number;
  /** Notifications dropped after the last retry. */
  notificationsDropped: number;
}

export interface StatsSnapshot {
  routes: Record<string, RouteCounts>;
  apiUsage: Record<string, ApiUsageSnapshot>;
  /** 403 REQUEST_LIMIT_EXCEEDED answers (allocation used up or injected). */
  requestLimitExceeded: number;
  tokenGrants: Record<string, number>;
  bulk: BulkCounts;
  outbound: OutboundCounts;
}

const emptyRoute = (): RouteCounts => ({ total: 0, '2xx': 0, '3xx': 0, '4xx': 0, '5xx': 0 });
const emptyBulk = (): BulkCounts => ({ ingestJobs: 0, queryJobs: 0, completed: 0, failed: 0, aborted: 0, recordsProcessed: 0, recordsFailed: 0, recordsQueried: 0 });
const emptyOutbound = (): OutboundCounts => ({ attempts: 0, acknowledged: 0, failures: 0, notificationsDelivered: 0, notificationsDropped: 0 });

export function statusClass(status: number): StatusClass {
  if (status >= 500) return '5xx';
  if (status >= 400) return '4xx';
  if (status >= 300) return '3xx';
  return '2xx';
}

/** Routes that write records: saves, upserts, deletes, Collections writes and Bulk ingest; not Collections retrieve (POST with a type only) or Bulk query. */
const WRITE_ROUTE = /^(POST|PATCH|PUT|DELETE) \/services\/data\/vXX\.X\/(sobjects\/|composite\/sobjects($|\/[^/]+\/[^/]+$)|jobs\/ingest)/;

export class SandboxStats {
  readonly routes = new Map<string, RouteCounts>();
  requestLimitExceeded = 0;
  readonly tokenGrants = new Map<string, number>();
  bulk: BulkCounts = emptyBulk();
  outbound: OutboundCounts = emptyOutbound();

  constructor(private readonly apiUsage: () => Record<string, ApiUsageSnapshot>) {}

  recordCall(routeKey: string, status: number): void {
    let counts = this.routes.get(routeKey);
    if (!counts) this.routes.set(routeKey, (counts = emptyRoute()));
    counts.total++;
    counts[statusClass(status)]++;
  }

  recordGrant(grantType: string): void {
    this.tokenGrants.set(grantType, (this.tokenGrants.get(grantType) ?? 0) + 1);
  }

  /** Calls to a route key such as `PATCH /services/data/vXX.X/composite/sobjects`, optionally of one status class. */
  calls(routeKey: string, cls?: StatusClass): number {
    const counts = this.routes.get(routeKey);
    if (!counts) return 0;
    return cls ? counts[cls] : counts.total;
  }

  /** Calls that wrote (or tried to write) records, as a benchmark counts them. */
  writeCalls(): number {
    let total = 0;
    for (const [route, counts] of this.routes) if (WRITE_ROUTE.test(route)) total += counts.total;
    return total;
  }

  snapshot(): StatsSnapshot {
    return {
      routes: Object.fromEntries([...this.routes].map(([k, v]) => [k, { ...v }])),
      apiUsage: this.apiUsage(),
      requestLimitExceeded: this.requestLimitExceeded,
      tokenGrants: Object.fromEntries(this.tokenGrants),
      bulk: { ...this.bulk },
      outbound: { ...this.outbound },
    };
  }

  /** Clears the counters; the orgs' API usage is theirs and stays (see control.setRemainingApiCalls). */
  reset(): void {
    this.routes.clear();
    this.requestLimitExceeded = 0;
    this.tokenGrants.clear();
    this.bulk = emptyBulk();
    this.outbound = emptyOutbound();
  }
}
