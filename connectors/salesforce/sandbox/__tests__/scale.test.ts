/**
 * 100,000 contacts: seeding, keyset pages deep into ties, queryMore pages, and a Collections
 * update that invalidates the sorted order stay far from anything a test or benchmark would
 * notice. The bounds are generous; they catch work that grows with the square of the records.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './sandbox-harness.js';

const COUNT = 100_000;
let h: Harness;
let seedMs = 0;

beforeAll(async () => {
  h = await startHarness({ now: '2025-01-01T00:00:00Z' });
  const base = Date.UTC(2024, 0, 1);
  const started = performance.now();
  h.org.seed({ contacts: Array.from({ length: COUNT }, (_, i) => ({ fields: { LastName: `L${i}`, Email: `c${i}@example.com`, SystemModstamp: new Date(base + Math.floor(i / 100) * 1000).toISOString() } })) });
  seedMs = performance.now() - started;
});
afterAll(async () => h.close());

interface Row {
  Id: string;
  SystemModstamp: string;
}

describe(`${COUNT} contacts`, () => {
  it('seed in a few seconds', () => {
    expect(h.org.store('Contact').size).toBe(COUNT);
    expect(seedMs).toBeLessThan(8000);
  });

  it('answer keyset pages quickly, also after a write invalidates the sorted order', async () => {
    let cursor: Row = { Id: '0035g0000000000', SystemModstamp: '2024-01-01T00:10:00.000+0000' };
    for (let round = 0; round < 4; round++) {
      const started = performance.now();
      const page = await h.conn.query<Row>(`SELECT Id, SystemModstamp FROM Contact WHERE SystemModstamp > ${cursor.SystemModstamp} OR (SystemModstamp = ${cursor.SystemModstamp} AND Id > '${cursor.Id}') ORDER BY SystemModstamp, Id LIMIT 2000`);
      expect(performance.now() - started).toBeLessThan(1500);
      expect(page.records).toHaveLength(2000);
      const first = page.records[0] as Row;
      expect(first.SystemModstamp > cursor.SystemModstamp || (first.SystemModstamp === cursor.SystemModstamp && first.Id > cursor.Id)).toBe(true);
      cursor = page.records[page.records.length - 1] as Row;
      if (round === 1) await h.conn.sobject('Contact').update(page.records.slice(0, 200).map((r) => ({ Id: r.Id, VIP_Tier__c: 'Gold' })));
    }
  });

  it('page through a whole query with queryMore', async () => {
    const first = await h.conn.query<Row>('SELECT Id FROM Contact ORDER BY SystemModstamp, Id');
    expect(first.totalSize).toBe(COUNT);
    const started = performance.now();
    const next = await h.conn.queryMore<Row>(first.nextRecordsUrl as string);
    expect(performance.now() - started).toBeLessThan(500);
    expect(next.records).toHaveLength(2000);
  });
});
