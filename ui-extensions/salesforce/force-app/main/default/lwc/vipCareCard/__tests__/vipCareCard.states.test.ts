/**
 * c-vip-care-card, state by state, as a rep meets it on a Contact or Account page: loading, error
 * (and retry), not a VIP (unknown record, not scored, scored below the line), and a VIP with every
 * section. Runs once per language (the vitest projects salesforce-lwc-en and -zh-CN); every
 * expected text comes from the labels the component is compiled with, and axe checks each state.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { refreshApex } from '../../../../../../test/mocks/refresh-apex.js';
import { apexError, emit, fail, resetApexDoubles, wireConfigs } from '../../../../../../test/mocks/apex.js';
import { seriousViolations } from '../../../../../../test/harness/axe.js';
import { ACCOUNT_ID, CONTACT_ID, GENERATED_AT, json, mountCard, notFoundBody, unmountAll, view } from '../../../../../../test/harness/card.js';
import { allByDataId, byDataId, click, deepQueryAll, flush, has, nth, renderedText, stubData } from '../../../../../../test/harness/dom.js';
import { LANG, USER_LOCALE, day, fmt, label, points } from '../../../../../../test/harness/labels.js';

const MINUTE = 60_000;

/** Mounts the card and answers its wire with `data` (view JSON, or the 404 body). */
async function cardShowing(data: string, props: { recordId?: string; objectApiName?: string } = {}) {
  const mounted = mountCard(props);
  await flush();
  emit('getCard', data);
  await flush();
  return mounted;
}

function textOf(root: Node, id: string): string {
  return renderedText(byDataId(root, id));
}

/** The attributes a lightning-formatted-* stub was given (value as text, options as data-*). */
function formatted(root: Node, id: string): { text: string; data: Record<string, string | undefined> } {
  const host = byDataId(root, id).querySelector('lightning-formatted-number, lightning-formatted-date-time');
  const inner = host?.shadowRoot?.firstElementChild;
  if (!(inner instanceof HTMLElement)) throw new Error(`no formatted value in ${id}`);
  return { text: inner.textContent ?? '', data: { ...inner.dataset } };
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(GENERATED_AT);
  resetApexDoubles();
  refreshApex.mockClear();
});

afterEach(() => {
  unmountAll();
  vi.useRealTimers();
});

