/**
 * Watch-list flags. Potential VIPs: not in a tier yet, close to the line, and buying faster than
 * before. At-risk VIPs: in a tier, and buying much less than before, silent for long, or given a
 * high churn risk by the prediction model.
 */
import type { Program, Window } from '../program/schema.js';
import { aggregateKey, previousKey, type CustomerFacts } from './facts.js';

export type FlagCode = 'potential_vip' | 'at_risk';
export type FlagReason = 'spend_rising' | 'orders_rising' | 'activity_falling' | 'inactive' | 'churn_risk';

export interface Flag {
  code: FlagCode;
  reason: FlagReason;
  /** Dates rather than day counts, so a flag does not change just because a day passed. */
  params: Record<string, number | string>;
}

export interface FlagInput {
  tier: string | null;
  score: number;
  recencyDays: number | null;
  facts: CustomerFacts;
  minorPerMajor: number;
}

export function flagsFor(program: Program, input: FlagInput): Flag[] {
  return input.tier === null ? potential(program, input) : atRisk(program, input);
}

const keyCache = new Map<Window, readonly [string, string, string, string]>();

function activity(input: FlagInput, window: Window) {
  let keys = keyCache.get(window);
  if (!keys) {
    keys = [aggregateKey('spend', window), previousKey('spend', window), aggregateKey('orders', window), previousKey('orders', window)];
    keyCache.set(window, keys);
  }
  const a = input.facts.aggregates;
  return {
    spend: (a[keys[0]] ?? 0) / input.minorPerMajor,
    spendBefore: (a[keys[1]] ?? 0) / input.minorPerMajor,
    orders: a[keys[2]] ?? 0,
    ordersBefore: a[keys[3]] ?? 0,
  };
}

function potential(program: Program, input: FlagInput): Flag[] {
  const cfg = program.flags.potential;
  const lowest = program.tiers[program.tiers.length - 1];
  if (!lowest || input.score < lowest.enter - cfg.withinPoints) return [];
  const act = activity(input, cfg.window);
  const factor = 1 + cfg.minGrowth;
  const params = { score: input.score, threshold: lowest.enter };
  if (act.spend > 0 && act.spend >= cfg.minRecentSpend && act.spend >= act.spendBefore * factor && act.spend > act.spendBefore) {
    return [{ code: 'potential_vip', reason: 'spend_rising', params: { ...params, recent: act.spend, before: act.spendBefore } }];
  }
  if (act.orders >= 2 && act.orders >= act.ordersBefore * factor && act.orders > act.ordersBefore && act.spend >= cfg.minRecentSpend) {
    return [{ code: 'potential_vip', reason: 'orders_rising', params: { ...params, recent: act.orders, before: act.ordersBefore } }];
  }
  return [];
}

function atRisk(program: Program, input: FlagInput): Flag[] {
  const cfg = program.flags.atRisk;
  const churnRisk = input.facts.churnRisk;
  if (churnRisk !== null && churnRisk > cfg.churnRiskAbove) {
    return [{ code: 'at_risk', reason: 'churn_risk', params: { churnRisk, threshold: cfg.churnRiskAbove } }];
  }
  if (input.recencyDays !== null && input.recencyDays >= cfg.inactiveDays && input.facts.lastOrderDate !== null) {
    return [{ code: 'at_risk', reason: 'inactive', params: { since: input.facts.lastOrderDate, threshold: cfg.inactiveDays } }];
  }
  const act = activity(input, cfg.window);
  const keep = 1 - cfg.minDrop;
  if (act.ordersBefore > 0 && act.spend <= act.spendBefore * keep && act.orders <= act.ordersBefore * keep) {
    return [{ code: 'at_risk', reason: 'activity_falling', params: { recent: act.spend, before: act.spendBefore, recentOrders: act.orders, ordersBefore: act.ordersBefore } }];
  }
  return [];
}
