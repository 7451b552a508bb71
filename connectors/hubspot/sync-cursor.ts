/**
 * Where a stream's pull stands, and how it moves. Pure, so every transition is unit-tested.
 *
 * - `initial`: the list endpoint, paged by HubSpot's `after` token (ordered by id).
 * - `incremental`: the search endpoint on the last-modified property.
 *   `scan` reads everything modified after `from` (inclusive at the start of a pass, which begins
 *   `lookbackMs` behind the cursor because HubSpot's search index trails writes), oldest first.
 *   When a page is full, the records of its last timestamp may continue on the next page, and
 *   many records can share one millisecond, so the cursor moves to that timestamp and `drain`s it
 *   by id (the tie-break: `= T and hs_object_id > lastId`, id order) before scanning on from `> T`.
 *   A record sharing the cursor's timestamp is therefore never skipped, and no search ever needs
 *   an offset near HubSpot's 10,000-result cap.
 */
import { z } from 'zod';

export const CheckpointSchema = z.discriminatedUnion('phase', [
  z.object({ phase: z.literal('initial'), after: z.string().nullable(), startedAt: z.number() }),
  z.object({
    phase: z.literal('incremental'),
    mode: z.enum(['scan', 'drain']),
    /** scan: read modified at or after (`inclusive`) / after this instant; drain: this exact instant. */
    from: z.number(),
    inclusive: z.boolean(),
    /** drain: last id read at `from`. */
    afterId: z.string().nullable(),
    /** The newest timestamp fully read: a new pass starts `lookbackMs` before it. */
    high: z.number(),
    /** The last pass reached the end: the next pull starts a new pass. */
    caughtUp: z.boolean(),
  }),
]);
export type Checkpoint = z.infer<typeof CheckpointSchema>;
export type IncrementalCheckpoint = Extract<Checkpoint, { phase: 'incremental' }>;

export interface SeenRecord {
  id: string;
  modifiedAt: number;
}

export function startInitial(now: number): Checkpoint {
  return { phase: 'initial', after: null, startedAt: now };
}

/** After the last list page: changes made while the list ran are caught by scanning from its start. */
export function initialDone(startedAt: number, lookbackMs: number): IncrementalCheckpoint {
  const from = startedAt - lookbackMs;
  return { phase: 'incremental', mode: 'scan', from, inclusive: true, afterId: null, high: from, caughtUp: false };
}

/** A new pass after catching up: look back, because HubSpot's index may have surfaced late writes. */
export function beginPass(cp: IncrementalCheckpoint, lookbackMs: number): IncrementalCheckpoint {
  if (!cp.caughtUp) return cp;
  return { ...cp, mode: 'scan', from: cp.high - lookbackMs, inclusive: true, afterId: null, caughtUp: false };
}

export type SearchFilter = { propertyName: string; operator: 'GT' | 'GTE' | 'EQ'; value: string };

export interface SearchPlan {
  filters: SearchFilter[];
  sortBy: string;
}

export function searchPlan(cp: IncrementalCheckpoint, modifiedProperty: string): SearchPlan {
  if (cp.mode === 'drain') {
    const filters: SearchFilter[] = [{ propertyName: modifiedProperty, operator: 'EQ', value: String(cp.from) }];
    if (cp.afterId !== null) filters.push({ propertyName: 'hs_object_id', operator: 'GT', value: cp.afterId });
    return { filters, sortBy: 'hs_object_id' };
  }
  return { filters: [{ propertyName: modifiedProperty, operator: cp.inclusive ? 'GTE' : 'GT', value: String(cp.from) }], sortBy: modifiedProperty };
}

/** The checkpoint after a page of `records` (in the order HubSpot returned them) and whether the stream is caught up. */
export function advance(cp: IncrementalCheckpoint, records: readonly SeenRecord[], pageSize: number): { checkpoint: IncrementalCheckpoint; done: boolean } {
  const full = records.length >= pageSize;
  if (cp.mode === 'drain') {
    if (full) return { checkpoint: { ...cp, afterId: records[records.length - 1]?.id ?? cp.afterId }, done: false };
    return { checkpoint: { ...cp, mode: 'scan', inclusive: false, afterId: null, high: Math.max(cp.high, cp.from) }, done: false };
  }
  const newest = records.reduce((m, r) => Math.max(m, r.modifiedAt), Number.NEGATIVE_INFINITY);
  if (!full) {
    const high = Math.max(cp.high, Number.isFinite(newest) ? newest : cp.high);
    return { checkpoint: { ...cp, mode: 'scan', from: high, inclusive: false, afterId: null, high, caughtUp: true }, done: true };
  }
  // Oldest first, so the last record carries the page's newest timestamp; drain it by id.
  const last = records[records.length - 1] as SeenRecord;
  return { checkpoint: { ...cp, mode: 'drain', from: last.modifiedAt, afterId: null }, done: false };
}
