import type { Command } from 'commander';
import { VipCareError } from '../../../core/errors.js';
import { tierName } from '../../../core/scoring/describe.js';
import { dayNumber, isoDateFromDayNumber, startOfLocalDay } from '../../../core/scoring/calendar.js';
import { createOverride, revokeOverrides } from '../../store/repositories/overrides.js';
import { requireProgram, requireTenant } from '../../tenants/provision.js';
import type { CliContext } from '../context.js';
import { isoDate } from '../options.js';

export function registerOverride(cli: Command, c: CliContext): void {
  const { t } = c;
  const override = cli.command('override').description(t('cli.help.override'));
  override
    .command('set')
    .description(t('cli.help.overrideSet'))
    .argument('<customerId>', t('cli.help.customerId'))
    .requiredOption('--tenant <id>', t('cli.help.tenant'))
    .requiredOption('--tier <tier>', t('cli.help.overrideTier'))
    .requiredOption('--reason <text>', t('cli.help.overrideReason'))
    .option('--expires <date>', t('cli.help.overrideExpires'), isoDate)
    .option('--json', t('cli.help.json'))
    .action(async (customerId: string, o: { tenant: string; tier: string; reason: string; expires?: string; json?: boolean }) => {
      const store = await c.store();
      await requireTenant(store, o.tenant);
      const { program } = await requireProgram(store, o.tenant);
      const tier = o.tier === 'none' ? null : o.tier;
      if (tier !== null && !program.tiers.some((x) => x.id === tier)) throw new VipCareError('INVALID_INPUT', { field: `--tier ${o.tier}` });
      const id = await createOverride(store.db, { tenantId: o.tenant, customerId, tier, reason: o.reason, author: c.actor, expiresAt: o.expires ? startOfLocalDay(isoDateFromDayNumber(dayNumber(o.expires) + 1), program.timezone) : null });
      if (o.json) c.json({ id, customerId, tier, expires: o.expires ?? null });
      else c.print(t('cli.override.set', { customer: customerId, tier: tierName(program, tier, c.locale), expires: o.expires ?? t('cli.override.never') }));
    });
  override
    .command('clear')
    .description(t('cli.help.overrideClear'))
    .argument('<customerId>', t('cli.help.customerId'))
    .requiredOption('--tenant <id>', t('cli.help.tenant'))
    .action(async (customerId: string, o: { tenant: string }) => {
      const store = await c.store();
      await requireTenant(store, o.tenant);
      const count = await revokeOverrides(store.db, { tenantId: o.tenant, customerId, actor: c.actor });
      c.print(t('cli.override.cleared', { customer: customerId, count }));
    });
}
