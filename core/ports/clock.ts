/**
 * Time as the jobs see it. Simulations and tests do not need a clock object: they pass each
 * handler the instant it runs at (a tenant's frozen clock, a simulated hour).
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
