/**
 * Loads CustomerFacts for a tenant in one SQL pass over orders (every windowed aggregate is a
 * FILTER clause of the same scan), joined with feedback, predictions, the current score and any
 * active override. Only orders, feedback and overrides that existed by the as-of date count, so a
 * re-run for a past date gives the same answer.
 */
import { sql, type RawBuilder } from 'kysely';
import type { AggregateSpec, CustomerFacts, TierSource } from '../../core/scoring/facts.js';
import type { Store } from '../store/db.js';

export type FactsScope = { kind: 'all' } | { kind: 'changed-since'; watermark: number } | { kind: 'customers'; ids: string[] };

export interface FactsQuery {
  tenantId: string;
  /** The as-of date, `YYYY-MM-DD`. */
  asOf: string;
  asOfEnd: Date;
  timezone: string;
  specs: readonly AggregateSpec[];
  scope: FactsScope;
  /** The clock's now: overrides count as they stood at min(end of as-of date, now). */
  now: Date;
}

export interface LoadedFacts extends CustomerFacts {
  /** Digest of the stored score row, to skip writing unchanged results. */
  storedDigest: string | null;
  /** The stored row was written for this same as-of date (this is a re-run of that date). */
  sameDay: boolean;
  /** The tier and score stored now (what a preview compares with); null when never scored. */
  current: { tier: string | null; score: number } | null;
}


/** Satisfaction on 0-100 from each survey scale (NPS 0-10, CSAT 1-5, CES 1-7 where 7 = easiest). */
const SATISFACTION_0_100 = sql`case f.kind when 'nps' then f.score * 10.0 when 'csat' then (f.score - 1) * 25.0 else (f.score - 1) * 100.0 / 6 end`;

function inRange(column: RawBuilder<unknown>, spec: AggregateSpec): RawBuilder<unknown> {
  const to = sql`${column} < ${spec.range.to}`;
  return spec.range.from ? sql`${column} >= ${spec.range.from} and ${to}` : to;
}

export async function loadFacts(store: Store, q: FactsQuery): Promise<LoadedFacts[]> {
  const orderSpecs = q.specs.filter((s) => s.metric !== 'satisfaction');
  const feedbackSpecs = q.specs.filter((s) => s.metric === 'satisfaction');
  const aliasOf = new Map(q.specs.map((s, i) => [s.key, `a${i}`]));
  const orderedAt = sql`o.ordered_at`;
  const asOfDate = sql`${q.asOf}::date`;
  // Overrides as they stood at the end of the as-of date, or now if that is still to come.
  const cutoff = new Date(Math.min(q.asOfEnd.getTime(), q.now.getTime()));

  const orderAggregates = orderSpecs.map((s) => {
    const alias = sql.ref(aliasOf.get(s.key) as string);
    const where = inRange(orderedAt, s);
    if (s.metric === 'spend') return sql`coalesce(sum(o.amount_minor) filter (where ${where}), 0)::float8 as ${alias}`;
    if (s.metric === 'orders') return sql`(count(*) filter (where ${where}))::int4 as ${alias}`;
    return sql`(count(distinct date_trunc('month', o.ordered_at at time zone ${q.timezone})) filter (where ${where}))::int4 as ${alias}`;
  });
  const feedbackAggregates = feedbackSpecs.map((s) => {
    const alias = sql.ref(aliasOf.get(s.key) as string);
    return sql`(avg(${SATISFACTION_0_100}) filter (where ${inRange(sql`f.responded_at`, s)}))::float8 as ${alias}`;
  });

  // A scope is a list of ids, so orders and feedback (the large tables) are read through their
  // (tenant, customer) index instead of scanned whole for a few changed customers.
  const ids = q.scope.kind === 'customers' ? q.scope.ids : q.scope.kind === 'changed-since' ? await changedIds(store, q.tenantId, q.scope.watermark) : null;
  const inScope = (column: RawBuilder<unknown>) => (ids === null ? sql`` : sql`and ${column} = any(${ids})`);

  const feedbackCte = feedbackSpecs.length
    ? sql`fb as (
        select f.customer_id, ${sql.join(feedbackAggregates)}
        from feedback_responses f
        where f.tenant_id = ${q.tenantId} and f.responded_at < ${q.asOfEnd} ${inScope(sql`f.customer_id`)}
        group by f.customer_id
      ),`
    : sql``;
  const feedbackColumns = feedbackSpecs.map((s) => sql`fb.${sql.ref(aliasOf.get(s.key) as string)}`);
  const orderColumns = orderSpecs.map((s) => sql`oa.${sql.ref(aliasOf.get(s.key) as string)}`);

  // Rows leave the database as JSON arrays in chunks: moving one wide row at a time costs more
  // than the aggregation itself (on PGlite especially).
  const columns = ['id', 'customer_since', 'influence', 'first_order', 'last_order', ...q.specs.map((s) => aliasOf.get(s.key) as string),
    'predicted_value', 'churn_risk', 'prev_tier', 'prev_since', 'prev_source', 'prev_score', 'prev_digest', 'same_day', 'current_tier', 'current_score',
    'ov_id', 'ov_tier', 'ov_reason', 'ov_author', 'ov_expires_at'] as const;
  const chunks = Math.max(1, Math.ceil((ids?.length ?? (await tenantSize(store, q.tenantId))) / CHUNK));
  const query = sql<{ chunk: string }>`
    with oa as (
      select o.customer_id,
        ${sql.join([...orderAggregates, sql`min(o.ordered_at) as first_at`, sql`max(o.ordered_at) as last_at`])}
      from orders o
      where o.tenant_id = ${q.tenantId} and o.ordered_at < ${q.asOfEnd} ${inScope(sql`o.customer_id`)}
      group by o.customer_id
    ),
    ${feedbackCte}
    ov as (
      select distinct on (customer_id) id, customer_id, tier, reason, author, expires_at
      from tier_overrides
      where tenant_id = ${q.tenantId} and created_at < ${cutoff} ${inScope(sql`customer_id`)}
        and (revoked_at is null or revoked_at >= ${cutoff})
        and (expires_at is null or expires_at >= ${q.asOfEnd})
      order by customer_id, id desc
    ),
    facts as (
      select c.id, c.customer_since, c.influence,
        to_char(oa.first_at at time zone ${q.timezone}, 'YYYY-MM-DD') as first_order,
        to_char(oa.last_at at time zone ${q.timezone}, 'YYYY-MM-DD') as last_order,
        ${sql.join([...orderColumns, ...feedbackColumns, sql`p.predicted_value`])},
        p.churn_risk,
        -- A row written for this very as-of date was decided from its prior assignment: start there again.
        case when s.as_of = ${asOfDate} then s.prior_tier else s.tier end as prev_tier,
        case when s.as_of = ${asOfDate} then s.prior_since else s.tier_since end as prev_since,
        case when s.as_of = ${asOfDate} then s.prior_source else s.tier_source end as prev_source,
        case when s.as_of = ${asOfDate} then s.prior_score else s.score end as prev_score,
        s.digest as prev_digest, coalesce(s.as_of = ${asOfDate}, false) as same_day, s.tier as current_tier, s.score as current_score,
        ov.id as ov_id, ov.tier as ov_tier, ov.reason as ov_reason, ov.author as ov_author, ov.expires_at as ov_expires_at
      from customers c
      left join oa on oa.customer_id = c.id
      ${feedbackSpecs.length ? sql`left join fb on fb.customer_id = c.id` : sql``}
      left join customer_predictions p on p.tenant_id = c.tenant_id and p.customer_id = c.id
      left join customer_scores s on s.tenant_id = c.tenant_id and s.customer_id = c.id
      left join ov on ov.customer_id = c.id
      where c.tenant_id = ${q.tenantId} ${inScope(sql`c.id`)}
    )
    select json_agg(json_build_array(${sql.join(columns.map((c) => sql.ref(`f.${c}`)))}))::text as chunk
    from facts f
    group by abs(hashtext(f.id)) % ${chunks}
  `;
  const { rows } = await store.db.transaction().execute(async (trx) => {
    // One big aggregation: give it memory so it does not spill to disk, and skip JIT compilation,
    // which costs more than it saves here.
    await sql`set local work_mem = '256MB'`.execute(trx);
    await sql`set local jit = off`.execute(trx);
    return query.execute(trx);
  });
  const at = Object.fromEntries(columns.map((c, i) => [c, i])) as Record<(typeof columns)[number], number>;
  const facts: LoadedFacts[] = [];
  for (const { chunk } of rows) {
    for (const tuple of JSON.parse(chunk) as Tuple[]) facts.push(toFacts(tuple, at, q.specs, aliasOf));
  }
  return facts;
}

