/** Both entry files register with hubspot.extend (no default export) and render from what HubSpot passes. */
import { Tag } from '@hubspot/ui-extensions';
import type { ExtensionPointApi } from '@hubspot/ui-extensions';
import type { ReactElement } from 'react';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import { act } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { vipFullZh } from '../fixtures/card-views';
import { CARD_URL, jsonResponse, type FetchFn } from './card-harness';

const { extendMock, fetchMock } = vi.hoisted(() => ({ extendMock: vi.fn<(render: unknown) => void>(), fetchMock: vi.fn<FetchFn>() }));
vi.mock('@hubspot/ui-extensions', async (importOriginal) => {
  const actual = await importOriginal<typeof import('@hubspot/ui-extensions')>();
  return { ...actual, hubspot: { ...actual.hubspot, extend: extendMock, fetch: fetchMock } };
});

describe.each([
  { entry: 'VipCard', location: 'crm.record.tab', load: () => import('../VipCard'), testId: 'vip-tier' },
  { entry: 'VipSidebarCard', location: 'crm.record.sidebar', load: () => import('../VipSidebarCard'), testId: 'sidebar-tier' },
] as const)('$entry.tsx', ({ location, load, testId }) => {
  it(`registers one ${location} extension and renders it with HubSpot's context and actions`, async () => {
    extendMock.mockClear();
    const module = await load();
    expect(Object.keys(module)).toEqual([]);
    expect(extendMock).toHaveBeenCalledTimes(1);
    const renderExtension = extendMock.mock.calls[0]?.[0] as (api: ExtensionPointApi<typeof location>) => ReactElement;

    fetchMock.mockReset().mockResolvedValue(jsonResponse(200, vipFullZh));
    const renderer = createRenderer(location);
    const { context, actions, runServerlessFunction } = renderer.mocks;
    context.user.locale = 'zh-cn';
    context.crm.objectTypeId = '0-2';
    context.crm.objectId = 42;
    act(() => {
      renderer.render(renderExtension({ context, actions, runServerlessFunction }));
    });
    await renderer.waitFor(() => expect(renderer.findByTestId(Tag, testId).text).toBe('钻石'), { timeoutInMs: 500 });
    expect(fetchMock.mock.calls[0]?.[0]).toBe(`${CARD_URL}?objectType=company&objectId=42&locale=zh-CN`);
  });
});
