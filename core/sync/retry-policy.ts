/**
 * When to try a CRM call again, decided on our error codes only (connectors map their providers'
 * errors to codes first). Rate limits wait at least what the CRM asked for (Retry-After); temporary
 * failures back off exponentially with full jitter so a fleet of workers does not retry in step.
 */
import type { ErrorCode } from '../errors.js';

export interface RetryPolicy {
  /** Attempts after the first. */
  retries: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { retries: 5, baseDelayMs: 500, maxDelayMs: 30_000 };

const RETRYABLE: ReadonlySet<ErrorCode> = new Set(['RATE_LIMITED', 'TEMPORARY']);

export function isRetryable(code: ErrorCode): boolean {
  return RETRYABLE.has(code);
}

/**
 * The wait before retry number `attempt` (1-based), or null to give up. `random` is in [0, 1).
 * A Retry-After longer than the policy's cap is honoured anyway: retrying earlier only earns another 429.
 */
export function retryDelayMs(policy: RetryPolicy, code: ErrorCode, attempt: number, retryAfterMs: number | null, random: number): number | null {
  if (!isRetryable(code) || attempt > policy.retries) return null;
  const backoff = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  const jittered = Math.floor(backoff * random);
  if (code === 'RATE_LIMITED' && retryAfterMs !== null) return Math.max(retryAfterMs, jittered);
  return Math.max(policy.baseDelayMs / 2, jittered);
}

/** `Retry-After` as seconds or an HTTP date, in milliseconds from `now`; null when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now: number): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.ceil(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}
