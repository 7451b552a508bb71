/**
 * The Salesforce connector: the core's CrmConnector over one org, with jsforce 3 and an explicit
 * API version. Base URLs, sessions, clock and retry policy are injected, so tests and the sandbox
 * run the same code as production.
 */
import type { ApiUsageSink, CareTaskOut, CompletedTask, CrmConnector, CrmRecord, CrmRef, FieldsUpdate, PulledPage, PushOutcome, SchemaOutcome, SchemaSpec, SyncStream, TaskPushResult } from '../../core/ports/crm-connector.js';
import type { RetryPolicy } from '../../core/sync/retry-policy.js';
import { realCallerClock, SalesforceApiCaller, type CallerClock, type SessionSource } from './api-caller.js';
import type { SalesforceSettings } from './config.js';
import { fetchRecords, pullPage, type PullContext } from './pull.js';
import { pushFields } from './push.js';
import { checkSchema } from './schema.js';
import { pullCompletedTasks, upsertTasks } from './tasks.js';

export interface SalesforceConnectorOptions {
  instanceUrl: string;
  settings: SalesforceSettings;
  sessions: SessionSource;
  minorPerMajor: number;
  usage?: ApiUsageSink;
  clock?: CallerClock;
  retry?: RetryPolicy;
  random?: () => number;
}

export class SalesforceConnector implements CrmConnector {
  readonly provider = 'salesforce' as const;
  readonly caller: SalesforceApiCaller;
  private readonly ctx: PullContext;
  private readonly clock: CallerClock;

  constructor(private readonly opts: SalesforceConnectorOptions) {
    this.clock = opts.clock ?? realCallerClock;
    this.caller = new SalesforceApiCaller({
      instanceUrl: opts.instanceUrl,
      apiVersion: opts.settings.apiVersion,
      sessions: opts.sessions,
      dailyReserve: opts.settings.dailyReserve,
      clock: this.clock,
      ...(opts.usage ? { usage: opts.usage } : {}),
      ...(opts.retry ? { retry: opts.retry } : {}),
      ...(opts.random ? { random: opts.random } : {}),
    });
    this.ctx = { caller: this.caller, settings: opts.settings, minorPerMajor: opts.minorPerMajor, clock: this.clock };
  }

  ensureSchema(_spec: SchemaSpec): Promise<SchemaOutcome> {
    return checkSchema(this.caller, this.opts.settings);
  }

  pull(stream: SyncStream, checkpoint: Record<string, unknown> | null): Promise<PulledPage> {
    return pullPage(this.ctx, stream, checkpoint);
  }

  fetchRecords(refs: readonly CrmRef[]): Promise<CrmRecord[]> {
    return fetchRecords(this.ctx, refs);
  }

  pushFields(updates: readonly FieldsUpdate[]): Promise<PushOutcome> {
    return pushFields(this.caller, this.opts.settings, this.clock, updates);
  }

  upsertTasks(tasks: readonly CareTaskOut[]): Promise<TaskPushResult[]> {
    return upsertTasks(this.caller, tasks);
  }

  pullCompletedTasks(since: Date): Promise<CompletedTask[]> {
    return pullCompletedTasks(this.ctx, since);
  }
}
