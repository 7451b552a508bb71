/**
 * The spec validators themselves: strict enough that the response checks in openapi.test.ts
 * would catch a wrong shape, with the documented live-API deviations and no others.
 */
import { describe, expect, it } from 'vitest';
import { requestBodyProblems, responseBodyProblems } from '../openapi/openapi-validation.js';

describe('response validators', () => {
  it('catch a wrong shape', () => {
    const object = { id: '1', properties: {}, createdAt: '2024-01-01T00:00:00.000Z', updatedAt: '2024-01-01T00:00:00.000Z', archived: false };
    expect(responseBodyProblems('contacts', 'get', '/crm/v3/objects/contacts/1', 200, object)).toEqual([]);
    expect(responseBodyProblems('contacts', 'get', '/crm/v3/objects/contacts/1', 200, { ...object, createdAt: 'yesterday' })).toEqual([{ path: '/createdAt', message: 'must match format "date-time"' }]);
    expect(responseBodyProblems('owners', 'get', '/crm/v3/owners', 200, { results: [{ id: '1', archived: false }] }).map((p) => p.path)).toEqual(['/results/0/createdAt', '/results/0/type', '/results/0/updatedAt']);
  });

  it('accept what the live API returns where the specs disagree, and nothing more', () => {
    const spec = (label: unknown, toObjectId: unknown) => ({
      status: 'COMPLETE', startedAt: '2024-01-01T00:00:00.000Z', completedAt: '2024-01-01T00:00:00.000Z',
      results: [{ from: { id: '1' }, to: [{ toObjectId, associationTypes: [{ category: 'HUBSPOT_DEFINED', typeId: 279, label }] }] }],
    });
    const problems = (body: unknown) => responseBodyProblems('associations', 'post', '/crm/v4/associations/contacts/companies/batch/read', 200, body);
    expect(problems(spec(null, 10))).toEqual([]);
    expect(problems(spec(7, 10)).map((p) => p.path)).toEqual(['/results/0/to/0/associationTypes/0/label']);
    expect(problems(spec(null, true)).map((p) => p.path)).toEqual(['/results/0/to/0/toObjectId']);
  });
});

describe('request validators', () => {
  it('relax only the fields the specs README lists', () => {
    expect(requestBodyProblems('contacts', 'post', '/crm/v3/objects/contacts/batch/read', { inputs: [] })).toEqual([{ path: '/properties', message: "must have required property 'properties'" }]);
    expect(requestBodyProblems('contacts', 'post', '/crm/v3/objects/contacts', {})).toEqual([{ path: '/properties', message: "must have required property 'properties'" }]);
    expect(requestBodyProblems('contacts', 'post', '/crm/v3/objects/contacts/search', { sorts: [{ direction: 'UP' }] }).length).toBeGreaterThan(0);
  });
});
