/** The CRM side of the host, built once at start: sealed secrets, tokens, and each configured CRM. */
import type { SecretBox } from '../secrets/secret-box.js';
import type { Store } from '../store/db.js';
import { HubspotHost, type HubspotHostConfig } from './hubspot/hubspot-host.js';
import { SalesforceHost, type SalesforceHostConfig } from './salesforce/salesforce-host.js';
import { TokenManager } from './token-manager.js';
import type { LimiterClock } from '../../connectors/hubspot/index.js';
import type { RetryPolicy } from '../../core/sync/retry-policy.js';

export interface CrmRuntime {
  box: SecretBox;
  tokens: TokenManager;
  /** Null when no HubSpot app is configured (and no sandbox runs). */
  hubspot: HubspotHost | null;
  /** Null when no Salesforce External Client App is configured (and no sandbox runs). */
  salesforce: SalesforceHost | null;
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
