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
  private cached: { token: string; client: Client; headers: { last: Record<string, string> | null } } | null = null;

  constructor(private readonly opts: ApiCallerOptions) {
    this.retry = opts.retry ?? DEFAULT_RETRY_POLICY;
    this.clock = opts.clock ?? realLimiterClock;
    this.random = opts.random ?? Math.random;
  }

  get limiter(): SlidingWindowLimiter {
    return this.opts.limiter;
  }

  /** Runs `fn` with a client; `label` names the call in errors (never the payload). */
  async call<T>(label: string, fn: (client: Client) => Promise<T>): Promise<T> {
    let refreshed = false;
    for (let attempt = 1; ; attempt++) {
      await this.opts.limiter.acquire();
      const token = await this.opts.tokens.current();
      const { client, headers } = this.clientFor(token);
      try {
        const result = await fn(client);
        this.opts.usage?.record({ kind: 'call', reported: headers.last ? readBudget(headers.last) : null });
        return result;
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
          this.opts.usage?.record({ kind: 'failed', code: error.code });
          throw withLabel(error, label);
        }
        this.opts.usage?.record({ kind: 'retried' });
        await this.clock.sleep(wait);
      }
    }
  }

  private clientFor(token: string) {
    if (this.cached?.token !== token) {
      const headers: { last: Record<string, string> | null } = { last: null };
      const client = new Client({
        accessToken: token,
        basePath: this.opts.basePath,
        // Retries are ours: the SDK's ignore Retry-After and would bypass our limiter.
        numberOfApiCallRetries: 0,
        middleware: [
          {
            pre: (ctx) => ctx,
            // The rate-limit headers of each answer feed the budget the admin sees.
            post: (ctx) => {
              const h = (ctx as { headers?: Record<string, string> }).headers;
              if (h) headers.last = h;
              return ctx;
            },
          },
        ],
      });
      this.cached = { token, client, headers };
    }
    return this.cached;
  }
}

function withLabel(error: HubspotError, label: string): HubspotError {
  error.message = `${label}: ${error.code} ${error.detail}`;
  return error;
}
