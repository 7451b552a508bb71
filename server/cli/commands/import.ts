import type { Command } from 'commander';
import { importFile, type ImportFormat, type ImportKind } from '../../import/import-file.js';
import { provisionTenant } from '../../tenants/provision.js';
import type { CliContext } from '../context.js';
import { EXIT_ROWS_REJECTED, choice } from '../options.js';

/** Problems printed in text mode; the JSON report always has all of them. */
const SHOWN_PROBLEMS = 50;

export function registerImport(cli: Command, c: CliContext): void {
  const { t } = c;
  cli
    .command('import')
    .description(t('cli.help.import'))
    .argument('<kind>', 'customers | orders', choice(['customers', 'orders']))
    .argument('<file>', t('cli.help.file'))
    .requiredOption('--tenant <id>', t('cli.help.importTenant'))
    .option('--format <format>', 'csv | cdnow', choice(['csv', 'cdnow']), 'csv')
    .option('--timezone <zone>', t('cli.help.timezone'), 'UTC')
    .option('--currency <code>', t('cli.help.currency'), 'USD')
    .option('--json', t('cli.help.json'))
    .action(async (kind: ImportKind, file: string, o: { tenant: string; format: ImportFormat; timezone: string; currency: string; json?: boolean }) => {
      const store = await c.store();
      const { tenant, created } = await provisionTenant(store, { id: o.tenant, timezone: o.timezone, currency: o.currency, actor: c.actor });
      if (created && !o.json) c.print(c.t('cli.import.tenantCreated', { tenant: tenant.id }));
      const bar = c.progress(Boolean(o.json));
      const label = c.t('cli.import.reading');
      const report = await importFile(store, {
        tenantId: tenant.id,
        kind,
        format: o.format,
        file,
        locale: c.locale,
        timezone: tenant.timezone,
        currency: tenant.currency,
        actor: c.actor,
        onProgress: (done, total) => bar.update(done, total, label),
      }).finally(() => bar.stop());
      if (o.json) c.json(report);
      else {
        c.print(c.t('cli.import.summary', { ...report }));
        for (const p of report.problems.slice(0, SHOWN_PROBLEMS)) {
          c.warn(`${file}:${p.line}${p.field ? ` ${p.field}` : ''}${p.value !== undefined ? ` "${p.value}"` : ''}: ${p.message}`);
        }
        if (report.problems.length > SHOWN_PROBLEMS) c.warn(c.t('cli.import.moreProblems', { count: report.problems.length - SHOWN_PROBLEMS }));
      }
      if (report.rejected > 0) process.exitCode = EXIT_ROWS_REJECTED;
    });
}
