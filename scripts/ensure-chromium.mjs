// `npm test` runs the survey page in a real Chromium (test/browser). On a fresh Debian machine it is
// installed from the distribution's packages here, once; elsewhere the message says what to do.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const CHROMIUM = '/usr/bin/chromium';
if (!existsSync(CHROMIUM)) {
  const root = process.getuid?.() === 0;
  const apt = (args) => execFileSync(root ? 'apt-get' : 'sudo', root ? args : ['apt-get', ...args], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  try {
    process.stdout.write('Chromium is needed for the browser tests; installing it with apt-get...\n');
    apt(['update', '-qq']);
    apt(['install', '-y', '-qq', 'chromium']);
  } catch {
    process.stderr.write(`Could not install Chromium. Install it yourself ("apt-get install chromium", giving ${CHROMIUM}); the browser tests fail without it.\n`);
  }
}
