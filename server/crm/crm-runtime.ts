/** The CRM side of the host, built once at start: sealed secrets, tokens, and each configured CRM. */
import type { SecretBox } from '../secrets/secret-box.js';
import type { Store } from '../store/db.js';
import { HubspotHost, type HubspotHostConfig } from './hubspot/hubspot-host.js';
import { SalesforceHost, type SalesforceHostConfig } from './salesforce/salesforce-host.js';
import { TokenManager } from './token-manager.js';
import type { LimiterClock } from '../../connectors/hubspot/index.js';
import type { RetryPolicy } from '../../core/sync/retry-policy.js';
import type { CrmConnector, CrmProvider } from '../../core/ports/crm-connector.js';
import type { SyncTarget } from '../sync/run-sync.js';
import type { ApiUsageMeter } from './api-usage.js';
import type { ConnectionRow } from './connections.js';

export interface CrmRuntime {
  box: SecretBox;
  tokens: TokenManager;
  /** Null when no HubSpot app is configured (and no sandbox runs). */
  hubspot: HubspotHost | null;
  /** Null when no Salesforce External Client App is configured (and no sandbox runs). */
  salesforce: SalesforceHost | null;
}

/** What every configured CRM host offers the jobs, the CLI and the status API. */
export interface CrmHost {
  /** The tenant's connector, sync target and API meter; UNAUTHORIZED when it is not connected. */
  bind(tenantId: string): Promise<{ connector: CrmConnector; target: SyncTarget; usage: ApiUsageMeter }>;
  /** The connection's settings with their defaults. */
  settingsOf(row: ConnectionRow): object;
}

/** The host of a CRM, or null when that CRM is not configured. */
export function hostFor(crm: CrmRuntime | null | undefined, provider: CrmProvider): CrmHost | null {
  return (provider === 'hubspot' ? crm?.hubspot : crm?.salesforce) ?? null;
}

export function createCrmRuntime(opts: { store: Store; box: SecretBox; hubspot: HubspotHostConfig | null; salesforce?: SalesforceHostConfig | null; now?: () => Date; clock?: LimiterClock; retry?: RetryPolicy }): CrmRuntime {
  const tokens = new TokenManager({ store: opts.store, box: opts.box, ...(opts.now ? { now: opts.now } : {}) });
  const shared = { store: opts.store, tokens, ...(opts.clock ? { clock: opts.clock } : {}), ...(opts.retry ? { retry: opts.retry } : {}), ...(opts.now ? { now: opts.now } : {}) };
  return {
    box: opts.box,
    tokens,
    hubspot: opts.hubspot ? new HubspotHost({ ...shared, config: opts.hubspot }) : null,
    salesforce: opts.salesforce ? new SalesforceHost({ ...shared, config: opts.salesforce }) : null,
  };
}
