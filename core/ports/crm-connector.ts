/**
 * What the core and the host need from a CRM. The HubSpot and Salesforce connectors implement it
 * and map everything to these provider-neutral shapes: the host never sees `hs_` or `__c`.
 *
 * Records are named by a `CrmRef` (the connector's own lowercase object type and the CRM id);
 * the host links refs to its own customers, orders and owners. Pulls are paged and resumable: each
 * page carries an opaque checkpoint that the host stores in the same transaction as the page's
 * records, so a crash resumes after the last stored page and never loses one.
 */
import type { ErrorCode } from '../errors.js';
import type { ComplaintPriority } from '../feedback/schema.js';

export type CrmProvider = 'hubspot' | 'salesforce';

export const TASK_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type TaskPriority = (typeof TASK_PRIORITIES)[number];

export interface CrmRef {
  /** The connector's object type, lowercase: `contact`, `company`, `deal`, `ticket`, `owner`, `account`, `case`... */
  type: string;
  id: string;
}

/** Streams in the order a sync pulls them: owners and customers before what refers to them. */
export const SYNC_STREAMS = ['owners', 'customers', 'orders', 'complaints', 'touches'] as const;
export type SyncStream = (typeof SYNC_STREAMS)[number];

export interface CrmOwner {
  ref: CrmRef;
  name: string | null;
  email: string | null;
}

export interface CrmCustomer {
  ref: CrmRef;
  name: string | null;
  email: string | null;
  /** BCP 47 or POSIX tag as the CRM has it; the host resolves it to a supported locale. */
  locale: string | null;
  timezone: string | null;
  birthday: string | null;
  customerSince: string | null;
  phone: string | null;
  country: string | null;
  owner: CrmRef | null;
  /** The organisation a person belongs to, when the CRM says. */
  organization: CrmRef | null;
}

export interface CrmOrder {
  ref: CrmRef;
  customer: CrmRef;
  orderedAt: Date;
  amountMinor: number;
  items: number | null;
}

export interface CrmComplaint {
  ref: CrmRef;
  customer: CrmRef;
  subject: string;
  description: string | null;
  priority: ComplaintPriority | null;
  owner: CrmRef | null;
  openedAt: Date;
  status: 'open' | 'waiting' | 'resolved';
  firstResponseAt: Date | null;
  resolvedAt: Date | null;
}

/** A contact with the customer logged in the CRM (a call, an e-mail, a completed task that is not ours). */
export interface CrmTouch {
  ref: CrmRef;
  customer: CrmRef;
  kind: 'call' | 'meeting' | 'email' | 'message' | 'visit' | 'task' | 'other';
  occurredAt: Date;
  summary: string | null;
}

export type CrmRecord =
  | { kind: 'owner'; owner: CrmOwner }
  | { kind: 'customer'; customer: CrmCustomer }
  | { kind: 'order'; order: CrmOrder }
  /** A record that is no longer an order (a deal moved out of closed-won) or no longer exists. */
  | { kind: 'not_order'; ref: CrmRef }
  | { kind: 'complaint'; complaint: CrmComplaint }
  | { kind: 'touch'; touch: CrmTouch }
  | { kind: 'deleted'; ref: CrmRef };

export interface PulledPage {
  records: CrmRecord[];
  /** Opaque to the host; handed back unchanged to resume. */
  checkpoint: Record<string, unknown>;
  /** True when the stream has nothing more for now (the incremental cursor is caught up). */
  done: boolean;
}

/** The values we write onto a customer's CRM record; null clears the field. */
export interface VipFields {
  tier: string | null;
  tierLabel: string | null;
  tierSince: string | null;
  score: number | null;
  reason: string | null;
  predictedValue: number | null;
  churnRisk: number | null;
  nextAction: string | null;
  nextActionDue: string | null;
  accountManager: string | null;
}
export const VIP_FIELD_NAMES = ['tier', 'tierLabel', 'tierSince', 'score', 'reason', 'predictedValue', 'churnRisk', 'nextAction', 'nextActionDue', 'accountManager'] as const satisfies readonly (keyof VipFields)[];

export interface FieldsUpdate {
  ref: CrmRef;
  /** Only the fields that changed since the last successful push. */
  fields: Partial<VipFields>;
}

export interface RecordFailure {
  ref: CrmRef;
  code: ErrorCode;
  message: string;
}

export interface PushOutcome {
  written: CrmRef[];
  failed: RecordFailure[];
  /** Write calls made (benchmarks and the API budget read this). */
  calls: number;
}

export interface SchemaSpec {
  tiers: { id: string; label: string }[];
  /** Field and group labels in the tenant's language (CRM properties carry one label). */
  labels: { group: string; notVip: string; taskId: string; fields: Record<Exclude<keyof VipFields, 'tierLabel'>, string> };
}

export interface SchemaOutcome {
  created: string[];
  updated: string[];
}

export interface CareTaskOut {
  /** Our id; kept on the CRM task so a retried create is found instead of duplicated. */
  id: string;
  customer: CrmRef;
  title: string;
  description: string | null;
  /** The CRM user (owner) to assign, or null for unassigned. */
  owner: CrmRef | null;
  priority: TaskPriority;
  dueAt: Date;
  status: 'open' | 'completed' | 'closed';
  /** The CRM's id from an earlier push, when there was one. */
  externalId: string | null;
  /** A create was sent before and its answer may have been lost: look it up first. */
  mayExist: boolean;
}

export type TaskPushResult = { id: string; externalId: string } | { id: string; error: RecordFailure };

export interface CompletedTask {
  externalId: string;
  completedAt: Date;
  completedBy: CrmRef | null;
}

export interface CrmConnector {
  readonly provider: CrmProvider;
  /** Our fields on the customer records; idempotent (creates what is missing, updates tier options). */
  ensureSchema(spec: SchemaSpec): Promise<SchemaOutcome>;
  /** One page of a stream from a checkpoint (null: start with the initial load). */
  pull(stream: SyncStream, checkpoint: Record<string, unknown> | null): Promise<PulledPage>;
  /** Re-reads named records (after a change notification); deleted ones come back as `deleted`. */
  fetchRecords(refs: readonly CrmRef[]): Promise<CrmRecord[]>;
  pushFields(updates: readonly FieldsUpdate[]): Promise<PushOutcome>;
  upsertTasks(tasks: readonly CareTaskOut[]): Promise<TaskPushResult[]>;
  pullCompletedTasks(since: Date): Promise<CompletedTask[]>;
}

/** The CRM's own view of the caller's budget from its last answer (rate-limit or limit-info headers). */
export type ReportedBudget = Record<string, number | null>;

/** Each CRM call reports what happened, so admins can see every account's API budget. */
export type ApiUsageEvent =
  | { kind: 'call'; reported: ReportedBudget | null }
  | { kind: 'throttled'; retryAfterMs: number }
  | { kind: 'retried' }
  | { kind: 'failed'; code: string };

export interface ApiUsageSink {
  record(event: ApiUsageEvent): void;
}
