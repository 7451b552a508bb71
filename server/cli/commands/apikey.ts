import type { Command } from 'commander';
import { createApiKey, revokeApiKeys } from '../../auth/api-keys.js';
import { requireTenant } from '../../tenants/provision.js';
import type { CliContext } from '../context.js';

export function registerApiKey(cli: Command, c: CliContext): void {
  const { t } = c;
  const apikey = cli.command('apikey').description(t('cli.help.apikey'));
  apikey
    .command('create')
    .description(t('cli.help.apikeyCreate'))
    .requiredOption('--tenant <id>', t('cli.help.tenant'))
    .option('--label <text>', t('cli.help.apikeyLabel'), 'cli')
    .action(async (o: { tenant: string; label: string }) => {
      const store = await c.store();
      await requireTenant(store, o.tenant);
      const key = await createApiKey(store.db, { tenantId: o.tenant, label: o.label, actor: c.actor });
      c.warn(t('cli.apikey.created', { tenant: o.tenant }));
      c.print(key);
    });
  apikey
    .command('revoke')
    .description(t('cli.help.apikeyRevoke'))
    .requiredOption('--tenant <id>', t('cli.help.tenant'))
    .requiredOption('--label <text>', t('cli.help.apikeyLabel'))
    .action(async (o: { tenant: string; label: string }) => {
      const store = await c.store();
      await requireTenant(store, o.tenant);
      const count = await revokeApiKeys(store.db, { tenantId: o.tenant, label: o.label, actor: c.actor });
      c.print(t('cli.apikey.revoked', { count, label: o.label }));
    });
}
