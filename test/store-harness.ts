/**
 * Stores for tests: the embedded suite always runs on an in-memory PGlite; the Postgres suite runs
 * when DATABASE_URL is set, each suite in a schema of its own that is dropped afterwards.
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { openStore, type Store, type StoreKind } from '../server/store/db.js';
import { migrateToLatest } from '../server/store/migrate.js';

export interface StoreTarget {
  kind: StoreKind;
  open(): Promise<Store>;
  /** Postgres only: a second pool on the same schema (another worker's view of the database). */
  openSameSchema?: (store: Store) => Promise<Store>;
}

export function storeTargets(): StoreTarget[] {
  const targets: StoreTarget[] = [{ kind: 'pglite', open: () => openMigrated({ dataDir: 'memory://' }) }];
  const url = process.env.DATABASE_URL;
  if (url) {
    targets.push({
      kind: 'postgres',
      open: () => openMigrated({ databaseUrl: url, dataDir: '', schema: `test_${randomBytes(6).toString('hex')}`, poolSize: 4 }),
      openSameSchema: (store) => openStore({ databaseUrl: url, dataDir: '', schema: store.schema, poolSize: 4 }),
    });
  }
  return targets;
}

async function openMigrated(opts: Parameters<typeof openStore>[0]): Promise<Store> {
  const store = await openStore(opts);
  await migrateToLatest(store);
  if (store.kind === 'postgres' && store.schema !== 'public') {
    const close = store.close;
    return {
      ...store,
      close: async () => {
        await sql.raw(`drop schema if exists ${store.schema} cascade`).execute(store.db);
        await close();
      },
    };
  }
  return store;
}
