/** The request layer: URLs, what counts as a view, and how failures are read. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BACKEND_URL } from '../../backend';
import { cardViewUrl, completeTaskUrl, logTouchUrl, recordFeedbackUrl } from '../api/card-urls';
import { isVipCardView, readCardResponse } from '../api/read-card-response';
import { notScored, vipFullEn } from '../fixtures/card-views';
import { toCardRecord } from '../lib/card-record';
import { newRequestKey } from '../lib/request-key';
import { jsonResponse } from './card-harness';

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('card URLs', () => {
  it('name the record and the language, nothing about the tenant or user', () => {
    expect(cardViewUrl({ objectType: 'company', objectId: '9001' }, 'zh-CN')).toBe(`${BACKEND_URL}/hubspot/card?objectType=company&objectId=9001&locale=zh-CN`);
    expect(completeTaskUrl(4101, 'en')).toBe(`${BACKEND_URL}/hubspot/card/tasks/4101/complete?locale=en`);
    expect(logTouchUrl('en')).toBe(`${BACKEND_URL}/hubspot/card/touches?locale=en`);
    expect(recordFeedbackUrl('zh-CN')).toBe(`${BACKEND_URL}/hubspot/card/feedback?locale=zh-CN`);
  });
});

describe('toCardRecord', () => {
  it('maps HubSpot object type ids to our record types', () => {
    expect(toCardRecord({ objectTypeId: '0-1', objectId: 51 })).toEqual({ objectType: 'contact', objectId: '51' });
    expect(toCardRecord({ objectTypeId: '0-2', objectId: '7' })).toEqual({ objectType: 'company', objectId: '7' });
    expect(toCardRecord({ objectTypeId: '0-3', objectId: 7 })).toBeNull();
    expect(toCardRecord({ objectTypeId: '2-1234', objectId: 7 })).toBeNull();
  });
});

describe('readCardResponse', () => {
  it('accepts views and refuses other 200 bodies', async () => {
    expect(await readCardResponse(jsonResponse(200, notScored))).toEqual({ kind: 'view', view: notScored });
    expect(await readCardResponse(jsonResponse(200, { ...vipFullEn, nextActions: null }))).toEqual({ kind: 'failed', message: null });
    expect(await readCardResponse(new Response('<html>proxy error</html>', { status: 200 }))).toEqual({ kind: 'failed', message: null });
  });

  it('reads 404 CUSTOMER_NOT_FOUND as not in the program, other errors as failures with the server message', async () => {
    expect(await readCardResponse(jsonResponse(404, { error: { code: 'CUSTOMER_NOT_FOUND', message: 'Not yet.' } }))).toEqual({ kind: 'notFound', message: 'Not yet.' });
    expect(await readCardResponse(jsonResponse(404, { error: { code: 'NOT_FOUND', message: 'Gone' } }))).toEqual({ kind: 'failed', message: 'Gone' });
    expect(await readCardResponse(jsonResponse(401, { error: { code: 'BAD_SIGNATURE', message: '  ' } }))).toEqual({ kind: 'failed', message: null });
    expect(await readCardResponse(jsonResponse(502, { error: 'upstream' }))).toEqual({ kind: 'failed', message: null });
    expect(await readCardResponse(new Response('', { status: 504 }))).toEqual({ kind: 'failed', message: null });
  });

  it('checks the view version', () => {
    expect(isVipCardView(vipFullEn)).toBe(true);
    expect(isVipCardView({ ...vipFullEn, version: 2 })).toBe(false);
    expect(isVipCardView({ ...vipFullEn, status: 'gold' })).toBe(false);
    expect(isVipCardView([vipFullEn])).toBe(false);
  });
});

describe('newRequestKey', () => {
  it('is a random UUID where the platform has one', () => {
    const key = newRequestKey();
    expect(key).toMatch(/^[0-9a-f-]{36}$/);
    expect(newRequestKey()).not.toBe(key);
  });

  it('falls back to a time and random string that the backend accepts (8-200 characters)', () => {
    vi.stubGlobal('crypto', undefined);
    const keys = new Set(Array.from({ length: 50 }, () => newRequestKey()));
    expect(keys.size).toBe(50);
    for (const key of keys) expect(key.length).toBeGreaterThanOrEqual(8);
    for (const key of keys) expect(key.length).toBeLessThanOrEqual(200);
  });
});
