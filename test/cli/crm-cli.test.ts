/**
 * `vip-care crm sync|status` on an embedded store, against a local Salesforce org the way the
 * demo sets it up: the org's app credentials in the data directory, the tenant connected through
 * the web-server flow. The store is closed before the CLI runs (PGlite has one owner at a time).
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoOrgData, startSalesforceSandbox, toId18, type StartedSalesforceSandbox } from '../../connectors/salesforce/sandbox/index.js';
import { loadConfig } from '../../server/config/env.js';
import { crmRuntimeFromConfig, demoSalesforceAppFile, type DemoSalesforceApp } from '../../server/crm/runtime-from-config.js';
import { connectDemoSalesforce } from '../../server/demo/salesforce-demo.js';
import { rememberDemoApp } from '../../server/demo/sandbox-state.js';
import { runScoring } from '../../server/scoring/score-run.js';
import { openStore } from '../../server/store/db.js';
import { migrateToLatest } from '../../server/store/migrate.js';
import { cdnowTenant, repoRoot, runCli, tempDir, type CliResult, type TempDir } from '../helpers.js';

const run = promisify(execFile);
const ORG_ID = toId18('00D5g00000CLI01') as string;
const APP = { clientId: '3MVG9cli.consumer.key', clientSecret: 'CLI0123456789CONSUMERSECRET' };

describe('vip-care crm on a Salesforce org', () => {
  let dir: TempDir;
  let env: NodeJS.ProcessEnv;
  let salesforce: StartedSalesforceSandbox;
  let contacts: number;
  const cli = (...args: string[]): Promise<CliResult> => runCli(env, args);

  beforeAll(async () => {
    await run(process.execPath, ['scripts/build.mjs', 'cli'], { cwd: repoRoot });
    dir = await tempDir('vip-care-crm-cli-');
    env = { ...process.env, VIP_CARE_DATA_DIR: dir.file('data'), VIP_CARE_LOCALE: 'en', PUBLIC_URL: 'http://127.0.0.1:9' };
    delete env.DATABASE_URL;
    const config = loadConfig(env);
    const store = await openStore({ dataDir: config.dataDir, schema: config.dbSchema });
    try {
      await migrateToLatest(store);
      await cdnowTenant(store, 'shop');
      await runScoring(store, { tenantId: 'shop', asOf: '1998-06-30', actor: 'test' });
      salesforce = await startSalesforceSandbox({ apps: [APP] });
      const org = salesforce.sandbox.orgs.create({ orgId: ORG_ID });
      const customers = await store.db.selectFrom('customers').select(['id', 'email', 'name']).where('tenant_id', '=', 'shop').orderBy('id').execute();
      contacts = org.seed(demoOrgData(customers, { seed: 5, now: '1998-06-30T00:00:00Z', caseRate: 0.05 })).contacts.length;
      const app: DemoSalesforceApp = { ...APP, url: salesforce.url, jwtPrivateKeyPem: null };
      rememberDemoApp(demoSalesforceAppFile(config.dataDir), app);
      await connectDemoSalesforce(store, crmRuntimeFromConfig(config, store), { sandbox: salesforce, org, app }, 'shop', new Date());
    } finally {
      await store.close();
    }
  });
  afterAll(async () => {
    await salesforce?.close();
    await dir?.remove();
  });

  it('syncs the org on demand and reports what it read and wrote', async () => {
    const r = await cli('crm', 'sync', '--tenant', 'shop', '--provider', 'salesforce', '--json');
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as { complete: boolean; pulled: { customers: number; complaints: number }; fields: { written: number }; api: { calls: number } };
    expect(report.complete).toBe(true);
    expect(report.pulled.customers).toBe(contacts);
    expect(report.pulled.complaints).toBeGreaterThan(0);
    expect(report.fields.written).toBe(contacts);
    expect(report.api.calls).toBeGreaterThan(0);
    expect(salesforce.sandbox.orgs.get(ORG_ID)!.records('Contact').filter((c) => c.fields.VIP_Score__c !== null)).toHaveLength(contacts);
  });

  it('shows the connection and each stream\'s progress', async () => {
    const r = await cli('crm', 'status', '--tenant', 'shop');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`salesforce account ${ORG_ID}: active`);
    expect(r.stdout).toMatch(/Last complete sync: \d{4}-/);
    expect(r.stdout).toMatch(/ {2}customers: incremental, \d+ records/);
    expect(r.stdout).not.toContain('_run');
  });

  it('names the CRMs it knows when asked for another', async () => {
    const r = await cli('crm', 'sync', '--tenant', 'shop', '--provider', 'pipedrive');
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('pipedrive');
    expect(r.stderr).toContain('hubspot, salesforce');
  });
});
