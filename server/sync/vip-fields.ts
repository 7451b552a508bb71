/**
 * The values we write onto each linked CRM record, computed from stored snapshots in one query,
 * and compared with what was last written: only records whose values changed are pushed, and
 * only their changed fields.
 */
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { resolveLocale, type Locale } from '../../core/i18n/index.js';
import type { CrmProvider, CrmRef, FieldsUpdate, VipFields } from '../../core/ports/crm-connector.js';
import { VIP_FIELD_NAMES } from '../../core/ports/crm-connector.js';
import type { Program } from '../../core/program/schema.js';
import { describeReason, tierName } from '../../core/scoring/describe.js';
import type { Reason } from '../../core/scoring/tiers.js';
import type { Store } from '../store/db.js';

export interface DesiredFields {
  ref: CrmRef;
  customerId: string;
  fields: VipFields;
  digest: string;
}

interface Row {
  object_type: string;
  object_id: string;
  customer_id: string;
  tier: string | null;
  tier_since: string | null;
  score: number | null;
  reasons: Reason[] | null;
  predicted_value: number | null;
  churn_risk: number | null;
  next_title: string | null;
  next_due: Date | null;
  owner_name: string | null;
  pushed_digest: string | null;
  pushed_fields: Partial<VipFields> | null;
}

export function digestOf(fields: VipFields): string {
  return createHash('sha256').update(JSON.stringify(VIP_FIELD_NAMES.map((k) => fields[k]))).digest('base64url');
}

export function fieldsFor(program: Program, locale: Locale, r: Pick<Row, 'tier' | 'tier_since' | 'score' | 'reasons' | 'predicted_value' | 'churn_risk' | 'next_title' | 'next_due' | 'owner_name'>): VipFields {
  const first = r.reasons?.[0];
  return {
    tier: r.tier,
    tierLabel: r.score === null ? null : tierName(program, r.tier, locale),
    tierSince: r.tier ? r.tier_since : null,
    score: r.score,
    reason: first ? describeReason(first, program, locale) : null,
    predictedValue: r.predicted_value === null ? null : Math.round(r.predicted_value * 100) / 100,
    churnRisk: r.churn_risk === null ? null : Math.round(r.churn_risk * 1000) / 1000,
    nextAction: r.next_title,
    nextActionDue: r.next_due ? r.next_due.toISOString().slice(0, 10) : null,
    accountManager: r.owner_name,
  };
}

/** Changed records and, per record, only the fields that differ from the last successful push. */
export async function changedFields(store: Store, opts: { tenantId: string; provider: CrmProvider; customerTypes: readonly string[]; program: Program }): Promise<{ updates: FieldsUpdate[]; desired: Map<string, DesiredFields>; linked: number }> {
  const tenant = await store.db.selectFrom('tenants').select('locale').where('id', '=', opts.tenantId).executeTakeFirst();
  const locale = resolveLocale(tenant?.locale);
  const { rows } = await sql<Row>`
    select l.object_type, l.object_id, l.local_id as customer_id, s.tier, s.tier_since::text as tier_since, s.score, s.reasons,
      p.predicted_value, p.churn_risk, t.title as next_title, t.due_at as next_due, o.name as owner_name,
      ps.digest as pushed_digest, ps.fields as pushed_fields
    from crm_links l
    join customers c on c.tenant_id = l.tenant_id and c.id = l.local_id
    left join customer_scores s on s.tenant_id = l.tenant_id and s.customer_id = l.local_id
    left join customer_predictions p on p.tenant_id = l.tenant_id and p.customer_id = l.local_id
    left join lateral (
      select title, due_at from care_tasks ct where ct.tenant_id = l.tenant_id and ct.customer_id = l.local_id and ct.status = 'open'
      order by due_at, id limit 1
    ) t on true
    left join care_owners o on o.tenant_id = c.tenant_id and o.id = c.account_manager
    left join crm_push_state ps on ps.tenant_id = l.tenant_id and ps.provider = l.provider and ps.object_type = l.object_type and ps.object_id = l.object_id
    where l.tenant_id = ${opts.tenantId} and l.provider = ${opts.provider} and l.object_type in (select jsonb_array_elements_text(${JSON.stringify(opts.customerTypes)}::jsonb))
      -- Not scored yet and never written: nothing to say about this record until the next scoring run.
      and (s.customer_id is not null or ps.object_id is not null)
    order by l.object_type, l.object_id`.execute(store.db);
  const updates: FieldsUpdate[] = [];
  const desired = new Map<string, DesiredFields>();
  for (const r of rows) {
    const fields = fieldsFor(opts.program, locale, r);
    const digest = digestOf(fields);
    const ref = { type: r.object_type, id: r.object_id };
    desired.set(`${r.object_type}:${r.object_id}`, { ref, customerId: r.customer_id, fields, digest });
    if (digest === r.pushed_digest) continue;
    const before = r.pushed_fields ?? {};
    const changed: Partial<VipFields> = {};
    for (const k of VIP_FIELD_NAMES) {
      if (r.pushed_fields === null || before[k] !== fields[k]) (changed as Record<string, unknown>)[k] = fields[k];
    }
    // A record never pushed gets every field, so cleared values are cleared in the CRM too.
    updates.push({ ref, fields: changed });
  }
  return { updates, desired, linked: rows.length };
}

export async function recordPushed(store: Store, opts: { tenantId: string; provider: CrmProvider; written: readonly DesiredFields[]; now: Date }): Promise<void> {
  for (let i = 0; i < opts.written.length; i += 1000) {
    const chunk = opts.written.slice(i, i + 1000).map((w) => ({ t: w.ref.type, i: w.ref.id, d: w.digest, f: w.fields }));
    await sql`
      insert into crm_push_state as p (tenant_id, provider, object_type, object_id, digest, fields, pushed_at)
      select ${opts.tenantId}, ${opts.provider}, x.t, x.i, x.d, x.f, ${opts.now} from jsonb_to_recordset(${JSON.stringify(chunk)}::jsonb) as x(t text, i text, d text, f jsonb)
      on conflict (tenant_id, provider, object_type, object_id) do update set digest = excluded.digest, fields = excluded.fields, pushed_at = excluded.pushed_at`.execute(store.db);
  }
}
