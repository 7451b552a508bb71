/**
 * The sandbox against HubSpot's own OpenAPI specs: request bodies the specs reject get a 400
 * naming the failing path (except the fields the live API treats as optional), and the sandbox's
 * answers validate against the specs' response schemas.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { requestBodyProblems, responseBodyProblems, type HttpMethod } from '../openapi/openapi-validation.js';
import type { SpecName } from '../openapi/spec-documents.js';
import { APP, call, startHarness, type Harness } from './sandbox-harness.js';

let h: Harness;
afterEach(async () => h.close());

describe('request bodies', () => {
  it('are refused with VALIDATION_ERROR naming the path that fails the spec', async () => {
    h = await startHarness();
    const cases: [string, string, unknown, string][] = [
      ['POST', '/crm/v3/objects/contacts/batch/update', { inputs: [{ id: '1', properties: { firstname: 5 } }] }, '/inputs/0/properties/firstname'],
      ['POST', '/crm/v3/objects/tickets/search', { filterGroups: [{ filters: [{ propertyName: 'subject', operator: 'EQUALS', value: 'x' }] }] }, '/filterGroups/0/filters/0/operator'],
      ['POST', '/crm/v3/objects/0-3', { properties: ['a'] }, '/properties'],
      ['POST', '/crm/v3/properties/contacts', { name: 'x', type: 'string', fieldType: 'text', groupName: 'contactinformation' }, '/label'],
      ['POST', '/crm/v4/associations/contacts/companies/batch/read', { ids: ['1'] }, '/inputs'],
      ['POST', '/automation/v4/actions/callbacks/abc/complete', {}, '/outputFields'],
      ['POST', '/crm/v3/objects/tasks/batch/read', { inputs: [{ identifier: '1' }], properties: [] }, '/inputs/0/id'],
    ];
    for (const [method, path, body, failing] of cases) {
      const answer = await call(h.url, method, path, h.accessToken, body);
      expect(answer.status, path).toBe(400);
      expect(answer.json, path).toMatchObject({ status: 'error', category: 'VALIDATION_ERROR' });
      expect((answer.json as { message: string }).message, path).toContain(failing);
    }
    const malformed = await call(h.url, 'POST', '/crm/v3/objects/contacts/search', h.accessToken, '{"filterGroups": [');
    expect(malformed).toMatchObject({ status: 400, json: { category: 'VALIDATION_ERROR' } });
  });

  it('may leave out what the specs wrongly mark required', async () => {
    h = await startHarness();
    h.portal.seed({ contacts: [{ id: '1', properties: {} }] });
    expect((await call(h.url, 'POST', '/crm/v3/objects/contacts/search', h.accessToken, {})).status).toBe(200);
    expect((await call(h.url, 'POST', '/crm/v3/objects/contacts/search', h.accessToken, { sorts: [{ propertyName: 'createdate', direction: 'DESCENDING' }] })).status).toBe(200);
    expect((await call(h.url, 'POST', '/crm/v3/objects/contacts', h.accessToken, { properties: {} })).status).toBe(201);
    expect((await call(h.url, 'POST', '/crm/v3/objects/contacts/batch/create', h.accessToken, { inputs: [{ properties: {} }] })).status).toBe(201);
    expect((await call(h.url, 'POST', '/crm/v3/objects/contacts/batch/read', h.accessToken, { inputs: [{ id: '1' }], properties: [] })).status).toBe(200);
    expect((await call(h.url, 'POST', '/automation/v4/actions/callbacks/cb/complete', h.accessToken, { outputFields: {} })).status).toBe(204);
    expect((await call(h.url, 'POST', '/automation/v4/actions/callbacks/complete', h.accessToken, { inputs: [{ callbackId: 'cb', outputFields: {} }] })).status).toBe(204);
  });

  it('are only checked when validateRequests is on', async () => {
    h = await startHarness({ validateRequests: false });
    const answer = await call(h.url, 'POST', '/crm/v3/objects/contacts/search', h.accessToken, { filterGroups: [{ filters: [{ propertyName: 'email', operator: 'HAS_PROPERTY', extra: 1 }] }], limit: 5, after: '0' });
    expect(answer.status).toBe(200);
    expect(requestBodyProblems('contacts', 'post', '/crm/v3/objects/contacts/search', { limit: 'ten' })).toEqual([{ path: '/limit', message: 'must be integer' }]);
  });
});

type Check = [what: string, method: string, path: string, body: unknown, spec: SpecName, specMethod: HttpMethod, specPath: string, status?: number];

describe('responses', () => {
  it('validate against the specs’ response schemas', async () => {
    h = await startHarness();
    h.portal.seed({
      owners: [{ id: '3', properties: { email: 'o@example.com', firstName: 'O', lastName: 'Wner' } }],
      contacts: [{ id: '1', properties: { email: 'a@example.com', hubspot_owner_id: '3' } }, { id: '2', properties: {} }],
      companies: [{ id: '10', properties: { name: 'Acme' } }],
      deals: [{ id: '20', properties: { dealname: 'D', amount: '5' } }],
      tickets: [{ id: '30', properties: { subject: 'S' } }],
      tasks: [{ id: '40', properties: { hs_task_subject: 'T' } }],
      lineItems: [{ id: '50', properties: { name: 'L', quantity: '2', price: '3' } }],
      associations: [{ fromType: 'contacts', fromId: '1', toType: 'companies', toId: '10', typeId: 1 }],
    });
    const checks: Check[] = [
      ['list', 'GET', '/crm/v3/objects/contacts?limit=1&properties=email,phone&associations=companies', undefined, 'contacts', 'get', '/crm/v3/objects/contacts'],
      ['get', 'GET', '/crm/v3/objects/companies/10?associations=contacts', undefined, 'companies', 'get', '/crm/v3/objects/companies/10'],
      ['get 0-3', 'GET', '/crm/v3/objects/0-3/20', undefined, 'deals', 'get', '/crm/v3/objects/0-3/20'],
      ['get task', 'GET', '/crm/v3/objects/tasks/40', undefined, 'tasks', 'get', '/crm/v3/objects/tasks/40'],
      ['get line item', 'GET', '/crm/v3/objects/line_items/50', undefined, 'contacts', 'get', '/crm/v3/objects/contacts/50'],
      ['404', 'GET', '/crm/v3/objects/tickets/31', undefined, 'tickets', 'get', '/crm/v3/objects/tickets/31', 404],
      ['create', 'POST', '/crm/v3/objects/tickets', { properties: { subject: 'New' } }, 'tickets', 'post', '/crm/v3/objects/tickets', 201],
      ['create 400', 'POST', '/crm/v3/objects/tickets', { properties: { nope: 'x' } }, 'tickets', 'post', '/crm/v3/objects/tickets', 400],
      ['update', 'PATCH', '/crm/v3/objects/deals/20', { properties: { dealstage: 'closedwon' } }, 'deals', 'patch', '/crm/v3/objects/0-3/20'],
      ['search', 'POST', '/crm/v3/objects/contacts/search', { limit: 1, properties: ['email', 'phone'] }, 'contacts', 'post', '/crm/v3/objects/contacts/search'],
      ['batch read 207', 'POST', '/crm/v3/objects/contacts/batch/read', { inputs: [{ id: '1' }, { id: '9' }], properties: ['email'] }, 'contacts', 'post', '/crm/v3/objects/contacts/batch/read', 207],
      ['batch update 207', 'POST', '/crm/v3/objects/companies/batch/update', { inputs: [{ id: '10', properties: { domain: 'acme.com' } }, { id: '11', properties: {} }] }, 'companies', 'post', '/crm/v3/objects/companies/batch/update', 207],
      ['batch create', 'POST', '/crm/v3/objects/tasks/batch/create', { inputs: [{ properties: { hs_task_subject: 'x' } }] }, 'tasks', 'post', '/crm/v3/objects/tasks/batch/create', 201],
      ['batch upsert', 'POST', '/crm/v3/objects/contacts/batch/upsert', { inputs: [{ id: 'z@example.com', idProperty: 'email', properties: {} }] }, 'contacts', 'post', '/crm/v3/objects/contacts/batch/upsert'],
      ['properties', 'GET', '/crm/v3/properties/deals', undefined, 'properties', 'get', '/crm/v3/properties/deals'],
      ['property', 'GET', '/crm/v3/properties/contacts/hubspot_owner_id', undefined, 'properties', 'get', '/crm/v3/properties/contacts/hubspot_owner_id'],
      ['property create', 'POST', '/crm/v3/properties/contacts', { name: 'vip_tier', label: 'Tier', type: 'enumeration', fieldType: 'radio', groupName: 'contactinformation', options: [{ label: 'Gold', value: 'gold', hidden: false }] }, 'properties', 'post', '/crm/v3/properties/contacts', 201],
      ['property 409', 'POST', '/crm/v3/properties/contacts', { name: 'vip_tier', label: 'Tier', type: 'string', fieldType: 'text', groupName: 'contactinformation' }, 'properties', 'post', '/crm/v3/properties/contacts', 409],
      ['property batch 207', 'POST', '/crm/v3/properties/contacts/batch/create', { inputs: [{ name: 'email', label: 'E', type: 'string', fieldType: 'text', groupName: 'contactinformation' }] }, 'properties', 'post', '/crm/v3/properties/contacts/batch/create', 207],
      ['group', 'POST', '/crm/v3/properties/contacts/groups', { name: 'vip', label: 'VIP' }, 'properties', 'post', '/crm/v3/properties/contacts/groups', 201],
      ['group 404', 'GET', '/crm/v3/properties/contacts/groups/none', undefined, 'properties', 'get', '/crm/v3/properties/contacts/groups/none', 404],
      ['assoc read 207', 'POST', '/crm/v4/associations/contacts/companies/batch/read', { inputs: [{ id: '1' }, { id: '2' }] }, 'associations', 'post', '/crm/v4/associations/contacts/companies/batch/read', 207],
      ['assoc create', 'POST', '/crm/v4/associations/deals/contacts/batch/create', { inputs: [{ from: { id: '20' }, to: { id: '2' }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 3 }] }] }, 'associations', 'post', '/crm/v4/associations/deals/contacts/batch/create', 201],
      ['assoc default', 'POST', '/crm/v4/associations/tickets/contacts/batch/associate/default', { inputs: [{ from: { id: '30' }, to: { id: '1' } }] }, 'associations', 'post', '/crm/v4/associations/tickets/contacts/batch/associate/default'],
      ['assoc page', 'GET', '/crm/v4/objects/companies/10/associations/contacts', undefined, 'associations', 'get', '/crm/v4/objects/companies/10/associations/contacts'],
      ['owners', 'GET', '/crm/v3/owners?limit=1', undefined, 'owners', 'get', '/crm/v3/owners'],
      ['owner', 'GET', '/crm/v3/owners/3', undefined, 'owners', 'get', '/crm/v3/owners/3'],
      ['no token', 'GET', '/crm/v3/owners', undefined, 'owners', 'get', '/crm/v3/owners', 401],
      ['token info', 'GET', `/oauth/v1/access-tokens/${h.accessToken}`, undefined, 'oauth', 'get', `/oauth/v1/access-tokens/${h.accessToken}`],
      ['refresh token info', 'GET', `/oauth/v1/refresh-tokens/${h.refreshToken}`, undefined, 'oauth', 'get', `/oauth/v1/refresh-tokens/${h.refreshToken}`],
    ];
    for (const [what, method, path, body, spec, specMethod, specPath, status = 200] of checks) {
      const token = what === 'no token' ? null : h.accessToken;
      const answer = await call(h.url, method, path, token, body);
      expect(answer.status, what).toBe(status);
      expect(responseBodyProblems(spec, specMethod, specPath, status, answer.json), what).toEqual([]);
    }
    const form = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: h.refreshToken, client_id: APP.clientId, client_secret: APP.clientSecret });
    const granted = await fetch(`${h.url}/oauth/v1/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form });
    expect(responseBodyProblems('oauth', 'post', '/oauth/v1/token', 200, await granted.json())).toEqual([]);
  });

});
