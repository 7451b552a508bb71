import type { Command } from 'commander';
import { VipCareError } from '../../../core/errors.js';
import { KPI_GROUPINGS, NO_TIER, type KpiGrouping, type KpiReport, type Rate } from '../../../core/kpi/report.js';
import type { Interval } from '../../../core/kpi/statistics.js';
import type { Program } from '../../../core/program/schema.js';
import { dayNumber } from '../../../core/scoring/calendar.js';
import { tierName } from '../../../core/scoring/describe.js';
import { kpiReport } from '../../kpi/kpi-report.js';
import { activeProgram } from '../../store/repositories/programs.js';
import { requireTenant } from '../../tenants/provision.js';
import type { CliContext } from '../context.js';
import { choice, isoDate } from '../options.js';

/** `vip-care kpi --tenant T --from D --to D [--by tier|month] [--json]`. */
export function registerKpi(cli: Command, c: CliContext): void {
  const { t } = c;
  cli
    .command('kpi')
    .description(t('kpi.help.kpi'))
    .requiredOption('--tenant <id>', t('cli.help.tenant'))
    .requiredOption('--from <date>', t('kpi.help.from'), isoDate)
    .requiredOption('--to <date>', t('kpi.help.to'), isoDate)
    .option('--by <grouping>', t('kpi.help.by'), choice(KPI_GROUPINGS))
    .option('--json', t('cli.help.json'))
    .action(async (o: { tenant: string; from: string; to: string; by?: KpiGrouping; json?: boolean }) => {
      if (dayNumber(o.to) < dayNumber(o.from)) throw new VipCareError('INVALID_INPUT', { field: t('kpi.reversedRange', { from: o.from, to: o.to }) });
      const store = await c.store();
      await requireTenant(store, o.tenant);
      const report = await kpiReport(store, { tenantId: o.tenant, from: o.from, to: o.to, by: o.by ?? null });
      if (o.json) {
        c.json(report);
        return;
      }
      const program = (await activeProgram(store.db, o.tenant))?.program;
      printReport(c, report, program);
    });
}

// ---------------------------------------------------------------------------------------------
// Human output
// ---------------------------------------------------------------------------------------------

const LABEL_WIDTH = 22;

/** Terminal columns of a string: CJK and other wide characters take two. */
function width(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(ch) ? 2 : 1;
  return w;
}
const padEnd = (s: string, n: number) => s + ' '.repeat(Math.max(1, n - width(s)));
const padStart = (s: string, n: number) => ' '.repeat(Math.max(0, n - width(s))) + s;

