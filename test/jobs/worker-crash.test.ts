/**
 * Durable steps: a worker process (the built CLI, `vip-care worker`) is killed with SIGKILL in the
 * middle of a step batch and restarted; every due step must run exactly once in effect: no lost
 * task, no second task or message. On PGlite (a data directory) and on Postgres (a schema).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../server/store/db.js';
import { migrateToLatest } from '../../server/store/migrate.js';
import { repoRoot, tempDir } from '../helpers.js';
import { dueEnrolments, effectCounts } from '../playbooks/fixtures.js';

const CLI = path.join(repoRoot, 'dist', 'cli.mjs');
const TENANT = 'crash';
const ENROLMENTS = 1500;
const BATCH = 100;

interface Target {
  kind: 'pglite' | 'postgres';
  env: Record<string, string>;
  open(): Promise<Store>;
  cleanup(): Promise<void>;
}

async function pgliteTarget(): Promise<Target> {
  const dir = await tempDir('vip-care-crash-');
  const dataDir = path.join(dir.path, 'data');
  return { kind: 'pglite', env: { VIP_CARE_DATA_DIR: dataDir }, open: () => openStore({ dataDir }), cleanup: () => dir.remove() };
}

function postgresTarget(url: string): Target {
  const schema = `crash_${randomBytes(5).toString('hex')}`;
  return {
    kind: 'postgres',
    env: { DATABASE_URL: url, VIP_CARE_DB_SCHEMA: schema },
    open: () => openStore({ databaseUrl: url, dataDir: '', schema, poolSize: 2 }),
    async cleanup() {
      const store = await openStore({ databaseUrl: url, dataDir: '', schema, poolSize: 1 });
      await sql.raw(`drop schema if exists ${schema} cascade; drop schema if exists ${schema}_jobs cascade`).execute(store.db);
      await store.close();
    },
  };
}

/** Starts a worker and resolves when a log line matches `until`; the process keeps running. */
function startWorker(env: Record<string, string>, until: (line: string) => boolean): { child: ChildProcess; reached: Promise<void>; output: string[] } {
  // Only the target's store settings: an inherited DATABASE_URL would send the PGlite worker to Postgres.
  const { DATABASE_URL: _url, VIP_CARE_DB_SCHEMA: _schema, VIP_CARE_DATA_DIR: _dir, ...inherited } = process.env;
  const child = spawn(process.execPath, [CLI, 'worker'], {
    env: { ...inherited, ...env, VIP_CARE_STEP_BATCH: String(BATCH), VIP_CARE_POLL_SECONDS: '0.5', LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const reached = new Promise<void>((resolve, reject) => {
    let buffer = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) {
        output.push(line);
        if (until(line)) resolve();
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.on('exit', (code, signal) => reject(new Error(`worker exited (${code ?? signal}) before the expected log line:\n${output.join('\n')}`)));
  });
  return { child, reached, output };
}

const exited = (child: ChildProcess) => new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));

const targets: (() => Promise<Target>)[] = [pgliteTarget];
if (process.env.DATABASE_URL) {
  const url = process.env.DATABASE_URL;
  targets.push(async () => postgresTarget(url));
}

describe.each(targets.map((make, i) => ({ make, name: i === 0 ? 'pglite' : 'postgres' })))('worker killed mid-batch ($name)', ({ make }) => {
  let target: Target | undefined;
  afterAll(async () => target?.cleanup());

  it('runs every due step exactly once across a SIGKILL and a restart', { timeout: 180_000 }, async () => {
    target = await make();
    const seed = await target.open();
    await migrateToLatest(seed);
    await dueEnrolments(seed, TENANT, ENROLMENTS);
    await seed.close();

    // First worker: killed as soon as one batch has committed, while the next batch is in flight.
    const first = startWorker(target.env, (line) => line.includes('step batch committed'));
    await first.reached;
    first.child.kill('SIGKILL');
    await exited(first.child);

    const mid = await target.open();
    const afterKill = await effectCounts(mid, TENANT);
    await mid.close();
    expect(afterKill.tasks).toBeGreaterThanOrEqual(BATCH);
    expect(afterKill.tasks).toBeLessThan(ENROLMENTS);
    expect(afterKill.tasks).toBe(afterKill.messages);
    expect(afterKill.duplicates).toBe(0);

    // Second worker: picks up the rest (its start-up tick finds the due enrolments) and is stopped once idle.
    const second = startWorker(target.env, (line) => line.includes('steps swept'));
    await second.reached;
    second.child.kill('SIGTERM');
    await exited(second.child);

    const end = await target.open();
    const final = await effectCounts(end, TENANT);
    await end.close();
    expect(final).toEqual({ tasks: ENROLMENTS, messages: ENROLMENTS, duplicates: 0, completed: ENROLMENTS, active: 0 });
  });
});
