/**
 * Feedback benchmark.
 *
 * KPI part (`feedbackKpiBench`): N survey responses (1,000,000 by default) spread over customers,
 * tiers and the twelve months of 2025, generated inside the database by one set-based INSERT, plus
 * a tier history, orders, complaints, care tasks and loop items in proportion. Then, each repeated
 * and reported as the median:
 *   (a) the full `kpiReport` over the year (by nothing, by tier, by month);
 *   (b) the baseline: a bare aggregate over the same response rows
 *       (`select kind, count(*), avg(score) ... group by kind`), in the same run and database;
 *   (c) NPS only: the NPS counts of the same rows turned into NPS with its interval.
 * Ratios (a)/(b) and (c)/(b) say what the KPI logic costs over reading the rows once.
 *
 * HTTP part (`feedbackSubmissionBench`): survey submissions per second over loopback, p50/p99.
 */
import { sql } from 'kysely';
import { npsSummary } from '../core/kpi/statistics.js';
import { kpiReport } from '../server/kpi/kpi-report.js';
import { migrateToLatest } from '../server/store/migrate.js';
import type { Store } from '../server/store/db.js';
import { provisionTenant } from '../server/tenants/provision.js';
import { memoryWatch, openBenchStore, timed } from './scoring.js';
import { surveySubmitBench } from './survey-http.js';

const TENANT = 'bench';
const FROM = '2025-01-01';
const TO = '2025-12-31';

type StoreKind = 'pglite' | 'postgres';

export interface FeedbackBenchOptions {
  responses: number;
  stores: StoreKind[];
  out: (line: string) => void;
  repeats?: number;
  /** Survey submissions over HTTP (distinct links) and concurrent clients; 0 submissions skips that part. */
  submissions?: number;
  concurrency?: number;
  /** Skip the KPI part (only the HTTP submissions). */
  skipKpi?: boolean;
}

/** A uniform number in [0, 1) from a seed expression (md5-based, deterministic). */
const uniform = (seed: ReturnType<typeof sql>) => sql`(('x' || substr(md5(${seed}), 1, 8))::bit(32)::bigint / 4294967296.0)`;

