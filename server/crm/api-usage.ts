/**
 * API usage per tenant and CRM, counted in memory as calls happen and added to the day's row when
 * a job step ends (one write per step, not per call). The admin's budget view reads these rows
 * together with the CRM's own last report (rate-limit headers).
 */
import { sql } from 'kysely';
import type { ApiUsageEvent, ApiUsageSink, CrmProvider } from '../../core/ports/crm-connector.js';
import type { Store } from '../store/db.js';

export class ApiUsageMeter implements ApiUsageSink {
  private calls = 0;
  private throttled = 0;
  private retried = 0;
  private failed = 0;
  private reported: Record<string, unknown> | null = null;
  /** Since this meter was made (flushing does not reset it), for logs and reports. */
  readonly totals = { calls: 0, throttled: 0, retried: 0, failed: 0 };

  constructor(
    private readonly tenantId: string,
    private readonly provider: CrmProvider,
    private readonly now: () => Date = () => new Date(),
  ) {}

  record(event: ApiUsageEvent): void {
    if (event.kind === 'call') {
      this.calls++;
      this.totals.calls++;
      if (event.reported) this.reported = { ...event.reported, at: this.now().toISOString() };
    } else if (event.kind === 'throttled') {
      this.throttled++;
      this.totals.throttled++;
    } else if (event.kind === 'retried') {
      this.retried++;
      this.totals.retried++;
    } else {
      this.failed++;
      this.totals.failed++;
    }
  }

  async flush(store: Store): Promise<void> {
    if (this.calls + this.throttled + this.retried + this.failed === 0 && !this.reported) return;
    const { calls, throttled, retried, failed, reported } = this;
    this.calls = this.throttled = this.retried = this.failed = 0;
    this.reported = null;
    const now = this.now();
    await sql`
      insert into crm_api_usage as u (tenant_id, provider, day, calls, throttled, retried, failed, reported, updated_at)
      values (${this.tenantId}, ${this.provider}, ${now.toISOString().slice(0, 10)}, ${calls}, ${throttled}, ${retried}, ${failed}, ${reported ? JSON.stringify(reported) : null}::jsonb, ${now})
      on conflict (tenant_id, provider, day) do update set
        calls = u.calls + excluded.calls, throttled = u.throttled + excluded.throttled,
        retried = u.retried + excluded.retried, failed = u.failed + excluded.failed,
        reported = coalesce(excluded.reported, u.reported), updated_at = excluded.updated_at
    `.execute(store.db);
  }
}
