/** Migrations are code in the repo, applied in name order on start (Kysely's migrator, with its lock). */
import { Migrator, type Migration, type MigrationProvider } from 'kysely';
import type { Store } from './db.js';
import * as m0001 from './migrations/0001_initial.js';
import * as m0002 from './migrations/0002_playbooks.js';
import * as m0003 from './migrations/0003_feedback.js';
import * as m0004 from './migrations/0004_crm.js';
import * as m0005 from './migrations/0005_crm_auth.js';

const migrations: Record<string, Migration> = {
  '0001_initial': m0001,
  '0002_playbooks': m0002,
  '0003_feedback': m0003,
  '0004_crm': m0004,
  '0005_crm_auth': m0005,
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

export async function migrateToLatest(store: Store): Promise<string[]> {
  const migrator = new Migrator({ db: store.db, provider, migrationTableSchema: store.schema });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
