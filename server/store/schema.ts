/** Row types for Kysely, one per table in migrations/. Columns are snake_case as in SQL. */
import type { ColumnType, Generated, JSONColumnType } from 'kysely';

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type UpdatedAt = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T extends object | null> = JSONColumnType<T, string, string>;

export interface TenantsTable {
  id: string;
  name: string;
  locale: Generated<string>;
  timezone: Generated<string>;
  currency: Generated<string>;
  active_program_version: number | null;
  frozen_clock: Date | null;
  created_at: CreatedAt;
}

export interface ProgramVersionsTable {
  tenant_id: string;
  version: number;
  name: string;
  source: string;
  program: Json<object>;
  published_by: string;
  published_at: CreatedAt;
}

export interface CustomersTable {
  tenant_id: string;
  id: string;
  name: string | null;
  email: string | null;
  locale: string | null;
  timezone: string | null;
  birthday: string | null;
  customer_since: string | null;
  influence: number | null;
  account_manager: string | null;
  phone: string | null;
  country: string | null;
  preferred_channel: string | null;
  do_not_contact: Generated<boolean>;
  change_seq: Generated<number>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface OrdersTable {
  tenant_id: string;
  id: string;
  customer_id: string;
  ordered_at: ColumnType<Date, Date | string, Date | string>;
  amount_minor: number;
  items: number | null;
  source: Generated<string>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface InteractionsTable {
  tenant_id: string;
  id: string;
  customer_id: string;
  kind: string;
  occurred_at: ColumnType<Date, Date | string, Date | string>;
  summary: string | null;
  created_at: CreatedAt;
}

export interface FeedbackResponsesTable {
  tenant_id: string;
  id: string;
  customer_id: string;
  kind: 'nps' | 'csat' | 'ces';
  score: number;
  comment: string | null;
  responded_at: ColumnType<Date, Date | string, Date | string>;
  created_at: CreatedAt;
  channel: Generated<string>;
  source: Generated<string>;
  invitation_id: string | null;
  locale: string | null;
  sentiment: 'negative' | 'neutral' | 'positive' | null;
  sentiment_score: number | null;
  category: 'promoter' | 'passive' | 'detractor' | null;
}

export interface CustomerPredictionsTable {
  tenant_id: string;
  customer_id: string;
  predicted_value: number | null;
  churn_risk: number | null;
  model: string;
  fitted_at: ColumnType<Date, Date | string, Date | string>;
}

export interface ScoreRunsTable {
  id: Generated<number>;
  tenant_id: string;
  program_version: number;
  as_of: string;
  mode: 'full' | 'incremental';
  status: 'running' | 'completed' | 'failed';
  watermark: number;
  reference_run_id: number | null;
  reference: Json<object> | null;
  customers: Generated<number>;
  changed: Generated<number>;
  tier_changes: Generated<number>;
  error: string | null;
  started_at: CreatedAt;
  finished_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface CustomerScoresTable {
  tenant_id: string;
  customer_id: string;
  run_id: number;
  as_of: string;
  program_version: number;
  score: number;
  tier: string | null;
  tier_since: string;
  tier_source: string;
  primary_reason: string;
  reasons: Json<object>;
  measure_values: (number | null)[];
  normalized: (number | null)[];
  points: (number | null)[];
  flags: Json<object>;
  digest: string;
  prior_tier: string | null;
  prior_since: string | null;
  prior_source: string | null;
  prior_score: number | null;
  updated_at: UpdatedAt;
}

export interface ScoreHistoryTable {
  tenant_id: string;
  customer_id: string;
  run_id: number;
  as_of: string;
  program_version: number;
  score: number;
  tier: string | null;
  measure_values: (number | null)[];
  points: (number | null)[];
}

export interface TierAssignmentsTable {
  id: Generated<number>;
  tenant_id: string;
  customer_id: string;
  run_id: number | null;
  as_of: string;
  program_version: number | null;
  from_tier: string | null;
  to_tier: string | null;
  reason_code: string;
  reasons: Json<object>;
  score: number | null;
  contributions: Json<object>;
  created_at: CreatedAt;
}

export interface TierOverridesTable {
  id: Generated<number>;
  tenant_id: string;
  customer_id: string;
  tier: string | null;
  reason: string;
  author: string;
  created_at: CreatedAt;
  expires_at: ColumnType<Date | null, Date | string | null, Date | string | null>;
  revoked_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  revoked_by: string | null;
}

export interface AuditLogTable {
  id: Generated<number>;
  tenant_id: string;
  actor: string;
  action: string;
  target: string | null;
  details: Json<Record<string, unknown>>;
  at: CreatedAt;
}

export interface ApiKeysTable {
  id: string;
  tenant_id: string;
  label: string;
  secret_sha256: Buffer;
  created_by: string;
  created_at: CreatedAt;
  last_used_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  revoked_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface PredictionFitsTable {
  id: Generated<number>;
  tenant_id: string;
  as_of: string;
  model: string;
  params: Json<object>;
  stderr: Json<object>;
  log_likelihood: number;
  evaluations: number;
  spend_params: Json<object>;
  spend_excluded: Json<object>;
  customers: number;
  fitted_at: CreatedAt;
}

export interface CareEventsTable {
  tenant_id: string;
  id: string;
  customer_id: string;
  type: string;
  playbook_id: string | null;
  occurred_at: Date;
  payload: Json<Record<string, unknown>>;
  created_at: CreatedAt;
}

export interface TriggerEpisodesTable {
  tenant_id: string;
  playbook_id: string;
  customer_id: string;
  since: string;
}

export interface PlaybookEnrolmentsTable {
  id: Generated<number>;
  tenant_id: string;
  playbook_id: string;
  customer_id: string;
  occurrence_key: string;
  detail: string;
  program_version: number;
  tier: string | null;
  status: 'active' | 'completed' | 'closed';
  step_id: string | null;
  step_seq: Generated<number>;
  next_run_at: Date | null;
  enrolled_at: Date;
  enrolled_on: string;
  finished_at: Date | null;
  close_reason: string | null;
}

export interface CareTasksTable {
  id: Generated<number>;
  tenant_id: string;
  dedup_key: string;
  enrolment_id: number | null;
  playbook_id: string | null;
  step_id: string | null;
  customer_id: string;
  title: string;
  description: string | null;
  owner_id: string | null;
  queue: string | null;
  priority: 'low' | 'normal' | 'high' | 'urgent';
  locale: string;
  due_at: Date;
  status: Generated<'open' | 'completed' | 'closed'>;
  created_at: Date;
  completed_at: Date | null;
  completed_by: string | null;
  closed_reason: string | null;
  external_id: string | null;
  synced_at: Date | null;
  updated_at: UpdatedAt;
  complaint_id: number | null;
}

export interface OutboxMessagesTable {
  id: Generated<number>;
  tenant_id: string;
  dedup_key: string;
  enrolment_id: number | null;
  playbook_id: string | null;
  step_id: string | null;
  customer_id: string;
  kind: 'message' | 'survey' | 'notice';
  survey: string | null;
  invitation_id: string | null;
  deliver_after: Date | null;
  channel: string;
  to_address: string;
  locale: string;
  subject: string | null;
  body: string;
  status: Generated<'queued' | 'sending' | 'sent' | 'recorded' | 'failed'>;
  attempts: Generated<number>;
  lease_until: Date | null;
  last_error: string | null;
  transport_id: string | null;
  created_at: Date;
  sent_at: Date | null;
}

export interface ContactLogTable {
  tenant_id: string;
  customer_id: string;
  source: string;
  at: Date;
  channel: string | null;
}

export interface CareDecisionsTable {
  id: Generated<number>;
  tenant_id: string;
  dedup_key: string;
  customer_id: string;
  playbook_id: string;
  enrolment_id: number | null;
  step_id: string | null;
  outcome: 'suppressed' | 'deferred' | 'skipped';
  reason: string;
  until: Date | null;
  tier: string | null;
  decided_at: Date;
}

export interface PlaybookEvaluationsTable {
  tenant_id: string;
  day: string;
  program_version: number;
  enrolled: number;
  skipped: number;
  closed: number;
  finished_at: Date;
}

export interface SurveyInvitationsTable {
  id: string;
  tenant_id: string;
  dedup_key: string;
  customer_id: string;
  kind: 'nps' | 'csat' | 'ces';
  channel: string;
  locale: string;
  source: 'playbook' | 'api' | 'follow_up' | 'workflow';
  complaint_id: number | null;
  status: Generated<'open' | 'answered'>;
  created_at: Date;
  expires_at: Date;
  answered_at: Date | null;
}

export interface CareOwnersTable {
  tenant_id: string;
  id: string;
  name: string | null;
  email: string | null;
  manager_id: string | null;
}

export type SlaClockState = 'running' | 'warned' | 'breached' | 'met' | 'missed';

export interface ComplaintsTable {
  id: Generated<number>;
  tenant_id: string;
  customer_id: string;
  source: 'crm' | 'feedback' | 'api';
  source_ref: string;
  subject: string;
  description: string | null;
  priority: 'low' | 'normal' | 'high' | 'critical';
  priority_reasons: Generated<string[]>;
  sentiment: 'negative' | 'neutral' | 'positive' | null;
  tier: string | null;
  owner_id: string | null;
  status: 'open' | 'waiting' | 'resolved';
  policy: Json<{ priority: string; tiers?: string[]; firstResponse: string; resolution: string; calendar: 'business' | 'always' }>;
  opened_at: Date;
  first_response_at: Date | null;
  first_response_due_at: Date | null;
  first_response_state: Generated<SlaClockState>;
  resolved_at: Date | null;
  resolution_due_at: Date | null;
  resolution_state: Generated<SlaClockState>;
  next_check_at: Date | null;
  follow_up_at: Date | null;
  reopened: Generated<number>;
  updated_at: Date;
}

export interface ComplaintPausesTable {
  tenant_id: string;
  complaint_id: number;
  started_at: Date;
  ended_at: Date | null;
}

export interface ComplaintEventsTable {
  id: Generated<number>;
  tenant_id: string;
  complaint_id: number;
  dedup_key: string;
  type: string;
  at: Date;
  actor: string;
  detail: Json<Record<string, unknown>>;
}

export interface FeedbackLoopsTable {
  tenant_id: string;
  item_type: 'response' | 'complaint';
  item_id: string;
  customer_id: string;
  collected_at: Date;
  collected_by: string;
  analysed_at: Date | null;
  analysed_by: string | null;
  acted_at: Date | null;
  acted_by: string | null;
  action: string | null;
  reported_at: Date | null;
  reported_by: string | null;
  report: string | null;
  report_sent: boolean | null;
}

export type CrmProvider = 'hubspot' | 'salesforce';

export interface CrmConnectionsTable {
  tenant_id: string;
  provider: CrmProvider;
  account_id: string;
  status: 'active' | 'needs_reauth' | 'uninstalled';
  scopes: Generated<string[]>;
  access_token: Buffer | null;
  refresh_token: Buffer | null;
  token_expires_at: Date | null;
  token_version: Generated<number>;
  instance_url: string | null;
  settings: Json<Record<string, unknown>>;
  installed_by: string;
  installed_at: Date;
  updated_at: Date;
  uninstalled_at: Date | null;
  last_error: string | null;
  auth_method: Generated<'oauth' | 'jwt'>;
  auth_user: string | null;
  notify_secret: Buffer | null;
}

export interface CrmOauthStatesTable {
  id: string;
  provider: CrmProvider;
  tenant_id: string | null;
  code_verifier: Buffer;
  browser_binding: string;
  redirect_uri: string;
  created_at: Date;
  expires_at: Date;
  used_at: Date | null;
}

export interface CrmSyncStateTable {
  tenant_id: string;
  provider: CrmProvider;
  stream: string;
  phase: 'initial' | 'incremental';
  checkpoint: Json<Record<string, unknown>> | null;
  records: Generated<number>;
  started_at: Date | null;
  updated_at: Date;
  last_completed_at: Date | null;
  last_error: string | null;
}

export interface CrmLinksTable {
  tenant_id: string;
  provider: CrmProvider;
  object_type: string;
  object_id: string;
  local_id: string;
  created_at: CreatedAt;
}

export interface CrmPushStateTable {
  tenant_id: string;
  provider: CrmProvider;
  object_type: string;
  object_id: string;
  digest: string;
  fields: Json<Record<string, unknown>>;
  pushed_at: Date;
}

export interface CrmTaskLinksTable {
  tenant_id: string;
  provider: CrmProvider;
  task_id: number;
  external_id: string | null;
  synced_version: Date | null;
  create_attempted_at: Date | null;
  last_error: string | null;
}

export interface CrmWebhookEventsTable {
  provider: CrmProvider;
  event_id: string;
  tenant_id: string;
  subscription_type: string;
  object_id: string | null;
  occurred_at: Date;
  received_at: Date;
  payload: Json<Record<string, unknown>>;
  processed_at: Date | null;
  attempts: Generated<number>;
  last_error: string | null;
}

export interface CrmWorkflowCallsTable {
  provider: CrmProvider;
  callback_id: string;
  tenant_id: string;
  action: string;
  object_type: string;
  object_id: string;
  inputs: Json<Record<string, unknown>>;
  status: 'pending' | 'done' | 'failed';
  outputs: Json<Record<string, unknown>> | null;
  received_at: Date;
  completed_at: Date | null;
  attempts: Generated<number>;
  last_error: string | null;
}

export interface CrmApiUsageTable {
  tenant_id: string;
  provider: CrmProvider;
  day: string;
  calls: Generated<number>;
  throttled: Generated<number>;
  retried: Generated<number>;
  failed: Generated<number>;
  reported: Json<Record<string, unknown>> | null;
  updated_at: Date;
}

export interface Database {
  crm_connections: CrmConnectionsTable;
  crm_oauth_states: CrmOauthStatesTable;
  crm_sync_state: CrmSyncStateTable;
  crm_links: CrmLinksTable;
  crm_push_state: CrmPushStateTable;
  crm_task_links: CrmTaskLinksTable;
  crm_webhook_events: CrmWebhookEventsTable;
  crm_workflow_calls: CrmWorkflowCallsTable;
  crm_api_usage: CrmApiUsageTable;
  survey_invitations: SurveyInvitationsTable;
  care_owners: CareOwnersTable;
  complaints: ComplaintsTable;
  complaint_pauses: ComplaintPausesTable;
  complaint_events: ComplaintEventsTable;
  feedback_loops: FeedbackLoopsTable;
  care_events: CareEventsTable;
  trigger_episodes: TriggerEpisodesTable;
  playbook_enrolments: PlaybookEnrolmentsTable;
  care_tasks: CareTasksTable;
  outbox_messages: OutboxMessagesTable;
  contact_log: ContactLogTable;
  care_decisions: CareDecisionsTable;
  playbook_evaluations: PlaybookEvaluationsTable;
  prediction_fits: PredictionFitsTable;
  api_keys: ApiKeysTable;
  tenants: TenantsTable;
  program_versions: ProgramVersionsTable;
  customers: CustomersTable;
  orders: OrdersTable;
  interactions: InteractionsTable;
  feedback_responses: FeedbackResponsesTable;
  customer_predictions: CustomerPredictionsTable;
  score_runs: ScoreRunsTable;
  customer_scores: CustomerScoresTable;
  score_history: ScoreHistoryTable;
  tier_assignments: TierAssignmentsTable;
  tier_overrides: TierOverridesTable;
  audit_log: AuditLogTable;
}
