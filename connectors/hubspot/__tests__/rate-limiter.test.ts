import { describe, expect, it } from 'vitest';
import { SlidingWindowLimiter, type LimiterClock } from '../rate-limiter.js';

/** A clock that only moves when someone sleeps: the limiter's waits become exact and instant. */
function virtualClock(start = 0): LimiterClock & { t: number } {
  const clock = {
    t: start,
    now: () => clock.t,
    sleep: async (ms: number) => {
      clock.t += ms;
    },
  };
  return clock;
}

describe('sliding window limiter', () => {
  it('lets max requests start in any window and no more', async () => {
    const clock = virtualClock();
    const limiter = new SlidingWindowLimiter({ max: 10, intervalMs: 1000 }, clock, 0);
    const starts: number[] = [];
    for (let i = 0; i < 35; i++) {
      await limiter.acquire();
      starts.push(clock.t);
    }
    for (let i = 0; i < starts.length; i++) {
      const inWindow = starts.filter((s) => s > (starts[i] as number) - 1000 && s <= (starts[i] as number)).length;
      expect(inWindow).toBeLessThanOrEqual(10);
    }
    // Sustained rate is the configured one: 35 requests need three full windows after the first burst.
    expect(clock.t).toBeGreaterThanOrEqual(3000);
    expect(clock.t).toBeLessThan(3100);
  });

  it('serves concurrent callers in arrival order', async () => {
    const clock = virtualClock();
    const limiter = new SlidingWindowLimiter({ max: 2, intervalMs: 100 }, clock, 0);
    const order: number[] = [];
    await Promise.all([0, 1, 2, 3, 4].map((i) => limiter.acquire().then(() => order.push(i))));
    expect(order).toEqual([0, 1, 2, 3, 4]);
  });

  it('holds everything for a Retry-After pause', async () => {
    const clock = virtualClock(1000);
    const limiter = new SlidingWindowLimiter({ max: 100, intervalMs: 10_000 }, clock, 0);
    limiter.pause(2500);
    await limiter.acquire();
    expect(clock.t).toBe(3500);
  });

  it('counts what is in the window and follows a new limit', async () => {
    const clock = virtualClock();
    const limiter = new SlidingWindowLimiter({ max: 5, intervalMs: 1000 }, clock, 50);
    for (let i = 0; i < 3; i++) await limiter.acquire();
    expect(limiter.inWindow()).toBe(3);
    clock.t += 1051;
    expect(limiter.inWindow()).toBe(0);
    limiter.setLimit({ max: 1, intervalMs: 1000 });
    await limiter.acquire();
    await limiter.acquire();
    expect(clock.t).toBeGreaterThanOrEqual(1051 + 1050);
  });

  it('refuses a limit that cannot be met', () => {
    expect(() => new SlidingWindowLimiter({ max: 0, intervalMs: 1000 })).toThrow(/max >= 1/);
  });
});
