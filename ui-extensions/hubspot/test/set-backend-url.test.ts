/** The script that moves the whole project to another backend URL, run as CI or a person would. */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BACKEND_URL } from '../src/app/backend';
import { PROJECT_DIR, at, hsmetaFiles, readJson, stringsIn } from './project-files';

const SCRIPT = join(PROJECT_DIR, 'scripts', 'set-backend-url.mjs');
let copy: string;

function run(...args: string[]) {
  return spawnSync(process.execPath, [SCRIPT, ...args, '--project-dir', copy], { encoding: 'utf8' });
}

function urlsIn(dir: string): string[] {
  return hsmetaFiles(join(dir, 'src', 'app')).flatMap((file) =>
    stringsIn(readJson(join(dir, 'src', 'app', file)))
      .filter(({ value }) => value.startsWith('https://'))
      .map(({ value }) => value),
  );
}

beforeEach(() => {
  copy = mkdtempSync(join(tmpdir(), 'vip-care-hs-'));
  cpSync(join(PROJECT_DIR, 'src', 'app'), join(copy, 'src', 'app'), {
    recursive: true,
    filter: (path) => !path.includes('node_modules') && !path.includes('__tests__'),
  });
});

afterEach(() => {
  rmSync(copy, { recursive: true, force: true });
});

describe('set-backend-url.mjs', () => {
  it('rewrites the constant and every backend URL in the config, and nothing else', () => {
    const before = urlsIn(copy);
    const result = run('https://care.acme.io/');
    expect(result.status).toBe(0);
    expect(readFileSync(join(copy, 'src', 'app', 'backend.ts'), 'utf8')).toContain("export const BACKEND_URL = 'https://care.acme.io';");
    const after = urlsIn(copy);
    expect(after).toEqual(before.map((url) => (url.startsWith(BACKEND_URL) ? `https://care.acme.io${url.slice(BACKEND_URL.length)}` : url)));
    expect(after.filter((url) => url.includes('vip-care.example.com'))).toEqual(['https://docs.vip-care.example.com/hubspot', 'https://docs.vip-care.example.com/support']);
    expect(at(readJson(join(copy, 'src', 'app', 'app-hsmeta.json')), 'config', 'permittedUrls', 'fetch')).toEqual(['https://care.acme.io']);
    expect(result.stdout).toContain('src/app/webhooks/webhooks-hsmeta.json');
  });

  it('keeps a base path and can be run again with nothing to change', () => {
    expect(run('https://api.acme.io/vip-care').status).toBe(0);
    expect(at(readJson(join(copy, 'src', 'app', 'webhooks', 'webhooks-hsmeta.json')), 'config', 'settings', 'targetUrl')).toBe(
      'https://api.acme.io/vip-care/hubspot/webhooks',
    );
    const again = run('https://api.acme.io/vip-care/');
    expect(again.status).toBe(0);
    expect(again.stdout).toContain('already https://api.acme.io/vip-care');
  });

  it.each([
    ['http://care.acme.io', 'https'],
    ['https://localhost:3000', 'localhost'],
    ['https://127.0.0.1', 'localhost'],
    ['https://care.acme.io/?tenant=1', 'no query'],
    ['care.acme.io', 'not a URL'],
  ])('refuses %s', (url, reason) => {
    const result = run(url);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(reason);
    expect(readFileSync(join(copy, 'src', 'app', 'backend.ts'), 'utf8')).toContain(`export const BACKEND_URL = '${BACKEND_URL}';`);
  });
});
