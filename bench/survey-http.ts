/**
 * Survey submissions through the HTTP endpoint on loopback: N distinct invitations (each link
 * answers once), C concurrent keep-alive clients posting the form as a browser would, each
 * answer stored with its category, sentiment, care event and, for detractors, a complaint with
 * its SLA clocks. Reports submissions per second and p50/p99 latency, against GET /health at the
 * same concurrency in the same run (the floor of the HTTP stack).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { createApp } from '../server/http/app.js';
import { createLogger } from '../server/logging/logger.js';
import { migrateToLatest } from '../server/store/migrate.js';
import { provisionTenant } from '../server/tenants/provision.js';
import { surveyLinkSigner } from '../server/feedback/survey-links.js';
import { load } from './load.js';
import { openBenchStore } from './scoring.js';

const TENANT = 'bench';
const COMMENTS = ['', 'Great service, thank you!', 'The delivery was late again and nobody answered my emails.', '客服态度很好，发货也很快', '等了两个星期还没到，太失望了'];

export async function surveySubmitBench(o: { submissions: number; concurrency: number; stores: ('pglite' | 'postgres')[]; out: (line: string) => void }): Promise<void> {
  o.out(`survey submissions over HTTP on loopback: ${o.submissions} distinct links, ${o.concurrency} concurrent clients`);
  o.out('store     submissions/s  p50 ms  p99 ms  | GET /health/s  p50 ms  p99 ms | stored  complaints  statuses');
  for (const kind of o.stores) {
    // The server's default pool (10): requests run side by side as in production.
    const { store, cleanup } = await openBenchStore(kind, 10);
    let server: Server | undefined;
    try {
      await migrateToLatest(store);
      await provisionTenant(store, { id: TENANT, actor: 'bench' });
      await sql`
        insert into customers (tenant_id, id, name, email, customer_since, account_manager)
        select ${TENANT}, 'c' || g, 'Customer ' || g, 'c' || g || '@example.com', '2020-01-01', 'am-' || (g % 20 + 1)
        from generate_series(1, ${o.submissions}::int) g`.execute(store.db);
      const expires = new Date('2100-01-01T00:00:00Z');
      await sql`
        insert into survey_invitations (id, tenant_id, dedup_key, customer_id, kind, channel, locale, source, created_at, expires_at)
        select 'bench-invitation-' || g, ${TENANT}, 'bench:' || g, 'c' || g, 'nps', 'email', case when g % 3 = 0 then 'zh-CN' else 'en' end, 'api', now(), ${expires}
        from generate_series(1, ${o.submissions}::int) g`.execute(store.db);
      const links = surveyLinkSigner(randomBytes(32), 'http://127.0.0.1');
      server = createServer(createApp({ store, logger: createLogger('silent'), version: 'bench', links }));
      await new Promise<void>((resolve) => (server as Server).listen(0, '127.0.0.1', resolve));
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const tokens = Array.from({ length: o.submissions }, (_, i) => links.sign(`bench-invitation-${i + 1}`, expires));

      const health = await load(Math.min(o.submissions, 5000), o.concurrency, async () => {
        const res = await fetch(`${base}/health`);
        await res.arrayBuffer();
        return res.status;
      });
      const submit = await load(o.submissions, o.concurrency, async (i) => {
        const body = new URLSearchParams({ score: String(i % 11), comment: COMMENTS[i % COMMENTS.length] as string });
        const res = await fetch(`${base}/s/${tokens[i] as string}`, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
        await res.arrayBuffer();
        return res.status;
      });
      const { rows } = await sql<{ stored: number; complaints: number }>`
        select (select count(*) from feedback_responses where tenant_id = ${TENANT})::int4 as stored,
               (select count(*) from complaints where tenant_id = ${TENANT})::int4 as complaints`.execute(store.db);
      const statuses = [...submit.statuses].map(([s, n]) => `${s}:${n}`).join(' ');
      o.out(
        `${kind.padEnd(9)} ${submit.perSecond.toFixed(0).padStart(13)}  ${submit.p50.toFixed(1).padStart(6)}  ${submit.p99.toFixed(1).padStart(6)}  | ${health.perSecond.toFixed(0).padStart(13)}  ${health.p50.toFixed(1).padStart(6)}  ${health.p99.toFixed(1).padStart(6)} | ${String(rows[0]?.stored).padStart(6)}  ${String(rows[0]?.complaints).padStart(10)}  ${statuses}`,
      );
    } finally {
      if (server) await new Promise<void>((resolve) => (server as Server).close(() => resolve()));
      await cleanup();
    }
  }
}
