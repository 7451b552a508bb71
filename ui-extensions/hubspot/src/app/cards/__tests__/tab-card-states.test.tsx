/** The record tab in every state it can be in, in English and Chinese. */
import {
  Button,
  EmptyState,
  ErrorState,
  Flex,
  Form,
  LineChart,
  LoadingSpinner,
  ScoreCircle,
  StatisticsItem,
  StatisticsTrend,
  StatusTag,
  Tag,
  Text,
} from '@hubspot/ui-extensions';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { notScored, vipMinimal } from '../fixtures/card-views';
import { CARD_URL, jsonResponse, renderCard, settle, type FetchFn } from './card-harness';
import { LOCALE_CASES, plain } from './expected-texts';

const { fetchMock } = vi.hoisted(() => ({ fetchMock: vi.fn<FetchFn>() }));
vi.mock('@hubspot/ui-extensions', async (importOriginal) => {
  const actual = await importOriginal<typeof import('@hubspot/ui-extensions')>();
  return { ...actual, hubspot: { ...actual.hubspot, fetch: fetchMock } };
});

afterEach(() => {
  fetchMock.mockReset();
});

describe.each(LOCALE_CASES)('tab card ($name)', (lc) => {
  const { text } = lc;
  const viewUrl = `${CARD_URL}?objectType=contact&objectId=1290&locale=${lc.locale}`;

  it('shows a spinner while the view loads, after asking for this record in the rep language', () => {
    fetchMock.mockReturnValue(new Promise<Response>(() => {}));
    const card = renderCard('tab', { locale: lc.tag });
    expect(card.findByTestId(LoadingSpinner, 'card-loading').props.label).toBe(text.loading);
    expect(fetchMock.mock.calls).toEqual([[viewUrl, { method: 'GET', timeout: 10_000 }]]);
  });

  it('asks for a company on company records', () => {
    fetchMock.mockReturnValue(new Promise<Response>(() => {}));
    renderCard('tab', { locale: lc.tag, objectTypeId: '0-2', objectId: 88 });
    expect(fetchMock.mock.calls[0]?.[0]).toBe(`${CARD_URL}?objectType=company&objectId=88&locale=${lc.locale}`);
  });

  it('shows the server explanation on an error and loads again on retry', async () => {
    fetchMock
      .mockResolvedValueOnce(jsonResponse(503, { error: { code: 'UNAVAILABLE', message: 'Scores are being refreshed; try again in a minute.' } }))
      .mockResolvedValueOnce(jsonResponse(200, lc.vipFull));
    const card = renderCard('tab', { locale: lc.tag });
    await settle(card, () => expect(card.findByTestId(ErrorState, 'card-error').props.title).toBe(text.errorTitle));
    expect(card.findByTestId(Text, 'card-error-message').text).toBe('Scores are being refreshed; try again in a minute.');
    const retry = card.findByTestId(Button, 'card-retry');
    expect(retry.text).toBe(text.retry);
    retry.trigger('onClick');
    await settle(card, () => expect(card.findByTestId(Tag, 'vip-tier').text).toBe(lc.vipFull.tier?.label));
    expect(fetchMock).toHaveBeenCalledTimes(2);
    expect(fetchMock.mock.calls[1]?.[0]).toBe(viewUrl);
  });

  it('explains a network failure in its own words', async () => {
    fetchMock.mockRejectedValueOnce(new Error('Request timed out'));
    const card = renderCard('tab', { locale: lc.tag });
    await settle(card, () => expect(card.findByTestId(Text, 'card-error-message').text).toBe(text.errorGeneric));
  });

  it('treats an unreadable 200 as an error rather than rendering it', async () => {
    fetchMock.mockResolvedValueOnce(jsonResponse(200, { version: 2, status: 'vip' }));
    const card = renderCard('tab', { locale: lc.tag });
    await settle(card, () => expect(card.findByTestId(Text, 'card-error-message').text).toBe(text.errorGeneric));
  });

  it('shows a record the program does not know (404 CUSTOMER_NOT_FOUND) as not a VIP, with the server reason', async () => {
    fetchMock.mockResolvedValueOnce(jsonResponse(404, { error: { code: 'CUSTOMER_NOT_FOUND', message: 'Sam is not in VIP Care yet: the next sync adds him.' } }));
    const card = renderCard('tab', { locale: lc.tag });
    await settle(card, () => expect(card.findByTestId(EmptyState, 'not-vip').props.title).toBe(text.notVipTitle));
    expect(card.findByTestId(Text, 'not-vip-message').text).toBe('Sam is not in VIP Care yet: the next sync adds him.');
    // Nothing to act on for a record the backend does not know.
    expect(card.maybeFindByTestId(Form, 'touch-form')).toBeNull();
  });

  it('falls back to its own explanation when the 404 has no message, and errors on other 404s', async () => {
    fetchMock.mockResolvedValueOnce(jsonResponse(404, { error: { code: 'CUSTOMER_NOT_FOUND' } }));
    const card = renderCard('tab', { locale: lc.tag });
    await settle(card, () => expect(card.findByTestId(Text, 'not-vip-message').text).toBe(text.notFound));

    fetchMock.mockResolvedValueOnce(jsonResponse(404, { error: { code: 'ROUTE_NOT_FOUND', message: 'No such route' } }));
    const other = renderCard('tab', { locale: lc.tag });
    await settle(other, () => expect(other.findByTestId(Text, 'card-error-message').text).toBe('No such route'));
  });

  it('shows a scored customer below the line with the score, the reason and the potential-VIP flag', async () => {
    fetchMock.mockResolvedValueOnce(jsonResponse(200, lc.notVipScored));
    const card = renderCard('tab', { locale: lc.tag });
    await settle(card, () => expect(card.findByTestId(Text, 'not-vip-message').text).toBe(text.notVipScored));
    const notVip = card.findByTestId(EmptyState, 'not-vip');
    expect(notVip.findAll(Text).map((t) => t.text)).toContain(lc.notVipScored.reasons[0]?.text);
    const flags = card.findByTestId(Flex, 'not-vip-flags');
    expect(flags.find(Tag).text).toBe(text.potentialTag);
    expect(flags.find(Text).text).toBe(lc.notVipScored.flags[0]?.text);
    expect(card.findByTestId(Form, 'touch-form')).toBeDefined();
  });

  it('shows a customer who has not been scored yet', async () => {
    fetchMock.mockResolvedValueOnce(jsonResponse(200, { ...notScored, locale: lc.locale }));
    const card = renderCard('tab', { locale: lc.tag });
    await settle(card, () => expect(card.findByTestId(Text, 'not-vip-message').text).toBe(text.notScored));
    expect(card.maybeFind(ScoreCircle)).toBeNull();
    // The rep can still log a touch for a customer the program knows.
    expect(card.findByTestId(Form, 'touch-form')).toBeDefined();
  });

  it('shows everything about a VIP', async () => {
    const view = lc.vipFull;
    fetchMock.mockResolvedValueOnce(jsonResponse(200, view));
    const card = renderCard('tab', { locale: lc.tag });
    await settle(card, () => expect(card.findByTestId(Tag, 'vip-tier').text).toBe(view.tier?.label));

    expect(plain(card.findByTestId(Text, 'vip-tier-details').text)).toBe(text.tierDetails);
    expect(card.findByTestId(ScoreCircle, 'vip-score-circle').props.score).toBe(92);
    expect(card.findByTestId(Text, 'vip-score').text).toBe(text.score);

    const reasons = card.findAll(Text).map((node) => node.text);
    for (const reason of view.reasons) expect(reasons).toContain(reason.text);
    expect(reasons).toContain(view.topContributions[0] && `${view.topContributions[0].label}${lc.locale === 'en' ? ': +28.4 pts' : '：+28.4 分'}`);

    const trend = card.find(StatisticsTrend);
    expect(trend.props).toMatchObject({ direction: 'increase', color: 'green', value: '+4.5' });
    expect(card.findAll(Text).map((node) => plain(node.text))).toContain(text.trendSince);
    expect(card.findByTestId(LineChart, 'vip-trend-chart').props.data).toHaveLength(view.trend?.history.length ?? 0);

    const flagTags = card.findAll(Tag).map((node) => node.text);
    expect(flagTags).toContain(text.atRiskTag);
    expect(plain(card.findByTestId(StatisticsItem, 'vip-predicted-value').props.number.toString())).toBe(text.predictedValue);
    expect(card.findByTestId(StatisticsItem, 'vip-churn-risk').props.number).toBe(text.churn);

    expect(card.findByTestId(Tag, 'task-4101-overdue').text).toBe(text.overdue);
    expect(card.maybeFindByTestId(Tag, 'task-4102-overdue')).toBeNull();
    expect(plain(card.findByTestId(Text, 'task-4101-due').text)).toBe(text.task4101Due);
    expect(plain(card.findByTestId(Text, 'task-4102-due').text)).toBe(text.task4102Due);
    expect(card.findByTestId(Text, 'vip-open-tasks').text).toBe(text.openTasks);

    const sla = (id: number) => card.findByTestId(StatusTag, `complaint-${id}-sla`);
    expect([sla(77).text, sla(77).props.variant]).toEqual([text.sla77, 'success']);
    expect([sla(78).text, sla(78).props.variant]).toEqual([text.sla78, 'danger']);
    expect([sla(79).text, sla(79).props.variant]).toEqual([text.sla79, 'info']);
    expect(card.findByTestId(Text, 'vip-open-complaints').text).toBe(text.openComplaints);

    expect(plain(card.findByTestId(Text, 'vip-nps').text)).toBe(text.nps);
    expect(plain(card.findByTestId(Text, 'vip-csat').text)).toBe(text.csat);
  });

  it('renders server text as text, never as markup', async () => {
    fetchMock.mockResolvedValueOnce(jsonResponse(200, lc.vipFull));
    const card = renderCard('tab', { locale: lc.tag });
    await settle(card, () => expect(card.findByTestId(Tag, 'vip-tier')).toBeDefined());
    const subject = lc.vipFull.complaints[0]?.subject ?? '';
    expect(subject).toContain('<urgent>');
    expect(card.findAll(Text).map((node) => node.text)).toContain(subject);
  });

  it('shows a VIP with nothing recorded yet without empty sections', async () => {
    fetchMock.mockResolvedValueOnce(jsonResponse(200, { ...vipMinimal, locale: lc.locale }));
    const card = renderCard('tab', { locale: lc.tag });
    await settle(card, () => expect(card.findByTestId(Tag, 'vip-tier').text).toBe('Gold'));
    expect(plain(card.findByTestId(Text, 'vip-tier-details').text)).toBe(text.minimalTierDetails);
    for (const absent of ['vip-trend-chart', 'vip-open-tasks', 'vip-open-complaints']) expect(card.maybeFindByTestId(Text, absent)).toBeNull();
    expect(card.maybeFind(StatisticsTrend)).toBeNull();
    expect(card.maybeFind(LineChart)).toBeNull();
    expect(card.maybeFindByTestId(StatisticsItem, 'vip-predicted-value')).toBeNull();
    const texts = card.findAll(Text).map((node) => node.text);
    expect(texts).toEqual(expect.arrayContaining([text.noTasks, text.noComplaints, text.noReasons]));
    expect(card.findByTestId(Text, 'vip-nps').text).toBe(text.noAnswer);
    expect(card.findByTestId(Text, 'vip-csat').text).toBe(text.noAnswer);
  });

  it('does not call the backend on an object the card does not support', () => {
    const card = renderCard('tab', { locale: lc.tag, objectTypeId: '0-3' });
    expect(card.findByTestId(ErrorState, 'card-unsupported').find(Text).text).toBe(text.unsupported);
    expect(fetchMock).not.toHaveBeenCalled();
  });
});
