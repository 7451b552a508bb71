/**
 * The queue of injected faults both sandboxes serve before normal handling, in the order they were
 * injected: each is served `count` times, and one with a pattern (a regular expression tested
 * against the path and against "METHOD path") only to matching requests. What a fault answers is
 * the sandbox's own (HubSpot's 429 with Retry-After, Salesforce's error codes).
 */
export interface FaultMatch {
  count: number;
  pathPattern?: string | RegExp | undefined;
}

interface Queued<T> {
  fault: T;
  pattern: RegExp | null;
  remaining: number;
}

export class InjectedFaults<T> {
  private queue: Queued<T>[] = [];

  push(match: FaultMatch, fault: T): void {
    const pattern = match.pathPattern === undefined ? null : typeof match.pathPattern === 'string' ? new RegExp(match.pathPattern) : match.pathPattern;
    this.queue.push({ fault, pattern, remaining: match.count });
  }

  clear(): void {
    this.queue = [];
  }

  /** Faults still to be served. */
  pending(): number {
    return this.queue.reduce((n, f) => n + f.remaining, 0);
  }

  /** The next fault for this request, if any; it is used up. */
  take(method: string, path: string): T | undefined {
    const index = this.queue.findIndex((f) => f.pattern === null || f.pattern.test(path) || f.pattern.test(`${method} ${path}`));
    const queued = this.queue[index];
    if (!queued) return undefined;
    queued.remaining--;
    if (queued.remaining === 0) this.queue.splice(index, 1);
    return queued.fault;
  }
}
