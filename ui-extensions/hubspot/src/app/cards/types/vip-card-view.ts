/**
 * The card's copy of `VipCardView` from core/card/view.ts. HubSpot builds this folder on its own,
 * so the card cannot import the core or zod; test/contracts/hubspot-card-view.test.ts proves this
 * copy equals `z.infer` of the core schema, so `npm run typecheck` fails when they drift.
 * Keep this file free of imports: the root typecheck reads it with NodeNext resolution.
 */
export type VipCardLocale = 'en' | 'zh-CN';

export interface CardTask {
  id: number;
  title: string;
  dueAt: string;
  overdue: boolean;
  priority: 'low' | 'normal' | 'high' | 'urgent';
  ownerName: string | null;
}

export interface CardComplaint {
  id: number;
  subject: string;
  priority: 'low' | 'normal' | 'high' | 'critical';
  status: 'open' | 'waiting';
  clock: {
    kind: 'first_response' | 'resolution';
    state: 'running' | 'warned' | 'breached' | 'met' | 'missed';
    dueAt: string | null;
    /** Negative once breached; null while paused or without a target. */
    msLeft: number | null;
  };
}

export interface VipCardView {
  version: 1;
  locale: VipCardLocale;
  generatedAt: string;
  customer: { id: string; name: string | null; accountManager: string | null };
  status: 'vip' | 'not_vip' | 'not_scored';
  asOf: string | null;
  tier: {
    id: string;
    label: string;
    rank: number;
    of: number;
    since: string;
    source: 'score' | 'rule' | 'override';
  } | null;
  score: number | null;
  reasons: { code: string; text: string }[];
  topContributions: { measure: string; label: string; points: number }[];
  trend: {
    direction: 'up' | 'down' | 'flat';
    delta: number;
    comparedWith: string;
    history: { asOf: string; score: number }[];
  } | null;
  flags: { code: 'potential_vip' | 'at_risk'; text: string }[];
  prediction: { predictedValue: number | null; churnRisk: number | null; currency: string } | null;
  nextActions: CardTask[];
  openTasks: number;
  complaints: CardComplaint[];
  openComplaints: number;
  feedback: {
    nps: { score: number; at: string; category: 'promoter' | 'passive' | 'detractor' } | null;
    csat: { score: number; at: string } | null;
  };
}
