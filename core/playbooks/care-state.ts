/**
 * What playbooks know about a customer when they decide: one row per customer, read by the
 * server in one query and handed to the pure functions in this folder.
 */
import type { Channel } from '../ports/notifier.js';

export interface CustomerCareState {
  customerId: string;
  name: string | null;
  email: string | null;
  phone: string | null;
  locale: string | null;
  /** IANA zone; the program's zone when the customer has none. */
  timezone: string;
  /** ISO 3166-1 alpha-2, for public holidays; null: the program's holiday country. */
  country: string | null;
  birthday: string | null;
  /** customerSince, else the day of the first order. */
  relationshipSince: string | null;
  accountManager: string | null;
  preferredChannel: Channel | null;
  doNotContact: boolean;
  /** Current tier (null: not a VIP), with the date it was entered. */
  tier: string | null;
  tierSince: string | null;
  score: number | null;
  flags: { atRisk: boolean; potential: boolean };
  churnRisk: number | null;
  lastOrderAt: Date | null;
  /** Latest interaction, completed care task or message sent. */
  lastTouchAt: Date | null;
  /** Latest survey invitation (survey fatigue); a run that invites moves it forward. */
  lastSurveyAt: Date | null;
}
