/** Field limits the backend enforces (core/card/actions.ts); checked here first so the rep sees why. */
import type { FeedbackKind } from '../types/card-actions';

export const NOTE_MAX = 2000;
export const SUMMARY_MAX = 2000;
export const COMMENT_MAX = 5000;

export const SCORE_RANGES: Readonly<Record<FeedbackKind, { min: number; max: number }>> = {
  nps: { min: 0, max: 10 },
  csat: { min: 1, max: 5 },
  ces: { min: 1, max: 7 },
};
