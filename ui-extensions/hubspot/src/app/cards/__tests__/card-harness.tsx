/**
 * Renders a card the way HubSpot does (context and actions from the testing package's mocks) and
 * reads back what the rep saw. Every test file mocks `hubspot.fetch` itself with
 * `vi.mock('@hubspot/ui-extensions', ...)` (mocks are hoisted per file) and passes the spy here.
 */
import type { HubSpotFetchOptions, HubSpotFetchRequestURI } from '@hubspot/ui-extensions';
import { createRenderer, type Renderer } from '@hubspot/ui-extensions/testing';
import { act } from 'react';
import type { Mock } from 'vitest';
import { BACKEND_URL } from '../../backend';
import { SidebarCard } from '../components/SidebarCard';
import { TabCard } from '../components/TabCard';

export type FetchFn = (url: HubSpotFetchRequestURI, options?: HubSpotFetchOptions) => Promise<Response>;
export type FetchMock = Mock<FetchFn>;
export type CardKind = 'tab' | 'sidebar';
export type CardRenderer = Renderer<'crm.record.tab'> | Renderer<'crm.record.sidebar'>;

export const CARD_URL = `${BACKEND_URL}/hubspot/card`;

export function jsonResponse(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

export interface RenderOptions {
  locale?: string;
  objectTypeId?: string;
  objectId?: number;
  timeZone?: string;
}

export function renderCard(kind: CardKind, options: RenderOptions = {}): CardRenderer {
  const renderer = kind === 'tab' ? createRenderer('crm.record.tab') : createRenderer('crm.record.sidebar');
  const { context, actions } = renderer.mocks;
  context.user.locale = options.locale;
  context.crm.objectTypeId = options.objectTypeId ?? '0-1';
  context.crm.objectId = options.objectId ?? 1290;
  context.portal.timezone = options.timeZone ?? 'America/New_York';
  // act() runs the mount effects now, so the card's first request belongs to this test.
  act(() => {
    renderer.render(kind === 'tab' ? <TabCard context={context} actions={actions} /> : <SidebarCard context={context} actions={actions} />);
  });
  return renderer;
}

/** The alerts the card raised, in order. */
export function alertsOf(renderer: CardRenderer): { type?: string; title?: string; message: string }[] {
  return renderer.mocks.actions.addAlert.calls.map(([alert]) => alert);
}

/**
 * Commits a value into an input, as HubSpot does on blur or submit. (`trigger` in 0.17.0 types its
 * argument as the handler itself, so values go through this typed helper instead.)
 */
export function enter<T>(input: { props: { onChange?: ((value: T) => void) | undefined } }, value: NoInfer<T>): void {
  act(() => {
    input.props.onChange?.(value);
  });
}

/** Resolves once `check` passes; a shorter wait than the default keeps failures fast. */
export function settle(renderer: CardRenderer, check: () => void): Promise<void> {
  return renderer.waitFor(check, { timeoutInMs: 500 });
}