function printReport(c: CliContext, r: KpiReport, program: Program | undefined): void {
  const { t } = c;
  const none = t('kpi.noData');
  const signed = (x: number) => `${x > 0 ? '+' : ''}${x.toFixed(0)}`;
  const percent = (x: number) => `${x.toFixed(1)}%`;
  const fixed2 = (x: number) => x.toFixed(2);
  /** "value (95% CI low..high, n=N)"; the interval is left out when there is none. */
  const withCi = (value: number | null, interval: Interval | null, n: number, fmt: (x: number) => string, fmtBound = fmt) => {
    if (value === null) return t('kpi.withoutInterval', { value: none, n });
    if (!interval) return t('kpi.withoutInterval', { value: fmt(value), n });
    return t('kpi.withInterval', { value: fmt(value), low: fmtBound(interval.low), high: fmtBound(interval.high), n });
  };
  const rate = (x: Rate) => withCi(x.value, x.interval, x.n, percent, (b) => b.toFixed(1));
  const minutes = (x: number | null) => (x === null ? none : t('kpi.minutes', { value: x.toFixed(0) }));
  const hours = (x: number | null) => (x === null ? none : t('kpi.hours', { value: x.toFixed(1) }));
  const groupLabel = (key: string) => (r.by === 'month' ? key : program ? tierName(program, key === NO_TIER ? null : key, c.locale) : key);
  const line = (label: string, text: string, indent = 2) => c.print(`${' '.repeat(indent)}${padEnd(label, LABEL_WIDTH - indent + 2)}${text}`);
  /** The overall line, then one line per group. */
  function metric<O>(label: string, overall: O, groups: readonly (O & { group: string })[], text: (x: O) => string): void {
    line(label, text(overall));
    for (const g of groups) line(groupLabel(g.group), text(g), 4);
  }

  c.print(t('kpi.title', { tenant: r.tenantId, from: r.from, to: r.to, timezone: r.timezone }));

  c.print();
  c.print(t('kpi.section.satisfaction'));
  const sat = r.satisfaction;
  metric(t('kpi.label.nps'), sat.overall, sat.groups, (x) => withCi(x.nps.value, x.nps.interval, x.nps.n, signed));
  metric(t('kpi.label.csat'), sat.overall, sat.groups, (x) => withCi(x.csat.value, x.csat.interval, x.csat.n, percent, (b) => b.toFixed(1)));
  metric(t('kpi.label.csatMean'), sat.overall, sat.groups, (x) => (x.csat.mean === null ? none : fixed2(x.csat.mean)));
  metric(t('kpi.label.ces'), sat.overall, sat.groups, (x) => withCi(x.ces.value, x.ces.interval, x.ces.n, fixed2));

  c.print();
  const cm = r.complaints;
  c.print(t('kpi.section.complaints', { opened: cm.overall.opened }));
  for (const clock of ['firstResponse', 'resolution'] as const) {
    metric(t(`kpi.label.${clock}`), cm.overall, cm.groups, (x) => t('kpi.detail.clock', { rate: rate(x[clock].compliance), pending: x[clock].pending }));
  }
  for (const clock of ['firstResponse', 'resolution'] as const) {
    line(t(`kpi.label.${clock}Time`), t('kpi.detail.times', { median: minutes(cm.overall[clock].medianMinutes), p90: minutes(cm.overall[clock].p90Minutes) }));
  }

  const retention = (title: string, block: { overall: KpiReport['retention']['overall']; tiers: KpiReport['retention']['tiers'] }) => {
    c.print();
    c.print(title);
    const text = (x: KpiReport['retention']['overall']) =>
      t('kpi.detail.retention', { cohort: x.cohort, retention: rate(x.retention), churned: x.churned, churn: x.churn.value === null ? none : percent(x.churn.value) });
    line(t('kpi.label.all'), text(block.overall));
    for (const x of block.tiers) line(program ? tierName(program, x.tier === NO_TIER ? null : x.tier, c.locale) : x.tier, text(x), 4);
  };
  retention(t('kpi.section.retention', { date: r.tierMigration.fromDate }), r.retention);
  for (const m of r.retention.months) retention(t('kpi.section.retentionMonth', { month: m.month }), m);

  c.print();
  c.print(t('kpi.section.repeatPurchase'));
  metric(t('kpi.label.repeatPurchase'), r.repeatPurchase.overall, r.repeatPurchase.groups, rate);

  c.print();
  const ct = r.careTasks;
  c.print(t('kpi.section.careTasks', { due: ct.overall.due }));
  metric(t('kpi.label.completion'), ct.overall, ct.groups, (x) => t('kpi.detail.tasks', { rate: rate(x.completion), open: x.open, closed: x.closed }));
  metric(t('kpi.label.onTime'), ct.overall, ct.groups, (x) => rate(x.onTimeRate));

  c.print();
  const mg = r.tierMigration;
  c.print(t('kpi.section.migration', { from: mg.fromDate, to: mg.toDate }));
  if (mg.cells.length === 0) c.print(`  ${t('kpi.detail.noMoves')}`);
  else {
    c.print(`  ${t('kpi.detail.migration', mg)}`);
    const seen = new Set(mg.cells.flatMap((x) => [x.from, x.to]));
    const order = [...r.tiers.filter((x) => seen.has(x)), ...[...seen].filter((x) => !r.tiers.includes(x))];
    const name = (x: string) => (program ? tierName(program, x === NO_TIER ? null : x, c.locale) : x);
    const col = Math.max(8, ...order.map((x) => width(name(x)) + 2));
    c.print(`  ${padEnd(t('kpi.detail.fromTo'), LABEL_WIDTH)}${order.map((x) => padStart(name(x), col)).join('')}`);
    for (const from of order) {
      const cells = order.map((to) => String(mg.cells.find((x) => x.from === from && x.to === to)?.customers ?? (from === NO_TIER && to === NO_TIER ? '' : '-')));
      c.print(`  ${padEnd(name(from), LABEL_WIDTH)}${cells.map((x) => padStart(x, col)).join('')}`);
    }
  }

  c.print();
  const cl = r.closedLoop;
  c.print(t('kpi.section.closedLoop', { collected: cl.overall.collected }));
  metric(t('kpi.label.loopCompletion'), cl.overall, cl.groups, (x) => rate(x.completion));
  line(t('kpi.label.loopStages'), t('kpi.detail.stages', cl.overall));
  line(t('kpi.label.loopTime'), t('kpi.detail.times', { median: hours(cl.overall.medianHoursToReport), p90: hours(cl.overall.p90HoursToReport) }));
}
