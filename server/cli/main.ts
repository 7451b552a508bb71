/**
 * `vip-care`: the command line for admins and scripts. Every command is documented in the README;
 * `vip-care --help` and `vip-care <command> --help` print the same in the reader's language.
 */
import { Command, CommanderError } from 'commander';
import { VipCareError } from '../../core/errors.js';
import { resolveLocale, translator } from '../../core/i18n/index.js';
import { ConfigError } from '../config/env.js';
import { SummaryInputError } from '../../core/predict/summary.js';
import { ImportFileError } from '../import/parsed-row.js';
import { registerApiKey } from './commands/apikey.js';
import { registerCare } from './commands/care.js';
import { registerClv } from './commands/clv.js';
import { registerCrm } from './commands/crm.js';
import { registerImport } from './commands/import.js';
import { registerKpi } from './commands/kpi.js';
import { registerOverride } from './commands/override.js';
import { registerProgram } from './commands/program.js';
import { registerScoring } from './commands/scoring.js';
import { createContext, type CliContext } from './context.js';
import { EXIT_FAILED } from './options.js';

function localeFromArgv(argv: readonly string[]): string | undefined {
  const i = argv.indexOf('--locale');
  if (i >= 0) return argv[i + 1];
  return argv.find((a) => a.startsWith('--locale='))?.slice('--locale='.length);
}

export async function main(argv: readonly string[]): Promise<number> {
  const requested = localeFromArgv(argv);
  let ctx: CliContext;
  try {
    ctx = createContext({ locale: requested ? resolveLocale(requested) : undefined });
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT_FAILED;
  }
  const { t } = ctx;
  const cli = new Command('vip-care')
    .description(t('cli.help.main'))
    .option('--locale <locale>', t('cli.help.locale'))
    .exitOverride()
    .showHelpAfterError()
    .helpOption('-h, --help', t('cli.help.help'))
    .helpCommand('help [command]', t('cli.help.help'))
    .configureOutput({ writeErr: (s) => process.stderr.write(s), writeOut: (s) => process.stdout.write(s) });
  registerImport(cli, ctx);
  registerScoring(cli, ctx);
  registerProgram(cli, ctx);
  registerOverride(cli, ctx);
  registerApiKey(cli, ctx);
  registerClv(cli, ctx);
  registerKpi(cli, ctx);
  registerCare(cli, ctx);
  registerCrm(cli, ctx);
  // Help headings and the help option in the reader's language, on every (sub)command.
  const titles: Record<string, string> = {
    'Usage:': t('cli.help.usage'),
    'Options:': t('cli.help.options'),
    'Commands:': t('cli.help.commands'),
    'Arguments:': t('cli.help.arguments'),
    'Global Options:': t('cli.help.globalOptions'),
  };
  const localize = (command: Command): void => {
    command.exitOverride().configureHelp({ styleTitle: (title) => titles[title] ?? title }).helpOption('-h, --help', t('cli.help.help'));
    command.commands.forEach(localize);
  };
  localize(cli);

  try {
    await cli.parseAsync([...argv], { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : EXIT_FAILED;
    ctx.warn(describeError(error, ctx));
    return EXIT_FAILED;
  } finally {
    await ctx.close();
  }
}

function describeError(error: unknown, ctx: CliContext): string {
  if (error instanceof VipCareError) return ctx.t(`errors.${error.code}`, error.params);
  if (error instanceof ImportFileError) return error.line !== undefined ? `${ctx.t('cli.lineLabel', { line: error.line })} ${error.message}` : error.message;
  if (error instanceof ConfigError || error instanceof SummaryInputError) return error.message;
  if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return ctx.t('cli.fileNotFound', { file: (error as NodeJS.ErrnoException).path ?? '' });
  return `${translator(ctx.locale)('errors.UNKNOWN')}: ${error instanceof Error ? error.message : String(error)}`;
}

// Output piped into `head` and the like: a closed pipe is the reader being done, not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

const code = await main(process.argv.slice(2));
process.exitCode = code;
