/**
 * The incremental cursor against a simulated search index: ties on the last-modified millisecond,
 * any order within a tie, pages of any size, and records changing between pages. Whatever
 * happens, a record that changed after the cursor is read in its newest version before the
 * stream reports it is caught up.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { advance, beginPass, initialDone, searchPlan, type IncrementalCheckpoint, type SearchPlan } from '../sync-cursor.js';
import { random as seededRandom } from '../../../core/scoring/__tests__/helpers.js';

interface Rec {
  id: number;
  modifiedAt: number;
}

/** HubSpot's search as the cursor uses it: filters ANDed, one sort, ties in no particular order. */
function search(records: readonly Rec[], plan: SearchPlan, limit: number, shuffle: () => number): Rec[] {
  const matches = records.filter((r) =>
    plan.filters.every((f) => {
      const value = Number(f.value);
      const field = f.propertyName === 'hs_object_id' ? r.id : r.modifiedAt;
      return f.operator === 'GT' ? field > value : f.operator === 'GTE' ? field >= value : field === value;
    }),
  );
  const keyed = matches.map((r) => ({ r, tie: shuffle() }));
  keyed.sort((a, b) => (plan.sortBy === 'hs_object_id' ? a.r.id - b.r.id : a.r.modifiedAt - b.r.modifiedAt || a.tie - b.tie));
  return keyed.slice(0, limit).map((k) => k.r);
}

function drain(records: Rec[], start: IncrementalCheckpoint, pageSize: number, shuffle: () => number, onPage?: (page: number) => void, lookbackMs = 0, seen = new Map<number, number>()) {
  let cp = beginPass(start, lookbackMs);
  for (let page = 0; page < 10_000; page++) {
    onPage?.(page);
    const got = search(records, searchPlan(cp, 'lastmodifieddate'), pageSize, shuffle);
    for (const r of got) seen.set(r.id, Math.max(seen.get(r.id) ?? -1, r.modifiedAt));
    const next = advance(cp, got.map((r) => ({ id: String(r.id), modifiedAt: r.modifiedAt })), pageSize);
    cp = next.checkpoint;
    if (next.done) return { seen, cp, pages: page + 1 };
  }
  throw new Error('never caught up');
}

describe('incremental sync cursor', () => {
  it('reads every record, even when hundreds share one millisecond and pages are small', () => {
    const records: Rec[] = [];
    for (let i = 1; i <= 700; i++) records.push({ id: i, modifiedAt: i <= 450 ? 1000 : 1000 + (i % 7) });
    const { seen } = drain(records, initialDone(900, 0), 100, seededRandom(1));
    expect(seen.size).toBe(700);
  });

  it('never skips a record whatever the ties, page size and tie order (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 30 }), { minLength: 0, maxLength: 300 }),
        fc.integer({ min: 1, max: 40 }),
        fc.integer(),
        (stamps, pageSize, seed) => {
          const records = stamps.map((t, i) => ({ id: i + 1, modifiedAt: 1000 + t }));
          const { seen, cp } = drain(records, initialDone(1000, 0), pageSize, seededRandom(seed));
          expect(seen.size).toBe(records.length);
          expect(cp.caughtUp).toBe(true);
          expect(cp.high).toBe(records.length ? Math.max(...records.map((r) => r.modifiedAt)) : 1000);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('reads the newest version of records changed while it pages, by the end of the next pass (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 1, maxLength: 120 }),
        fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 30 }),
        fc.integer({ min: 1, max: 25 }),
        fc.integer(),
        (stamps, changes, pageSize, seed) => {
          const records = stamps.map((t, i) => ({ id: i + 1, modifiedAt: 1000 + t }));
          let clock = 2000;
          const first = drain(records, initialDone(1000, 0), pageSize, seededRandom(seed), (page) => {
            // Between pages, someone edits a record: it moves to a later timestamp, possibly the
            // very millisecond the cursor just drained (as a write HubSpot indexes late would).
            const change = changes[page];
            if (!change) return;
            const target = records[change[0] % records.length] as Rec;
            clock += change[1] % 3;
            target.modifiedAt = clock;
          });
          // Such a write is why every pass starts behind the cursor: the next one reads it.
          const { seen } = drain(records, first.cp, pageSize, seededRandom(seed + 1), undefined, 5, first.seen);
          for (const r of records) expect(seen.get(r.id)).toBe(r.modifiedAt);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('a new pass looks back, so late-indexed writes are read; it never moves the cursor backwards', () => {
    const caughtUp: IncrementalCheckpoint = { phase: 'incremental', mode: 'scan', from: 5000, inclusive: false, afterId: null, high: 5000, caughtUp: true };
    const pass = beginPass(caughtUp, 300);
    expect(pass).toMatchObject({ from: 4700, inclusive: true, caughtUp: false, high: 5000 });
    // A record HubSpot indexed late, stamped before the old cursor.
    const { seen, cp } = drain([{ id: 9, modifiedAt: 4800 }], pass, 10, seededRandom(3));
    expect(seen.get(9)).toBe(4800);
    expect(cp.high).toBe(5000);
  });

  it('a pass that is not caught up continues where it stopped', () => {
    const midway: IncrementalCheckpoint = { phase: 'incremental', mode: 'drain', from: 10, inclusive: true, afterId: '4', high: 5, caughtUp: false };
    expect(beginPass(midway, 1000)).toBe(midway);
    expect(searchPlan(midway, 'hs_lastmodifieddate')).toEqual({
      filters: [
        { propertyName: 'hs_lastmodifieddate', operator: 'EQ', value: '10' },
        { propertyName: 'hs_object_id', operator: 'GT', value: '4' },
      ],
      sortBy: 'hs_object_id',
    });
  });
});
