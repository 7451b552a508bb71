import type { Command } from 'commander';
import { readFile } from 'node:fs/promises';
import { VipCareError } from '../../../core/errors.js';
import { parseProgram } from '../../../core/program/load.js';
import { createLogger } from '../../logging/logger.js';
import { startJobRuntime } from '../../jobs/runtime.js';
import { surveyLinksFromConfig } from '../../feedback/survey-links.js';
import { outboxOnlyNotifier, smtpNotifier } from '../../notify/smtp-notifier.js';
import { simulate, type CountRow, type SimulationReport } from '../../playbooks/simulate.js';
import { requireTenant } from '../../tenants/provision.js';
import { crmRuntimeFromConfig } from '../../crm/runtime-from-config.js';
import type { CliContext } from '../context.js';
import { isoDate } from '../options.js';

export function registerCare(cli: Command, c: CliContext): void {
  const { t } = c;
  cli
    .command('simulate')
    .description(t('cli.help.simulate'))
    .requiredOption('--tenant <id>', t('cli.help.tenant'))
    .requiredOption('--from <date>', t('cli.help.simulateFrom'), isoDate)
    .requiredOption('--to <date>', t('cli.help.simulateTo'), isoDate)
    .option('--program <file>', t('cli.help.simulateProgram'))
    .option('--json', t('cli.help.json'))
    .action(async (o: { tenant: string; from: string; to: string; program?: string; json?: boolean }) => {
      let candidate;
      if (o.program) {
        const text = await readFile(o.program, 'utf8');
        const parsed = parseProgram(text, c.locale);
        if (!parsed.ok) {
          c.warn(t('cli.program.invalid', { file: o.program, count: parsed.problems.length }));
          for (const p of parsed.problems) c.warn(`  ${o.program}:${p.line ?? ''} ${p.path}: ${p.message}`);
          throw new VipCareError('INVALID_INPUT', { field: o.program });
        }
        candidate = { program: parsed.program, source: text };
      }
      const store = await c.store();
      await requireTenant(store, o.tenant);
      const progress = c.progress(Boolean(o.json));
      const report = await simulate(store, { tenantId: o.tenant, from: o.from, to: o.to, ...(candidate ? { program: candidate } : {}), onDay: (done, total, day) => progress.update(done, total, day) });
      progress.stop();
      if (o.json) c.json(report);
      else printReport(c, report);
    });

  cli
    .command('worker')
    .description(t('cli.help.worker'))
    .action(async () => {
      const store = await c.store();
      const logger = createLogger(c.config.logLevel);
      const notifier = c.config.smtp ? smtpNotifier(c.config.smtp) : outboxOnlyNotifier;
      const jobs = await startJobRuntime({ store, logger, notifier, links: surveyLinksFromConfig(c.config), work: true, stepBatchSize: c.config.stepBatchSize, pollingIntervalSeconds: c.config.pollSeconds, crm: crmRuntimeFromConfig(c.config, store), sync: c.config.sync });
      logger.info('worker started', { store: store.kind, stepBatch: c.config.stepBatchSize });
      await new Promise<void>((resolve) => {
        const stop = () => void jobs.stop().then(resolve);
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      logger.info('worker stopped');
    });
}

function printReport(c: CliContext, r: SimulationReport): void {
  const { t } = c;
  c.print(t('cli.simulate.summary', { tenant: r.tenantId, from: r.from, to: r.to, days: r.days, version: r.programVersion, enrolments: r.enrolments, tasks: r.tasks, messages: r.messages }));
  const table = (title: string, rows: CountRow[]) => {
    c.print();
    c.print(title);
    c.print(`  ${''.padEnd(28)}${t('cli.simulate.tasks').padStart(10)}${t('cli.simulate.messages').padStart(10)}`);
    for (const row of rows) c.print(`  ${row.key.padEnd(28)}${String(row.tasks).padStart(10)}${String(row.messages).padStart(10)}`);
  };
  table(t('cli.simulate.byTier'), r.byTier);
  table(t('cli.simulate.byPlaybook'), r.byPlaybook);
  table(t('cli.simulate.byWeek'), r.byWeek);
  c.print();
  c.print(t('cli.simulate.decisions'));
  if (r.decisions.length === 0) c.print(`  ${t('cli.simulate.none')}`);
  for (const d of r.decisions) c.print(`  ${t(`cli.simulate.outcome_${d.outcome}`)} ${d.reason}: ${d.count}`);
  if (r.closed.length > 0) {
    c.print();
    c.print(t('cli.simulate.closed'));
    for (const d of r.closed) c.print(`  ${d.reason}: ${d.count}`);
  }
}