type Tuple = (string | number | boolean | null)[];

/** Customers per JSON chunk: large enough to amortise per-row cost, small enough for the drivers to handle fast. */
const CHUNK = 5_000;

async function tenantSize(store: Store, tenantId: string): Promise<number> {
  const row = await store.db.selectFrom('customers').select((eb) => eb.fn.countAll<number>().as('n')).where('tenant_id', '=', tenantId).executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Customers whose data changed after the watermark (their change number moved past it). */
async function changedIds(store: Store, tenantId: string, watermark: number): Promise<string[]> {
  const rows = await store.db.selectFrom('customers').select('id').where('tenant_id', '=', tenantId).where('change_seq', '>', watermark).execute();
  return rows.map((r) => r.id);
}

function toFacts(t: Tuple, at: Record<string, number>, specs: readonly AggregateSpec[], aliasOf: Map<string, string>): LoadedFacts {
  const str = (c: string) => (t[at[c] as number] ?? null) as string | null;
  const num = (c: string) => (t[at[c] as number] ?? null) as number | null;
  const aggregates: Record<string, number | null> = {};
  for (const s of specs) aggregates[s.key] = num(aliasOf.get(s.key) as string);
  const prevSince = str('prev_since');
  const expires = str('ov_expires_at');
  return {
    customerId: str('id') as string,
    aggregates,
    firstOrderDate: str('first_order'),
    lastOrderDate: str('last_order'),
    customerSince: str('customer_since'),
    influence: num('influence'),
    predictedValue: num('predicted_value'),
    churnRisk: num('churn_risk'),
    previous:
      prevSince !== null
        ? { tier: str('prev_tier'), since: prevSince, source: (str('prev_source') ?? 'score') as TierSource, score: num('prev_score') ?? 0 }
        : null,
    override:
      num('ov_id') !== null
        ? { tier: str('ov_tier'), reason: str('ov_reason') ?? '', author: str('ov_author') ?? '', expiresAt: expires === null ? null : new Date(expires) }
        : null,
    storedDigest: str('prev_digest'),
    sameDay: t[at.same_day as number] === true,
    current: num('current_score') === null ? null : { tier: str('current_tier'), score: num('current_score') as number },
  };
}
