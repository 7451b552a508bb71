/** Pure checks of the card's forms; each returns the problem per field, or nothing when valid. */
import type { FeedbackKind } from '../types/card-actions';
import { COMMENT_MAX, NOTE_MAX, SCORE_RANGES, SUMMARY_MAX } from './limits';

export type FieldProblem = 'required' | 'tooLong' | 'outOfRange';

export function checkTaskNote(note: string): { note?: FieldProblem } {
  return note.trim().length > NOTE_MAX ? { note: 'tooLong' } : {};
}

export function checkTouch(summary: string): { summary?: FieldProblem } {
  const trimmed = summary.trim();
  if (trimmed === '') return { summary: 'required' };
  return trimmed.length > SUMMARY_MAX ? { summary: 'tooLong' } : {};
}

export function checkFeedback(kind: FeedbackKind, score: number | null, comment: string): { score?: FieldProblem; comment?: FieldProblem } {
  const problems: { score?: FieldProblem; comment?: FieldProblem } = {};
  const { min, max } = SCORE_RANGES[kind];
  if (score === null || Number.isNaN(score)) problems.score = 'required';
  else if (!Number.isInteger(score) || score < min || score > max) problems.score = 'outOfRange';
  if (comment.trim().length > COMMENT_MAX) problems.comment = 'tooLong';
  return problems;
}
