/**
 * HubSpot's per-app, per-portal "ten-secondly rolling" limit as a sliding window: a call is
 * allowed when fewer than `max` calls were allowed in the last `intervalMs`.
 * https://developers.hubspot.com/docs/api/usage-details#rate-limits
 */
export interface RateDecision {
  allowed: boolean;
  max: number;
  remaining: number;
  intervalMs: number;
  /** When refused: whole seconds until the oldest call leaves the window. */
  retryAfterSeconds: number;
}

export class SlidingWindowLimiter {
  private readonly windows = new Map<string, number[]>();

  constructor(
    private readonly max: number,
    private readonly intervalMs: number,
    private readonly now: () => number,
  ) {}

  take(key: string): RateDecision {
    const now = this.now();
    let calls = this.windows.get(key);
    if (!calls) this.windows.set(key, (calls = []));
    while (calls.length > 0 && (calls[0] as number) <= now - this.intervalMs) calls.shift();
    if (calls.length >= this.max) {
      const reopensIn = (calls[0] as number) + this.intervalMs - now;
      return { allowed: false, max: this.max, remaining: 0, intervalMs: this.intervalMs, retryAfterSeconds: Math.max(1, Math.ceil(reopensIn / 1000)) };
    }
    calls.push(now);
    return { allowed: true, max: this.max, remaining: this.max - calls.length, intervalMs: this.intervalMs, retryAfterSeconds: 0 };
  }
}

export const RATE_LIMIT_MESSAGE = 'You have reached your ten_secondly_rolling limit.';

/** The 429 body HubSpot sends when the ten-secondly limit is reached. */
export function rateLimitBody(correlationId: string): Record<string, string> {
  return { status: 'error', message: RATE_LIMIT_MESSAGE, errorType: 'RATE_LIMIT', correlationId, policyName: 'TEN_SECONDLY_ROLLING', category: 'RATE_LIMITS' };
}
