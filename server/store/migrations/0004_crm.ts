import { sql, type Kysely } from 'kysely';

/**
 * CRM connections: one per tenant and CRM, with sealed tokens; sync checkpoints per stream; links
 * between CRM records and our rows; what we last wrote to each CRM record (so unchanged values are
 * never written again); webhook events and workflow-action calls received (deduplicated on the
 * CRM's own ids); and API usage per day for the budget an admin sees.
 */
const statements = [
  sql`create table crm_connections (
    tenant_id text not null references tenants(id) on delete cascade,
    provider text not null check (provider in ('hubspot', 'salesforce')),
    -- HubSpot portal (hub) id, Salesforce org id.
    account_id text not null,
    status text not null check (status in ('active', 'needs_reauth', 'uninstalled')),
    scopes text[] not null default '{}',
    -- AES-256-GCM sealed (server/secrets): never stored or logged in clear.
    access_token bytea,
    refresh_token bytea,
    token_expires_at timestamptz,
    -- Bumped by every refresh: a worker that lost the refresh race sees a newer version and re-reads.
    token_version integer not null default 0,
    instance_url text,
    settings jsonb not null default '{}'::jsonb,
    installed_by text not null,
    installed_at timestamptz not null,
    updated_at timestamptz not null,
    uninstalled_at timestamptz,
    last_error text,
    primary key (tenant_id, provider)
  )`,
  // One live tenant per portal or org: the tenant of a signed request is found from its account id.
  sql`create unique index crm_connections_account on crm_connections (provider, account_id) where status <> 'uninstalled'`,
  sql`create table crm_oauth_states (
    id text primary key,
    provider text not null,
    -- Set when an admin connects an existing tenant; null for a marketplace install (creates the tenant).
    tenant_id text references tenants(id) on delete cascade,
    code_verifier bytea not null,
    browser_binding text not null,
    redirect_uri text not null,
    created_at timestamptz not null,
    expires_at timestamptz not null,
    used_at timestamptz
  )`,
  sql`create table crm_sync_state (
    tenant_id text not null references tenants(id) on delete cascade,
    provider text not null,
    stream text not null,
    phase text not null check (phase in ('initial', 'incremental')),
    checkpoint jsonb,
    records bigint not null default 0,
    started_at timestamptz,
    updated_at timestamptz not null,
    last_completed_at timestamptz,
    last_error text,
    primary key (tenant_id, provider, stream)
  )`,
  sql`create table crm_links (
    tenant_id text not null references tenants(id) on delete cascade,
    provider text not null,
    object_type text not null,
    object_id text not null,
    local_id text not null,
    created_at timestamptz not null default now(),
    primary key (tenant_id, provider, object_type, object_id)
  )`,
  sql`create index crm_links_by_local on crm_links (tenant_id, provider, object_type, local_id)`,
  sql`create table crm_push_state (
    tenant_id text not null references tenants(id) on delete cascade,
    provider text not null,
    object_type text not null,
    object_id text not null,
    digest text not null,
    fields jsonb not null,
    pushed_at timestamptz not null,
    primary key (tenant_id, provider, object_type, object_id)
  )`,
  sql`create table crm_task_links (
    tenant_id text not null,
    provider text not null,
    task_id bigint not null references care_tasks(id) on delete cascade,
    external_id text,
    -- The task's updated_at that was last written; a newer updated_at means push again.
    synced_version timestamptz,
    -- A create was sent and its answer may have been lost: look the task up before creating again.
    create_attempted_at timestamptz,
    last_error text,
    primary key (tenant_id, provider, task_id)
  )`,
  sql`create unique index crm_task_links_external on crm_task_links (tenant_id, provider, external_id) where external_id is not null`,
  sql`create table crm_webhook_events (
    provider text not null,
    event_id text not null,
    tenant_id text not null references tenants(id) on delete cascade,
    subscription_type text not null,
    object_id text,
    occurred_at timestamptz not null,
    received_at timestamptz not null,
    payload jsonb not null,
    processed_at timestamptz,
    attempts integer not null default 0,
    last_error text,
    primary key (provider, event_id)
  )`,
  sql`create index crm_webhook_events_pending on crm_webhook_events (tenant_id, occurred_at) where processed_at is null`,
  sql`create table crm_workflow_calls (
    provider text not null,
    callback_id text not null,
    tenant_id text not null references tenants(id) on delete cascade,
    action text not null,
    object_type text not null,
    object_id text not null,
    inputs jsonb not null,
    status text not null check (status in ('pending', 'done', 'failed')),
    outputs jsonb,
    received_at timestamptz not null,
    completed_at timestamptz,
    attempts integer not null default 0,
    last_error text,
    primary key (provider, callback_id)
  )`,
  sql`create index crm_workflow_calls_pending on crm_workflow_calls (tenant_id, received_at) where status = 'pending'`,
  sql`create table crm_api_usage (
    tenant_id text not null references tenants(id) on delete cascade,
    provider text not null,
    day date not null,
    calls bigint not null default 0,
    throttled bigint not null default 0,
    retried bigint not null default 0,
    failed bigint not null default 0,
    -- The CRM's own view of the budget from its last answer (rate-limit headers, Sforce-Limit-Info).
    reported jsonb,
    updated_at timestamptz not null,
    primary key (tenant_id, provider, day)
  )`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await statement.execute(db);
}
