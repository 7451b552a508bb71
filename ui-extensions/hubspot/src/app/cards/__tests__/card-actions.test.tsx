/**
 * What a rep does from the card (complete a care action, log a touch, record feedback), on the tab
 * and in the sidebar's panel, in English and Chinese: the exact requests sent, what the card shows
 * while they run, and how success and failure are announced.
 */
import { Button, Form, LoadingButton, NumberInput, Select, Text, TextArea, Tile } from '@hubspot/ui-extensions';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { afterNpsRecorded, afterTaskCompleted } from '../fixtures/card-views';
import { alertsOf, CARD_URL, enter, jsonResponse, renderCard, settle, type CardKind, type CardRenderer, type FetchFn } from './card-harness';
import { LOCALE_CASES, plain, type LocaleCase } from './expected-texts';

const { fetchMock } = vi.hoisted(() => ({ fetchMock: vi.fn<FetchFn>() }));
vi.mock('@hubspot/ui-extensions', async (importOriginal) => {
  const actual = await importOriginal<typeof import('@hubspot/ui-extensions')>();
  return { ...actual, hubspot: { ...actual.hubspot, fetch: fetchMock } };
});

afterEach(() => {
  fetchMock.mockReset();
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const RECORD = { objectType: 'contact', objectId: '1290' } as const;

function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve: (value: T) => void = () => {};
  const promise = new Promise<T>((res) => {
    resolve = res;
  });
  return { promise, resolve };
}

const CASES = (['tab', 'sidebar'] as const satisfies readonly CardKind[]).flatMap((kind) => LOCALE_CASES.map((lc) => ({ kind, lc, name: `${kind}, ${lc.name}` })));

describe.each(CASES)('card actions ($name)', ({ kind, lc }: { kind: CardKind; lc: LocaleCase }) => {
  const { text } = lc;
  const q = `?locale=${lc.locale}`;

  async function loadVip(): Promise<CardRenderer> {
    fetchMock.mockResolvedValueOnce(jsonResponse(200, lc.vipFull));
    const card = renderCard(kind, { locale: lc.tag });
    await settle(card, () => expect(card.findByTestId(Form, 'touch-form')).toBeDefined());
    return card;
  }

  /** The arguments of the n-th hubspot.fetch call (0 is the initial GET). */
  const call = (n: number) => fetchMock.mock.calls[n];

  describe('complete a care action', () => {
    it('sends the task and the trimmed note, disables the form while it runs, then shows the answer', async () => {
      const card = await loadVip();
      card.findByTestId(Button, 'task-4101-complete').trigger('onClick');
      enter(card.findByTestId(TextArea, 'task-4101-note'), '  Called Mei, all fine  ');
      const answer = deferred<Response>();
      fetchMock.mockReturnValueOnce(answer.promise);
      card.findByTestId(Form, 'task-4101-form').trigger('onSubmit');

      await settle(card, () => expect(card.findByTestId(LoadingButton, 'task-4101-submit').props).toMatchObject({ loading: true, disabled: true }));
      expect(card.findByTestId(Button, 'task-4102-complete').props.disabled).toBe(true);
      expect(call(1)).toStrictEqual([`${CARD_URL}/tasks/4101/complete${q}`, { method: 'POST', timeout: 10_000, body: { ...RECORD, note: 'Called Mei, all fine' } }]);

      answer.resolve(jsonResponse(200, afterTaskCompleted(lc.vipFull, 4101)));
      await settle(card, () => expect(card.maybeFindByTestId(Tile, 'task-4101')).toBeNull());
      expect(alertsOf(card)).toEqual([{ type: 'success', message: text.completeSuccess }]);
      expect(card.findByTestId(Button, 'task-4102-complete').props.disabled).toBe(false);
    });

    it('leaves the note out when there is none', async () => {
      const card = await loadVip();
      card.findByTestId(Button, 'task-4102-complete').trigger('onClick');
      fetchMock.mockResolvedValueOnce(jsonResponse(200, afterTaskCompleted(lc.vipFull, 4102)));
      card.findByTestId(Form, 'task-4102-form').trigger('onSubmit');
      await settle(card, () => expect(card.maybeFindByTestId(Tile, 'task-4102')).toBeNull());
      expect(call(1)).toStrictEqual([`${CARD_URL}/tasks/4102/complete${q}`, { method: 'POST', timeout: 10_000, body: { ...RECORD } }]);
    });

    it('announces a refused completion with the server reason and keeps the task', async () => {
      const card = await loadVip();
      card.findByTestId(Button, 'task-4101-complete').trigger('onClick');
      fetchMock.mockResolvedValueOnce(jsonResponse(409, { error: { code: 'TASK_CLOSED', message: 'This task was already closed in HubSpot.' } }));
      card.findByTestId(Form, 'task-4101-form').trigger('onSubmit');
      await settle(card, () => expect(alertsOf(card)).toHaveLength(1));
      expect(alertsOf(card)).toEqual([{ type: 'danger', title: text.completeFailed, message: 'This task was already closed in HubSpot.' }]);
      expect(card.findByTestId(Tile, 'task-4101')).toBeDefined();
      expect(card.findByTestId(LoadingButton, 'task-4101-submit').props).toMatchObject({ loading: false, disabled: false });
    });
  });

  describe('log a touch', () => {
    it('sends kind, trimmed summary and a request key, then clears the form', async () => {
      const card = await loadVip();
      enter(card.findByTestId(Select, 'touch-kind'), 'meeting');
      enter(card.findByTestId(TextArea, 'touch-summary'), '  Lunch with Mei: autumn collection  ');
      fetchMock.mockResolvedValueOnce(jsonResponse(200, lc.vipFull));
      card.findByTestId(Form, 'touch-form').trigger('onSubmit');
      await settle(card, () => expect(alertsOf(card)).toEqual([{ type: 'success', message: text.touchSuccess }]));

      expect(call(1)).toStrictEqual([
        `${CARD_URL}/touches${q}`,
        { method: 'POST', timeout: 10_000, body: { ...RECORD, kind: 'meeting', summary: 'Lunch with Mei: autumn collection', requestKey: expect.stringMatching(UUID) } },
      ]);
      expect(card.findByTestId(TextArea, 'touch-summary').props.value).toBe('');
      expect(card.findByTestId(Select, 'touch-kind').props.value).toBe('call');
    });

    it('asks for a summary instead of sending an empty touch', async () => {
      const card = await loadVip();
      enter(card.findByTestId(TextArea, 'touch-summary'), '   ');
      card.findByTestId(Form, 'touch-form').trigger('onSubmit');
      await settle(card, () => expect(card.findByTestId(TextArea, 'touch-summary').props).toMatchObject({ error: true, validationMessage: text.touchRequired }));
      expect(fetchMock).toHaveBeenCalledTimes(1);
    });

    it('retries a failed touch with the same key, and gives the next touch a new one', async () => {
      const card = await loadVip();
      enter(card.findByTestId(TextArea, 'touch-summary'), 'Called about the late delivery');
      fetchMock.mockRejectedValueOnce(new Error('timeout'));
      card.findByTestId(Form, 'touch-form').trigger('onSubmit');
      await settle(card, () => expect(alertsOf(card)).toEqual([{ type: 'danger', title: text.touchFailed, message: text.genericFailure }]));
      expect(card.findByTestId(TextArea, 'touch-summary').props.value).toBe('Called about the late delivery');
      expect(card.findByTestId(LoadingButton, 'touch-submit').props.disabled).toBe(false);

      fetchMock.mockResolvedValueOnce(jsonResponse(200, lc.vipFull));
      card.findByTestId(Form, 'touch-form').trigger('onSubmit');
      await settle(card, () => expect(alertsOf(card)).toHaveLength(2));
      const keyOf = (n: number) => (call(n)?.[1]?.body as { requestKey?: unknown } | undefined)?.requestKey;
      expect(keyOf(1)).toEqual(expect.stringMatching(UUID));
      expect(keyOf(2)).toBe(keyOf(1));

      enter(card.findByTestId(TextArea, 'touch-summary'), 'Sent the refund confirmation');
      fetchMock.mockResolvedValueOnce(jsonResponse(200, lc.vipFull));
      card.findByTestId(Form, 'touch-form').trigger('onSubmit');
      await settle(card, () => expect(alertsOf(card)).toHaveLength(3));
      expect(keyOf(3)).toEqual(expect.stringMatching(UUID));
      expect(keyOf(3)).not.toBe(keyOf(1));
    });

    it('sends one request when the rep submits twice before the answer', async () => {
      const card = await loadVip();
      enter(card.findByTestId(TextArea, 'touch-summary'), 'Store visit');
      const answer = deferred<Response>();
      fetchMock.mockReturnValueOnce(answer.promise);
      card.findByTestId(Form, 'touch-form').trigger('onSubmit');
      card.findByTestId(Form, 'touch-form').trigger('onSubmit');
      await settle(card, () => expect(card.findByTestId(LoadingButton, 'touch-submit').props).toMatchObject({ loading: true, disabled: true }));
      answer.resolve(jsonResponse(200, lc.vipFull));
      await settle(card, () => expect(card.findByTestId(LoadingButton, 'touch-submit').props.loading).toBe(false));
      expect(fetchMock).toHaveBeenCalledTimes(2);
    });
  });

  describe('record feedback', () => {
    it('sends an NPS answer with its comment and shows the refreshed latest NPS', async () => {
      const card = await loadVip();
      enter(card.findByTestId(NumberInput, 'feedback-score'), 6);
      enter(card.findByTestId(TextArea, 'feedback-comment'), ' Delivery was late twice ');
      fetchMock.mockResolvedValueOnce(jsonResponse(200, afterNpsRecorded(lc.vipFull, 6, '2026-08-21T01:31:00.000Z')));
      card.findByTestId(Form, 'feedback-form').trigger('onSubmit');
      await settle(card, () => expect(plain(card.findByTestId(Text, 'vip-nps').text)).toBe(text.npsAfterRecorded));
      expect(call(1)).toStrictEqual([
        `${CARD_URL}/feedback${q}`,
        { method: 'POST', timeout: 10_000, body: { ...RECORD, kind: 'nps', score: 6, comment: 'Delivery was late twice', requestKey: expect.stringMatching(UUID) } },
      ]);
      expect(alertsOf(card)).toEqual([{ type: 'success', message: text.surveySuccess }]);
      expect(card.findByTestId(NumberInput, 'feedback-score').props.value).toBeUndefined();
    });

    it('sends a CES answer without a comment key when there is no comment', async () => {
      const card = await loadVip();
      enter(card.findByTestId(Select, 'feedback-kind'), 'ces');
      enter(card.findByTestId(NumberInput, 'feedback-score'), 7);
      fetchMock.mockResolvedValueOnce(jsonResponse(200, lc.vipFull));
      card.findByTestId(Form, 'feedback-form').trigger('onSubmit');
      await settle(card, () => expect(alertsOf(card)).toHaveLength(1));
      expect(call(1)?.[1]).toStrictEqual({ method: 'POST', timeout: 10_000, body: { ...RECORD, kind: 'ces', score: 7, requestKey: expect.stringMatching(UUID) } });
    });

    it.each([
      { kind: 'nps', score: null, message: 'surveyRequired' },
      { kind: 'nps', score: 11, message: 'npsRange' },
      { kind: 'nps', score: -1, message: 'npsRange' },
      { kind: 'csat', score: 0, message: 'csatRange' },
      { kind: 'csat', score: 6, message: 'csatRange' },
      { kind: 'ces', score: 8, message: 'cesRange' },
      { kind: 'ces', score: 3.5, message: 'cesRange' },
    ] as const)('rejects $kind score $score in the form, before any request', async ({ kind: surveyKind, score, message }) => {
      const card = await loadVip();
      enter(card.findByTestId(Select, 'feedback-kind'), surveyKind);
      if (score !== null) enter(card.findByTestId(NumberInput, 'feedback-score'), score);
      card.findByTestId(Form, 'feedback-form').trigger('onSubmit');
      await settle(card, () => expect(card.findByTestId(NumberInput, 'feedback-score').props).toMatchObject({ error: true, validationMessage: text[message] }));
      expect(fetchMock).toHaveBeenCalledTimes(1);
    });

    it('rejects an over-long comment in the form', async () => {
      const card = await loadVip();
      enter(card.findByTestId(NumberInput, 'feedback-score'), 9);
      enter(card.findByTestId(TextArea, 'feedback-comment'), 'x'.repeat(5001));
      card.findByTestId(Form, 'feedback-form').trigger('onSubmit');
      await settle(card, () => expect(card.findByTestId(TextArea, 'feedback-comment').props).toMatchObject({ error: true, validationMessage: text.commentTooLong }));
      expect(fetchMock).toHaveBeenCalledTimes(1);
    });

    it('announces a refused answer with the server reason and keeps the entry', async () => {
      const card = await loadVip();
      enter(card.findByTestId(Select, 'feedback-kind'), 'csat');
      enter(card.findByTestId(NumberInput, 'feedback-score'), 5);
      fetchMock.mockResolvedValueOnce(jsonResponse(422, { error: { code: 'VALIDATION', message: 'CSAT is not collected for this program.' } }));
      card.findByTestId(Form, 'feedback-form').trigger('onSubmit');
      await settle(card, () => expect(alertsOf(card)).toHaveLength(1));
      expect(alertsOf(card)).toEqual([{ type: 'danger', title: text.surveyFailed, message: 'CSAT is not collected for this program.' }]);
      expect(card.findByTestId(NumberInput, 'feedback-score').props.value).toBe(5);
      expect(card.findByTestId(Select, 'feedback-kind').props.value).toBe('csat');
    });
  });
});
