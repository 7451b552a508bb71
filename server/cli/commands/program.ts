import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { formatProblems, parseProgram } from '../../../core/program/load.js';
import type { Program } from '../../../core/program/schema.js';
import { localized } from '../../../core/i18n/index.js';
import { tierName } from '../../../core/scoring/describe.js';
import { localDate } from '../../../core/scoring/calendar.js';
import { previewProgram } from '../../scoring/preview.js';
import { publishProgram } from '../../store/repositories/programs.js';
import { requireTenant } from '../../tenants/provision.js';
import type { CliContext } from '../context.js';
import { EXIT_FAILED, isoDate } from '../options.js';

/** Moves listed in text mode; JSON has them all. */
const SHOWN_MOVES = 20;

export function registerProgram(cli: Command, c: CliContext): void {
  const { t } = c;
  const program = cli.command('program').description(t('cli.help.program'));

  /** Reads and validates a program file; prints problems and returns undefined when it is not valid. */
  async function load(file: string, json: boolean): Promise<{ program: Program; source: string } | undefined> {
    const source = await readFile(file, 'utf8');
    const result = parseProgram(source, c.locale);
    if (result.ok) return { program: result.program, source };
    if (json) c.json({ valid: false, file, problems: result.problems });
    else {
      c.warn(t('cli.program.invalid', { file, count: result.problems.length }));
      for (const line of formatProblems(result.problems, file)) c.warn(`  ${line}`);
    }
    process.exitCode = EXIT_FAILED;
    return undefined;
  }

  program
    .command('validate')
    .description(t('cli.help.programValidate'))
    .argument('<file>', t('cli.help.file'))
    .option('--json', t('cli.help.json'))
    .action(async (file: string, o: { json?: boolean }) => {
      const loaded = await load(file, Boolean(o.json));
      if (!loaded) return;
      const p = loaded.program;
      if (o.json) c.json({ valid: true, file, name: localized(p.name, c.locale), measures: p.measures.length, rules: p.rules.length, tiers: p.tiers.map((x) => x.id) });
      else c.print(t('cli.program.valid', { file, name: localized(p.name, c.locale), measures: p.measures.length, rules: p.rules.length, tiers: p.tiers.map((x) => localized(x.name, c.locale)).join(' > ') }));
    });

  program
    .command('preview')
    .description(t('cli.help.programPreview'))
    .argument('<file>', t('cli.help.file'))
    .requiredOption('--tenant <id>', t('cli.help.tenant'))
    .option('--as-of <date>', t('cli.help.asOfPreview'), isoDate)
    .option('--json', t('cli.help.json'))
    .action(async (file: string, o: { tenant: string; asOf?: string; json?: boolean }) => {
      const loaded = await load(file, Boolean(o.json));
      if (!loaded) return;
      const store = await c.store();
      await requireTenant(store, o.tenant);
      const last = await store.db.selectFrom('score_runs').select('as_of').where('tenant_id', '=', o.tenant).where('status', '=', 'completed').orderBy('id', 'desc').executeTakeFirst();
      const asOf = o.asOf ?? last?.as_of ?? localDate(new Date(), loaded.program.timezone);
      const preview = await previewProgram(store, o.tenant, loaded.program, asOf);
      if (o.json) {
        c.json(preview);
        return;
      }
      const name = (tier: string | null) => tierName(loaded.program, tier, c.locale);
      c.print(t('cli.program.previewHeader', { file, tenant: o.tenant, asOf, customers: preview.customers, moves: preview.moves.length }));
      for (const tier of preview.tiers) c.print(`  ${name(tier.name).padEnd(14)} ${String(tier.current).padStart(7)} -> ${String(tier.candidate).padStart(7)}`);
      c.print(t('cli.program.matrix'));
      for (const cell of preview.matrix.filter((m) => m.from !== m.to)) c.print(`  ${name(cell.from).padEnd(14)} -> ${name(cell.to).padEnd(14)} ${String(cell.customers).padStart(7)}`);
      for (const m of preview.moves.slice(0, SHOWN_MOVES)) c.print(`  ${m.customerId.padEnd(14)} ${name(m.from)} -> ${name(m.to)} (${m.currentScore ?? '-'} -> ${m.score})`);
      if (preview.moves.length > SHOWN_MOVES) c.print(t('cli.program.moreMoves', { count: preview.moves.length - SHOWN_MOVES }));
    });

  program
    .command('publish')
    .description(t('cli.help.programPublish'))
    .argument('<file>', t('cli.help.file'))
    .requiredOption('--tenant <id>', t('cli.help.tenant'))
    .option('--json', t('cli.help.json'))
    .action(async (file: string, o: { tenant: string; json?: boolean }) => {
      const loaded = await load(file, Boolean(o.json));
      if (!loaded) return;
      const store = await c.store();
      await requireTenant(store, o.tenant);
      const version = await publishProgram(store.db, { tenantId: o.tenant, program: loaded.program, source: loaded.source, actor: c.actor });
      if (o.json) c.json({ tenant: o.tenant, version });
      else c.print(t('cli.program.published', { tenant: o.tenant, version }));
    });
}
