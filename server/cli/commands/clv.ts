import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Command } from 'commander';
import { VipCareError } from '../../../core/errors.js';
import { stringify } from 'csv-stringify';
import { summarize, type SummaryResult, type TimeUnit, type Transaction } from '../../../core/predict/summary.js';
import { fitModels, holdoutTotals, predictCustomers } from '../../../core/predict/pipeline.js';
import { localDate } from '../../../core/scoring/calendar.js';
import { parseCdnowOrders } from '../../import/parse-cdnow.js';
import { parseOrdersCsv } from '../../import/parse-orders-csv.js';
import type { CliContext } from '../context.js';
import { EXIT_ROWS_REJECTED, choice, isoDate } from '../options.js';

interface InputOptions {
  input: string;
  format: 'cdnow' | 'csv';
  calibrationEnd: string;
  holdoutEnd?: string;
  unit: TimeUnit;
  timezone: string;
  currency: string;
}

/** Reads an order file into a summary; rejected rows are reported on stderr and skipped. */
async function readSummary(c: CliContext, o: InputOptions): Promise<SummaryResult> {
  const parser = o.format === 'cdnow' ? parseCdnowOrders : parseOrdersCsv;
  const transactions: Transaction[] = [];
  let rejected = 0;
  for await (const row of parser(createReadStream(o.input), { locale: c.locale, timezone: o.timezone, currency: o.currency })) {
    if (!row.ok) {
      rejected++;
      for (const p of row.problems) c.warn(`${o.input}:${p.line}${p.field ? ` ${p.field}` : ''}: ${p.message}`);
      continue;
    }
    const minorPerMajor = o.currency === 'JPY' || o.currency === 'KRW' ? 1 : 100;
    transactions.push({ customerId: row.value.customerId, date: localDate(row.value.orderedAt, o.timezone), value: row.value.amountMinor / minorPerMajor });
  }
  if (rejected > 0) process.exitCode = EXIT_ROWS_REJECTED;
  return summarize(transactions, { calibrationEnd: o.calibrationEnd, holdoutEnd: o.holdoutEnd, unit: o.unit });
}

function inputOptions(command: Command, t: CliContext['t']): Command {
  return command
    .requiredOption('--input <file>', t('cli.help.clvInput'))
    .option('--format <format>', 'cdnow | csv', choice(['cdnow', 'csv']), 'csv')
    .requiredOption('--calibration-end <date>', t('cli.help.calibrationEnd'), isoDate)
    .option('--holdout-end <date>', t('cli.help.holdoutEnd'), isoDate)
    .option('--unit <unit>', 'weeks | days', choice(['weeks', 'days']), 'weeks')
    .option('--timezone <zone>', t('cli.help.timezone'), 'UTC')
    .option('--currency <code>', t('cli.help.currency'), 'USD');
}

export function registerClv(cli: Command, c: CliContext): void {
  const { t } = c;
  const clv = cli.command('clv').description(t('cli.help.clv'));

  inputOptions(clv.command('fit').description(t('cli.help.clvFit')), t)
    .option('--model <model>', 'bgnbd | pareto', choice(['bgnbd', 'pareto']), 'bgnbd')
    .option('--json', t('cli.help.json'))
    .action(async (o: InputOptions & { model: 'bgnbd' | 'pareto'; json?: boolean }) => {
      const summary = await readSummary(c, o);
      const models = fitModels(summary, o.model);
      const { spend } = models;
      const fit = models.transactions.fit;
      const report = {
        model: o.model,
        customers: fit.customers,
        params: fit.params,
        stderr: fit.stderr,
        logLikelihood: fit.logLikelihood,
        evaluations: fit.evaluations,
        converged: fit.converged,
        holdout: holdoutTotals(models, summary),
        gammaGamma: { ...spend.params, customers: spend.customers, excluded: spend.excluded, logLikelihood: spend.logLikelihood },
      };
      if (o.json) {
        c.json(report);
        return;
      }
      const params = Object.entries(fit.params).map(([k, v]) => `${k} = ${(v as number).toFixed(4)}`).join(', ');
      c.print(t('cli.clv.fitted', { model: o.model === 'bgnbd' ? 'BG/NBD' : 'Pareto/NBD', customers: fit.customers, params, ll: fit.logLikelihood.toFixed(2), evaluations: fit.evaluations }));
      if (report.holdout) c.print(t('cli.clv.holdout', { actual: report.holdout.actual, predicted: report.holdout.predicted.toFixed(1) }));
      c.print(t('cli.clv.spend', { p: spend.params.p.toFixed(4), q: spend.params.q.toFixed(4), gamma: spend.params.gamma.toFixed(4), customers: spend.customers }));
    });

  inputOptions(clv.command('predict').description(t('cli.help.clvPredict')), t)
    .option('--model <model>', 'bgnbd | pareto', choice(['bgnbd', 'pareto']), 'bgnbd')
    .option('--months <n>', t('cli.help.clvMonths'), (v) => Number(v), 12)
    .option('--discount <rate>', t('cli.help.clvDiscount'), (v) => Number(v), 0.01)
    .option('--output <file>', t('cli.help.clvOutput'))
    .action(async (o: InputOptions & { model: 'bgnbd' | 'pareto'; months: number; discount: number; output?: string }) => {
      if (!Number.isInteger(o.months) || o.months < 1) throw new VipCareError('INVALID_INPUT', { field: '--months must be a positive whole number' });
      if (!(o.discount >= 0 && o.discount < 1)) throw new VipCareError('INVALID_INPUT', { field: '--discount must be a rate between 0 and 1, e.g. 0.01' });
      const summary = await readSummary(c, o);
      const predictions = predictCustomers(fitModels(summary, o.model), summary.customers, { months: o.months, monthlyDiscountRate: o.discount });
      const out = o.output ? createWriteStream(o.output) : process.stdout;
      const csv = stringify({ header: true, columns: ['customer_id', 'expected_transactions', 'p_alive', 'expected_average_value', 'clv'] });
      csv.pipe(out);
      for (const p of predictions) csv.write([p.customerId, p.expectedTransactions.toFixed(6), p.probabilityAlive.toFixed(6), p.expectedAverageValue.toFixed(6), p.clv.toFixed(6)]);
      csv.end();
      await once(csv, 'end');
      if (o.output) {
        await once(out, 'finish');
        c.warn(t('cli.clv.written', { count: predictions.length, file: o.output }));
      }
    });
}
