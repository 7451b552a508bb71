/**
 * Injected faults: answers served before normal handling, in the order they were injected, to
 * test how a client copes with 429s and 5xx. A fault with a `pathPattern` (a regular expression
 * tested against the path and against "METHOD path") only hits matching requests.
 */
import { z } from 'zod';
import { InjectedFaults } from '../../sandbox-support/injected-faults.js';

export const FaultSpec = z.object({
  status: z.union([z.literal(429), z.literal(500), z.literal(502), z.literal(503), z.literal(504)]),
  count: z.number().int().positive().default(1),
  pathPattern: z.union([z.string().min(1), z.instanceof(RegExp)]).optional(),
  retryAfterSeconds: z.number().int().min(0).optional(),
});
export type FaultSpecInput = z.input<typeof FaultSpec>;

export interface Fault {
  status: 429 | 500 | 502 | 503 | 504;
  retryAfterSeconds?: number;
}

/** HubSpot's faults: a status, and for 429 the Retry-After it names. */
export class FaultQueue extends InjectedFaults<Fault> {
  add(specs: FaultSpecInput | FaultSpecInput[]): void {
    for (const raw of Array.isArray(specs) ? specs : [specs]) {
      const spec = FaultSpec.parse(raw);
      this.push(spec, { status: spec.status, ...(spec.retryAfterSeconds !== undefined ? { retryAfterSeconds: spec.retryAfterSeconds } : {}) });
    }
  }
}
