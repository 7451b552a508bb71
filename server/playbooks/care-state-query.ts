/**
 * Reads `CustomerCareState` rows: the customer, their current tier and flags, churn risk, and the
 * latest order and touch before `now` (bounded by `now` so a simulation never sees the future).
 * One statement; aggregates are grouped once per table rather than per customer.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { CustomerCareState } from '../../core/playbooks/care-state.js';
import type { Channel } from '../../core/ports/notifier.js';
import type { Database } from '../store/schema.js';

type Executor = Kysely<Database> | Transaction<Database>;

export type CareStateScope =
  /** Customers in these tiers (`null` in the list: not a VIP), plus the extra ids. */
  | { tiers: (string | null)[]; extraIds: string[] }
  | { ids: string[] }
  | { all: true };

interface Row {
  id: string;
  name: string | null;
  email: string | null;
  phone: string | null;
  locale: string | null;
  timezone: string | null;
  country: string | null;
  birthday: string | null;
  since: string | null;
  account_manager: string | null;
  preferred_channel: Channel | null;
  do_not_contact: boolean;
  tier: string | null;
  tier_since: string | null;
  score: number | null;
  flags: { code: string }[] | null;
  churn_risk: number | null;
  last_order_at: Date | null;
  last_touch_at: Date | null;
  last_survey_at: Date | null;
}

export async function loadCareStates(db: Executor, opts: { tenantId: string; now: Date; programTimezone: string; scope: CareStateScope }): Promise<Map<string, CustomerCareState>> {
  const { tenantId, now, scope } = opts;
  let filter;
  // With an id list, the aggregates read only those customers' rows (a step batch, not the tenant).
  let only = sql``;
  if ('all' in scope) filter = sql`true`;
  else if ('ids' in scope) {
    if (scope.ids.length === 0) return new Map();
    filter = sql`c.id = any(${scope.ids}::text[])`;
    only = sql`and customer_id = any(${scope.ids}::text[])`;
  } else {
    const named = scope.tiers.filter((t): t is string => t !== null);
    const none = scope.tiers.includes(null);
    filter = sql`(s.tier = any(${named}::text[]) ${none ? sql`or s.tier is null` : sql``} or c.id = any(${scope.extraIds}::text[]))`;
  }
  // Touches: interactions (a completed care task writes one) and messages that went out.
  const { rows } = await sql<Row>`
    select c.id, c.name, c.email, c.phone, c.locale, c.timezone, c.country, c.birthday::text as birthday,
      coalesce(c.customer_since, (o.first_at at time zone ${opts.programTimezone})::date)::text as since,
      c.account_manager, c.preferred_channel, c.do_not_contact,
      s.tier, s.tier_since::text as tier_since, s.score, s.flags, p.churn_risk,
      o.last_at as last_order_at,
      greatest(i.last_at, m.last_at) as last_touch_at,
      sv.last_at as last_survey_at
    from customers c
    left join customer_scores s on s.tenant_id = c.tenant_id and s.customer_id = c.id
    left join customer_predictions p on p.tenant_id = c.tenant_id and p.customer_id = c.id
    left join (
      select customer_id, min(ordered_at) as first_at, max(ordered_at) as last_at
      from orders where tenant_id = ${tenantId} and ordered_at < ${now} ${only} group by customer_id
    ) o on o.customer_id = c.id
    left join (
      select customer_id, max(occurred_at) as last_at
      from interactions where tenant_id = ${tenantId} and occurred_at < ${now} ${only} group by customer_id
    ) i on i.customer_id = c.id
    left join (
      select customer_id, max(at) as last_at
      from contact_log where tenant_id = ${tenantId} and channel is not null and at < ${now} ${only} group by customer_id
    ) m on m.customer_id = c.id
    left join (
      select customer_id, max(created_at) as last_at
      from survey_invitations where tenant_id = ${tenantId} and created_at <= ${now} ${only} group by customer_id
    ) sv on sv.customer_id = c.id
    where c.tenant_id = ${tenantId} and ${filter}`.execute(db);

  const states = new Map<string, CustomerCareState>();
  for (const r of rows) {
    states.set(r.id, {
      customerId: r.id,
      name: r.name,
      email: r.email,
      phone: r.phone,
      locale: r.locale,
      timezone: r.timezone ?? opts.programTimezone,
      country: r.country,
      birthday: r.birthday,
      relationshipSince: r.since,
      accountManager: r.account_manager,
      preferredChannel: r.preferred_channel,
      doNotContact: r.do_not_contact,
      tier: r.tier,
      tierSince: r.tier_since,
      score: r.score,
      flags: {
        atRisk: (r.flags ?? []).some((f) => f.code === 'at_risk'),
        potential: (r.flags ?? []).some((f) => f.code === 'potential_vip'),
      },
      churnRisk: r.churn_risk,
      lastOrderAt: r.last_order_at,
      lastTouchAt: r.last_touch_at,
      lastSurveyAt: r.last_survey_at,
    });
  }
  return states;
}
