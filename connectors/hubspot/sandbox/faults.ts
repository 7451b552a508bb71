/**
 * Injected faults: answers served before normal handling, in the order they were injected, to
 * test how a client copes with 429s and 5xx. A fault with a `pathPattern` (a regular expression
 * tested against the path and against "METHOD path") only hits matching requests.
 */
import { z } from 'zod';

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

interface QueuedFault extends Fault {
  pattern: RegExp | null;
  remaining: number;
}

export class FaultQueue {
  private queue: QueuedFault[] = [];

  add(specs: FaultSpecInput | FaultSpecInput[]): void {
    for (const raw of Array.isArray(specs) ? specs : [specs]) {
      const spec = FaultSpec.parse(raw);
      const pattern = spec.pathPattern === undefined ? null : typeof spec.pathPattern === 'string' ? new RegExp(spec.pathPattern) : spec.pathPattern;
      this.queue.push({ status: spec.status, pattern, remaining: spec.count, ...(spec.retryAfterSeconds !== undefined ? { retryAfterSeconds: spec.retryAfterSeconds } : {}) });
    }
  }

  clear(): void {
    this.queue = [];
  }

  /** Faults still to be served. */
  pending(): number {
    return this.queue.reduce((n, f) => n + f.remaining, 0);
  }

  /** The next fault for this request, if any; it is used up. */
  take(method: string, path: string): Fault | undefined {
    const index = this.queue.findIndex((f) => f.pattern === null || f.pattern.test(path) || f.pattern.test(`${method} ${path}`));
    const fault = this.queue[index];
    if (!fault) return undefined;
    fault.remaining--;
    if (fault.remaining === 0) this.queue.splice(index, 1);
    return { status: fault.status, ...(fault.retryAfterSeconds !== undefined ? { retryAfterSeconds: fault.retryAfterSeconds } : {}) };
  }
}
