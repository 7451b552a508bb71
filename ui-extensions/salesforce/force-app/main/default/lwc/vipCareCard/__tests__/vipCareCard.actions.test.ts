/**
 * The rep's actions on c-vip-care-card: complete a care task, log a touch, record feedback. For
 * each: the exact Apex parameters, the buttons while the call is in flight, the toast, the view
 * the call answers shown at once, the form's checks, and a failed call (entry kept, same key on
 * a retry of the same entry). Runs in English and Chinese like the states suite.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { apexCall, apexError, emit, resetApexDoubles } from '../../../../../../test/mocks/apex.js';
import { seriousViolations } from '../../../../../../test/harness/axe.js';
import { CONTACT_ID, GENERATED_AT, deferred, json, mountCard, unmountAll, view, type MountedCard, type ViewFixture } from '../../../../../../test/harness/card.js';
import {
  allByDataId,
  byDataId,
  choose,
  click,
  controlOf,
  flush,
  focusedElement,
  has,
  isDisabled,
  messageOf,
  nth,
  renderedText,
  typeInto,
} from '../../../../../../test/harness/dom.js';
import { USER_LOCALE, fmt, label } from '../../../../../../test/harness/labels.js';

const KEY = /^[0-9a-f-]{16,}$/;

async function cardShowing(fixture: ViewFixture = 'vipFull'): Promise<MountedCard> {
  const mounted = mountCard();
  await flush();
  emit('getCard', json(view(fixture)));
  await flush();
  return mounted;
}

function task(element: HTMLElement, id: number): HTMLElement {
  const found = allByDataId(element, 'task').find((t) => renderedText(t).includes(view('vipFull').nextActions.find((a) => a.id === id)?.title ?? '#'));
  if (!(found instanceof HTMLElement)) throw new Error(`task ${id} is not shown`);
  return found;
}

function params(method: string, call = 0): Record<string, unknown> {
  return nth(apexCall(method).mock.calls, call)[0];
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(GENERATED_AT);
  resetApexDoubles();
});

afterEach(() => {
  unmountAll();
  vi.useRealTimers();
});

describe('completing a care task', () => {
  it('opens a note form with the focus in it, sends the task and the note, and shows the answered view', async () => {
    const { element, toasts } = await cardShowing();
    const item = task(element, 4101);
    await click(byDataId(item, 'complete'));
    const note = byDataId(item, 'note');
    expect(renderedText(note)).toBe(label('Note'));
    expect(focusedElement()).toBe(controlOf(note));

    const answer = deferred<string>();
    apexCall('completeTask').mockReturnValueOnce(answer.promise);
    await typeInto(note, '  Called, all good  ');
    await click(byDataId(item, 'submit'));
    expect(params('completeTask')).toEqual({ recordId: CONTACT_ID, objectApiName: 'Contact', taskId: 4101, note: 'Called, all good', locale: USER_LOCALE });
    // In flight: both buttons disabled, progress said in words, a second click sends nothing.
    expect([isDisabled(byDataId(item, 'submit')), isDisabled(byDataId(item, 'cancel'))]).toEqual([true, true]);
    expect(renderedText(byDataId(item, 'saving'))).toBe(label('Saving'));
    await click(byDataId(item, 'submit'));
    expect(apexCall('completeTask')).toHaveBeenCalledTimes(1);

    answer.resolve(json(view('afterComplete')));
    await flush();
    expect(toasts).toEqual([{ title: label('CompleteSuccess'), variant: 'success' }]);
    expect(allByDataId(element, 'task-title').map((t) => t.textContent)).toEqual(view('afterComplete').nextActions.map((t) => t.title));
    expect(renderedText(byDataId(element, 'tasks-more'))).toBe(fmt('TasksMore', 5));
  });

  it('sends no note when none was written', async () => {
    const { element } = await cardShowing();
    const item = task(element, 4102);
    await click(byDataId(item, 'complete'));
    apexCall('completeTask').mockResolvedValueOnce(json(view('vipFull')));
    await typeInto(byDataId(item, 'note'), '   ');
    await click(byDataId(item, 'submit'));
    expect(params('completeTask')).toEqual({ recordId: CONTACT_ID, objectApiName: 'Contact', taskId: 4102, note: null, locale: USER_LOCALE });
    await flush();
    expect(has(item, 'complete-form')).toBe(false);
  });

  it('refuses a note over 2000 characters, says why, and keeps the focus on it', async () => {
    const { element } = await cardShowing();
    const item = task(element, 4101);
    await click(byDataId(item, 'complete'));
    const note = byDataId(item, 'note');
    await typeInto(note, 'x'.repeat(2001));
    await click(byDataId(item, 'submit'));
    expect(messageOf(note)).toBe(fmt('NoteTooLong', 2000));
    expect(controlOf(note).getAttribute('aria-invalid')).toBe('true');
    expect(focusedElement()).toBe(controlOf(note));
    expect(apexCall('completeTask')).not.toHaveBeenCalled();
    expect(await seriousViolations(element)).toEqual([]);
    await typeInto(note, 'x'.repeat(2000));
    expect(messageOf(note)).toBe('');
  });

  it('a failed call: an error toast with the server\'s words, the note kept, the buttons back', async () => {
    const { element, toasts } = await cardShowing();
    const item = task(element, 4101);
    await click(byDataId(item, 'complete'));
    await typeInto(byDataId(item, 'note'), 'Left a voicemail');
    apexCall('completeTask').mockRejectedValueOnce(apexError('This care action was already completed.'));
    await click(byDataId(item, 'submit'));
    expect(toasts).toEqual([{ title: label('CompleteFailed'), message: 'This care action was already completed.', variant: 'error' }]);
    expect((controlOf(byDataId(item, 'note')) as HTMLTextAreaElement).value).toBe('Left a voicemail');
    expect([isDisabled(byDataId(item, 'submit')), isDisabled(byDataId(item, 'cancel'))]).toEqual([false, false]);
    expect(renderedText(byDataId(item, 'saving'))).toBe('');
    expect(allByDataId(element, 'task')).toHaveLength(3);
  });

  it('a failure without a message, or an answer that is not a view, gets the generic words', async () => {
    const { element, toasts } = await cardShowing();
    const item = task(element, 4101);
    await click(byDataId(item, 'complete'));
    apexCall('completeTask').mockRejectedValueOnce(new TypeError('Failed to fetch')).mockResolvedValueOnce('{"unexpected":true}');
    await click(byDataId(item, 'submit'));
    await click(byDataId(item, 'submit'));
    expect(toasts).toEqual([
      { title: label('CompleteFailed'), message: label('ActionFailedGeneric'), variant: 'error' },
      { title: label('CompleteFailed'), message: label('ActionFailedGeneric'), variant: 'error' },
    ]);
  });

  it('cancel closes the form and gives the focus back to the task\'s button', async () => {
    const { element } = await cardShowing();
    const item = task(element, 4103);
    await click(byDataId(item, 'complete'));
    await typeInto(byDataId(item, 'note'), 'draft');
    await click(byDataId(item, 'cancel'));
    expect(has(item, 'complete-form')).toBe(false);
    expect(focusedElement()).toBe(controlOf(byDataId(item, 'complete')));
    await click(byDataId(item, 'complete'));
    expect((controlOf(byDataId(item, 'note')) as HTMLTextAreaElement).value).toBe('');
  });
});

describe('logging a touch', () => {
  it('sends kind, trimmed summary and a fresh key, disables the button in flight, then clears the form', async () => {
    const { element, toasts } = await cardShowing();
    const form = byDataId(element, 'touch-form');
    expect(renderedText(byDataId(form, 'touch-kind'))).toBe(`${label('TouchKind')} ${['Call', 'Meeting', 'Email', 'Message', 'Visit', 'Other'].map((k) => label(`Touch${k}`)).join(' ')}`);
    await choose(byDataId(form, 'touch-kind'), 'visit');
    await typeInto(byDataId(form, 'touch-summary'), '  Store visit, loved the new range  ');
    const answer = deferred<string>();
    apexCall('logTouch').mockReturnValueOnce(answer.promise);
    await click(byDataId(form, 'touch-submit'));
    const sent = params('logTouch');
    expect(sent).toEqual({ recordId: CONTACT_ID, objectApiName: 'Contact', kind: 'visit', summary: 'Store visit, loved the new range', requestKey: expect.stringMatching(KEY), locale: USER_LOCALE });
    expect(isDisabled(byDataId(form, 'touch-submit'))).toBe(true);
    expect(renderedText(byDataId(form, 'touch-saving'))).toBe(label('Saving'));

    answer.resolve(json(view('vipFull')));
    await flush();
    expect(toasts).toEqual([{ title: label('TouchSuccess'), variant: 'success' }]);
    expect(isDisabled(byDataId(form, 'touch-submit'))).toBe(false);
    expect((controlOf(byDataId(form, 'touch-summary')) as HTMLTextAreaElement).value).toBe('');
    expect((controlOf(byDataId(form, 'touch-kind')) as HTMLSelectElement).value).toBe('call');

    apexCall('logTouch').mockResolvedValueOnce(json(view('vipFull')));
    await typeInto(byDataId(form, 'touch-summary'), 'Follow-up call');
    await click(byDataId(form, 'touch-submit'));
    expect(params('logTouch', 1)).toMatchObject({ kind: 'call', summary: 'Follow-up call' });
    expect(params('logTouch', 1).requestKey).not.toBe(sent.requestKey);
  });

  it('asks for a summary before sending, and for a shorter one over 2000 characters', async () => {
    const { element } = await cardShowing();
    const summary = byDataId(element, 'touch-summary');
    await click(byDataId(element, 'touch-submit'));
    expect(messageOf(summary)).toBe(label('SummaryRequired'));
    expect(focusedElement()).toBe(controlOf(summary));
    expect(await seriousViolations(element)).toEqual([]);
    await typeInto(summary, 'y'.repeat(2001));
    await click(byDataId(element, 'touch-submit'));
    expect(messageOf(summary)).toBe(fmt('SummaryTooLong', 2000));
    expect(apexCall('logTouch')).not.toHaveBeenCalled();
    await typeInto(summary, 'Quick call');
    expect(messageOf(summary)).toBe('');
  });

  it('a failed call keeps the entry; sending it again reuses its key, changing it makes a new one', async () => {
    const { element, toasts } = await cardShowing();
    await typeInto(byDataId(element, 'touch-summary'), 'Sent the catalogue');
    apexCall('logTouch').mockRejectedValue(apexError('VIP Care could not record the touch right now.'));
    await click(byDataId(element, 'touch-submit'));
    expect(toasts).toEqual([{ title: label('TouchFailed'), message: 'VIP Care could not record the touch right now.', variant: 'error' }]);
    expect((controlOf(byDataId(element, 'touch-summary')) as HTMLTextAreaElement).value).toBe('Sent the catalogue');
    await click(byDataId(element, 'touch-submit'));
    expect(params('logTouch', 1).requestKey).toBe(params('logTouch', 0).requestKey);
    await typeInto(byDataId(element, 'touch-summary'), 'Sent the winter catalogue');
    await click(byDataId(element, 'touch-submit'));
    expect(params('logTouch', 2).requestKey).not.toBe(params('logTouch', 0).requestKey);
  });

  it('works on a record that is not a VIP yet, and shows the view it answers', async () => {
    const { element } = await cardShowing('notVipScored');
    apexCall('logTouch').mockResolvedValueOnce(json(view('vipFull')));
    await typeInto(byDataId(element, 'touch-summary'), 'Intro meeting');
    await click(byDataId(element, 'touch-submit'));
    expect(params('logTouch')).toMatchObject({ kind: 'call', summary: 'Intro meeting' });
    expect(has(element, 'not-vip')).toBe(false);
    expect(renderedText(byDataId(element, 'tier'))).toBe(view('vipFull').tier?.label);
  });
});

describe('recording feedback', () => {
  it('sends the kind, the score as a number, the comment and a key; shows the new answer', async () => {
    const { element, toasts } = await cardShowing();
    const score = byDataId(element, 'feedback-score');
    expect(renderedText(score)).toBe(fmt('ScoreField', 0, 10));
    const input = controlOf(score) as HTMLInputElement;
    expect([input.type, input.min, input.max, input.step, input.required]).toEqual(['number', '0', '10', '1', true]);
    await typeInto(score, '6');
    await typeInto(byDataId(element, 'feedback-comment'), '  Friendly staff & <fast> delivery  ');
    const answer = deferred<string>();
    apexCall('recordFeedback').mockReturnValueOnce(answer.promise);
    await click(byDataId(element, 'feedback-submit'));
    expect(params('recordFeedback')).toEqual({
      recordId: CONTACT_ID,
      objectApiName: 'Contact',
      kind: 'nps',
      score: 6,
      comment: 'Friendly staff & <fast> delivery',
      requestKey: expect.stringMatching(KEY),
      locale: USER_LOCALE,
    });
    expect(isDisabled(byDataId(element, 'feedback-submit'))).toBe(true);
    expect(renderedText(byDataId(element, 'feedback-saving'))).toBe(label('Saving'));
    answer.resolve(json(view('afterFeedback')));
    await flush();
    expect(toasts).toEqual([{ title: label('SurveySuccess'), variant: 'success' }]);
    expect(renderedText(byDataId(element, 'nps'))).toContain(fmt('NpsLine', 6, label('Detractor')));
    expect([input.value, (controlOf(byDataId(element, 'feedback-comment')) as HTMLTextAreaElement).value]).toEqual(['', '']);
  });

  it('checks the score against the chosen survey: NPS 0-10, CSAT 1-5, CES 1-7, whole numbers only', async () => {
    const { element } = await cardShowing();
    const score = byDataId(element, 'feedback-score');
    const submit = byDataId(element, 'feedback-submit');
    await click(submit);
    expect(messageOf(score)).toBe(label('ScoreRequired'));
    expect(focusedElement()).toBe(controlOf(score));

    await choose(byDataId(element, 'feedback-kind'), 'csat');
    expect(renderedText(score)).toBe(fmt('ScoreField', 1, 5));
    expect(messageOf(score)).toBe('');
    for (const typed of ['6', '0', '-1', '4.5']) {
      await typeInto(score, typed);
      await click(submit);
      expect(messageOf(score), typed).toBe(fmt('ScoreRange', 1, 5));
    }
    expect(await seriousViolations(element)).toEqual([]);
    expect(apexCall('recordFeedback')).not.toHaveBeenCalled();

    await choose(byDataId(element, 'feedback-kind'), 'ces');
    await typeInto(score, '7');
    expect(messageOf(score)).toBe('');
    apexCall('recordFeedback').mockResolvedValueOnce(json(view('vipFull')));
    await click(submit);
    expect(params('recordFeedback')).toMatchObject({ kind: 'ces', score: 7, comment: null });
  });

  it('refuses a comment over 5000 characters and moves the focus to it', async () => {
    const { element } = await cardShowing();
    await typeInto(byDataId(element, 'feedback-score'), '10');
    const comment = byDataId(element, 'feedback-comment');
    await typeInto(comment, 'z'.repeat(5001));
    await click(byDataId(element, 'feedback-submit'));
    expect(messageOf(comment)).toBe(fmt('CommentTooLong', 5000));
    expect(messageOf(byDataId(element, 'feedback-score'))).toBe('');
    expect(focusedElement()).toBe(controlOf(comment));
    expect(apexCall('recordFeedback')).not.toHaveBeenCalled();
  });

  it('a failed call without a message: the generic words, the entry kept, the same key on retry', async () => {
    const { element, toasts } = await cardShowing();
    await typeInto(byDataId(element, 'feedback-score'), '9');
    apexCall('recordFeedback').mockRejectedValue(apexError(null));
    await click(byDataId(element, 'feedback-submit'));
    await click(byDataId(element, 'feedback-submit'));
    expect(toasts).toEqual([
      { title: label('SurveyFailed'), message: label('ActionFailedGeneric'), variant: 'error' },
      { title: label('SurveyFailed'), message: label('ActionFailedGeneric'), variant: 'error' },
    ]);
    expect((controlOf(byDataId(element, 'feedback-score')) as HTMLInputElement).value).toBe('9');
    expect(params('recordFeedback', 1).requestKey).toBe(params('recordFeedback', 0).requestKey);
  });
});
