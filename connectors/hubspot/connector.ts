/**
 * The HubSpot connector: the core's CrmConnector over one portal. Everything it needs is injected:
 * the API base URL, the token source, the limiter and clock, so tests and the sandbox run the same
 * code as production.
 */
import type { CareTaskOut, CompletedTask, CrmConnector, CrmRecord, CrmRef, FieldsUpdate, PulledPage, PushOutcome, SchemaOutcome, SchemaSpec, SyncStream, TaskPushResult } from '../../core/ports/crm-connector.js';
import { HubspotApiCaller, type AccessTokenSource } from './api-caller.js';
import type { ApiUsageSink } from '../../core/ports/crm-connector.js';
import type { HubspotSettings } from './config.js';
import { ensureSchema } from './properties.js';
import { fetchRecords, pullPage, type PullContext } from './pull.js';
import { pushFields } from './push.js';
import { SlidingWindowLimiter, realLimiterClock, type LimiterClock } from './rate-limiter.js';
import { pullCompletedTasks, upsertTasks } from './tasks.js';
import type { RetryPolicy } from '../../core/sync/retry-policy.js';

export interface HubspotConnectorOptions {
  apiBaseUrl: string;
  settings: HubspotSettings;
  tokens: AccessTokenSource;
  /** Minor units per major unit of the tenant's currency (deal amounts become integer minor units). */
  minorPerMajor: number;
  /** Shared per portal across connectors of one process, so all its calls count against one budget. */
  limiter?: SlidingWindowLimiter;
  usage?: ApiUsageSink;
  clock?: LimiterClock;
  retry?: RetryPolicy;
  random?: () => number;
}

export class HubspotConnector implements CrmConnector {
  readonly provider = 'hubspot' as const;
  readonly caller: HubspotApiCaller;
  private readonly ctx: PullContext;

  constructor(private readonly opts: HubspotConnectorOptions) {
    const clock = opts.clock ?? realLimiterClock;
    const limiter = opts.limiter ?? new SlidingWindowLimiter(opts.settings.rateLimit, clock);
    this.caller = new HubspotApiCaller({
      basePath: opts.apiBaseUrl,
      tokens: opts.tokens,
      limiter,
      clock,
      ...(opts.usage ? { usage: opts.usage } : {}),
      ...(opts.retry ? { retry: opts.retry } : {}),
      ...(opts.random ? { random: opts.random } : {}),
    });
    this.ctx = { caller: this.caller, settings: opts.settings, minorPerMajor: opts.minorPerMajor, now: () => clock.now() };
  }

  ensureSchema(spec: SchemaSpec): Promise<SchemaOutcome> {
    return ensureSchema(this.caller, this.opts.settings, spec);
  }

  pull(stream: SyncStream, checkpoint: Record<string, unknown> | null): Promise<PulledPage> {
    return pullPage(this.ctx, stream, checkpoint);
  }

  fetchRecords(refs: readonly CrmRef[]): Promise<CrmRecord[]> {
    return fetchRecords(this.ctx, refs);
  }

  pushFields(updates: readonly FieldsUpdate[]): Promise<PushOutcome> {
    return pushFields(this.caller, updates);
  }

  upsertTasks(tasks: readonly CareTaskOut[]): Promise<TaskPushResult[]> {
    return upsertTasks(this.caller, tasks);
  }

  pullCompletedTasks(since: Date): Promise<CompletedTask[]> {
    return pullCompletedTasks(this.caller, since);
  }
}
