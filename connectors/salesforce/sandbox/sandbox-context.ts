/** Everything the HTTP layer and `control` share inside one sandbox instance. */
import type { BulkJobs } from './bulk/bulk-jobs.js';
import type { FaultQueue } from './faults.js';
import type { AppDirectory } from './oauth/app-directory.js';
import type { SessionStore } from './oauth/session-store.js';
import type { ResolvedSandboxOptions } from './options.js';
import type { OutboundDispatcher } from './outbound/outbound-dispatcher.js';
import type { QueryCursorStore } from './query/query-cursors.js';
import type { SandboxClock } from '../../sandbox-support/sandbox-clock.js';
import type { OrgRegistry } from './state/org-registry.js';
import type { SandboxStats } from './stats.js';

export interface SandboxContext {
  options: ResolvedSandboxOptions;
  clock: SandboxClock;
  apps: AppDirectory;
  orgs: OrgRegistry;
  sessions: SessionStore;
  stats: SandboxStats;
  faults: FaultQueue;
  cursors: QueryCursorStore;
  bulk: BulkJobs;
  outbound: OutboundDispatcher;
  /** The sandbox's own URL once it listens (outbound messages name it); null for a bare handler. */
  publicUrl: { value: string | null };
}
