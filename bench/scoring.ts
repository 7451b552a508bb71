/**
 * Scoring benchmark. On each store (PGlite in a temp directory; Postgres when DATABASE_URL is set)
 * it generates the same synthetic tenant, then times, in the same run and database:
 *   baseline     one bare SQL pass aggregating every order per customer, rows fetched;
 *   full         a full re-score for the next day (every customer's recency moves);
 *   incremental  a re-score after 1% of customers got a new order.
 * Reported as ratios: full / baseline (target <= 2) and incremental / full (target <= 0.05).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { dayNumber, isoDateFromDayNumber } from '../core/scoring/calendar.js';
import { openStore, type Store } from '../server/store/db.js';
import { migrateToLatest } from '../server/store/migrate.js';
import { provisionTenant } from '../server/tenants/provision.js';
import { generateSyntheticTenant } from '../server/demo/synthetic-tenant.js';
import { runScoring } from '../server/scoring/score-run.js';

export interface ScoringBenchOptions {
  customers: number;
  orders: number;
  stores: ('pglite' | 'postgres')[];
  repeats: number;
  out: (line: string) => void;
}

const TENANT = 'bench';
const END_DATE = '2025-12-31';

interface StoreResult {
  store: string;
  customers: number;
  orders: number;
  generateSeconds: number;
  baselineSeconds: number;
  initialScoreSeconds: number;
  fullRescoreSeconds: number;
  unchangedRescoreSeconds: number;
  rewrittenPerDay: number[];
  incrementalSeconds: number;
  incrementalCustomers: number;
  fullOverBaseline: number;
  incrementalOverFull: number;
  peakRssMiB: number;
}

export async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const value = await fn();
  return [value, (performance.now() - start) / 1000];
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

/** Samples resident memory while the benchmark runs; PGlite's database lives in this process too. */
export function memoryWatch(): { stop(): number } {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 25);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(peak, process.resourceUsage().maxRSS * 1024) / 2 ** 20;
    },
  };
}

export async function openBenchStore(kind: 'pglite' | 'postgres', poolSize = 2): Promise<{ store: Store; cleanup: () => Promise<void> }> {
  if (kind === 'pglite') {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'vip-care-bench-'));
    const store = await openStore({ dataDir: dir });
    return { store, cleanup: async () => { await store.close(); await rm(dir, { recursive: true, force: true }); } };
  }
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is needed for the Postgres benchmark');
  const schema = `bench_${randomBytes(4).toString('hex')}`;
  const store = await openStore({ databaseUrl: url, dataDir: '', schema, poolSize });
  return {
    store,
    cleanup: async () => {
      await sql.raw(`drop schema if exists ${schema} cascade`).execute(store.db);
      await store.close();
    },
  };
}

