/**
 * An org's daily API request allocation over a rolling 24 hours (on the sandbox clock), kept in
 * hourly buckets. Calls over the allocation are refused and not counted.
 * https://developer.salesforce.com/docs/atlas.en-us.salesforce_app_limits_cheatsheet.meta/salesforce_app_limits_cheatsheet/salesforce_app_limits_platform_api.htm
 */
const HOUR = 3_600_000;
const WINDOW_HOURS = 24;

export class ApiAllocation {
  private readonly buckets = new Map<number, number>();

  constructor(
    readonly limit: number,
    private readonly now: () => number,
  ) {}

  used(): number {
    const current = Math.floor(this.now() / HOUR);
    let used = 0;
    for (const [hour, count] of this.buckets) {
      if (hour <= current - WINDOW_HOURS) this.buckets.delete(hour);
      else used += count;
    }
    return used;
  }

  remaining(): number {
    return Math.max(0, this.limit - this.used());
  }

  /** Counts one call; false (and nothing counted) when the allocation is used up. */
  take(): boolean {
    if (this.used() >= this.limit) return false;
    const hour = Math.floor(this.now() / HOUR);
    this.buckets.set(hour, (this.buckets.get(hour) ?? 0) + 1);
    return true;
  }

  /** Makes the last 24 hours look as if all but `remaining` calls were used. */
  setRemaining(remaining: number): void {
    this.buckets.clear();
    this.buckets.set(Math.floor(this.now() / HOUR), Math.max(0, this.limit - Math.max(0, Math.floor(remaining))));
  }
}
