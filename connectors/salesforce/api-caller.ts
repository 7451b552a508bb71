/**
 * Every Salesforce call goes through here: a jsforce Connection on the org's instance with an
 * explicit API version, sessions from the host's single-flight token source (jsforce's own
 * refresh-on-401 hook calls it), retries on our error codes (5xx, network, the concurrent-request
 * limit), and the org's daily allocation read from each answer's `Sforce-Limit-Info` header:
 * below the reserve we stop before Salesforce has to refuse us.
 * https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/headers_api_usage.htm
 */
import { Connection } from 'jsforce';
import { HttpApi } from 'jsforce/lib/http-api.js';
import type { ApiUsageSink } from '../../core/ports/crm-connector.js';
import { DEFAULT_RETRY_POLICY, retryDelayMs, type RetryPolicy } from '../../core/sync/retry-policy.js';
import { SalesforceError, toSalesforceError } from './errors.js';

/** jsforce retries 5xx and 429 itself with real sleeps; our policy (and virtual clocks in tests) decide instead. */
const NO_JSFORCE_RETRIES = { retry: { maxRetries: 0 } };

export interface SessionSource {
  current(): Promise<string>;
  /** Salesforce refused this session (INVALID_SESSION_ID): get a new one, once for all callers. */
  refreshAfterRejection(rejected: string): Promise<string>;
}

export interface CallerClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realCallerClock: CallerClock = { now: () => Date.now(), sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)) };

export interface SalesforceCallerOptions {
  instanceUrl: string;
  apiVersion: string;
  sessions: SessionSource;
  /** Share of the daily allocation kept free for the org's other integrations. */
  dailyReserve: number;
  usage?: ApiUsageSink;
  retry?: RetryPolicy;
  clock?: CallerClock;
  random?: () => number;
}

export interface RawRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface RawResponse {
  body: unknown;
  headers: Record<string, string>;
}

export interface ApiUsage {
  used: number;
  limit: number;
}

export class SalesforceApiCaller {
  private connection: { token: string; conn: Connection } | null = null;
  private readonly retry: RetryPolicy;
  private readonly clock: CallerClock;
  private readonly random: () => number;
  /** The org's 24-hour API use as Salesforce last reported it. */
  lastUsage: ApiUsage | null = null;

  constructor(private readonly opts: SalesforceCallerOptions) {
    this.retry = opts.retry ?? DEFAULT_RETRY_POLICY;
    this.clock = opts.clock ?? realCallerClock;
    this.random = opts.random ?? Math.random;
  }

  get apiVersion(): string {
    return this.opts.apiVersion;
  }

  /** `/services/data/vNN.N` + path. */
  path(rest: string): string {
    return `/services/data/v${this.opts.apiVersion}${rest}`;
  }

  private async connectionFor(token: string): Promise<Connection> {
    if (this.connection?.token === token) return this.connection.conn;
    const conn = new Connection({
      instanceUrl: this.opts.instanceUrl,
      accessToken: token,
      version: this.opts.apiVersion,
      // jsforce calls this on INVALID_SESSION_ID and retries the request once with the new session.
      refreshFn: (c, callback) => {
        this.opts.sessions
          .refreshAfterRejection(c.accessToken ?? token)
          .then((fresh) => callback(null, fresh))
          .catch((error: unknown) => callback(error instanceof Error ? error : new Error(String(error))));
      },
    });
    conn.on('refresh', (fresh: string) => {
      this.connection = { token: fresh, conn };
    });
    this.connection = { token, conn };
    return conn;
  }

  private checkReserve(): void {
    const u = this.lastUsage;
    if (u && u.limit > 0 && u.limit - u.used <= u.limit * this.opts.dailyReserve) {
      throw new SalesforceError('RATE_LIMITED', 'RESERVE', `daily API reserve reached: ${u.used} of ${u.limit} calls used in the last 24 hours`);
    }
  }

  private noteUsage(conn: Connection): void {
    const api = conn.limitInfo?.apiUsage;
    if (api && Number.isFinite(api.used) && Number.isFinite(api.limit)) this.lastUsage = { used: api.used, limit: api.limit };
    this.opts.usage?.record({ kind: 'call', reported: this.lastUsage ? { used: this.lastUsage.used, limit: this.lastUsage.limit, remaining: this.lastUsage.limit - this.lastUsage.used } : null });
  }

  /**
   * A request whose response headers we need (Bulk API 2.0's `Sforce-Locator`), through jsforce's
   * HTTP layer so sessions refresh the same way.
   */
  raw(label: string, request: RawRequest, responseType?: string): Promise<RawResponse> {
    return this.call(label, async (conn) => {
      const api = new HttpApi(conn, { ...NO_JSFORCE_RETRIES, ...(responseType ? { responseType } : {}) });
      let headers: Record<string, string> = {};
      api.on('response', (response: { headers?: Record<string, string> }) => {
        headers = response.headers ?? {};
      });
      // jsforce writes Content-Length into the headers object it is given: never share one between requests.
      const body: unknown = await api.request({ ...request, headers: { ...request.headers }, url: new URL(request.url, conn.instanceUrl).toString() });
      return { body, headers };
    });
  }

  /** A REST request (JSON in and out) through the connection. */
  request(label: string, request: RawRequest): Promise<unknown> {
    return this.call(label, (conn) => conn.request<unknown>({ ...request, headers: { ...request.headers } }, NO_JSFORCE_RETRIES));
  }

  /** Runs `fn` with a connection; `label` names the call in errors (never the payload). */
  async call<T>(label: string, fn: (conn: Connection) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      this.checkReserve();
      const conn = await this.connectionFor(await this.opts.sessions.current());
      try {
        const result = await fn(conn);
        this.noteUsage(conn);
        return result;
      } catch (raw) {
        this.noteUsage(conn);
        const error = toSalesforceError(raw);
        if (error.code === 'RATE_LIMITED') this.opts.usage?.record({ kind: 'throttled', retryAfterMs: 0 });
        // A used-up daily allocation only recovers over hours: fail now, the scheduler comes back.
        const wait = error.dailyLimit ? null : retryDelayMs(this.retry, error.code, attempt, null, this.random());
        if (wait === null) {
          if (error.code !== 'NOT_FOUND') this.opts.usage?.record({ kind: 'failed', code: error.code });
          error.message = `${label}: ${error.code} ${error.detail}`;
          throw error;
        }
        this.opts.usage?.record({ kind: 'retried' });
        await this.clock.sleep(wait);
      }
    }
  }
}
