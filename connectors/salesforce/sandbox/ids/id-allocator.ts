/**
 * Hands out new record ids per key prefix for one org, on the org's instance characters. Ids
 * seeded explicitly on the same instance move the counter past them, so new ids never collide
 * and keep sorting after the older ones.
 */
import { parseSalesforceId, salesforceId } from './salesforce-id.js';

/** Where counters start: real orgs rarely show record number 1. */
const FIRST_RECORD_NUMBER = 1_000_000;

export class IdAllocator {
  private readonly next = new Map<string, number>();

  constructor(private readonly instance: string) {}

  allocate(prefix: string): string {
    const n = this.next.get(prefix) ?? FIRST_RECORD_NUMBER;
    this.next.set(prefix, n + 1);
    return salesforceId(prefix, n, this.instance);
  }

  /** Notes an id that came from outside (a seed) so allocate() never hands it out again. */
  reserve(id: string): void {
    const parsed = parseSalesforceId(id);
    if (!parsed || parsed.instance !== this.instance) return;
    const next = this.next.get(parsed.prefix) ?? FIRST_RECORD_NUMBER;
    if (parsed.n >= next) this.next.set(parsed.prefix, parsed.n + 1);
  }
}
