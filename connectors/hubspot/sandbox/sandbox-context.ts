/** Everything the HTTP layer and `control` share inside one sandbox instance. */
import type { AppDirectory } from './app-directory.js';
import type { CallbackLog } from './state/callback-log.js';
import type { FaultQueue } from './faults.js';
import type { TokenStore } from './oauth/token-store.js';
import type { ResolvedSandboxOptions } from './options.js';
import type { PortalRegistry } from './state/portal-registry.js';
import type { SlidingWindowLimiter } from './rate-limit.js';
import type { SandboxClock } from '../../sandbox-support/sandbox-clock.js';
import type { SandboxStats } from './stats.js';
import type { WebhookEmitter } from './webhooks/webhook-emitter.js';

export interface SandboxContext {
  options: ResolvedSandboxOptions;
  clock: SandboxClock;
  apps: AppDirectory;
  portals: PortalRegistry;
  tokens: TokenStore;
  stats: SandboxStats;
  faults: FaultQueue;
  limiter: SlidingWindowLimiter;
  webhooks: WebhookEmitter;
  callbacks: CallbackLog;
}