/** Generates the tenant's data in SQL; customers = responses / 10 (at least 1,000). */
export async function generateFeedbackData(store: Store, responses: number): Promise<{ customers: number }> {
  const customers = Math.max(1000, Math.round(responses / 10));
  const db = store.db;
  const cid = (i: ReturnType<typeof sql>) => sql`'c' || lpad((${i})::text, 8, '0')`;
  await db.transaction().execute(async (trx) => {
    await sql`insert into customers (tenant_id, id) select ${TENANT}, ${cid(sql`i`)} from generate_series(1, ${customers}::int) i`.execute(trx);
    // Tier history: 5% diamond, 10% platinum, 15% gold since mid-December 2024; a fifth of those move
    // once during 2025 (to the tier below, or out).
    await sql`
      with c as (select i, ${uniform(sql`i::text || 't'`)} as u from generate_series(1, ${customers}::int) i),
      t as (select i, case when u < 0.05 then 'diamond' when u < 0.15 then 'platinum' when u < 0.30 then 'gold' end as tier from c)
      insert into tier_assignments (tenant_id, customer_id, as_of, from_tier, to_tier, reason_code, reasons, contributions)
      select ${TENANT}, ${cid(sql`i`)}, date '2024-12-15', null::text, tier, 'bench', '[]'::jsonb, '[]'::jsonb from t where tier is not null
      union all
      select ${TENANT}, ${cid(sql`i`)}, date '2025-01-01' + floor(${uniform(sql`i::text || 'm'`)} * 360)::int, tier,
        case tier when 'diamond' then 'platinum' when 'platinum' then 'gold' end, 'bench', '[]', '[]'
      from t where tier is not null and ${uniform(sql`i::text || 'mv'`)} < 0.2`.execute(trx);
    // Orders: 3 per customer on average over 2024-2025.
    await sql`
      insert into orders (tenant_id, id, customer_id, ordered_at, amount_minor, source)
      select ${TENANT}, 'o' || i, ${cid(sql`1 + floor(${uniform(sql`i::text || 'oc'`)} * ${customers})::int`)},
        timestamptz '2024-01-01 00:00:00+00' + floor(${uniform(sql`i::text || 'od'`)} * 730 * 86400) * interval '1 second',
        1000 + floor(${uniform(sql`i::text || 'oa'`)} * 50000)::bigint, 'bench'
      from generate_series(1, ${customers * 3}::int) i`.execute(trx);
    // The responses: one set-based insert. Half NPS (0-10), 30% CSAT (1-5), 20% CES (1-7), skewed high.
    await sql`
      insert into feedback_responses (tenant_id, id, customer_id, kind, score, responded_at, channel, source)
      select ${TENANT}, 'r' || i, ${cid(sql`1 + floor(${uniform(sql`i::text || 'rc'`)} * ${customers})::int`)}, kind,
        case kind
          when 'nps' then least(10, floor(sqrt(${uniform(sql`i::text || 's'`)}) * 11)::int)
          when 'csat' then 1 + least(4, floor(sqrt(${uniform(sql`i::text || 's'`)}) * 5)::int)
          else 1 + least(6, floor(sqrt(${uniform(sql`i::text || 's'`)}) * 7)::int)
        end,
        timestamptz '2025-01-01 00:00:00+00' + floor(${uniform(sql`i::text || 'rt'`)} * 365 * 86400) * interval '1 second',
        'email', 'bench'
      from (select i, case when i % 10 < 5 then 'nps' when i % 10 < 8 then 'csat' else 'ces' end as kind
            from generate_series(1, ${responses}::int) i) g`.execute(trx);
    // 1% of responses worth of complaints, care tasks and loop items.
    const side = Math.max(100, Math.round(responses / 100));
    await sql`
      insert into complaints (tenant_id, customer_id, source, source_ref, subject, priority, tier, status, policy, opened_at,
        first_response_at, first_response_state, resolved_at, resolution_state, updated_at)
      select ${TENANT}, ${cid(sql`1 + floor(${uniform(sql`i::text || 'kc'`)} * ${customers})::int`)}, 'api', 'k' || i, 'Complaint', 'normal', null,
        case when u < 0.8 then 'resolved' else 'open' end, '{}'::jsonb, opened,
        case when u < 0.9 then opened + floor(u * 600) * interval '1 minute' end,
        case when u < 0.7 then 'met' when u < 0.9 then 'missed' when u < 0.95 then 'breached' else 'running' end,
        case when u < 0.8 then opened + floor(u * 6000) * interval '1 minute' end,
        case when u < 0.6 then 'met' when u < 0.8 then 'missed' when u < 0.9 then 'breached' else 'warned' end,
        opened
      from (select i, ${uniform(sql`i::text || 'ku'`)} as u,
              timestamptz '2025-01-01 00:00:00+00' + floor(${uniform(sql`i::text || 'kt'`)} * 365 * 86400) * interval '1 second' as opened
            from generate_series(1, ${side}::int) i) g`.execute(trx);
    await sql`
      insert into care_tasks (tenant_id, dedup_key, customer_id, title, priority, locale, due_at, status, created_at, completed_at)
      select ${TENANT}, 't' || i, ${cid(sql`1 + floor(${uniform(sql`i::text || 'tc'`)} * ${customers})::int`)}, 'Task', 'normal', 'en', due,
        case when u < 0.7 then 'completed' when u < 0.9 then 'open' else 'closed' end, due - interval '3 days',
        case when u < 0.7 then due + (u - 0.5) * interval '2 days' end
      from (select i, ${uniform(sql`i::text || 'tu'`)} as u,
              timestamptz '2025-01-01 00:00:00+00' + floor(${uniform(sql`i::text || 'tt'`)} * 365 * 86400) * interval '1 second' as due
            from generate_series(1, ${side}::int) i) g`.execute(trx);
    await sql`
      insert into feedback_loops (tenant_id, item_type, item_id, customer_id, collected_at, collected_by, analysed_at, acted_at, reported_at)
      select ${TENANT}, 'response', 'r' || i, ${cid(sql`1 + floor(${uniform(sql`i::text || 'lc'`)} * ${customers})::int`)}, at, 'bench',
        case when u < 0.9 then at + interval '1 hour' end,
        case when u < 0.7 then at + interval '5 hours' end,
        case when u < 0.6 then at + floor(u * 100) * interval '1 hour' end
      from (select i, ${uniform(sql`i::text || 'lu'`)} as u,
              timestamptz '2025-01-01 00:00:00+00' + floor(${uniform(sql`i::text || 'lt'`)} * 365 * 86400) * interval '1 second' as at
            from generate_series(1, ${side}::int) i) g`.execute(trx);
  });
  await sql`analyze`.execute(db);
  return { customers };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

async function repeat(times: number, fn: () => Promise<unknown>): Promise<number> {
  const runs: number[] = [];
  for (let i = 0; i < times; i++) runs.push((await timed(fn))[1]);
  return median(runs);
}

export async function feedbackKpiBench(o: FeedbackBenchOptions): Promise<void> {
  const repeats = o.repeats ?? 3;
  const seconds = (s: number) => `${s.toFixed(3)}s`;
  o.out(`Feedback KPIs: ${o.responses.toLocaleString('en')} responses over ${FROM}..${TO}; medians of ${repeats} runs`);
  o.out('store     responses  customers  generate   baseline  report  report/base  by tier  by month   NPS only  NPS/base  peak RSS');
  for (const kind of o.stores) {
    const memory = memoryWatch();
    const { store, cleanup } = await openBenchStore(kind);
    try {
      await migrateToLatest(store);
      await provisionTenant(store, { id: TENANT, timezone: 'UTC', currency: 'USD', actor: 'bench' });
      const [{ customers }, generateSeconds] = await timed(() => generateFeedbackData(store, o.responses));
      const start = new Date(`${FROM}T00:00:00Z`);
      const end = new Date('2026-01-01T00:00:00Z');

      const baseline = await repeat(repeats, () =>
        sql`select kind, count(*), avg(score) from feedback_responses
            where tenant_id = ${TENANT} and responded_at >= ${start} and responded_at < ${end} group by kind`.execute(store.db),
      );
      const report = await repeat(repeats, () => kpiReport(store, { tenantId: TENANT, from: FROM, to: TO, by: null }));
      const byTier = await repeat(repeats, () => kpiReport(store, { tenantId: TENANT, from: FROM, to: TO, by: 'tier' }));
      const byMonth = await repeat(repeats, () => kpiReport(store, { tenantId: TENANT, from: FROM, to: TO, by: 'month' }));
      const npsOnly = await repeat(repeats, async () => {
        const { rows } = await sql<{ promoters: number; passives: number; detractors: number }>`
          select count(*) filter (where score >= 9) as promoters, count(*) filter (where score between 7 and 8) as passives,
            count(*) filter (where score <= 6) as detractors
          from feedback_responses
          where tenant_id = ${TENANT} and kind = 'nps' and responded_at >= ${start} and responded_at < ${end}`.execute(store.db);
        const r = rows[0]!;
        return npsSummary({ promoters: Number(r.promoters), passives: Number(r.passives), detractors: Number(r.detractors) });
      });
      const rss = memory.stop();
      o.out(
        [
          kind.padEnd(8),
          String(o.responses).padStart(10),
          String(customers).padStart(10),
          seconds(generateSeconds).padStart(9),
          seconds(baseline).padStart(10),
          seconds(report).padStart(7),
          `${(report / baseline).toFixed(2)}x`.padStart(12),
          seconds(byTier).padStart(8),
          seconds(byMonth).padStart(9),
          seconds(npsOnly).padStart(10),
          `${(npsOnly / baseline).toFixed(2)}x`.padStart(9),
          `${Math.round(rss)} MiB`.padStart(9),
        ].join(' '),
      );
    } finally {
      await cleanup();
    }
  }
}

/** Survey submissions per second through the HTTP endpoint, with p50/p99 (bench/survey-http.ts). */
export async function feedbackSubmissionBench(o: FeedbackBenchOptions): Promise<void> {
  const submissions = o.submissions ?? 10_000;
  if (submissions <= 0) return;
  await surveySubmitBench({ submissions, concurrency: o.concurrency ?? 20, stores: o.stores, out: o.out });
}

/** `npm run bench -- feedback`: the KPI part, then the submission part. */
export async function feedbackBench(o: FeedbackBenchOptions): Promise<void> {
  if (!o.skipKpi) await feedbackKpiBench(o);
  await feedbackSubmissionBench(o);
}
