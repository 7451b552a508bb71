/** The compact sidebar card in every state, in English and Chinese; the full view opens in a panel. */
import { Button, ErrorState, Flex, Form, LoadingSpinner, Panel, Tag, Text } from '@hubspot/ui-extensions';
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

describe.each(LOCALE_CASES)('sidebar card ($name)', (lc) => {
  const { text } = lc;

  it('shows a spinner while the view loads', () => {
    fetchMock.mockReturnValue(new Promise<Response>(() => {}));
    const card = renderCard('sidebar', { locale: lc.tag, objectTypeId: '0-2', objectId: 31 });
    expect(card.findByTestId(LoadingSpinner, 'card-loading').props.label).toBe(text.loading);
    expect(fetchMock.mock.calls).toEqual([[`${CARD_URL}?objectType=company&objectId=31&locale=${lc.locale}`, { method: 'GET', timeout: 10_000 }]]);
  });

  it('shows an error with a retry that loads again', async () => {
    fetchMock.mockResolvedValueOnce(jsonResponse(500, 'not json')).mockResolvedValueOnce(jsonResponse(200, lc.vipFull));
    const card = renderCard('sidebar', { locale: lc.tag });
    await settle(card, () => expect(card.findByTestId(ErrorState, 'card-error').props.title).toBe(text.errorTitle));
    expect(card.findByTestId(Text, 'card-error-message').text).toBe(text.errorGeneric);
    card.findByTestId(Button, 'card-retry').trigger('onClick');
    await settle(card, () => expect(card.findByTestId(Tag, 'sidebar-tier').text).toBe(lc.vipFull.tier?.label));
    expect(fetchMock).toHaveBeenCalledTimes(2);
  });

  it('shows an unknown record (404) as not a VIP, without a details panel', async () => {
    fetchMock.mockResolvedValueOnce(jsonResponse(404, { error: { code: 'CUSTOMER_NOT_FOUND', message: 'Not synced yet.' } }));
    const card = renderCard('sidebar', { locale: lc.tag });
    await settle(card, () => expect(card.findByTestId(Text, 'sidebar-not-vip-message').text).toBe('Not synced yet.'));
    expect(card.findByTestId(Flex, 'sidebar-not-vip').find(Text).text).toBe(text.notVipTitle);
    expect(card.maybeFindByTestId(Button, 'sidebar-details')).toBeNull();
  });

  it('shows a scored non-VIP with the score and potential-VIP flag, and the full view in the panel', async () => {
    fetchMock.mockResolvedValueOnce(jsonResponse(200, lc.notVipScored));
    const card = renderCard('sidebar', { locale: lc.tag });
    await settle(card, () => expect(card.findByTestId(Text, 'sidebar-not-vip-message').text).toBe(text.notVipScored));
    expect(card.findByTestId(Flex, 'sidebar-flags').find(Tag).text).toBe(text.potentialTag);
    const details = card.findByTestId(Button, 'sidebar-details');
    expect(details.text).toBe(text.sidebarDetails);
    expect(details.props.overlay?.find(Panel).find(Form, { testId: 'touch-form' })).toBeDefined();
  });

  it('shows a customer who has not been scored yet', async () => {
    fetchMock.mockResolvedValueOnce(jsonResponse(200, { ...notScored, locale: lc.locale }));
    const card = renderCard('sidebar', { locale: lc.tag });
    await settle(card, () => expect(card.findByTestId(Text, 'sidebar-not-vip-message').text).toBe(text.notScored));
  });

  it('shows tier, score, the first reason, the next action and open complaints of a VIP', async () => {
    const view = lc.vipFull;
    fetchMock.mockResolvedValueOnce(jsonResponse(200, view));
    const card = renderCard('sidebar', { locale: lc.tag });
    await settle(card, () => expect(card.findByTestId(Tag, 'sidebar-tier').text).toBe(view.tier?.label));
    expect(card.findByTestId(Text, 'sidebar-score').text).toBe(text.sidebarScore);
    expect(card.findByTestId(Text, 'sidebar-reason').text).toBe(view.reasons[0]?.text);
    expect(card.findByTestId(Text, 'sidebar-reason').text).not.toBe(view.reasons[1]?.text);
    const next = card.findByTestId(Flex, 'sidebar-next');
    expect(next.findAll(Text).map((node) => plain(node.text))).toEqual([text.sidebarNext, text.task4101Due.split(' · ')[0]]);
    expect(next.find(Tag).text).toBe(text.overdue);
    expect(card.findByTestId(Text, 'sidebar-complaints').text).toBe(text.sidebarComplaints);
  });

  it('opens the full VIP view in a side panel', async () => {
    fetchMock.mockResolvedValueOnce(jsonResponse(200, lc.vipFull));
    const card = renderCard('sidebar', { locale: lc.tag });
    await settle(card, () => expect(card.findByTestId(Button, 'sidebar-details').text).toBe(text.sidebarDetails));
    const panel = card.findByTestId(Button, 'sidebar-details').props.overlay?.find(Panel);
    expect(panel?.props).toMatchObject({ id: 'vip-care-details', title: 'VIP Care' });
    expect(panel?.find(Tag, { testId: 'vip-tier' }).text).toBe(lc.vipFull.tier?.label);
    expect(panel?.find(Text, { testId: 'vip-score' }).text).toBe(text.score);
  });

  it('says so when a VIP has no action due and no complaint', async () => {
    fetchMock.mockResolvedValueOnce(jsonResponse(200, { ...vipMinimal, locale: lc.locale }));
    const card = renderCard('sidebar', { locale: lc.tag });
    await settle(card, () => expect(card.findByTestId(Tag, 'sidebar-tier').text).toBe('Gold'));
    expect(card.maybeFindByTestId(Text, 'sidebar-reason')).toBeNull();
    expect(card.findByTestId(Text, 'sidebar-next-none').text).toBe(text.sidebarNoNext);
    expect(card.findByTestId(Text, 'sidebar-complaints').text).toBe(text.sidebarNoComplaints);
  });

  it('does not call the backend on an object the card does not support', () => {
    const card = renderCard('sidebar', { locale: lc.tag, objectTypeId: '0-5' });
    expect(card.findByTestId(ErrorState, 'card-unsupported').find(Text).text).toBe(text.unsupported);
    expect(fetchMock).not.toHaveBeenCalled();
  });
});
