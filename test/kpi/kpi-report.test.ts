/**
 * The KPI report on both stores against the hand-built tenant of fixtures.ts: every expected value
 * below is worked out by hand from the rows there (see the comments in fixtures.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KpiReportSchema, monthsOf, tierMigrationFrom, type KpiReport } from '../../core/kpi/report.js';
import { cesSummary, npsSummary, wilsonInterval } from '../../core/kpi/statistics.js';
import { VipCareError } from '../../core/errors.js';
import { kpiReport } from '../../server/kpi/kpi-report.js';
import type { Store } from '../../server/store/db.js';
import { storeTargets } from '../store-harness.js';
import { FROM, KPI_TENANT, TIMEZONE, TO, seedKpiTenant } from './fixtures.js';

const pct = (successes: number, n: number) => (100 * successes) / n;

describe.each(storeTargets())('the KPI report ($kind)', (target) => {
  let store: Store;
  let overall: KpiReport;
  let byTier: KpiReport;
  let byMonth: KpiReport;

  beforeAll(async () => {
    store = await target.open();
    await seedKpiTenant(store);
    overall = await kpiReport(store, { tenantId: KPI_TENANT, from: FROM, to: TO, by: null });
    byTier = await kpiReport(store, { tenantId: KPI_TENANT, from: FROM, to: TO, by: 'tier' });
    byMonth = await kpiReport(store, { tenantId: KPI_TENANT, from: FROM, to: TO, by: 'month' });
  });
  afterAll(async () => {
    await store?.close();
  });

  it('matches its schema and describes the request', () => {
    for (const r of [overall, byTier, byMonth]) expect(KpiReportSchema.parse(r)).toEqual(r);
    expect(overall).toMatchObject({ tenantId: KPI_TENANT, from: FROM, to: TO, timezone: TIMEZONE, by: null, groups: [], tiers: ['diamond', 'platinum', 'gold', 'none'] });
    expect(byTier.groups).toEqual(['diamond', 'platinum', 'gold', 'none']);
    expect(byMonth.groups).toEqual(['2026-01', '2026-02']);
    expect(overall.satisfaction.groups).toEqual([]);
  });

  it('NPS, CSAT and CES over the local-date range, this tenant only', () => {
    const { nps, csat, ces } = overall.satisfaction.overall;
    // 10 answers: 5 promoters, 2 passives, 3 detractors; the two answers just outside the local range
    // and the other tenant's answer are not counted.
    expect(nps).toMatchObject({ n: 10, promoters: 5, passives: 2, detractors: 3, value: 20 });
    expect(nps.interval).toEqual(npsSummary({ promoters: 5, passives: 2, detractors: 3 }).interval);
    expect(nps.interval!.low).toBeLessThan(20);
    expect(nps.interval!.high).toBeGreaterThan(20);
    expect(csat).toMatchObject({ n: 5, value: 60 });
    expect(csat.mean).toBeCloseTo(3.8, 12);
    const w = wilsonInterval(3, 5)!;
    expect(csat.interval!.low).toBeCloseTo(100 * w.low, 10);
    expect(csat.interval!.high).toBeCloseTo(100 * w.high, 10);
    // CES 7 5 6 2: mean 5; s² = (114 − 4·25)/3 = 14/3; half-width t(0.975, 3)·√(14/3/4) = 3.1824·1.0801.
    expect(ces).toMatchObject({ n: 4, value: 5 });
    expect(ces.interval!.low).toBeCloseTo(5 - 3.182446305284263 * Math.sqrt(14 / 12), 9);
    expect(ces.interval!.high).toBe(7);
    expect(ces).toEqual(cesSummary({ n: 4, sum: 20, sumSquares: 114 }));
  });

  it('satisfaction by the tier at response time and by local month', () => {
    const nps = Object.fromEntries(byTier.satisfaction.groups.map((g) => [g.group, g.nps]));
    expect(nps.diamond).toMatchObject({ n: 2, promoters: 2, value: 100 });
    expect(nps.platinum).toMatchObject({ n: 1, promoters: 1, value: 100 });
    expect(nps.gold).toMatchObject({ n: 2, passives: 1, detractors: 1, value: -50 });
    expect(nps.none).toMatchObject({ n: 5, promoters: 2, passives: 1, detractors: 2, value: 0 });
    expect(byTier.satisfaction.overall).toEqual(overall.satisfaction.overall);
    // CSAT and CES all come from c10, in no tier.
    expect(byTier.satisfaction.groups.find((g) => g.group === 'none')!.csat.n).toBe(5);
    expect(byTier.satisfaction.groups.find((g) => g.group === 'diamond')!.csat).toEqual({ n: 0, value: null, mean: null, interval: null });

    const [jan, feb] = byMonth.satisfaction.groups;
    expect(jan).toMatchObject({ group: '2026-01', nps: { n: 5, promoters: 4, passives: 1, detractors: 0, value: 80 }, csat: { n: 5 }, ces: { n: 0, value: null } });
    expect(feb).toMatchObject({ group: '2026-02', nps: { n: 5, promoters: 1, passives: 1, detractors: 3, value: -40 }, csat: { n: 0 }, ces: { n: 4, value: 5 } });
  });

  it('complaint SLA compliance, pending clocks apart, and response times', () => {
    const c = overall.complaints.overall;
    expect(c.opened).toBe(5);
    expect(c.firstResponse).toMatchObject({ met: 2, missed: 1, breached: 1, pending: 1, compliance: { n: 4, successes: 2, value: 50 } });
    expect(c.firstResponse.medianMinutes).toBeCloseTo(60, 9);
    expect(c.firstResponse.p90Minutes).toBeCloseTo(84, 9); // 60 + 0.8·(90 − 60)
    expect(c.resolution).toMatchObject({ met: 1, missed: 1, breached: 1, pending: 2, compliance: { n: 3, successes: 1 } });
    expect(c.resolution.compliance.value).toBeCloseTo(pct(1, 3), 12);
    expect(c.resolution.medianMinutes).toBeCloseTo(360, 9);
    expect(c.resolution.p90Minutes).toBeCloseTo(552, 9); // 120 + 0.9·480

    const g = Object.fromEntries(byTier.complaints.groups.map((x) => [x.group, x]));
    expect(g.diamond!.firstResponse.compliance).toMatchObject({ n: 1, successes: 1, value: 100 });
    expect(g.gold!.firstResponse.compliance).toMatchObject({ n: 2, successes: 0, value: 0 });
    expect(g.none).toMatchObject({ opened: 2, firstResponse: { met: 1, pending: 1, compliance: { n: 1, value: 100 } }, resolution: { pending: 2, compliance: { n: 0, value: null } } });
    expect(g.platinum!.opened).toBe(0);
    expect(byMonth.complaints.groups.map((x) => x.opened)).toEqual([3, 2]);
  });

  it('retention and churn by the tier at the start of the period', () => {
    const r = overall.retention;
    // Cohorts: diamond c1 (ordered), platinum c4 (no), gold c2 (no) and c3 (yes), none c5 (earlier
    // order, ordered) and c6 (earlier order, no). c7 only ordered in the period: not in a cohort.
    expect(r.overall).toMatchObject({ cohort: 6, retained: 3, churned: 3, retention: { value: 50 }, churn: { value: 50 } });
    expect(r.tiers.map((t) => [t.tier, t.cohort, t.retained])).toEqual([
      ['diamond', 1, 1],
      ['platinum', 1, 0],
      ['gold', 2, 1],
      ['none', 2, 1],
    ]);
    expect(r.months).toEqual([]);
    expect(byTier.retention).toEqual(r);
  });

  it('retention per month with by=month', () => {
    const [jan, feb] = byMonth.retention.months;
    expect(jan).toMatchObject({ month: '2026-01', from: '2026-01-01', to: '2026-01-31', overall: { cohort: 6, retained: 2 } });
    expect(jan!.tiers.map((t) => [t.tier, t.cohort, t.retained])).toEqual([
      ['diamond', 1, 1],
      ['platinum', 1, 0],
      ['gold', 2, 0],
      ['none', 2, 1],
    ]);
    // At the start of February c2 is platinum, c5 gold, and c7 (ordered in January) joins none.
    expect(feb).toMatchObject({ month: '2026-02', from: '2026-02-01', to: '2026-02-28', overall: { cohort: 7, retained: 2 } });
    expect(feb!.tiers.map((t) => [t.tier, t.cohort, t.retained])).toEqual([
      ['diamond', 1, 1],
      ['platinum', 2, 0],
      ['gold', 2, 1],
      ['none', 2, 0],
    ]);
    expect(feb!.overall.retention.value).toBeCloseTo(pct(2, 7), 12);
  });

  it('repeat-purchase rate', () => {
    // Buyers in the period: c1 (2 orders), c3 (1), c5 (1), c7 (2).
    expect(overall.repeatPurchase.overall).toMatchObject({ n: 4, successes: 2, value: 50 });
    expect(byTier.repeatPurchase.groups.map((g) => [g.group, g.n, g.successes])).toEqual([
      ['diamond', 1, 1],
      ['platinum', 0, 0],
      ['gold', 1, 0],
      ['none', 2, 1],
    ]);
    expect(byTier.repeatPurchase.groups[1]!.value).toBeNull();
    expect(byMonth.repeatPurchase.groups.map((g) => [g.group, g.n, g.successes])).toEqual([
      ['2026-01', 3, 1],
      ['2026-02', 2, 0],
    ]);
  });

  it('care-task completion of the tasks due in the range', () => {
    expect(overall.careTasks.overall).toMatchObject({ due: 4, completed: 2, onTime: 1, open: 1, closed: 1, completion: { value: 50 }, onTimeRate: { value: 25 } });
    expect(byTier.careTasks.groups.map((g) => [g.group, g.due, g.completed, g.onTime])).toEqual([
      ['diamond', 1, 1, 1],
      ['platinum', 0, 0, 0],
      ['gold', 2, 1, 0],
      ['none', 1, 0, 0],
    ]);
    expect(byMonth.careTasks.groups.map((g) => g.due)).toEqual([3, 1]);
  });

  it('tier migration matrix from the day before to the last day', () => {
    expect(overall.tierMigration).toEqual({
      fromDate: '2025-12-31',
      toDate: TO,
      customers: 5,
      stayed: 2,
      upgraded: 2,
      downgraded: 1,
      cells: [
        { from: 'diamond', to: 'diamond', customers: 1 },
        { from: 'platinum', to: 'platinum', customers: 1 },
        { from: 'gold', to: 'platinum', customers: 1 },
        { from: 'gold', to: 'none', customers: 1 },
        { from: 'none', to: 'gold', customers: 1 },
      ],
    });
  });

  it('closed-loop completion', () => {
    const l = overall.closedLoop.overall;
    expect(l).toMatchObject({ collected: 4, analysed: 3, acted: 2, reported: 2, completion: { n: 4, successes: 2, value: 50 } });
    expect(l.medianHoursToReport).toBeCloseTo(20, 9);
    expect(l.p90HoursToReport).toBeCloseTo(28, 9);
    expect(byTier.closedLoop.groups.map((g) => [g.group, g.collected, g.reported])).toEqual([
      ['diamond', 1, 1],
      ['platinum', 0, 0],
      ['gold', 2, 1],
      ['none', 1, 0],
    ]);
    expect(byMonth.closedLoop.groups.map((g) => [g.group, g.collected, g.reported])).toEqual([
      ['2026-01', 2, 2],
      ['2026-02', 2, 0],
    ]);
  });

  it('an empty range gives nulls, not errors', async () => {
    const r = await kpiReport(store, { tenantId: KPI_TENANT, from: '2024-01-01', to: '2024-01-31', by: 'tier' });
    expect(KpiReportSchema.parse(r)).toEqual(r);
    expect(r.satisfaction.overall.nps).toEqual({ n: 0, value: null, promoters: 0, passives: 0, detractors: 0, interval: null });
    expect(r.complaints.overall.firstResponse.medianMinutes).toBeNull();
    expect(r.closedLoop.overall.completion.value).toBeNull();
    expect(r.tierMigration.cells).toEqual([]);
    expect(r.retention.overall.cohort).toBe(0);
  });

  it('rejects a reversed range and an unknown tenant', async () => {
    await expect(kpiReport(store, { tenantId: KPI_TENANT, from: TO, to: FROM, by: null })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(kpiReport(store, { tenantId: KPI_TENANT, from: '2026-02-30', to: TO, by: null })).rejects.toBeInstanceOf(VipCareError);
    await expect(kpiReport(store, { tenantId: 'nobody', from: FROM, to: TO, by: null })).rejects.toMatchObject({ code: 'TENANT_NOT_FOUND' });
  });
});

describe('KPI report helpers', () => {
  it('monthsOf clips the first and last month', () => {
    expect(monthsOf('2025-11-15', '2026-02-03')).toEqual([
      { month: '2025-11', from: '2025-11-15', to: '2025-11-30' },
      { month: '2025-12', from: '2025-12-01', to: '2025-12-31' },
      { month: '2026-01', from: '2026-01-01', to: '2026-01-31' },
      { month: '2026-02', from: '2026-02-01', to: '2026-02-03' },
    ]);
    expect(monthsOf('2024-02-29', '2024-02-29')).toEqual([{ month: '2024-02', from: '2024-02-29', to: '2024-02-29' }]);
  });

  it('tierMigrationFrom orders cells and counts moves by tier order; unknown tiers are neither up nor down', () => {
    const m = tierMigrationFrom(
      [
        { from: 'none', to: 'gold', customers: 3 },
        { from: 'legacy', to: 'gold', customers: 1 },
        { from: 'gold', to: 'gold', customers: 4 },
        { from: 'diamond', to: 'gold', customers: 2 },
        { from: 'none', to: 'none', customers: 9 },
      ],
      { fromDate: '2025-12-31', toDate: '2026-01-31', tierOrder: ['diamond', 'gold', 'none'] },
    );
    expect(m.cells.map((c) => `${c.from}>${c.to}`)).toEqual(['diamond>gold', 'gold>gold', 'none>gold', 'legacy>gold']);
    expect(m).toMatchObject({ customers: 10, stayed: 4, upgraded: 3, downgraded: 2 });
  });
});
