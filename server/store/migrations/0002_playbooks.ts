import { sql, type Kysely } from 'kysely';

/**
 * Care playbooks: events that trigger them, enrolments, the tasks and messages they create, the
 * contact log the touch cap counts, and every suppressed or deferred step. Each table that a
 * handler writes has a unique dedup key, so a retried job (delivery is at-least-once) changes
 * nothing the first run already did.
 */
const statements = [
  sql`alter table customers
    add column phone text,
    add column country text,
    add column preferred_channel text check (preferred_channel in ('email', 'sms')),
    add column do_not_contact boolean not null default false`,
  // A tenant whose clock stands still (the demo's historical data): scheduled work skips it.
  sql`alter table tenants add column frozen_clock timestamptz`,
  sql`create table care_events (
    tenant_id text not null,
    id text not null,
    customer_id text not null,
    type text not null,
    playbook_id text,
    occurred_at timestamptz not null,
    payload jsonb not null default '{}'::jsonb,
    created_at timestamptz not null default now(),
    primary key (tenant_id, id),
    foreign key (tenant_id, customer_id) references customers(tenant_id, id) on delete cascade
  )`,
  sql`create index care_events_by_time on care_events (tenant_id, occurred_at)`,
  // Open episodes of level triggers (churn risk, no touch, flags): one row while it lasts.
  sql`create table trigger_episodes (
    tenant_id text not null,
    playbook_id text not null,
    customer_id text not null,
    since date not null,
    primary key (tenant_id, playbook_id, customer_id),
    foreign key (tenant_id, customer_id) references customers(tenant_id, id) on delete cascade
  )`,
  sql`create table playbook_enrolments (
    id bigint generated always as identity primary key,
    tenant_id text not null,
    playbook_id text not null,
    customer_id text not null,
    occurrence_key text not null,
    detail text not null,
    program_version integer not null,
    tier text,
    status text not null check (status in ('active', 'completed', 'closed')),
    -- The next step to run, by id, so an enrolment resumes at the same step after a program change.
    step_id text,
    step_seq integer not null default 0,
    next_run_at timestamptz,
    enrolled_at timestamptz not null,
    enrolled_on date not null,
    finished_at timestamptz,
    close_reason text,
    foreign key (tenant_id, customer_id) references customers(tenant_id, id) on delete cascade
  )`,
  sql`create unique index playbook_enrolments_dedup on playbook_enrolments (tenant_id, playbook_id, customer_id, occurrence_key)`,
  sql`create index playbook_enrolments_due on playbook_enrolments (tenant_id, next_run_at) where status = 'active'`,
  sql`create index playbook_enrolments_by_customer on playbook_enrolments (tenant_id, customer_id, playbook_id)`,
  sql`create table care_tasks (
    id bigint generated always as identity primary key,
    tenant_id text not null,
    dedup_key text not null,
    enrolment_id bigint references playbook_enrolments(id) on delete cascade,
    playbook_id text,
    step_id text,
    customer_id text not null,
    title text not null,
    description text,
    owner_id text,
    queue text,
    priority text not null check (priority in ('low', 'normal', 'high', 'urgent')),
    locale text not null,
    due_at timestamptz not null,
    status text not null default 'open' check (status in ('open', 'completed', 'closed')),
    created_at timestamptz not null,
    completed_at timestamptz,
    completed_by text,
    closed_reason text,
    external_id text,
    synced_at timestamptz,
    updated_at timestamptz not null default now(),
    foreign key (tenant_id, customer_id) references customers(tenant_id, id) on delete cascade
  )`,
  sql`create unique index care_tasks_dedup on care_tasks (tenant_id, dedup_key)`,
  sql`create index care_tasks_open on care_tasks (tenant_id, status, due_at)`,
  sql`create index care_tasks_by_customer on care_tasks (tenant_id, customer_id, created_at)`,
  sql`create index care_tasks_by_enrolment on care_tasks (enrolment_id)`,
  sql`create table outbox_messages (
    id bigint generated always as identity primary key,
    tenant_id text not null,
    dedup_key text not null,
    enrolment_id bigint references playbook_enrolments(id) on delete set null,
    playbook_id text,
    step_id text,
    customer_id text not null,
    kind text not null check (kind in ('message', 'survey')),
    survey text,
    channel text not null,
    to_address text not null,
    locale text not null,
    subject text,
    body text not null,
    status text not null default 'queued' check (status in ('queued', 'sending', 'sent', 'recorded', 'failed')),
    attempts integer not null default 0,
    lease_until timestamptz,
    last_error text,
    transport_id text,
    created_at timestamptz not null,
    sent_at timestamptz,
    foreign key (tenant_id, customer_id) references customers(tenant_id, id) on delete cascade
  )`,
  sql`create unique index outbox_messages_dedup on outbox_messages (tenant_id, dedup_key)`,
  sql`create index outbox_messages_pending on outbox_messages (tenant_id, id) where status in ('queued', 'sending')`,
  sql`create index outbox_messages_by_customer on outbox_messages (tenant_id, customer_id, created_at)`,
  // Every touch the cap counts (tasks that are touches, messages), whatever created it.
  sql`create table contact_log (
    tenant_id text not null,
    customer_id text not null,
    source text not null,
    at timestamptz not null,
    channel text,
    primary key (tenant_id, source),
    foreign key (tenant_id, customer_id) references customers(tenant_id, id) on delete cascade
  )`,
  sql`create index contact_log_by_customer on contact_log (tenant_id, customer_id, at)`,
  // Steps the contact policy held back or dropped, and occurrences the re-enrolment rules skipped.
  sql`create table care_decisions (
    id bigint generated always as identity primary key,
    tenant_id text not null,
    dedup_key text not null,
    customer_id text not null,
    playbook_id text not null,
    enrolment_id bigint references playbook_enrolments(id) on delete cascade,
    step_id text,
    outcome text not null check (outcome in ('suppressed', 'deferred', 'skipped')),
    reason text not null,
    until timestamptz,
    tier text,
    decided_at timestamptz not null,
    foreign key (tenant_id, customer_id) references customers(tenant_id, id) on delete cascade
  )`,
  sql`create unique index care_decisions_dedup on care_decisions (tenant_id, dedup_key)`,
  sql`create index care_decisions_by_time on care_decisions (tenant_id, decided_at)`,
  // One row per tenant and day the evaluation finished: the scheduler's "already done" marker.
  sql`create table playbook_evaluations (
    tenant_id text not null references tenants(id) on delete cascade,
    day date not null,
    program_version integer not null,
    enrolled integer not null,
    skipped integer not null,
    closed integer not null,
    finished_at timestamptz not null,
    primary key (tenant_id, day)
  )`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await statement.execute(db);
}
