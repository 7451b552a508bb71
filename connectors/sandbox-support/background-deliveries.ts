/**
 * Deliveries a sandbox makes in the background, as the CRM does: HubSpot's webhooks, Salesforce's
 * outbound messages. Items are buffered and handed to `dispatch` on the next tick, which starts one
 * delivery per request; a delivery retries with exponential backoff. API calls never wait for any
 * of this; tests wait with `flush()`, and `close()` ends the waits of a stopping server.
 */
export interface Backoff {
  attempts: number;
  baseDelayMs: number;
  /** The longest wait between attempts; unset: no cap. */
  maxDelayMs?: number;
}

/** How a retried delivery ended: answered, out of attempts, or stopped (closed, or nothing left to send). */
export type DeliveryOutcome = 'delivered' | 'exhausted' | 'stopped';

export class BackgroundDeliveries<T> {
  private buffer: T[] = [];
  private scheduled = false;
  private closed = false;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly timers = new Set<{ timer: NodeJS.Timeout; wake: () => void }>();

  /** `dispatch` groups the buffered items into requests and starts a delivery for each. */
  constructor(private readonly dispatch: (items: T[]) => Promise<void>[]) {}

  enqueue(items: readonly T[]): void {
    if (this.closed || items.length === 0) return;
    this.buffer.push(...items);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.drain());
    }
  }

  /** Resolves once every buffered item was delivered or ran out of attempts. */
  async flush(): Promise<void> {
    while (this.buffer.length > 0 || this.inFlight.size > 0) {
      this.drain();
      await Promise.allSettled([...this.inFlight]);
    }
  }

  /** Stops deliveries and pending retries (server shutdown). */
  close(): void {
    this.closed = true;
    this.buffer = [];
    for (const t of this.timers) {
      clearTimeout(t.timer);
      t.wake();
    }
    this.timers.clear();
  }

  /**
   * Calls `attempt(n)` for n = 0, 1, ... until it answers true ('delivered') or 'stop', waiting
   * base * 2^(n-1) (capped) before each retry.
   */
  async retry(backoff: Backoff, attempt: (n: number) => Promise<boolean | 'stop'>): Promise<DeliveryOutcome> {
    for (let n = 0; n < backoff.attempts; n++) {
      if (n > 0) await this.sleep(Math.min(backoff.maxDelayMs ?? Number.POSITIVE_INFINITY, backoff.baseDelayMs * 2 ** (n - 1)));
      if (this.closed) return 'stopped';
      const answer = await attempt(n);
      if (answer === 'stop') return 'stopped';
      if (answer) return 'delivered';
    }
    return 'exhausted';
  }

  private drain(): void {
    this.scheduled = false;
    const items = this.buffer;
    this.buffer = [];
    if (items.length === 0) return;
    for (const delivery of this.dispatch(items)) {
      this.inFlight.add(delivery);
      void delivery.finally(() => this.inFlight.delete(delivery));
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const entry = {
        timer: setTimeout(() => {
          this.timers.delete(entry);
          resolve();
        }, ms),
        wake: resolve,
      };
      this.timers.add(entry);
    });
  }
}
