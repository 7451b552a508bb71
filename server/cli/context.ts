/** What every CLI command gets: configuration, the reader's language, output, and the store. */
import os from 'node:os';
import { translator, type Locale, type Translate } from '../../core/i18n/index.js';
import { loadConfig, type Config } from '../config/env.js';
import { openStore, type Store } from '../store/db.js';
import { migrateToLatest } from '../store/migrate.js';
import { progressBar, type Progress } from './progress.js';

export interface CliContext {
  config: Config;
  locale: Locale;
  t: Translate;
  actor: string;
  store(): Promise<Store>;
  /** A line for people (stdout). */
  print(line?: string): void;
  /** Machine-readable output (stdout), one JSON document. */
  json(value: unknown): void;
  /** Warnings and problems (stderr). */
  warn(line: string): void;
  progress(json: boolean): Progress;
  close(): Promise<void>;
}

export function createContext(opts: { locale?: Locale } = {}): CliContext {
  const config = loadConfig();
  const locale = opts.locale ?? config.locale;
  let opened: Promise<Store> | undefined;
  return {
    config,
    locale,
    t: translator(locale),
    actor: `cli:${os.userInfo().username}`,
    store() {
      opened ??= openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, schema: config.dbSchema }).then(async (s) => {
        await migrateToLatest(s);
        return s;
      });
      return opened;
    },
    print: (line = '') => void process.stdout.write(`${line}\n`),
    json: (value) => void process.stdout.write(`${JSON.stringify(value, null, 2)}\n`),
    warn: (line) => void process.stderr.write(`${line}\n`),
    progress: (json) => progressBar(!json),
    async close() {
      if (opened) await (await opened).close();
    },
  };
}
