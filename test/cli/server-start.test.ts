/**
 * `npm start` as a user runs it: the built server bundle starts on a fresh data directory, seeds
 * the demo tenant, serves the API with the printed demo key, and records feedback (which loads
 * the sentiment lexicon from the bundle) and serves the public survey page.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, tempDir, type TempDir } from '../helpers.js';
import { execFileSync } from 'node:child_process';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

describe('the built server', () => {
  let dir: TempDir;
  let child: ChildProcess | undefined;
  let output = '';
  let base = '';

  beforeAll(async () => {
    execFileSync(process.execPath, ['scripts/build.mjs', 'server'], { cwd: repoRoot });
    dir = await tempDir('vip-care-start-');
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    const { DATABASE_URL: _url, VIP_CARE_DB_SCHEMA: _schema, ...inherited } = process.env;
    child = spawn(process.execPath, [path.join(repoRoot, 'dist', 'server.mjs')], {
      cwd: repoRoot,
      env: { ...inherited, PORT: String(port), VIP_CARE_DATA_DIR: path.join(dir.path, 'data'), LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const end = Date.now() + 90_000;
    while (!output.includes('"msg":"listening"')) {
      if (child.exitCode !== null || Date.now() > end) throw new Error(`server did not start:\n${output}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  });

  afterAll(async () => {
    child?.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 500));
    await dir?.remove();
  });

  it('serves the API with the demo key, records feedback and serves the survey page', async () => {
    const key = /Bearer (vck_[A-Za-z0-9_-]+)/.exec(output)?.[1];
    expect(key, output).toBeDefined();
    const health = await fetch(`${base}/health`);
    expect(await health.json()).toMatchObject({ status: 'ok', store: 'pglite' });
    const customers = (await (await fetch(`${base}/api/v1/customers?limit=1`, { headers: { authorization: `Bearer ${key}` } })).json()) as { items: { customerId: string }[] };
    const customerId = customers.items[0]?.customerId as string;
    const res = await fetch(`${base}/api/v1/feedback`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ id: 'start-test-1', customerId, kind: 'nps', score: 3, comment: 'Slow delivery and rude support', by: 'test' }),
    });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ status: 'recorded', category: 'detractor', sentiment: 'negative' });
    const page = await fetch(`${base}/s/not-a-real-link`);
    expect(page.status).toBe(404);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
  });
});
