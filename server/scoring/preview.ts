/**
 * What-if: score the tenant under a candidate program without publishing it, starting from the
 * tiers customers hold now (so hysteresis and minimum time in tier apply as they would).
 */
import type { Program } from '../../core/program/schema.js';
import { requiredAggregates } from '../../core/scoring/facts.js';
import { scoreCustomers } from '../../core/scoring/engine.js';
import { dayNumber, isoDateFromDayNumber, startOfLocalDay } from '../../core/scoring/calendar.js';
import type { Store } from '../store/db.js';
import { loadFacts } from './facts-query.js';

export interface ProgramPreview {
  asOf: string;
  customers: number;
  /** Every (current tier, candidate tier) pair with its count; null means not a VIP. */
  matrix: { from: string | null; to: string | null; customers: number }[];
  moves: { customerId: string; from: string | null; to: string | null; currentScore: number | null; score: number }[];
  tiers: { name: string; current: number; candidate: number }[];
}

export async function previewProgram(store: Store, tenantId: string, program: Program, asOf: string, now: Date = new Date()): Promise<ProgramPreview> {
  const facts = await loadFacts(store, {
    tenantId,
    asOf,
    asOfEnd: startOfLocalDay(isoDateFromDayNumber(dayNumber(asOf) + 1), program.timezone),
    timezone: program.timezone,
    specs: requiredAggregates(program, asOf),
    scope: { kind: 'all' },
    now,
  });
  const { results } = scoreCustomers(facts, { program, asOf });
  const current = new Map(facts.map((f) => [f.customerId, f.current]));
  const cells = new Map<string, { from: string | null; to: string | null; customers: number }>();
  const moves: ProgramPreview['moves'] = [];
  const currentCounts = new Map<string | null, number>();
  const candidateCounts = new Map<string | null, number>();
  for (const r of results) {
    const before = current.get(r.customerId) ?? null;
    const from = before?.tier ?? null;
    const key = JSON.stringify([from, r.tier]);
    const cell = cells.get(key) ?? { from, to: r.tier, customers: 0 };
    cell.customers++;
    cells.set(key, cell);
    currentCounts.set(from, (currentCounts.get(from) ?? 0) + 1);
    candidateCounts.set(r.tier, (candidateCounts.get(r.tier) ?? 0) + 1);
    if (from !== r.tier) moves.push({ customerId: r.customerId, from, to: r.tier, currentScore: before?.score ?? null, score: r.score });
  }
  const names = [...new Set([...program.tiers.map((t) => t.id), ...[...currentCounts.keys()].filter((k): k is string => k !== null)])];
  return {
    asOf,
    customers: results.length,
    matrix: [...cells.values()].sort((a, b) => b.customers - a.customers),
    moves: moves.sort((a, b) => b.score - a.score || a.customerId.localeCompare(b.customerId)),
    tiers: names.map((name) => ({ name, current: currentCounts.get(name) ?? 0, candidate: candidateCounts.get(name) ?? 0 })),
  };
}
