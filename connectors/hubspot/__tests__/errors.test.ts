import { describe, expect, it } from 'vitest';
import { toHubspotError } from '../errors.js';

const NOW = Date.parse('2026-06-01T00:00:00Z');
const api = (code: number, body: unknown, headers: Record<string, string> = {}) => ({ code, body, headers, message: `HTTP-Code: ${code}` });

describe('HubSpot errors to our codes', () => {
  it.each([
    [400, { status: 'error', category: 'VALIDATION_ERROR', message: 'Property values were not valid' }, 'INVALID_INPUT'],
    [401, { status: 'error', category: 'INVALID_AUTHENTICATION', message: 'Authentication credentials not found' }, 'UNAUTHORIZED'],
    [403, { status: 'error', category: 'MISSING_SCOPES', message: 'This app hasn\'t been granted all required scopes' }, 'FORBIDDEN'],
    [404, { status: 'error', category: 'OBJECT_NOT_FOUND', message: 'Object not found' }, 'NOT_FOUND'],
    [409, { status: 'error', category: 'OBJECT_ALREADY_EXISTS', message: 'exists' }, 'CONFLICT'],
    [429, { status: 'error', policyName: 'TEN_SECONDLY_ROLLING', message: 'You have reached your ten_secondly_rolling limit.' }, 'RATE_LIMITED'],
    [500, { status: 'error', message: 'internal error' }, 'TEMPORARY'],
    [502, '<html>Bad Gateway</html>', 'TEMPORARY'],
    [503, null, 'TEMPORARY'],
    [504, null, 'TEMPORARY'],
    [418, null, 'UNKNOWN'],
  ])('HTTP %i maps to its code', (status, body, code) => {
    const e = toHubspotError(api(status, body), NOW);
    expect(e.code).toBe(code);
    expect(e.status).toBe(status);
  });

  it('keeps HubSpot\'s message and category, not the raw exception text (which carries headers)', () => {
    const e = toHubspotError(api(400, { category: 'VALIDATION_ERROR', message: 'Property "vip_care_tier" value "x" is not valid' }), NOW);
    expect(e.detail).toBe('Property "vip_care_tier" value "x" is not valid');
    expect(e.category).toBe('VALIDATION_ERROR');
    expect(e.message).not.toContain('HTTP-Code');
  });

  it('knows an expired token from other 401s', () => {
    expect(toHubspotError(api(401, { category: 'EXPIRED_AUTHENTICATION', message: 'The OAuth token used to make this call expired' }), NOW).tokenExpired).toBe(true);
    expect(toHubspotError(api(401, { category: 'INVALID_AUTHENTICATION', message: 'x' }), NOW).tokenExpired).toBe(false);
  });

  it('honours Retry-After in seconds or as a date, else the rolling window from the headers', () => {
    expect(toHubspotError(api(429, {}, { 'Retry-After': '3' }), NOW).retryAfterMs).toBe(3000);
    expect(toHubspotError(api(429, {}, { 'retry-after': 'Mon, 01 Jun 2026 00:00:12 GMT' }), NOW).retryAfterMs).toBe(12_000);
    expect(toHubspotError(api(429, { policyName: 'TEN_SECONDLY_ROLLING' }, { 'x-hubspot-ratelimit-interval-milliseconds': '10000' }), NOW).retryAfterMs).toBe(10_000);
    expect(toHubspotError(api(429, { policyName: 'SECONDLY' }), NOW).retryAfterMs).toBe(1000);
    expect(toHubspotError(api(500, {}, { 'Retry-After': '3' }), NOW).retryAfterMs).toBeNull();
  });

  it('treats network failures as temporary and anything else as unknown', () => {
    expect(toHubspotError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), NOW).code).toBe('TEMPORARY');
    expect(toHubspotError(Object.assign(new Error('socket hang up'), { name: 'FetchError' }), NOW).code).toBe('TEMPORARY');
    expect(toHubspotError(new TypeError('boom'), NOW).code).toBe('UNKNOWN');
  });
});
