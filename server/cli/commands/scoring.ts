import type { Command } from 'commander';
import { describeFlag, describeReason, measureLabel, tierName } from '../../../core/scoring/describe.js';
import { localDate } from '../../../core/scoring/calendar.js';
import { runScoring, type ScoringStage } from '../../scoring/score-run.js';
import { explainCustomer, tierSummary } from '../../scoring/read-models.js';
import { requireProgram, requireTenant } from '../../tenants/provision.js';
import type { CliContext } from '../context.js';
import { isoDate } from '../options.js';

export function registerScoring(cli: Command, c: CliContext): void {
  const { t } = c;
  cli
    .command('score')
    .description(t('cli.help.score'))
    .requiredOption('--tenant <id>', t('cli.help.tenant'))
    .option('--as-of <date>', t('cli.help.asOf'), isoDate)
    .option('--full', t('cli.help.full'))
    .option('--incremental', t('cli.help.incremental'))
    .option('--json', t('cli.help.json'))
    .action(async (o: { tenant: string; asOf?: string; full?: boolean; incremental?: boolean; json?: boolean }) => {
      const store = await c.store();
      await requireTenant(store, o.tenant);
      const { program } = await requireProgram(store, o.tenant);
      const asOf = o.asOf ?? localDate(new Date(), program.timezone);
      const bar = c.progress(Boolean(o.json));
      const labels: Record<ScoringStage, string> = { load: t('cli.score.load'), score: t('cli.score.compute'), write: t('cli.score.write') };
      const started = performance.now();
      const summary = await runScoring(store, {
        tenantId: o.tenant,
        asOf,
        mode: o.full ? 'full' : o.incremental ? 'incremental' : 'auto',
        actor: c.actor,
        onProgress: (stage, done, total) => bar.update(done, total, labels[stage]),
      }).finally(() => bar.stop());
      const seconds = ((performance.now() - started) / 1000).toFixed(2);
      if (o.json) c.json({ ...summary, seconds: Number(seconds) });
      else c.print(t(`cli.score.summary_${summary.mode}`, { ...summary, seconds }));
    });

  cli
    .command('tiers')
    .description(t('cli.help.tiers'))
    .requiredOption('--tenant <id>', t('cli.help.tenant'))
    .option('--json', t('cli.help.json'))
    .action(async (o: { tenant: string; json?: boolean }) => {
      const store = await c.store();
      await requireTenant(store, o.tenant);
      const { program } = await requireProgram(store, o.tenant);
      const summary = await tierSummary(store, o.tenant, program.tiers.map((x) => x.id));
      if (o.json) {
        c.json({ asOf: summary.asOf, customers: summary.customers, tiers: summary.tiers, notVip: summary.notVip, flags: summary.flags });
        return;
      }
      if (summary.asOf === null) {
        c.print(t('cli.tiers.notScored', { tenant: o.tenant }));
        return;
      }
      c.print(t('cli.tiers.header', { asOf: summary.asOf, customers: summary.customers }));
      for (const tier of summary.tiers) c.print(`  ${tierName(program, tier.name, c.locale).padEnd(12)} ${String(tier.customers).padStart(8)}`);
      c.print(`  ${tierName(program, null, c.locale).padEnd(12)} ${String(summary.notVip).padStart(8)}`);
      c.print(t('cli.tiers.flags', summary.flags));
    });

  cli
    .command('explain')
    .description(t('cli.help.explain'))
    .argument('<customerId>', t('cli.help.customerId'))
    .requiredOption('--tenant <id>', t('cli.help.tenant'))
    .option('--since <date>', t('cli.help.since'), isoDate)
    .option('--json', t('cli.help.json'))
    .action(async (customerId: string, o: { tenant: string; since?: string; json?: boolean }) => {
      const store = await c.store();
      await requireTenant(store, o.tenant);
      const { program } = await requireProgram(store, o.tenant);
      const e = await explainCustomer(store, o.tenant, customerId, { since: o.since });
      if (o.json) {
        c.json({
          customerId: e.customerId,
          asOf: e.asOf,
          score: e.score,
          tier: e.tier,
          tierSince: e.tierSince,
          contributions: e.contributions.map(({ measure, value, normalized, weight, points }) => ({ measure, value, normalized, weight, points })),
          reasons: e.reasons.map((r) => ({ code: r.code, text: describeReason(r, program, c.locale), params: r.params })),
          flags: e.flags.map((f) => ({ code: f.code, reason: f.reason, text: describeFlag(f, c.locale) })),
          changes: e.changes,
        });
        return;
      }
      c.print(t('cli.explain.header', { customer: e.customerId, tier: tierName(program, e.tier, c.locale), score: e.score, asOf: e.asOf, since: e.tierSince }));
      for (const r of e.reasons) c.print(`  - ${describeReason(r, program, c.locale)}`);
      for (const f of e.flags) c.print(`  ! ${describeFlag(f, c.locale)}`);
      c.print(t('cli.explain.contributions'));
      for (const x of e.contributions) {
        const label = measureLabel(program, x.measure, c.locale).padEnd(28);
        if (x.share === 0 && x.value === null) {
          c.print(`  ${label} ${'-'.padStart(12)}  ${t('cli.explain.notCounted')}`);
          continue;
        }
        const value = x.value === null ? '-' : String(x.value);
        c.print(`  ${label} ${value.padStart(12)}  ${String(x.normalized).padStart(3)}/100 x ${String(x.weight).padStart(3)} -> ${x.points.toFixed(2).padStart(6)}`);
      }
      if (e.changes) {
        c.print(t('cli.explain.changes', { since: e.changes.comparedWith, before: e.changes.scoreBefore, tierBefore: tierName(program, e.changes.tierBefore, c.locale), after: e.score }));
        for (const m of e.changes.measures) {
          c.print(`  ${measureLabel(program, m.measure, c.locale).padEnd(28)} ${String(m.before ?? '-').padStart(12)} -> ${String(m.after ?? '-').padStart(12)}  (${(m.pointsAfter - m.pointsBefore >= 0 ? '+' : '') + (m.pointsAfter - m.pointsBefore).toFixed(2)})`);
        }
      } else c.print(t('cli.explain.noHistory'));
    });
}
