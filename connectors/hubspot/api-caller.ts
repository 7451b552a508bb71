/**
 * Every HubSpot call goes through here: the portal's rate limiter, a fresh SDK client with the
 * current access token, error mapping, and retries on our error codes (429 honouring Retry-After,
 * 5xx and network failures with jittered backoff). A 401 that says the token expired gets one
 * refresh and one more try; any other 401 is the caller's problem (HubSpot: a 401 is not a sign
 * to refresh). Usage is reported so the admin can see each portal's API budget.
 */
import { Client } from '@hubspot/api-client';
import type { ApiUsageSink, ReportedBudget } from '../../core/ports/crm-connector.js';
import { DEFAULT_RETRY_POLICY, retryDelayMs, type RetryPolicy } from '../../core/sync/retry-policy.js';
import { toHubspotError, type HubspotError } from './errors.js';
import { SlidingWindowLimiter, realLimiterClock, type LimiterClock } from './rate-limiter.js';

/** Where access tokens come from (the host's single-flight refresher). */
export interface AccessTokenSource {
  current(): Promise<string>;
  /** The given token was rejected as expired: refresh unless another worker already did. */
  refreshAfterRejection(rejected: string): Promise<string>;
}

export type { ApiUsageSink as UsageSink, ApiUsageEvent as UsageEvent, ReportedBudget } from '../../core/ports/crm-connector.js';

export interface ApiCallerOptions {
  basePath: string;
  tokens: AccessTokenSource;
  limiter: SlidingWindowLimiter;
  usage?: ApiUsageSink;
  retry?: RetryPolicy;
  clock?: LimiterClock;
  random?: () => number;
}

const numberHeader = (headers: Record<string, string>, name: string): number | null => {
  const raw = headers[name];
  const n = raw === undefined ? Number.NaN : Number(raw);
  return Number.isFinite(n) ? n : null;
};

/** What the SDK's `...WithHttpInfo` methods resolve to (the parts we read). */
export interface WithHeaders<T> {
  headers: Record<string, string>;
  data: T;
}

export function readBudget(headers: Record<string, string>): ReportedBudget | null {
  const max = numberHeader(headers, 'x-hubspot-ratelimit-max');
  const remaining = numberHeader(headers, 'x-hubspot-ratelimit-remaining');
  if (max === null && remaining === null) return null;
  return {
    max,
    remaining,
    intervalMs: numberHeader(headers, 'x-hubspot-ratelimit-interval-milliseconds'),
    dailyRemaining: numberHeader(headers, 'x-hubspot-ratelimit-daily-remaining'),
  };
}

export class HubspotApiCaller {
  private readonly retry: RetryPolicy;
  private readonly clock: LimiterClock;
  private readonly random: () => number;
  private cached: { token: string; client: Client } | null = null;

  constructor(private readonly opts: ApiCallerOptions) {
    this.retry = opts.retry ?? DEFAULT_RETRY_POLICY;
    this.clock = opts.clock ?? realLimiterClock;
    this.random = opts.random ?? Math.random;
  }

  get limiter(): SlidingWindowLimiter {
    return this.opts.limiter;
  }

  /**
   * Runs `fn` with a client and returns its data; `label` names the call in errors (never the
   * payload). `fn` uses the SDK's `...WithHttpInfo` methods: their headers carry HubSpot's view of
   * the budget (the SDK's response middleware hook is not applied by its generated API classes).
   */
  async call<T>(label: string, fn: (client: Client) => Promise<WithHeaders<T>>): Promise<T> {
    let refreshed = false;
    for (let attempt = 1; ; attempt++) {
      await this.opts.limiter.acquire();
      const token = await this.opts.tokens.current();
      const { client } = this.clientFor(token);
      try {
        const result = await fn(client);
        this.opts.usage?.record({ kind: 'call', reported: readBudget(result.headers) });
        return result.data;
      } catch (raw) {
        const error = toHubspotError(raw, this.clock.now());
        this.opts.usage?.record({ kind: 'call', reported: null });
        if (error.tokenExpired && !refreshed) {
          refreshed = true;
          await this.opts.tokens.refreshAfterRejection(token);
          continue;
        }
        if (error.code === 'RATE_LIMITED') {
          this.opts.usage?.record({ kind: 'throttled', retryAfterMs: error.retryAfterMs ?? 0 });
          this.opts.limiter.pause(error.retryAfterMs ?? 1000);
        }
        const wait = retryDelayMs(this.retry, error.code, attempt, error.retryAfterMs, this.random());
        if (wait === null) {
          // A 404 is an answer (a group or record that does not exist yet), not a failure.
          if (error.code !== 'NOT_FOUND') this.opts.usage?.record({ kind: 'failed', code: error.code });
          throw withLabel(error, label);
        }
        this.opts.usage?.record({ kind: 'retried' });
        await this.clock.sleep(wait);
      }
    }
  }

  private clientFor(token: string) {
    if (this.cached?.token !== token) {
      // Retries are ours: the SDK's ignore Retry-After and would bypass our limiter.
      const client = new Client({ accessToken: token, basePath: this.opts.basePath, numberOfApiCallRetries: 0 });
      this.cached = { token, client };
    }
    return this.cached;
  }
}

function withLabel(error: HubspotError, label: string): HubspotError {
  error.message = `${label}: ${error.code} ${error.detail}`;
  return error;
}
