import { sql, type Kysely } from 'kysely';

/**
 * Feedback workflows: survey invitations (the signed link points at one row, answered once),
 * richer responses, complaints with their SLA clocks and every transition, the closed loop per
 * item, and the care team's owners (escalations go to an owner's manager).
 */
const statements = [
  sql`create table survey_invitations (
    id text primary key,
    tenant_id text not null references tenants(id) on delete cascade,
    dedup_key text not null,
    customer_id text not null,
    kind text not null check (kind in ('nps', 'csat', 'ces')),
    channel text not null,
    locale text not null,
    source text not null check (source in ('playbook', 'api', 'follow_up', 'workflow')),
    complaint_id bigint,
    status text not null default 'open' check (status in ('open', 'answered')),
    created_at timestamptz not null,
    expires_at timestamptz not null,
    answered_at timestamptz,
    foreign key (tenant_id, customer_id) references customers(tenant_id, id) on delete cascade
  )`,
  sql`create unique index survey_invitations_dedup on survey_invitations (tenant_id, dedup_key)`,
  sql`create index survey_invitations_by_customer on survey_invitations (tenant_id, customer_id, created_at)`,
  sql`alter table feedback_responses
    add column channel text not null default 'import',
    add column source text not null default 'import',
    add column invitation_id text,
    add column locale text,
    add column sentiment text check (sentiment in ('negative', 'neutral', 'positive')),
    add column sentiment_score double precision,
    add column category text check (category in ('promoter', 'passive', 'detractor'))`,
  sql`create unique index feedback_responses_invitation on feedback_responses (invitation_id) where invitation_id is not null`,
  sql`create index feedback_responses_by_time on feedback_responses (tenant_id, responded_at)`,
  sql`create table care_owners (
    tenant_id text not null references tenants(id) on delete cascade,
    id text not null,
    name text,
    email text,
    manager_id text,
    primary key (tenant_id, id)
  )`,
  sql`create table complaints (
    id bigint generated always as identity primary key,
    tenant_id text not null,
    customer_id text not null,
    source text not null check (source in ('crm', 'feedback', 'api')),
    -- The CRM ticket/case id, the response id, or the caller's request key: one complaint each.
    source_ref text not null,
    subject text not null,
    description text,
    priority text not null check (priority in ('low', 'normal', 'high', 'critical')),
    priority_reasons text[] not null default '{}',
    sentiment text check (sentiment in ('negative', 'neutral', 'positive')),
    tier text,
    owner_id text,
    status text not null check (status in ('open', 'waiting', 'resolved')),
    policy jsonb not null,
    opened_at timestamptz not null,
    first_response_at timestamptz,
    first_response_due_at timestamptz,
    first_response_state text not null default 'running' check (first_response_state in ('running', 'warned', 'breached', 'met', 'missed')),
    resolved_at timestamptz,
    resolution_due_at timestamptz,
    resolution_state text not null default 'running' check (resolution_state in ('running', 'warned', 'breached', 'met', 'missed')),
    -- When the SLA sweep must look at this complaint again (a warning or breach falls due); null: nothing pending.
    next_check_at timestamptz,
    follow_up_at timestamptz,
    reopened integer not null default 0,
    updated_at timestamptz not null,
    foreign key (tenant_id, customer_id) references customers(tenant_id, id) on delete cascade
  )`,
  sql`create unique index complaints_by_source on complaints (tenant_id, source, source_ref)`,
  sql`create index complaints_due on complaints (tenant_id, next_check_at) where next_check_at is not null`,
  sql`create index complaints_follow_up on complaints (tenant_id, follow_up_at) where follow_up_at is not null`,
  sql`create index complaints_by_customer on complaints (tenant_id, customer_id, opened_at)`,
  sql`create index complaints_by_time on complaints (tenant_id, opened_at)`,
  sql`create table complaint_pauses (
    tenant_id text not null,
    complaint_id bigint not null references complaints(id) on delete cascade,
    started_at timestamptz not null,
    ended_at timestamptz,
    primary key (complaint_id, started_at)
  )`,
  // Every transition of a complaint, keyed so a retried job records it once.
  sql`create table complaint_events (
    id bigint generated always as identity primary key,
    tenant_id text not null,
    complaint_id bigint not null references complaints(id) on delete cascade,
    dedup_key text not null,
    type text not null,
    at timestamptz not null,
    actor text not null,
    detail jsonb not null default '{}'::jsonb
  )`,
  sql`create unique index complaint_events_dedup on complaint_events (tenant_id, dedup_key)`,
  sql`create index complaint_events_by_complaint on complaint_events (complaint_id, at)`,
  // The closed loop per item: collected, analysed, acted on, reported back; each with a time and an owner.
  sql`create table feedback_loops (
    tenant_id text not null,
    item_type text not null check (item_type in ('response', 'complaint')),
    item_id text not null,
    customer_id text not null,
    collected_at timestamptz not null,
    collected_by text not null,
    analysed_at timestamptz,
    analysed_by text,
    acted_at timestamptz,
    acted_by text,
    action text,
    reported_at timestamptz,
    reported_by text,
    report text,
    -- False when the report could not be sent (opted out, no address): told nobody, yet closed.
    report_sent boolean,
    primary key (tenant_id, item_type, item_id),
    foreign key (tenant_id, customer_id) references customers(tenant_id, id) on delete cascade
  )`,
  sql`create index feedback_loops_by_time on feedback_loops (tenant_id, collected_at)`,
  sql`alter table care_tasks add column complaint_id bigint references complaints(id) on delete cascade`,
  sql`alter table outbox_messages drop constraint outbox_messages_kind_check`,
  sql`alter table outbox_messages add constraint outbox_messages_kind_check check (kind in ('message', 'survey', 'notice'))`,
  sql`alter table outbox_messages add column invitation_id text`,
  // A message the contact policy held (quiet or business hours) waits in the outbox until then.
  sql`alter table outbox_messages add column deliver_after timestamptz`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await statement.execute(db);
}
