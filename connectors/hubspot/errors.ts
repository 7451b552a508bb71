/**
 * HubSpot failures mapped to our small error vocabulary; retries switch on the code, never on
 * HubSpot's shapes. Error bodies follow https://developers.hubspot.com/docs/api/error-handling
 * (`{status, message, correlationId, category, errors?}`). Messages are kept short and never
 * carry tokens or request bodies.
 */
import { VipCareError, type ErrorCode } from '../../core/errors.js';
import { parseRetryAfter } from '../../core/sync/retry-policy.js';

export class HubspotError extends VipCareError {
  constructor(
    code: ErrorCode,
    readonly status: number | null,
    readonly category: string | null,
    readonly detail: string,
    /** How long HubSpot asked us to wait (429), in ms. */
    readonly retryAfterMs: number | null,
    options?: { cause?: unknown },
  ) {
    super(code, { detail, what: detail, field: detail }, options);
    this.name = 'HubspotError';
  }

  /** HubSpot says the access token itself has expired (as opposed to missing scopes or a revoked app). */
  get tokenExpired(): boolean {
    return this.status === 401 && this.category === 'EXPIRED_AUTHENTICATION';
  }
}

interface ErrorShape {
  code?: unknown;
  body?: unknown;
  headers?: unknown;
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'ENOTFOUND', 'UND_ERR_SOCKET']);

function field(body: unknown, name: string): string | null {
  if (body && typeof body === 'object' && name in body) {
    const value = (body as Record<string, unknown>)[name];
    return typeof value === 'string' ? value : null;
  }
  return null;
}

function header(headers: unknown, name: string): string | null {
  if (!headers || typeof headers !== 'object') return null;
  for (const [key, value] of Object.entries(headers as Record<string, unknown>)) {
    if (key.toLowerCase() === name) return typeof value === 'string' ? value : Array.isArray(value) ? String(value[0]) : null;
  }
  return null;
}

export function codeForStatus(status: number): ErrorCode {
  if (status === 401) return 'UNAUTHORIZED';
  if (status === 403) return 'FORBIDDEN';
  if (status === 404) return 'NOT_FOUND';
  if (status === 409) return 'CONFLICT';
  if (status === 429) return 'RATE_LIMITED';
  if (status === 400 || status === 422 || status === 413) return 'INVALID_INPUT';
  if (status >= 500 || status === 408) return 'TEMPORARY';
  return 'UNKNOWN';
}

/** Wait after a 429: Retry-After when sent, else the rolling window's length for the ten-secondly policy. */
function retryAfterFor(body: unknown, headers: unknown, now: number): number {
  const explicit = parseRetryAfter(header(headers, 'retry-after'), now);
  if (explicit !== null) return explicit;
  const policy = field(body, 'policyName');
  if (policy === 'SECONDLY' || policy === 'SECONDLY_ROLLING') return 1000;
  const interval = Number(header(headers, 'x-hubspot-ratelimit-interval-milliseconds'));
  return Number.isFinite(interval) && interval > 0 ? interval : 10_000;
}

/** Maps an SDK `ApiException`, a raw response, or a network failure to a HubspotError. */
export function toHubspotError(error: unknown, now: number = Date.now()): HubspotError {
  if (error instanceof HubspotError) return error;
  const e = (error ?? {}) as ErrorShape;
  if (typeof e.code === 'number') {
    const status = e.code;
    const body = typeof e.body === 'string' ? safeJson(e.body) : e.body;
    const message = (field(body, 'message') ?? `HTTP ${status}`).slice(0, 300);
    const code = codeForStatus(status);
    return new HubspotError(code, status, field(body, 'category'), message, code === 'RATE_LIMITED' ? retryAfterFor(body, e.headers, now) : null, { cause: error });
  }
  const errno = (error as { code?: unknown; cause?: { code?: unknown } } | null)?.code ?? (error as { cause?: { code?: unknown } } | null)?.cause?.code;
  if (typeof errno === 'string' && NETWORK_CODES.has(errno)) return new HubspotError('TEMPORARY', null, null, `network: ${errno}`, null, { cause: error });
  if (error instanceof Error && (error.name === 'FetchError' || error.name === 'AbortError')) return new HubspotError('TEMPORARY', null, null, `network: ${error.name}`, null, { cause: error });
  return new HubspotError('UNKNOWN', null, null, error instanceof Error ? error.message.slice(0, 200) : 'unknown failure', null, { cause: error });
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
