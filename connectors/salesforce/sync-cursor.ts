/**
 * Where a stream's pull stands. SOQL orders by several fields, so the tie-break is native:
 * `ORDER BY SystemModstamp, Id` with the keyset condition `SystemModstamp > T OR
 * (SystemModstamp = T AND Id > lastId)`; records sharing the cursor's timestamp are never
 * skipped. Each pass starts `lookbackMs` behind the cursor (inclusive), because a transaction
 * that committed late carries an earlier SystemModstamp than records we already read.
 * A first load bigger than the Bulk threshold runs as one Bulk API 2.0 query job instead,
 * paged by the job's result locator, and then continues incrementally from the job's start.
 */
import { z } from 'zod';

export const CheckpointSchema = z.discriminatedUnion('phase', [
  z.object({ phase: z.literal('start'), startedAt: z.number() }),
  z.object({ phase: z.literal('bulk'), startedAt: z.number(), jobId: z.string().min(1), locator: z.string().nullable() }),
  z.object({
    phase: z.literal('incremental'),
    /** Read records after (or, at the start of a pass, at or after) this instant... */
    from: z.number(),
    inclusive: z.boolean(),
    /** ...and, at exactly `from`, after this id. */
    afterId: z.string().nullable(),
    /** The newest SystemModstamp read: a new pass starts `lookbackMs` before it. */
    high: z.number(),
    caughtUp: z.boolean(),
  }),
]);
export type Checkpoint = z.infer<typeof CheckpointSchema>;
export type IncrementalCheckpoint = Extract<Checkpoint, { phase: 'incremental' }>;

/** From the beginning of time: the first load by SOQL pages. */
export function fromBeginning(): IncrementalCheckpoint {
  return { phase: 'incremental', from: 0, inclusive: true, afterId: null, high: 0, caughtUp: false };
}

/** After a Bulk first load: changes made while it ran are read by a pass from its start. */
export function afterBulk(startedAt: number, lookbackMs: number): IncrementalCheckpoint {
  const from = startedAt - lookbackMs;
  return { phase: 'incremental', from, inclusive: true, afterId: null, high: from, caughtUp: false };
}

export function beginPass(cp: IncrementalCheckpoint, lookbackMs: number): IncrementalCheckpoint {
  if (!cp.caughtUp) return cp;
  return { ...cp, from: Math.max(0, cp.high - lookbackMs), inclusive: true, afterId: null, caughtUp: false };
}

export interface SeenRecord {
  id: string;
  modifiedAt: number;
}

/** The keyset condition for the next page (SOQL, ready to AND with the stream's own filter). */
export function keysetCondition(cp: IncrementalCheckpoint, literal: (ms: number) => string, id: (value: string) => string): string {
  const t = literal(cp.from);
  if (cp.afterId !== null) return `(SystemModstamp > ${t} OR (SystemModstamp = ${t} AND Id > ${id(cp.afterId)}))`;
  return `SystemModstamp ${cp.inclusive ? '>=' : '>'} ${t}`;
}

/** Records come ordered by (SystemModstamp, Id); the last one is the new keyset position. */
export function advance(cp: IncrementalCheckpoint, records: readonly SeenRecord[], pageSize: number): { checkpoint: IncrementalCheckpoint; done: boolean } {
  const last = records[records.length - 1];
  const high = Math.max(cp.high, last?.modifiedAt ?? cp.high);
  if (!last) return { checkpoint: { ...cp, high, caughtUp: true }, done: true };
  const moved: IncrementalCheckpoint = { ...cp, from: last.modifiedAt, inclusive: false, afterId: last.id, high };
  if (records.length < pageSize) return { checkpoint: { ...moved, caughtUp: true }, done: true };
  return { checkpoint: moved, done: false };
}
