/**
 * Playbook benchmark: the daily evaluation over a synthetic tenant (scored, with the retail
 * program's playbooks), then the step sweep that creates the tasks and messages. Baseline, in the
 * same run and database: inserting as many task rows as the run created, in one statement.
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { dayNumber, isoDateFromDayNumber, startOfLocalDay } from '../core/scoring/calendar.js';
import { migrateToLatest } from '../server/store/migrate.js';
import { provisionTenant } from '../server/tenants/provision.js';
import { generateSyntheticTenant } from '../server/demo/synthetic-tenant.js';
import { runScoring } from '../server/scoring/score-run.js';
import { evaluatePlaybooks } from '../server/playbooks/evaluate.js';
import { runDueSteps } from '../server/playbooks/run-steps.js';
import { surveyLinkSigner } from '../server/feedback/survey-links.js';
import { memoryWatch, openBenchStore, timed } from './scoring.js';

const TENANT = 'bench';
const END_DATE = '2025-12-31';

export async function playbooksBench(o: { customers: number; stores: ('pglite' | 'postgres')[]; out: (line: string) => void }): Promise<void> {
  o.out('store     customers  evaluated  enrolled  evaluate   µs/customer  steps     tasks   messages  tasks/s   baseline insert  (evaluate+steps)/baseline  peak RSS');
  for (const kind of o.stores) {
    const memory = memoryWatch();
    const { store, cleanup } = await openBenchStore(kind);
    try {
      await migrateToLatest(store);
      await provisionTenant(store, { id: TENANT, actor: 'bench' });
      await generateSyntheticTenant(store, { tenantId: TENANT, customers: o.customers, orders: o.customers * 5, endDate: END_DATE });
      await sql`update customers set email = 'c' || id || '@example.com', account_manager = 'am-' || (abs(hashtext(id)) % 20 + 1)::text where tenant_id = ${TENANT}`.execute(store.db);
      await runScoring(store, { tenantId: TENANT, asOf: END_DATE, actor: 'bench' });
      // The morning after the scored day, inside business hours (a Thursday), when the day's evaluation runs.
      const day = isoDateFromDayNumber(dayNumber(END_DATE) + 1);
      const now = new Date(startOfLocalDay(day, 'UTC').getTime() + 10 * 3_600_000);
      const [evaluation, evaluateSeconds] = await timed(() => evaluatePlaybooks(store, { tenantId: TENANT, now }));
      const [steps, stepSeconds] = await timed(() => runDueSteps(store, { tenantId: TENANT, now, batchSize: 1000, links: surveyLinkSigner(randomBytes(32), 'http://bench.invalid') }));

      await sql`create temporary table baseline_tasks (like care_tasks including defaults)`.execute(store.db).catch(async () => {
        await sql`create table baseline_tasks (like care_tasks including defaults)`.execute(store.db);
      });
      const [, baselineSeconds] = await timed(() =>
        sql`insert into baseline_tasks (id, tenant_id, dedup_key, customer_id, title, priority, locale, due_at, created_at)
            select g, ${TENANT}, 'k' || g, 'c' || g, 'Check in with customer ' || g, 'normal', 'en', now(), now()
            from generate_series(1, ${Math.max(1, steps.tasks)}::int) g`.execute(store.db),
      );
      const rss = memory.stop();
      o.out(
        [
          kind.padEnd(8),
          String(o.customers).padStart(10),
          String(evaluation.customersConsidered).padStart(10),
          String(evaluation.enrolled).padStart(9),
          `${evaluateSeconds.toFixed(2)}s`.padStart(9),
          `${((evaluateSeconds * 1e6) / o.customers).toFixed(1)}`.padStart(13),
          `${stepSeconds.toFixed(2)}s`.padStart(8),
          String(steps.tasks).padStart(8),
          String(steps.messages).padStart(10),
          `${Math.round(steps.tasks / stepSeconds)}`.padStart(8),
          `${baselineSeconds.toFixed(3)}s`.padStart(17),
          `${((evaluateSeconds + stepSeconds) / baselineSeconds).toFixed(1)}x`.padStart(27),
          `${Math.round(rss)} MiB`.padStart(10),
        ].join(' '),
      );
    } finally {
      await cleanup();
    }
  }
}
