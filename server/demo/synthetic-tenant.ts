/**
 * A deterministic synthetic tenant, generated inside the database (generate_series plus md5-based
 * pseudo-random numbers), so a million orders appear in seconds on either store and the same
 * parameters always give the same data. Used by the benchmark and by the demo when the CDNOW
 * sample is not beside the repository.
 */
import { sql } from 'kysely';
import { dayNumber } from '../../core/scoring/calendar.js';
import type { Store } from '../store/db.js';

export interface SyntheticTenant {
  tenantId: string;
  customers: number;
  orders: number;
  /** Orders fall in the two years that end on this date. */
  endDate: string;
  /** Give customers e-mails `<id>@<domain>`, so CRM records can link to them; unset: no e-mails. */
  emailDomain?: string;
}

/** A uniform number in [0, 1) from a seed string. */
const uniform = (seed: ReturnType<typeof sql>) => sql`(('x' || substr(md5(${seed}), 1, 8))::bit(32)::bigint / 4294967296.0)`;

export async function generateSyntheticTenant(store: Store, spec: SyntheticTenant): Promise<void> {
  const { tenantId, customers, orders, endDate } = spec;
  const email = spec.emailDomain === undefined ? sql`null` : sql`'c' || lpad(i::text, 8, '0') || '@' || ${spec.emailDomain}::text`;
  const days = 730;
  const endDay = dayNumber(endDate);
  await store.db.transaction().execute(async (trx) => {
    await sql`
      insert into customers (tenant_id, id, email, customer_since, influence)
      select ${tenantId}, 'c' || lpad(i::text, 8, '0'), ${email},
        case when ${uniform(sql`i::text || 'since'`)} < 0.3 then (date '1970-01-01' + (${endDay} - 1000 - floor(${uniform(sql`i::text || 'sd'`)} * 500))::int) end,
        case when ${uniform(sql`i::text || 'inf'`)} < 0.1 then floor(${uniform(sql`i::text || 'infv'`)} * 10) end
      from generate_series(1, ${customers}::int) as i
      on conflict do nothing
    `.execute(trx);
    // Skewed buyers: low customer numbers buy far more often; amounts are heavy-tailed.
    await sql`
      insert into orders (tenant_id, id, customer_id, ordered_at, amount_minor, items, source)
      select ${tenantId}, 'o' || lpad(i::text, 9, '0'),
        'c' || lpad((1 + floor(power(${uniform(sql`i::text || 'c'`)}, 2) * ${customers}))::int::text, 8, '0'),
        timestamptz '1970-01-01 00:00:00+00' + ((${endDay} - floor(${uniform(sql`i::text || 'd'`)} * ${days}))::int) * interval '1 day'
          + floor(${uniform(sql`i::text || 'h'`)} * 86400) * interval '1 second',
        (500 + floor(power(${uniform(sql`i::text || 'a'`)}, 3) * 50000))::bigint,
        1 + floor(${uniform(sql`i::text || 'n'`)} * 4)::int,
        'synthetic'
      from generate_series(1, ${orders}::int) as i
      on conflict do nothing
    `.execute(trx);
  });
}
