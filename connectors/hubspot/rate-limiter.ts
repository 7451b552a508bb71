/**
 * A sliding-window limiter per portal: at most `max` requests start in any `intervalMs` window,
 * which is how HubSpot counts its per-app, per-account burst limit (100 per 10 s for OAuth apps:
 * https://developers.hubspot.com/docs/guides/apps/api-usage/usage-details). Requests are counted
 * a little longer than the window (`marginMs`) because HubSpot sees them slightly after we send
 * them; that costs well under 1% of the rate and keeps us clear of 429s. Waiters are served in
 * arrival order.
 */
export interface RateLimit {
  max: number;
  intervalMs: number;
}

export interface LimiterClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realLimiterClock: LimiterClock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export class SlidingWindowLimiter {
  /** Start times of the requests still inside the window, oldest first. */
  private readonly starts: number[] = [];
  private queue: Promise<void> = Promise.resolve();
  /** Set after a 429: nothing starts before this instant. */
  private pausedUntil = 0;

  constructor(
    private limit: RateLimit,
    private readonly clock: LimiterClock = realLimiterClock,
    private readonly marginMs = 50,
  ) {
    if (limit.max < 1 || limit.intervalMs < 1) throw new Error('A rate limit needs max >= 1 and intervalMs >= 1');
  }

  get rate(): RateLimit {
    return this.limit;
  }

  setLimit(limit: RateLimit): void {
    this.limit = limit;
  }

  /** After a 429: hold every request for `ms` (the CRM's Retry-After). */
  pause(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.clock.now() + ms);
  }

  /** Requests started within the current window. */
  inWindow(): number {
    this.evict(this.clock.now());
    return this.starts.length;
  }

  /** Resolves when this request may start; the start is counted then. */
  acquire(): Promise<void> {
    const turn = this.queue.then(() => this.waitForRoom());
    // The chain must survive a rejected sleep; each caller still sees its own outcome.
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  private evict(now: number): void {
    const horizon = now - this.limit.intervalMs - this.marginMs;
    let drop = 0;
    while (drop < this.starts.length && (this.starts[drop] as number) <= horizon) drop++;
    if (drop > 0) this.starts.splice(0, drop);
  }

  private async waitForRoom(): Promise<void> {
    for (;;) {
      const now = this.clock.now();
      if (now < this.pausedUntil) {
        await this.clock.sleep(this.pausedUntil - now);
        continue;
      }
      this.evict(now);
      if (this.starts.length < this.limit.max) {
        this.starts.push(now);
        return;
      }
      const oldest = this.starts[this.starts.length - this.limit.max] as number;
      await this.clock.sleep(Math.max(1, oldest + this.limit.intervalMs + this.marginMs - now + 1));
    }
  }
}
