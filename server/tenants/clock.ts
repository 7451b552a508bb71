import type { Clock } from '../../core/ports/clock.js';
import type { Store } from '../store/db.js';

/** A tenant with a frozen clock (the demo's historical data) lives at that instant. */
export async function tenantNow(store: Store, tenantId: string, clock: Clock): Promise<Date> {
  const row = await store.db.selectFrom('tenants').select('frozen_clock').where('id', '=', tenantId).executeTakeFirst();
  return row?.frozen_clock ?? clock.now();
}
