/**
 * Survey fatigue: a customer is not asked before they have been with us long enough, nor again
 * soon after the last invitation of any kind. The shared contact policy (touch cap, quiet and
 * business hours, opt-out) applies on top, as for every other message.
 */
import { addDuration } from '../playbooks/duration.js';
import type { SurveySettings } from './schema.js';

export type FatigueReason = 'survey_tenure' | 'survey_cooldown';

export interface FatigueInput {
  now: Date;
  timezone: string;
  /** Local date the relationship began (customer since, else first order); null: unknown, treated as new. */
  relationshipSince: string | null;
  lastInvitationAt: Date | null;
}

export function surveyFatigue(settings: SurveySettings, input: FatigueInput): FatigueReason | null {
  const { minTenure, cooldown } = settings.fatigue;
  if (minTenure !== null) {
    if (input.relationshipSince === null) return 'survey_tenure';
    const since = new Date(`${input.relationshipSince}T00:00:00Z`);
    if (addDuration(since, minTenure, 'UTC') > input.now) return 'survey_tenure';
  }
  if (cooldown !== null && input.lastInvitationAt !== null && addDuration(input.lastInvitationAt, cooldown, input.timezone) > input.now) {
    return 'survey_cooldown';
  }
  return null;
}
