import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY_POLICY, isRetryable, parseRetryAfter, retryDelayMs } from '../retry-policy.js';

const policy = { retries: 3, baseDelayMs: 100, maxDelayMs: 1000 };

describe('retry policy', () => {
  it('retries only rate limits and temporary failures', () => {
    expect(isRetryable('RATE_LIMITED')).toBe(true);
    expect(isRetryable('TEMPORARY')).toBe(true);
    for (const code of ['INVALID_INPUT', 'UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT', 'UNKNOWN'] as const) {
      expect(retryDelayMs(policy, code, 1, null, 0.5)).toBeNull();
    }
  });

  it('gives up after the configured retries', () => {
    expect(retryDelayMs(policy, 'TEMPORARY', 3, null, 0.5)).not.toBeNull();
    expect(retryDelayMs(policy, 'TEMPORARY', 4, null, 0.5)).toBeNull();
  });

  it('backs off exponentially with full jitter, capped', () => {
    expect(retryDelayMs(policy, 'TEMPORARY', 1, null, 0.999)).toBe(99);
    expect(retryDelayMs(policy, 'TEMPORARY', 3, null, 0.999)).toBe(399);
    expect(retryDelayMs({ ...policy, retries: 10 }, 'TEMPORARY', 10, null, 0.999)).toBe(999);
    // Never a zero wait: half the base at least.
    expect(retryDelayMs(policy, 'TEMPORARY', 1, null, 0)).toBe(50);
  });

  it('waits at least what Retry-After asks, even beyond the cap', () => {
    expect(retryDelayMs(policy, 'RATE_LIMITED', 1, 5000, 0)).toBe(5000);
    expect(retryDelayMs(policy, 'RATE_LIMITED', 3, 10, 0.999)).toBe(399);
  });

  it('reads Retry-After as seconds or an HTTP date', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('7', now)).toBe(7000);
    expect(parseRetryAfter('1.5', now)).toBe(1500);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Wed, 31 Dec 2025 23:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter(undefined, now)).toBeNull();
  });

  it('has sane defaults', () => {
    expect(DEFAULT_RETRY_POLICY.retries).toBeGreaterThanOrEqual(3);
  });
});
