import type { Command } from 'commander';
import { VipCareError } from '../../../core/errors.js';
import type { CrmProvider, SyncStream } from '../../../core/ports/crm-connector.js';
import { hostFor } from '../../crm/crm-runtime.js';
import { crmRuntimeFromConfig } from '../../crm/runtime-from-config.js';
import { connectionStatus } from '../../http/routes/connections.js';
import { createLogger } from '../../logging/logger.js';
import { runSync } from '../../sync/run-sync.js';
import { tenantNow } from '../../tenants/clock.js';
import { requireTenant } from '../../tenants/provision.js';
import { systemClock } from '../../../core/ports/clock.js';
import type { CliContext } from '../context.js';

/** The CRMs a sync can run against, and what to configure when one is missing. */
const PROVIDERS: Record<CrmProvider, { name: string; missing: string }> = {
  hubspot: { name: 'HubSpot', missing: 'HubSpot app (set HUBSPOT_CLIENT_ID and HUBSPOT_CLIENT_SECRET, or run the demo with npm start)' },
  salesforce: { name: 'Salesforce', missing: 'Salesforce External Client App (set SALESFORCE_CLIENT_ID and SALESFORCE_CLIENT_SECRET, or run the demo with npm start)' },
};

/** `vip-care crm status|sync`: what a tenant's CRM connections are doing, and a sync on demand. */
export function registerCrm(cli: Command, c: CliContext): void {
  const { t } = c;
  const crm = cli.command('crm').description(t('cli.help.crm'));

  crm
    .command('status')
    .description(t('cli.help.crmStatus'))
    .requiredOption('--tenant <id>', t('cli.help.tenant'))
    .option('--json', t('cli.help.json'))
    .action(async (o: { tenant: string; json?: boolean }) => {
      const store = await c.store();
      await requireTenant(store, o.tenant);
      const items = await connectionStatus(store, crmRuntimeFromConfig(c.config, store), o.tenant);
      if (o.json) {
        c.json({ items });
        return;
      }
      if (items.length === 0) {
        c.print(t('crm.cli.none', { tenant: o.tenant }));
        return;
      }
      c.print(t('crm.cli.heading', { tenant: o.tenant }));
      for (const i of items) {
        c.print(t('crm.cli.connection', { provider: i.provider, account: i.accountId, status: i.status, installedAt: i.installedAt }));
        const limit = i.budget.limit ? `${i.budget.limit.max} / ${i.budget.limit.intervalMs / 1000} s` : '-';
        c.print(t('crm.cli.budget', { ...i.budget.today, limit }));
        if (i.lastRun?.finishedAt) c.print(t('crm.cli.lastRun', { at: i.lastRun.finishedAt }));
        if (i.lastRun?.error) c.print(t('crm.cli.lastError', { error: i.lastRun.error }));
        for (const s of i.sync) c.print(t('crm.cli.stream', { stream: s.stream, phase: s.phase, records: s.records, lastCompletedAt: s.lastCompletedAt ?? '-' }));
        c.print(t('crm.cli.pending', i.pending));
      }
    });

  crm
    .command('sync')
    .description(t('cli.help.crmSync'))
    .requiredOption('--tenant <id>', t('cli.help.tenant'))
    .option('--provider <crm>', t('cli.help.crmProvider'), 'hubspot')
    .option('--max-pages <n>', t('cli.help.crmMaxPages'), (v) => Number.parseInt(v, 10), 1000)
    .option('--json', t('cli.help.json'))
    .action(async (o: { tenant: string; provider: string; maxPages: number; json?: boolean }) => {
      const store = await c.store();
      await requireTenant(store, o.tenant);
      const runtime = crmRuntimeFromConfig(c.config, store);
      const chosen = Object.hasOwn(PROVIDERS, o.provider) ? PROVIDERS[o.provider as CrmProvider] : null;
      if (!chosen) throw new VipCareError('INVALID_INPUT', { field: `--provider: ${o.provider} (available: ${Object.keys(PROVIDERS).join(', ')})` });
      const host = hostFor(runtime, o.provider as CrmProvider);
      if (!host) throw new VipCareError('NOT_FOUND', { what: chosen.missing });
      const binding = await host.bind(o.tenant).catch((error: unknown) => {
        if (error instanceof VipCareError && error.code === 'UNAUTHORIZED') throw new VipCareError('NOT_FOUND', { what: t('crm.cli.notConnected', { provider: chosen.name, tenant: o.tenant }) });
        throw error;
      });
      const progress = c.progress(Boolean(o.json));
      const counts = new Map<SyncStream, number>();
      const now = await tenantNow(store, o.tenant, systemClock);
      try {
        const report = await runSync(store, binding.target, {
          now: () => now,
          logger: createLogger('silent'),
          maxPages: o.maxPages,
          // Pages are open-ended: show records read per stream against a growing total.
          onPage: (stream, records) => {
            counts.set(stream, (counts.get(stream) ?? 0) + records);
            const done = [...counts.values()].reduce((a, b) => a + b, 0);
            progress.update(done, done + 1, `${t('crm.cli.syncing')} ${stream}`);
          },
        });
        progress.stop();
        if (o.json) {
          c.json({ ...report, pulled: { ...report.pulled, changed: report.pulled.changed.size }, api: binding.usage.totals });
          return;
        }
        c.print(t('crm.cli.synced', { provider: chosen.name, tenant: o.tenant, pages: report.pages, customers: report.pulled.customers, orders: report.pulled.orders, complaints: report.pulled.complaints, written: report.fields.written, tasks: report.tasks.pushed }));
        if (!report.complete) c.print(t('crm.cli.incomplete'));
      } finally {
        progress.stop();
        await binding.usage.flush(store);
      }
    });
}
