/**
 * 100,000 contacts: seeding, a search page sorted on the last-modified property, and a list page
 * deep in the id order all stay far from anything a test or benchmark would notice. The bounds
 * are generous; they catch work that grows with the square of the records, not slow machines.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { op, startHarness, type Harness } from './sandbox-harness.js';

const COUNT = 100_000;
let h: Harness;
let seedMs = 0;

beforeAll(async () => {
  h = await startHarness({ rateLimit: { max: 10_000 } });
  const base = Date.UTC(2023, 0, 1);
  const started = performance.now();
  h.portal.seed({
    contacts: Array.from({ length: COUNT }, (_, i) => ({
      properties: { email: `c${i}@example.com`, firstname: `F${i}`, lastmodifieddate: new Date(base + Math.floor(i / 100) * 1000).toISOString() },
    })),
  });
  seedMs = performance.now() - started;
});
afterAll(async () => h.close());

describe(`${COUNT} contacts`, () => {
  it('seed in a few seconds', () => {
    expect(h.portal.records.contacts.size).toBe(COUNT);
    expect(seedMs).toBeLessThan(8000);
  });

  it('answer search pages quickly, also after a write invalidates the sorted order', async () => {
    const page = () =>
      h.client.crm.contacts.searchApi.doSearch({
        filterGroups: [{ filters: [{ propertyName: 'lastmodifieddate', operator: op('GTE'), value: String(Date.UTC(2023, 0, 1, 0, 10)) }] }],
        sorts: ['lastmodifieddate'],
        properties: ['email'],
        limit: 200,
        after: '9800',
      });
    for (let round = 0; round < 3; round++) {
      const started = performance.now();
      const result = await page();
      expect(performance.now() - started).toBeLessThan(1500);
      // Each round's write moves one more contact to now, into the filtered range.
      expect(result.total).toBe(COUNT - 60_000 + round);
      expect(result.results[0]?.id).toBe(String(60_001 + 9800));
      await h.client.crm.contacts.basicApi.update(String(round + 1), { properties: { firstname: `changed${round}` } });
    }
  });

  it('answer a list page deep in the id order quickly', async () => {
    const started = performance.now();
    const page = await h.client.crm.contacts.basicApi.getPage(100, '90001', ['email']);
    expect(performance.now() - started).toBeLessThan(500);
    expect(page.results[0]?.id).toBe('90001');
    expect(page.paging?.next?.after).toBe('90101');
  });
});