describe('c-vip-care-card states', () => {
  it('asks Apex for the record in the user\'s locale and shows a labelled spinner until it answers', async () => {
    const { element } = mountCard();
    await flush();
    expect(wireConfigs('getCard').at(-1)).toEqual({ recordId: CONTACT_ID, objectApiName: 'Contact', locale: USER_LOCALE });
    expect(stubData(byDataId(element, 'loading').querySelector('lightning-spinner'))).toEqual({ size: 'small' });
    expect(renderedText(byDataId(element, 'loading'))).toBe(label('Loading'));
    expect(textOf(element, 'status')).toBe(label('Loading'));
    expect(byDataId(element, 'status').getAttribute('role')).toBe('status');
    expect(has(element, 'summary') || has(element, 'not-vip') || has(element, 'error')).toBe(false);
    expect(await seriousViolations(element)).toEqual([]);
  });

  it('uses the Account record it is placed on', async () => {
    mountCard({ recordId: ACCOUNT_ID, objectApiName: 'Account' });
    await flush();
    expect(wireConfigs('getCard').at(-1)).toEqual({ recordId: ACCOUNT_ID, objectApiName: 'Account', locale: USER_LOCALE });
  });

  it('shows the card title in the user\'s language', async () => {
    const { element } = await cardShowing(json(view('vipFull')));
    const card = element.shadowRoot?.querySelector('lightning-card');
    expect(stubData(card)).toEqual({ icon: 'standard:reward' });
    expect(card?.shadowRoot?.querySelector('h2')?.textContent).toBe(label('CardTitle'));
    expect(label('CardTitle')).toBe(LANG === 'zh-CN' ? 'VIP 关怀' : 'VIP Care');
  });

  describe('error', () => {
    it('shows the server\'s message and a retry that refreshes the wired call', async () => {
      const { element } = mountCard();
      await flush();
      const error = apexError('VIP Care is being updated. Try again in a minute.');
      fail('getCard', error);
      await flush();
      expect(renderedText(byDataId(element, 'error'))).toBe(`${label('ErrorTitle')} VIP Care is being updated. Try again in a minute. ${label('Retry')}`);
      expect(textOf(element, 'status')).toBe(label('ErrorTitle'));
      expect(deepQueryAll(byDataId(element, 'error'), 'h3').map((h) => h.textContent)).toEqual([label('ErrorTitle')]);
      expect(await seriousViolations(element)).toEqual([]);

      await click(byDataId(element, 'retry'));
      expect(refreshApex).toHaveBeenCalledTimes(1);
      expect(refreshApex).toHaveBeenCalledWith({ data: undefined, error });
      expect(has(element, 'loading')).toBe(true);
      expect(textOf(element, 'status')).toBe(label('Loading'));

      emit('getCard', json(view('vipFull')));
      await flush();
      expect(has(element, 'error')).toBe(false);
      expect(textOf(element, 'tier')).toBe(view('vipFull').tier?.label);
    });

    it('says VIP Care did not answer when the failure carries no message', async () => {
      const { element } = mountCard();
      await flush();
      fail('getCard', { status: 500, body: { message: '   ' } });
      await flush();
      expect(textOf(element, 'error-message')).toBe(label('ErrorGeneric'));
    });

    it('joins the messages of a list of errors', async () => {
      const { element } = mountCard();
      await flush();
      fail('getCard', { status: 400, body: [{ message: 'First problem.' }, { message: 'Second problem.' }] });
      await flush();
      expect(textOf(element, 'error-message')).toBe('First problem. Second problem.');
    });

    it('treats an answer that is not a card view as an error', async () => {
      for (const answer of ['<html>Bad gateway</html>', json({ version: 2 }), json({ error: { code: 'NOT_CONNECTED', message: 'x' } })]) {
        const { element } = await cardShowing(answer);
        expect(textOf(element, 'error-message')).toBe(label('ErrorGeneric'));
        unmountAll();
      }
    });

    it('shows a refresh that fails outright', async () => {
      const { element } = mountCard();
      await flush();
      fail('getCard', apexError(null));
      await flush();
      refreshApex.mockRejectedValueOnce(apexError('Still unavailable.'));
      await click(byDataId(element, 'retry'));
      expect(textOf(element, 'error-message')).toBe('Still unavailable.');
    });
  });

  it('on another object, says where the card works', async () => {
    const { element } = mountCard({ recordId: '006Dn00000VipCrAAC', objectApiName: 'Opportunity' });
    await flush();
    expect(textOf(element, 'unsupported')).toBe(label('UnsupportedObject'));
    expect(textOf(element, 'status')).toBe(label('UnsupportedObject'));
    expect(has(element, 'loading')).toBe(false);
    expect(await seriousViolations(element)).toEqual([]);
  });

  describe('not a VIP', () => {
    it('for a record VIP Care does not know (404): the server\'s explanation, and no actions', async () => {
      const { element } = await cardShowing(notFoundBody());
      const body = JSON.parse(notFoundBody()) as { error: { message: string } };
      expect(renderedText(byDataId(element, 'not-vip'))).toBe(`${label('NotVipTitle')} ${body.error.message}`);
      expect(textOf(element, 'status')).toBe(label('NotVipTitle'));
      for (const id of ['summary', 'tasks', 'touch-form', 'feedback-form', 'score']) expect(has(element, id), id).toBe(false);
      expect(await seriousViolations(element)).toEqual([]);
    });

    it('for a 404 without a message: our own explanation', async () => {
      const { element } = await cardShowing(json({ error: { code: 'CUSTOMER_NOT_FOUND' } }));
      expect(textOf(element, 'not-vip-message')).toBe(label('NotVipNotFound'));
    });

    it('scored below the entry line: the score, the potential-VIP flag in words, the reasons, and the care actions', async () => {
      const v = view('notVipScored');
      const { element } = await cardShowing(json(v));
      expect(textOf(element, 'not-vip-message')).toBe(label('NotVipScored'));
      expect(formatted(element, 'score')).toEqual({ text: '54.5', data: { style: 'decimal', maxFraction: '1' } });
      expect(textOf(element, 'score')).toBe(`54.5 ${label('ScoreOutOf')}`);
      expect(allByDataId(element, 'flag').map((f) => renderedText(f))).toEqual([`${label('FlagPotentialVip')} ${v.flags[0]?.text}`]);
      expect(allByDataId(element, 'reason').map((r) => r.textContent)).toEqual([v.reasons[0]?.text]);
      expect(allByDataId(element, 'contribution').map((r) => r.textContent)).toEqual([fmt('ContributionLine', v.topContributions[0]?.label ?? '', points(15))]);
      expect(has(element, 'summary')).toBe(false);
      expect(textOf(element, 'tasks-empty')).toBe(label('TasksEmpty'));
      expect(textOf(element, 'complaints-empty')).toBe(label('ComplaintsEmpty'));
      expect(textOf(element, 'nps')).toBe(label('NoAnswer'));
      expect(textOf(element, 'csat')).toBe(`${fmt('CsatLine', 3)} ${label('Answered')} 2026-09-01T10:00:00.000Z`);
      expect(has(element, 'touch-form') && has(element, 'feedback-form')).toBe(true);
      expect(await seriousViolations(element)).toEqual([]);
    });

    it('not scored yet: says the next run decides, and shows no score', async () => {
      const { element } = await cardShowing(json(view('notScored')));
      expect(textOf(element, 'not-vip-message')).toBe(label('NotVipNotScored'));
      expect(has(element, 'score')).toBe(false);
      expect(allByDataId(element, 'flag')).toEqual([]);
      expect(await seriousViolations(element)).toEqual([]);
    });
  });

  describe('VIP', () => {
    it('tier, score, how the tier was set, flags, reasons, contributions, trend and outlook', async () => {
      const v = view('vipFull');
      const { element } = await cardShowing(json(v));
      expect(textOf(element, 'status')).toBe(label('Loaded'));
      expect(textOf(element, 'tier')).toBe(LANG === 'zh-CN' ? '钻石' : 'Diamond');
      expect(textOf(element, 'tier-rank')).toBe(fmt('TierRank', 1, 3));
      expect(textOf(element, 'tier-rank')).toBe(LANG === 'zh-CN' ? '第 1 级（共 3 级）' : 'Tier 1 of 3');
      expect(textOf(element, 'score')).toBe(`88.5 ${label('ScoreOutOf')}`);
      expect(formatted(element, 'tier-since')).toEqual({ text: '2025-12-01', data: { parts: 'numeric short numeric', timeZone: 'UTC' } });
      expect(textOf(element, 'tier-source')).toBe(label('TierSourceRule'));
      expect(allByDataId(element, 'flag').map((f) => renderedText(f))).toEqual([`${label('FlagAtRisk')} ${v.flags[0]?.text}`]);
      expect(allByDataId(element, 'reason').map((r) => r.textContent)).toEqual(v.reasons.map((r) => r.text));
      expect(allByDataId(element, 'contribution').map((r) => r.textContent)).toEqual(v.topContributions.map((c) => fmt('ContributionLine', c.label, points(c.points))));
      expect(textOf(element, 'trend-text')).toBe(fmt('TrendDown', points(3.5), day('2026-08-13')));
      expect(stubData(byDataId(element, 'trend-text').querySelector('lightning-icon'))).toEqual({ icon: 'utility:arrowdown' });
      expect(byDataId(element, 'history').getAttribute('role')).toBe('img');
      expect(byDataId(element, 'history').getAttribute('aria-label')).toBe(fmt('ScoreHistory', [84, 86.5, 90, 91, 92, 88.5].map(points).join(', ')));
      expect(formatted(element, 'predicted-value')).toEqual({ text: '48250.5', data: { style: 'currency', currency: 'USD', maxFraction: '0' } });
      expect(formatted(element, 'churn-risk')).toEqual({ text: '0.27', data: { style: 'percent', maxFraction: '0' } });
      expect(await seriousViolations(element)).toEqual([]);
    });

    it('headings: the card title, then one per section', async () => {
      const { element } = await cardShowing(json(view('vipFull')));
      const headings = deepQueryAll(element, 'h2, h3').map((h) => `${h.localName} ${h.textContent}`);
      expect(headings).toEqual([
        `h2 ${label('CardTitle')}`,
        `h3 ${label('TierHeading')}`,
        `h3 ${label('ReasonsHeading')}`,
        `h3 ${label('TrendHeading')}`,
        `h3 ${label('PredictionHeading')}`,
        `h3 ${label('TasksHeading')}`,
        `h3 ${label('ComplaintsHeading')}`,
        `h3 ${label('FeedbackHeading')}`,
        `h3 ${label('TouchHeading')}`,
        `h3 ${label('SurveyHeading')}`,
      ]);
    });

    it('next care actions: soonest first, overdue said in words, due time, owner, priority, and how many are open', async () => {
      const v = view('vipFull');
      const { element } = await cardShowing(json(v));
      const tasks = allByDataId(element, 'task');
      expect(tasks.map((t) => textOf(t, 'task-title'))).toEqual(v.nextActions.map((t) => t.title));
      expect(tasks.map((t) => has(t, 'overdue'))).toEqual([true, false, false]);
      expect(textOf(nth(tasks, 0), 'overdue')).toBe(label('Overdue'));
      expect(tasks.map((t) => textOf(t, 'priority'))).toEqual([label('PriorityHigh'), label('PriorityNormal'), label('PriorityUrgent')]);
      expect(tasks.map((t) => formatted(t, 'due'))).toEqual(v.nextActions.map((t) => ({ text: t.dueAt, data: { parts: 'numeric short numeric 2-digit 2-digit' } })));
      expect(tasks.map((t) => textOf(t, 'owner'))).toEqual([v.customer.accountManager, label('Unassigned'), v.customer.accountManager]);
      const complete = tasks.map((t) => byDataId(t, 'complete'));
      expect(complete.map((b) => renderedText(b))).toEqual(v.nextActions.map(() => label('CompleteTask')));
      expect(complete.map((b) => b.shadowRoot?.querySelector('button')?.getAttribute('aria-label'))).toEqual(v.nextActions.map((t) => fmt('CompleteTaskFor', t.title)));
      expect(textOf(element, 'tasks-more')).toBe(fmt('TasksMore', 6));
    });

    it('a task that fell due after the view was built reads overdue', async () => {
      vi.setSystemTime(new Date('2026-09-15T07:00:00.000Z'));
      const { element } = await cardShowing(json(view('vipFull')));
      expect(allByDataId(element, 'task').map((t) => has(t, 'overdue'))).toEqual([true, true, false]);
    });

    it('open complaints: subject as text, priority, status, and the running SLA clock in words', async () => {
      const v = view('vipFull');
      const { element } = await cardShowing(json(v));
      const complaints = allByDataId(element, 'complaint');
      expect(complaints.map((c) => textOf(c, 'complaint-subject'))).toEqual(v.complaints.map((c) => c.subject));
      // Markup in a subject is text: nothing is parsed out of it.
      expect(textOf(nth(complaints, 0), 'complaint-subject')).toContain('<b>again</b>');
      expect(deepQueryAll(element, 'b')).toEqual([]);
      expect(complaints.map((c) => textOf(c, 'sla'))).toEqual([
        fmt('ClockLine', label('ClockFirstResponse'), fmt('SlaLeft', fmt('DurationHours', 2, 15))),
        fmt('ClockLine', label('ClockResolution'), fmt('SlaBreached', fmt('DurationMinutes', 40))),
        fmt('ClockLine', label('ClockResolution'), label('SlaPaused')),
      ]);
      expect(textOf(nth(complaints, 0), 'sla')).toBe(
        LANG === 'zh-CN' ? '首次响应：剩余 2 小时 15 分钟' : 'First response: 2 h 15 min left',
      );
      expect(complaints.map((c) => byDataId(c, 'sla').dataset.tone)).toEqual(['success', 'error', 'info']);
      expect(renderedText(nth(complaints, 1))).toContain(`${label('PriorityCritical')} ${label('ComplaintOpen')}`);
      expect(renderedText(nth(complaints, 2))).toContain(`${label('PriorityLow')} ${label('ComplaintWaiting')}`);
      expect(textOf(element, 'complaints-more')).toBe(fmt('ComplaintsMore', 4));
    });

    it('SLA clocks count down from when the (possibly cached) view was built', async () => {
      vi.setSystemTime(new Date(GENERATED_AT.getTime() + 10 * MINUTE));
      const { element } = await cardShowing(json(view('vipFull')));
      expect(allByDataId(element, 'sla').map((s) => renderedText(s))).toEqual([
        fmt('ClockLine', label('ClockFirstResponse'), fmt('SlaLeft', fmt('DurationHours', 2, 5))),
        fmt('ClockLine', label('ClockResolution'), fmt('SlaBreached', fmt('DurationMinutes', 50))),
        fmt('ClockLine', label('ClockResolution'), label('SlaPaused')),
      ]);
    });

    it('latest NPS and CSAT with their dates', async () => {
      const v = view('vipFull');
      const { element } = await cardShowing(json(v));
      expect(textOf(element, 'nps')).toBe(`${fmt('NpsLine', 9, label('Promoter'))} ${label('Answered')} ${v.feedback.nps?.at}`);
      expect(textOf(element, 'csat')).toBe(`${fmt('CsatLine', 4)} ${label('Answered')} ${v.feedback.csat?.at}`);
    });

    it('a VIP the program knows little about: every empty section says so', async () => {
      const { element } = await cardShowing(json(view('vipMinimal')));
      expect(textOf(element, 'tier')).toBe(LANG === 'zh-CN' ? '黄金' : 'Gold');
      expect(textOf(element, 'tier-source')).toBe(label('TierSourceOverride'));
      expect(textOf(element, 'reasons-empty')).toBe(label('ReasonsEmpty'));
      expect(textOf(element, 'tasks-empty')).toBe(label('TasksEmpty'));
      expect(textOf(element, 'complaints-empty')).toBe(label('ComplaintsEmpty'));
      expect([textOf(element, 'nps'), textOf(element, 'csat')]).toEqual([label('NoAnswer'), label('NoAnswer')]);
      for (const id of ['trend', 'prediction', 'flags', 'tasks-more', 'complaints-more', 'contribution']) expect(has(element, id), id).toBe(false);
      expect(await seriousViolations(element)).toEqual([]);
    });

    it('a prediction without data says so instead of a number', async () => {
      const v = view('vipMinimal');
      const { element } = await cardShowing(json({ ...v, prediction: { predictedValue: null, churnRisk: null, currency: 'USD' } }));
      expect([textOf(element, 'predicted-value'), textOf(element, 'churn-risk')]).toEqual([label('NotEnoughData'), label('NotEnoughData')]);
    });

    it('a new wire answer (another record) replaces the view', async () => {
      const { element } = await cardShowing(json(view('vipFull')));
      emit('getCard', json(view('notScored')));
      await flush();
      expect(has(element, 'summary')).toBe(false);
      expect(textOf(element, 'not-vip-message')).toBe(label('NotVipNotScored'));
    });
  });
});
