/** The form checks mirror the backend limits (core/card/actions.ts) and the survey scales. */
import { describe, expect, it } from 'vitest';
import { submittedNumber, submittedText } from '../lib/form-values';
import { checkFeedback, checkTaskNote, checkTouch } from '../validation/card-forms';
import type { FormInputValues, FormSubmitExtensionEvent } from '@hubspot/ui-extensions';

describe('checkTouch', () => {
  it('needs a summary of at most 2000 characters', () => {
    expect(checkTouch('')).toEqual({ summary: 'required' });
    expect(checkTouch(' \n ')).toEqual({ summary: 'required' });
    expect(checkTouch('Called')).toEqual({});
    expect(checkTouch(`  ${'x'.repeat(2000)}  `)).toEqual({});
    expect(checkTouch('x'.repeat(2001))).toEqual({ summary: 'tooLong' });
  });
});

describe('checkTaskNote', () => {
  it('allows an empty note and at most 2000 characters', () => {
    expect(checkTaskNote('')).toEqual({});
    expect(checkTaskNote('x'.repeat(2001))).toEqual({ note: 'tooLong' });
  });
});

describe('checkFeedback', () => {
  it.each([
    ['nps', 0, {}],
    ['nps', 10, {}],
    ['nps', 11, { score: 'outOfRange' }],
    ['csat', 1, {}],
    ['csat', 5, {}],
    ['csat', 0, { score: 'outOfRange' }],
    ['ces', 7, {}],
    ['ces', 8, { score: 'outOfRange' }],
    ['ces', 2.5, { score: 'outOfRange' }],
    ['nps', null, { score: 'required' }],
    ['nps', Number.NaN, { score: 'required' }],
  ] as const)('%s %s -> %j', (kind, score, problems) => {
    expect(checkFeedback(kind, score, '')).toEqual(problems);
  });

  it('limits the comment to 5000 characters', () => {
    expect(checkFeedback('nps', 9, 'x'.repeat(5001))).toEqual({ comment: 'tooLong' });
  });
});

describe('submitted form values', () => {
  const event = (targetValue: FormInputValues) => ({ targetValue }) as FormSubmitExtensionEvent<FormInputValues>;

  it('prefer what the submit event carries over state', () => {
    expect(submittedText(event({ summary: 'typed' }), 'summary', 'stale')).toBe('typed');
    expect(submittedNumber(event({ score: 7 }), 'score', null)).toBe(7);
    expect(submittedNumber(event({ score: '8' }), 'score', null)).toBe(8);
  });

  it('fall back to state when the event has nothing for the field', () => {
    expect(submittedText(undefined, 'summary', 'state')).toBe('state');
    expect(submittedText(event({}), 'summary', 'state')).toBe('state');
    expect(submittedNumber(event({ score: '' }), 'score', 3)).toBe(3);
  });
});
