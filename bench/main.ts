/**
 * `npm run bench -- <name> [options]`. Benchmarks print ratios against a baseline measured in the
 * same run; they are not timed tests.
 *   scoring [--customers 100000] [--orders 10x customers] [--store pglite|postgres|all] [--repeats 3]
 *   predict [--customers 1000000]   model fits as multiples of one log-likelihood evaluation; scoring throughput
 *   playbooks [--customers 100000] [--store pglite|postgres|all]   daily evaluation and step sweep vs one bulk insert
 *   feedback [--responses 1000000] [--store pglite|postgres|all] [--repeats 3] [--submissions 10000] [--concurrency 20] [--http-only]
 *            KPI report vs a bare aggregate over the responses; survey submissions per second over HTTP with p50/p99
 *   hubspot [--customers 5000] [--changed 250] [--seconds 30] [--rate 100/10000] [--requests 5000] [--concurrency 20] [--store pglite|postgres|all]
 *            write calls for N and K changed records vs ceil(N/100); throughput under the limiter as a fraction of the rate; card p50/p99
 *   salesforce [--customers 5000] [--changed 250,1999,2500] [--requests 5000] [--concurrency 25] [--store pglite|postgres|all]
 *            write calls for K changed records vs ceil(K/200) or one Bulk job; first-load pull records/s (SOQL, Bulk); card p50/p99
 * With several stores, each runs in a child process of its own so peak memory is per store.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { predictBench } from './predict.js';
import { scoringBench } from './scoring.js';
import { playbooksBench } from './playbooks.js';
import { feedbackBench } from './feedback.js';
import { hubspotBench } from './hubspot.js';
import { salesforceBench } from './salesforce.js';

const out = (line: string) => void process.stdout.write(`${line}\n`);

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === 'predict') {
    const { values } = parseArgs({ args: rest, options: { customers: { type: 'string', default: '1000000' } } });
    const customers = Number(values.customers);
    if (!Number.isInteger(customers) || customers <= 0) {
      process.stderr.write('--customers must be a positive integer\n');
      return 1;
    }
    await predictBench({ customers, out });
    return 0;
  }
  if (name === 'playbooks') {
    const { values } = parseArgs({ args: rest, options: { customers: { type: 'string', default: '100000' }, store: { type: 'string', default: 'all' } } });
    const customers = Number(values.customers);
    const stores = values.store === 'all' ? (process.env.DATABASE_URL ? ['pglite', 'postgres'] : ['pglite']) : [values.store];
    if (!Number.isInteger(customers) || customers <= 0 || !stores.every((s) => s === 'pglite' || s === 'postgres')) {
      process.stderr.write('--customers must be a positive integer and --store pglite, postgres or all\n');
      return 1;
    }
    await playbooksBench({ customers, stores: stores as ('pglite' | 'postgres')[], out });
    return 0;
  }
  if (name === 'feedback') {
    const { values } = parseArgs({ args: rest, options: { responses: { type: 'string', default: '1000000' }, store: { type: 'string', default: 'all' }, repeats: { type: 'string', default: '3' }, submissions: { type: 'string', default: '10000' }, concurrency: { type: 'string', default: '20' }, 'http-only': { type: 'boolean', default: false } } });
    const responses = Number(values.responses);
    const repeats = Number(values.repeats);
    const submissions = Number(values.submissions);
    const concurrency = Number(values.concurrency);
    if (!Number.isInteger(submissions) || submissions < 0 || !Number.isInteger(concurrency) || concurrency <= 0) {
      process.stderr.write('--submissions must be 0 or more and --concurrency a positive integer\n');
      return 1;
    }
    const extra = ['--submissions', String(submissions), '--concurrency', String(concurrency), ...(values['http-only'] ? ['--http-only'] : [])];
    const stores = values.store === 'all' ? (process.env.DATABASE_URL ? ['pglite', 'postgres'] : ['pglite']) : [values.store];
    if (![responses, repeats].every((n) => Number.isInteger(n) && n > 0) || !stores.every((s) => s === 'pglite' || s === 'postgres')) {
      process.stderr.write('--responses and --repeats must be positive integers and --store pglite, postgres or all\n');
      return 1;
    }
    // One child process per store, so PGlite's memory does not count against Postgres.
    if (stores.length > 1) {
      for (const store of stores) {
        const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), 'feedback', '--responses', String(responses), '--store', store, '--repeats', String(repeats), ...extra], { stdio: 'inherit' });
        if (child.status !== 0) return child.status ?? 1;
      }
      return 0;
    }
    await feedbackBench({ responses, repeats, submissions, concurrency, skipKpi: values['http-only'], stores: stores as ('pglite' | 'postgres')[], out });
    return 0;
  }
  if (name === 'hubspot') {
    const { values } = parseArgs({ args: rest, options: { customers: { type: 'string', default: '5000' }, changed: { type: 'string', default: '250' }, seconds: { type: 'string', default: '30' }, rate: { type: 'string', default: '100/10000' }, requests: { type: 'string', default: '5000' }, concurrency: { type: 'string', default: '20' }, store: { type: 'string', default: 'all' } } });
    const [max, intervalMs] = (values.rate ?? '').split('/').map(Number);
    const numbers = [values.customers, values.changed, values.seconds, values.requests, values.concurrency].map(Number);
    const stores = values.store === 'all' ? (process.env.DATABASE_URL ? ['pglite', 'postgres'] : ['pglite']) : [values.store];
    if (!numbers.every((n) => Number.isInteger(n) && n > 0) || !Number.isInteger(max) || !Number.isInteger(intervalMs) || (max ?? 0) < 1 || (intervalMs ?? 0) < 1 || !stores.every((s) => s === 'pglite' || s === 'postgres')) {
      process.stderr.write('--customers, --changed, --seconds, --requests and --concurrency must be positive integers, --rate MAX/INTERVAL_MS (e.g. 100/10000) and --store pglite, postgres or all\n');
      return 1;
    }
    const [customers, changed, seconds, requests, concurrency] = numbers as [number, number, number, number, number];
    await hubspotBench({ customers, changed: Math.min(changed, customers), seconds, rate: { max: max as number, intervalMs: intervalMs as number }, requests, concurrency, stores: stores as ('pglite' | 'postgres')[], out });
    return 0;
  }
  if (name === 'salesforce') {
    const { values } = parseArgs({ args: rest, options: { customers: { type: 'string', default: '5000' }, changed: { type: 'string', default: '250,1999,2500' }, requests: { type: 'string', default: '5000' }, concurrency: { type: 'string', default: '25' }, store: { type: 'string', default: 'all' } } });
    const numbers = [values.customers, values.requests, values.concurrency].map(Number);
    const changed = (values.changed ?? '').split(',').map(Number);
    const stores = values.store === 'all' ? (process.env.DATABASE_URL ? ['pglite', 'postgres'] : ['pglite']) : [values.store];
    if (![...numbers, ...changed].every((n) => Number.isInteger(n) && n > 0) || !stores.every((s) => s === 'pglite' || s === 'postgres')) {
      process.stderr.write('--customers, --requests and --concurrency must be positive integers, --changed a comma-separated list of them (e.g. 250,1999,2500) and --store pglite, postgres or all\n');
      return 1;
    }
    const [customers, requests, concurrency] = numbers as [number, number, number];
    await salesforceBench({ customers, changed: changed.map((k) => Math.min(k, customers)), requests, concurrency, stores: stores as ('pglite' | 'postgres')[], out });
    return 0;
  }
  if (name !== 'scoring') {
    process.stderr.write('Usage: npm run bench -- scoring [--customers N] [--orders N] [--store pglite|postgres|all] [--repeats N]\n       npm run bench -- predict [--customers N]\n       npm run bench -- playbooks [--customers N] [--store pglite|postgres|all]\n       npm run bench -- feedback [--responses N] [--store pglite|postgres|all] [--repeats N]\n       npm run bench -- hubspot [--customers N] [--changed K] [--seconds S] [--rate MAX/MS] [--store pglite|postgres|all]\n       npm run bench -- salesforce [--customers N] [--changed K1,K2] [--requests N] [--concurrency C] [--store pglite|postgres|all]\n');
    return 1;
  }
  const { values } = parseArgs({
    args: rest,
    options: {
      customers: { type: 'string', default: '100000' },
      orders: { type: 'string' },
      store: { type: 'string', default: 'all' },
      repeats: { type: 'string', default: '3' },
    },
  });
  const customers = Number(values.customers);
  const orders = values.orders ? Number(values.orders) : customers * 10;
  const repeats = Number(values.repeats);
  if (![customers, orders, repeats].every((n) => Number.isInteger(n) && n > 0)) {
    process.stderr.write('--customers, --orders and --repeats must be positive integers\n');
    return 1;
  }
  const stores: ('pglite' | 'postgres')[] =
    values.store === 'all' ? (process.env.DATABASE_URL ? ['pglite', 'postgres'] : ['pglite']) : [values.store as 'pglite' | 'postgres'];
  if (!stores.every((s) => s === 'pglite' || s === 'postgres')) {
    process.stderr.write('--store must be pglite, postgres or all\n');
    return 1;
  }
  if (stores.length === 1) {
    await scoringBench({ customers, orders, stores, repeats, out });
    return 0;
  }
  for (const store of stores) {
    const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), 'scoring', '--customers', String(customers), '--orders', String(orders), '--store', store, '--repeats', String(repeats)], { stdio: 'inherit' });
    if (child.status !== 0) return child.status ?? 1;
  }
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
