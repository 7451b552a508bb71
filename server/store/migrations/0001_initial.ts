import { sql, type Kysely } from 'kysely';

/**
 * The base schema. Every table but `tenants` carries tenant_id and is keyed by it first, so every
 * query is tenant-scoped by construction and indexes serve per-tenant scans.
 */
const statements = [
  sql`create table tenants (
    id text primary key,
    name text not null,
    locale text not null default 'en',
    timezone text not null default 'UTC',
    currency text not null default 'USD',
    active_program_version integer,
    created_at timestamptz not null default now()
  )`,
  sql`create table program_versions (
    tenant_id text not null references tenants(id) on delete cascade,
    version integer not null,
    name text not null,
    source text not null,
    program jsonb not null,
    published_by text not null,
    published_at timestamptz not null default now(),
    primary key (tenant_id, version)
  )`,
  // change_seq moves whenever the customer or anything that feeds their score changes;
  // incremental scoring picks up customers whose change_seq passed the last run's watermark.
  sql`create sequence customer_change_seq`,
  sql`create table customers (
    tenant_id text not null references tenants(id) on delete cascade,
    id text not null,
    name text,
    email text,
    locale text,
    timezone text,
    birthday date,
    customer_since date,
    influence double precision,
    account_manager text,
    change_seq bigint not null default nextval('customer_change_seq'),
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    primary key (tenant_id, id)
  )`,
  sql`create index customers_by_change on customers (tenant_id, change_seq)`,
  sql`create table orders (
    tenant_id text not null,
    id text not null,
    customer_id text not null,
    ordered_at timestamptz not null,
    amount_minor bigint not null check (amount_minor >= 0),
    items integer check (items >= 0),
    source text not null default 'import',
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    primary key (tenant_id, id),
    foreign key (tenant_id, customer_id) references customers(tenant_id, id) on delete cascade
  )`,
  sql`create index orders_by_customer on orders (tenant_id, customer_id, ordered_at)`,
  sql`create table interactions (
    tenant_id text not null,
    id text not null,
    customer_id text not null,
    kind text not null,
    occurred_at timestamptz not null,
    summary text,
    created_at timestamptz not null default now(),
    primary key (tenant_id, id),
    foreign key (tenant_id, customer_id) references customers(tenant_id, id) on delete cascade
  )`,
  sql`create index interactions_by_customer on interactions (tenant_id, customer_id, occurred_at)`,
  sql`create table feedback_responses (
    tenant_id text not null,
    id text not null,
    customer_id text not null,
    kind text not null check (kind in ('nps', 'csat', 'ces')),
    score integer not null,
    comment text,
    responded_at timestamptz not null,
    created_at timestamptz not null default now(),
    primary key (tenant_id, id),
    foreign key (tenant_id, customer_id) references customers(tenant_id, id) on delete cascade
  )`,
  sql`create index feedback_by_customer on feedback_responses (tenant_id, customer_id, responded_at)`,
  sql`create table customer_predictions (
    tenant_id text not null,
    customer_id text not null,
    predicted_value double precision,
    churn_risk double precision,
    model text not null,
    fitted_at timestamptz not null,
    primary key (tenant_id, customer_id),
    foreign key (tenant_id, customer_id) references customers(tenant_id, id) on delete cascade
  )`,
  // Fitted prediction models per tenant, with their date: the latest feeds customer_predictions.
  sql`create table prediction_fits (
    id bigint generated always as identity primary key,
    tenant_id text not null references tenants(id) on delete cascade,
    as_of date not null,
    model text not null,
    params jsonb not null,
    stderr jsonb not null,
    log_likelihood double precision not null,
    evaluations integer not null,
    spend_params jsonb not null,
    spend_excluded jsonb not null,
    customers integer not null,
    fitted_at timestamptz not null default now()
  )`,
  sql`create index prediction_fits_by_tenant on prediction_fits (tenant_id, as_of)`,
  sql`create table score_runs (
    id bigint generated always as identity primary key,
    tenant_id text not null references tenants(id) on delete cascade,
    program_version integer not null,
    as_of date not null,
    mode text not null check (mode in ('full', 'incremental')),
    status text not null check (status in ('running', 'completed', 'failed')),
    watermark bigint not null,
    reference_run_id bigint,
    reference jsonb,
    customers integer not null default 0,
    changed integer not null default 0,
    tier_changes integer not null default 0,
    error text,
    started_at timestamptz not null default now(),
    finished_at timestamptz
  )`,
  sql`create index score_runs_by_tenant on score_runs (tenant_id, id)`,
  // Per-measure numbers are arrays in the order of the program version's measures: compact to
  // write (a daily re-score rewrites most rows) and mapped back to named contributions on read.
  sql`create table customer_scores (
    tenant_id text not null,
    customer_id text not null,
    run_id bigint not null,
    as_of date not null,
    program_version integer not null,
    score numeric(5, 2) not null,
    tier text,
    tier_since date not null,
    tier_source text not null,
    primary_reason text not null,
    reasons jsonb not null,
    measure_values float8[] not null,
    normalized float8[] not null,
    points float8[] not null,
    flags jsonb not null,
    digest text not null,
    -- The assignment this row was decided from, so re-running the same as-of date starts from the
    -- same place and gives the same answer (idempotent re-runs).
    prior_tier text,
    prior_since date,
    prior_source text,
    prior_score numeric(5, 2),
    updated_at timestamptz not null default now(),
    primary key (tenant_id, customer_id),
    foreign key (tenant_id, customer_id) references customers(tenant_id, id) on delete cascade
  )`,
  sql`create index customer_scores_by_tier on customer_scores (tenant_id, tier, score desc)`,
  sql`create table score_history (
    tenant_id text not null,
    customer_id text not null,
    run_id bigint not null,
    as_of date not null,
    program_version integer not null,
    score numeric(5, 2) not null,
    tier text,
    measure_values float8[] not null,
    points float8[] not null,
    primary key (tenant_id, customer_id, run_id),
    foreign key (tenant_id, customer_id) references customers(tenant_id, id) on delete cascade
  )`,
  sql`create index score_history_by_date on score_history (tenant_id, customer_id, as_of)`,
  sql`create table tier_assignments (
    id bigint generated always as identity primary key,
    tenant_id text not null,
    customer_id text not null,
    run_id bigint,
    as_of date not null,
    program_version integer,
    from_tier text,
    to_tier text,
    reason_code text not null,
    reasons jsonb not null,
    score numeric(5, 2),
    contributions jsonb not null,
    created_at timestamptz not null default now(),
    foreign key (tenant_id, customer_id) references customers(tenant_id, id) on delete cascade
  )`,
  // One net change per customer and as-of date: a re-run of the same date replaces it.
  sql`create unique index tier_assignments_by_customer on tier_assignments (tenant_id, customer_id, as_of)`,
  sql`create table tier_overrides (
    id bigint generated always as identity primary key,
    tenant_id text not null,
    customer_id text not null,
    tier text,
    reason text not null,
    author text not null,
    created_at timestamptz not null default now(),
    expires_at timestamptz,
    revoked_at timestamptz,
    revoked_by text,
    foreign key (tenant_id, customer_id) references customers(tenant_id, id) on delete cascade
  )`,
  sql`create index tier_overrides_active on tier_overrides (tenant_id, customer_id) where revoked_at is null`,
  sql`create table audit_log (
    id bigint generated always as identity primary key,
    tenant_id text not null references tenants(id) on delete cascade,
    actor text not null,
    action text not null,
    target text,
    details jsonb not null default '{}'::jsonb,
    at timestamptz not null default now()
  )`,
  sql`create index audit_log_by_tenant on audit_log (tenant_id, at)`,
  // API keys: only a SHA-256 of the secret is kept; the key names its row so lookup needs no scan.
  sql`create table api_keys (
    id text primary key,
    tenant_id text not null references tenants(id) on delete cascade,
    label text not null,
    secret_sha256 bytea not null,
    created_by text not null,
    created_at timestamptz not null default now(),
    last_used_at timestamptz,
    revoked_at timestamptz
  )`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await statement.execute(db);
}
