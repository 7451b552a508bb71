/**
 * A local, API-compatible HubSpot for the demo, end-to-end tests and benchmarks: the real
 * connector and `@hubspot/api-client` talk to it over loopback (`basePath`), and it answers with
 * HubSpot's paging, validation, errors, rate limits and webhooks.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type express from 'express';
import { AppDirectory } from './app-directory.js';
import { createControl, type SandboxControl } from './control.js';
import { FaultQueue } from './faults.js';
import { createSandboxApp } from './http-app.js';
import { TokenStore } from './oauth/token-store.js';
import { compileRequestValidators } from './openapi/openapi-validation.js';
import { parseSandboxOptions, type SandboxOptionsInput } from './options.js';
import { SlidingWindowLimiter } from './rate-limit.js';
import type { SandboxContext } from './sandbox-context.js';
import { sandboxClock } from '../../sandbox-support/sandbox-clock.js';
import { SandboxStats } from './stats.js';
import { CallbackLog } from './state/callback-log.js';
import { PortalRegistry } from './state/portal-registry.js';
import { WebhookEmitter, type WebhookTarget } from './webhooks/webhook-emitter.js';

export interface HubspotSandbox {
  /** The express app; mount it or pass it to http.createServer. */
  handler: express.Express;
  portals: PortalRegistry;
  stats: SandboxStats;
  control: SandboxControl;
  /** Request bodies are checked against HubSpot's OpenAPI documents (false: off, or the documents were not found). */
  validatesRequests: boolean;
  /** Stops webhook deliveries and retries. */
  close(): void;
}

export interface StartedHubspotSandbox {
  /** Base URL for `new Client({ basePath })`, e.g. `http://127.0.0.1:41234`. */
  url: string;
  close(): Promise<void>;
  sandbox: HubspotSandbox;
}

export function createHubspotSandbox(input: SandboxOptionsInput): HubspotSandbox {
  const options = parseSandboxOptions(input);
  const validatesRequests = options.validateRequests && compileRequestValidators(options.specsDir);
  const clock = sandboxClock({ ...(options.clock ? { clock: options.clock } : {}), ...(options.now !== undefined ? { now: options.now } : {}) });
  const apps = new AppDirectory(options.apps);
  const tokens = new TokenStore(clock, options.accessTokenTtlSeconds);
  const stats = new SandboxStats();
  // Webhooks go to the apps installed in the portal, which the registry below knows.
  const targets = (portalId: number): WebhookTarget[] =>
    (portals.get(portalId)?.installedAppIds() ?? []).flatMap((appId) => {
      const app = apps.byId(appId);
      return app?.webhookTargetUrl ? [{ appId, clientSecret: app.clientSecret, url: app.webhookTargetUrl }] : [];
    });
  const webhooks = new WebhookEmitter({ retry: options.webhookRetry, stats, signingNow: options.webhookSigningClock ?? clock.now, targets });
  const portals = new PortalRegistry({ now: clock.now, tokens, apps, publish: (changes) => webhooks.publish(changes) });
  const ctx: SandboxContext = {
    options,
    clock,
    apps,
    portals,
    tokens,
    stats,
    faults: new FaultQueue(),
    limiter: new SlidingWindowLimiter(options.rateLimit.max, options.rateLimit.intervalMs, options.rateLimit.clock ?? (() => performance.now())),
    webhooks,
    callbacks: new CallbackLog(),
  };
  const control = createControl(ctx);
  return { handler: createSandboxApp(ctx, control), portals, stats, control, validatesRequests, close: () => webhooks.close() };
}

export async function startHubspotSandbox(input: SandboxOptionsInput & { host?: string; port?: number }): Promise<StartedHubspotSandbox> {
  const { host = '127.0.0.1', port = 0, ...options } = input;
  const sandbox = createHubspotSandbox(options);
  const server = createServer(sandbox.handler);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const hostname = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${hostname}:${address.port}`,
    sandbox,
    close: async () => {
      sandbox.close();
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}

export type { SandboxOptionsInput, SandboxApp } from './options.js';
export type { SandboxControl, RecordChangeOptions } from './control.js';
export type { FaultSpecInput } from './faults.js';
export type { SandboxStats, StatsSnapshot, RouteCounts, StatusClass } from './stats.js';
export type { SandboxPortal, RecordSnapshot, PortalCreateInput } from './state/portal.js';
export type { PortalRegistry } from './state/portal-registry.js';
export type { SeedData, SeedResult, SeedRecord, SeedAssociation } from './state/seed-data.js';
export type { TokenPair } from './oauth/token-store.js';
export type { CallbackCompletion } from './state/callback-log.js';
export type { WebhookEvent, ChangeSource } from './webhooks/crm-change.js';
export type { ObjectTypeName } from './state/object-types.js';
export { OBJECT_TYPES } from './state/object-types.js';
export { signatureV1, signatureV3 } from './webhooks/webhook-signature.js';
export { demoPortalData, type DemoCustomer, type DemoOptions, type DemoOrder, type DemoPortalData } from './demo/demo-data.js';
export { requestBodyProblems, responseBodyProblems } from './openapi/openapi-validation.js';
