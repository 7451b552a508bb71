/**
 * The sandbox's notion of "now" (epoch ms): an injected clock, a frozen instant that tests and
 * demos move forward by hand, or real time.
 */
export interface SandboxClock {
  now(): number;
  /** Moves a frozen clock; fails for an injected or real clock, which the sandbox does not own. */
  advance(ms: number): void;
}

export function sandboxClock(options: { clock?: () => number; now?: number | string | Date }): SandboxClock {
  const injected = options.clock;
  if (injected) {
    return { now: injected, advance: () => { throw new Error('the sandbox clock is injected: advance your own clock'); } };
  }
  if (options.now === undefined) {
    return { now: () => Date.now(), advance: () => { throw new Error('the sandbox runs on real time: pass `now` to freeze it'); } };
  }
  let frozen = new Date(options.now).getTime();
  if (Number.isNaN(frozen)) throw new Error(`now: ${String(options.now)} is not a valid instant`);
  return {
    now: () => frozen,
    advance: (ms) => {
      frozen += ms;
    },
  };
}
