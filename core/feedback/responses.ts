/**
 * What a survey answer means: whether the score is on the scale, and whether the customer is a
 * promoter, passive or detractor. NPS uses the standard bands; CSAT and CES map their top and
 * bottom of the scale onto the same three groups so playbooks and complaints treat them alike.
 */
import { SURVEY_SCALES, type SurveyKind } from './schema.js';

export type ResponseCategory = 'promoter' | 'passive' | 'detractor';

export function isScoreOnScale(kind: SurveyKind, score: number): boolean {
  const { min, max } = SURVEY_SCALES[kind];
  return Number.isInteger(score) && score >= min && score <= max;
}

export function responseCategory(kind: SurveyKind, score: number): ResponseCategory {
  if (kind === 'nps') return score >= 9 ? 'promoter' : score >= 7 ? 'passive' : 'detractor';
  // CSAT: 4-5 satisfied, 3 neutral, 1-2 dissatisfied (the usual top-2-box reading).
  if (kind === 'csat') return score >= 4 ? 'promoter' : score === 3 ? 'passive' : 'detractor';
  // CES (1 very difficult .. 7 very easy): 5-7 easy, 4 neutral, 1-3 difficult.
  return score >= 5 ? 'promoter' : score === 4 ? 'passive' : 'detractor';
}

/** The care event a response emits for playbooks. */
export function feedbackEventType(category: ResponseCategory): 'promoter_feedback' | 'passive_feedback' | 'detractor_feedback' {
  return `${category}_feedback`;
}
