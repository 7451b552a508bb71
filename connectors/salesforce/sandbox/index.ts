/**
 * A local, API-compatible Salesforce for the demo, end-to-end tests and benchmarks: the real
 * connector and jsforce talk to it over loopback (`loginUrl` and `instanceUrl` both the
 * sandbox's URL), and it answers with Salesforce's OAuth flows, SOQL, query paging, sObject
 * Collections, Bulk API 2.0, validation, errors, API limits and outbound messages.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type express from 'express';
import { BulkJobs } from './bulk/bulk-jobs.js';
import { createControl, type SalesforceSandboxControl } from './control.js';
import { FaultQueue } from './faults.js';
import { createSandboxApp } from './http-app.js';
import { AppDirectory } from './oauth/app-directory.js';
import { SessionStore } from './oauth/session-store.js';
import { parseSandboxOptions, type SandboxOptionsInput } from './options.js';
import { OutboundDispatcher } from './outbound/outbound-dispatcher.js';
import { QueryCursorStore } from './query/query-cursors.js';
import type { SandboxContext } from './sandbox-context.js';
import { sandboxClock } from '../../sandbox-support/sandbox-clock.js';
import { OrgRegistry } from './state/org-registry.js';
import { SandboxStats } from './stats.js';

export interface SalesforceSandbox {
  /** The express app; mount it or pass it to http.createServer. */
  handler: express.Express;
  orgs: OrgRegistry;
  stats: SandboxStats;
  control: SalesforceSandboxControl;
  /** Stops outbound deliveries, their retries and waiting Bulk API jobs. */
  close(): void;
}

export interface StartedSalesforceSandbox {
  /** Base URL: jsforce's `loginUrl` and `instanceUrl`, e.g. `http://127.0.0.1:41234`. */
  url: string;
  close(): Promise<void>;
  sandbox: SalesforceSandbox;
}

/** The sandbox and the cell holding its public URL, which only startSalesforceSandbox learns. */
function buildSandbox(input: SandboxOptionsInput): { sandbox: SalesforceSandbox; publicUrl: { value: string | null } } {
  const options = parseSandboxOptions(input);
  const clock = sandboxClock({ ...(options.clock ? { clock: options.clock } : {}), ...(options.now !== undefined ? { now: options.now } : {}) });
  const apps = new AppDirectory(options.apps);
  const sessions = new SessionStore(clock, options.sessionTtlSeconds);
  const publicUrl: { value: string | null } = { value: options.publicUrl ?? null };
  // Orgs publish their changes to the dispatcher, which reads records back from the orgs.
  const orgs = new OrgRegistry({ now: clock.now, sessions, apps, publish: (changes) => outbound.publish(changes), dailyApiLimit: options.dailyApiLimit });
  const stats = new SandboxStats(() =>
    Object.fromEntries(orgs.list().map((org) => [org.orgId, { used: org.allocation.used(), limit: org.allocation.limit, remaining: org.allocation.remaining() }])),
  );
  const outbound = new OutboundDispatcher({
    retry: options.outboundRetry,
    stats,
    org: (orgId) => orgs.get(orgId),
    publicUrl: (org) => publicUrl.value ?? `https://${org.instanceName.toLowerCase()}.salesforce.com`,
    forApiWrites: options.outboundForApiWrites,
  });
  const ctx: SandboxContext = {
    options,
    clock,
    apps,
    orgs,
    sessions,
    stats,
    faults: new FaultQueue(),
    cursors: new QueryCursorStore(clock.now),
    bulk: new BulkJobs({ pollDelayMs: options.bulkPollDelayMs, resultsPageSize: options.bulkResultsPageSize, stats, org: (orgId) => orgs.get(orgId), now: clock.now }),
    outbound,
    publicUrl,
  };
  const control = createControl(ctx);
  const sandbox: SalesforceSandbox = {
    handler: createSandboxApp(ctx, control),
    orgs,
    stats,
    control,
    close: () => {
      outbound.close();
      ctx.bulk.close();
    },
  };
  return { sandbox, publicUrl };
}

export function createSalesforceSandbox(input: SandboxOptionsInput): SalesforceSandbox {
  return buildSandbox(input).sandbox;
}

export async function startSalesforceSandbox(input: SandboxOptionsInput & { host?: string; port?: number }): Promise<StartedSalesforceSandbox> {
  const { host = '127.0.0.1', port = 0, ...options } = input;
  const { sandbox, publicUrl } = buildSandbox(options);
  const server = createServer(sandbox.handler);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const hostname = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${hostname}:${address.port}`;
  // Outbound messages name the URL clients can call back (EnterpriseUrl, PartnerUrl).
  publicUrl.value ??= url;
  return {
    url,
    sandbox,
    close: async () => {
      sandbox.close();
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}

export type { SandboxOptionsInput, SandboxApp } from './options.js';
export type { SalesforceSandboxControl, RecordChangeOptions } from './control.js';
export type { FaultSpecInput } from './faults.js';
export type { SandboxStats, StatsSnapshot, RouteCounts, StatusClass, ApiUsageSnapshot, BulkCounts, OutboundCounts } from './stats.js';
export type { SalesforceOrg, OrgCreateInput, MintedSession } from './state/org.js';
export type { OrgRegistry } from './state/org-registry.js';
export type { SeedData, SeedRecord, SeedResult } from './state/seed-data.js';
export type { RecordSnapshot } from './state/record-snapshot.js';
export type { OutboundDefinition, OutboundDefinitionInput } from './outbound/outbound-definition.js';
export { salesforceId, toId18, caseSafeSuffix } from './ids/salesforce-id.js';
export { VIP_TIERS } from './schema/vip-package-fields.js';
export { demoOrgData, type DemoCustomer, type DemoOptions, type DemoOrder, type DemoOrgData } from './demo/demo-data.js';