async function benchStore(kind: 'pglite' | 'postgres', o: ScoringBenchOptions): Promise<StoreResult> {
  const watch = memoryWatch();
  const { store, cleanup } = await openBenchStore(kind);
  try {
    await migrateToLatest(store);
    await provisionTenant(store, { id: TENANT, timezone: 'UTC', currency: 'USD', actor: 'bench' });
    o.out(`[${kind}] generating ${o.customers.toLocaleString('en')} customers / ${o.orders.toLocaleString('en')} orders ...`);
    const [, generateSeconds] = await timed(() => generateSyntheticTenant(store, { tenantId: TENANT, customers: o.customers, orders: o.orders, endDate: END_DATE }));
    await sql`analyze`.execute(store.db);

    const baselineRuns: number[] = [];
    for (let i = 0; i < o.repeats; i++) {
      const [, s] = await timed(() =>
        sql`select customer_id, count(*) as orders, sum(amount_minor) as spend, max(ordered_at) as last_at
            from orders where tenant_id = ${TENANT} group by customer_id`.execute(store.db),
      );
      baselineRuns.push(s);
    }
    const baselineSeconds = median(baselineRuns);
    o.out(`[${kind}] baseline aggregate: ${baselineSeconds.toFixed(3)} s`);

    const [, initialScoreSeconds] = await timed(() => runScoring(store, { tenantId: TENANT, asOf: END_DATE, mode: 'full', actor: 'bench' }));
    o.out(`[${kind}] initial score (writes every customer): ${initialScoreSeconds.toFixed(3)} s`);

    const fullRuns: number[] = [];
    const rewritten: number[] = [];
    let asOf = END_DATE;
    for (let i = 0; i < o.repeats; i++) {
      asOf = isoDateFromDayNumber(dayNumber(asOf) + 1);
      const day = asOf;
      const [summary, s] = await timed(() => runScoring(store, { tenantId: TENANT, asOf: day, mode: 'full', actor: 'bench' }));
      fullRuns.push(s);
      rewritten.push(summary.changed);
      o.out(`[${kind}] full re-score as of ${day}: ${s.toFixed(3)} s, ${summary.changed} customers' results changed and were written`);
    }
    const fullRescoreSeconds = median(fullRuns);
    o.out(`[${kind}] full re-score, next day (median): ${fullRescoreSeconds.toFixed(3)} s`);
    const [same, unchangedRescoreSeconds] = await timed(() => runScoring(store, { tenantId: TENANT, asOf, mode: 'full', actor: 'bench' }));
    o.out(`[${kind}] full re-score, same day, no new data: ${unchangedRescoreSeconds.toFixed(3)} s (${same.changed} written)`);

    // 1% of customers buy again today: one new order each.
    const changed = Math.max(1, Math.round(o.customers / 100));
    const step = Math.floor(o.customers / changed);
    await store.db.transaction().execute(async (trx) => {
      await sql`
        insert into orders (tenant_id, id, customer_id, ordered_at, amount_minor, items, source)
        select ${TENANT}, 'new-' || i, 'c' || lpad((1 + (i - 1) * ${step})::text, 8, '0'), ${new Date(`${asOf}T12:00:00Z`)}, 4200, 1, 'bench'
        from generate_series(1, ${changed}::int) as i
      `.execute(trx);
      await sql`
        update customers set change_seq = nextval('customer_change_seq')
        where tenant_id = ${TENANT} and id in (select 'c' || lpad((1 + (i - 1) * ${step})::text, 8, '0') from generate_series(1, ${changed}::int) as i)
      `.execute(trx);
    });
    const [incremental, incrementalSeconds] = await timed(() => runScoring(store, { tenantId: TENANT, asOf, actor: 'bench' }));
    if (incremental.mode !== 'incremental') throw new Error('expected an incremental run');
    o.out(`[${kind}] incremental re-score of ${incremental.scored} changed customers: ${incrementalSeconds.toFixed(3)} s`);

    return {
      store: kind,
      customers: o.customers,
      orders: o.orders,
      generateSeconds,
      baselineSeconds,
      initialScoreSeconds,
      fullRescoreSeconds,
      unchangedRescoreSeconds,
      rewrittenPerDay: rewritten,
      incrementalSeconds,
      incrementalCustomers: incremental.scored,
      fullOverBaseline: fullRescoreSeconds / baselineSeconds,
      incrementalOverFull: incrementalSeconds / fullRescoreSeconds,
      peakRssMiB: watch.stop(),
    };
  } finally {
    await cleanup();
  }
}

export async function scoringBench(o: ScoringBenchOptions): Promise<StoreResult[]> {
  const results: StoreResult[] = [];
  for (const kind of o.stores) results.push(await benchStore(kind, o));
  o.out('');
  o.out('store     customers    orders  baseline      full  full/baseline (target <= 2)  same-day/baseline  incremental  incr/full (target <= 0.05)  peak RSS');
  for (const r of results) {
    o.out(
      [
        r.store.padEnd(9),
        String(r.customers).padStart(9),
        String(r.orders).padStart(9),
        `${r.baselineSeconds.toFixed(2)}s`.padStart(9),
        `${r.fullRescoreSeconds.toFixed(2)}s`.padStart(9),
        `${r.fullOverBaseline.toFixed(2)}x`.padStart(29),
        `${(r.unchangedRescoreSeconds / r.baselineSeconds).toFixed(2)}x`.padStart(18),
        `${r.incrementalSeconds.toFixed(3)}s`.padStart(12),
        `${r.incrementalOverFull.toFixed(3)}x`.padStart(27),
        `${r.peakRssMiB.toFixed(0)} MiB`.padStart(9),
      ].join(' '),
    );
  }
  o.out('');
  o.out(JSON.stringify({ benchmark: 'scoring', results }));
  return results;
}
