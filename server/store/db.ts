/**
 * Opens the store: Postgres when DATABASE_URL is set, otherwise embedded PGlite in a data
 * directory. Both speak the same SQL and the same schema; type parsing is made identical so code
 * above sees the same values: int8 and numeric as numbers, dates as `YYYY-MM-DD` strings.
 */
import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { Mutex } from 'async-mutex';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { PGliteDialect } from './pglite-dialect.js';
import type { Database } from './schema.js';

export type StoreKind = 'postgres' | 'pglite';

export interface Store {
  db: Kysely<Database>;
  kind: StoreKind;
  /** Postgres schema holding our tables (tests use one per suite). */
  schema: string;
  /**
   * Plain SQL outside Kysely, for the job queue (pg-boss's `db.executeSql` contract). Without
   * values the text may hold several statements. On PGlite it waits its turn on the one connection.
   */
  executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
  close(): Promise<void>;
}

export interface StoreOptions {
  databaseUrl?: string;
  /** PGlite data directory; `memory://` for a throwaway store. */
  dataDir: string;
  /** Postgres schema to use (created when missing); default `public`. */
  schema?: string;
  poolSize?: number;
}

const INT8 = 20;
const NUMERIC = 1700;
const DATE = 1082;
const toNumber = (v: string) => Number(v);
const asText = (v: string) => v;

export async function openStore(opts: StoreOptions): Promise<Store> {
  const schema = opts.schema ?? 'public';
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`Invalid schema name "${schema}"`);
  if (opts.databaseUrl) {
    const parsers: Record<number, (v: string) => unknown> = { [INT8]: toNumber, [NUMERIC]: toNumber, [DATE]: asText };
    const pool = new pg.Pool({
      connectionString: opts.databaseUrl,
      max: opts.poolSize ?? 10,
      options: schema === 'public' ? undefined : `-c search_path=${schema}`,
      types: {
        getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
          parsers[oid] ?? pg.types.getTypeParser(oid, format ?? 'text')) as typeof pg.types.getTypeParser,
      },
    });
    if (schema !== 'public') await pool.query(`create schema if not exists ${schema}`);
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    const executeSql = async (text: string, values?: unknown[]) => ({ rows: (await pool.query(text, values)).rows as unknown[] });
    return { db, kind: 'postgres', schema, executeSql, close: () => db.destroy() };
  }
  if (!opts.dataDir.startsWith('memory://')) await mkdir(opts.dataDir, { recursive: true });
  const pglite = await PGlite.create(opts.dataDir, {
    parsers: { [INT8]: toNumber, [NUMERIC]: toNumber, [DATE]: asText },
  });
  const lock = new Mutex();
  const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite, lock) });
  const executeSql = (text: string, values?: unknown[]) =>
    lock.runExclusive(async () => {
      if (values && values.length > 0) return { rows: (await pglite.query(text, values)).rows };
      // Several statements in one text (pg-boss migrations, locked maintenance) need `exec`.
      const results = await pglite.exec(text);
      return { rows: results.at(-1)?.rows ?? [] };
    });
  return { db, kind: 'pglite', schema: 'public', executeSql, close: () => db.destroy() };
}
