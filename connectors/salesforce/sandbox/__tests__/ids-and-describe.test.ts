/** Record ids (18 characters, case-safe suffix, creation order) and describe through jsforce. */
import { afterEach, describe, expect, it } from 'vitest';
import { caseSafeSuffix, salesforceId, startSalesforceSandbox, toId18 } from '../index.js';
import { APP, startHarness, type Harness } from './sandbox-harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('record ids', () => {
  it('computes the case-safe suffix and accepts 15- and 18-character ids in any suffix case', () => {
    // Bit i of a chunk is set when its character i is an upper-case letter (the D of 00D here).
    expect(caseSafeSuffix('00D000000000001')).toBe('EAA');
    // All five characters of the third chunk upper case: 31, the alphabet's last character.
    expect(caseSafeSuffix('0035g00000ABCDE')).toBe('AA5');
    expect(caseSafeSuffix('a0B5g00000aBcde')).toBe('EAC');
    expect(toId18('0035g00000ABCDE')).toBe('0035g00000ABCDEAA5');
    expect(toId18('0035g00000ABCDEaa5')).toBe('0035g00000ABCDEAA5');
    expect(toId18('0035g00000ABCDEAAA')).toBeNull();
    expect(toId18('short')).toBeNull();
  });

  it('refuses org ids with a wrong suffix, and gives new records increasing ids with the org instance', async () => {
    const started = await startSalesforceSandbox({ apps: [{ ...APP, redirectUris: [...APP.redirectUris] }] });
    try {
      expect(() => started.sandbox.orgs.create({ orgId: '00D5g000000001XAAA' })).toThrow(/wrong case-safe suffix \(the suffix of 00D5g000000001X is EAQ\)/);
    } finally {
      await started.close();
    }
    h = await startHarness();
    const created = await h.conn.sobject('Account').create([{ Name: 'First' }, { Name: 'Second' }]);
    const [first, second] = created.map((r) => r.id as string);
    expect(first).toMatch(/^0015g0[0-9A-Za-z]{12}$/);
    expect(toId18(first as string)).toBe(first);
    expect((first as string) < (second as string)).toBe(true);
    h.org.seed({ accounts: [{ Id: salesforceId('001', 9_000_000, '5g'), fields: { Name: 'Seeded far ahead' } }] });
    const [after] = await h.conn.sobject('Account').create([{ Name: 'After' }]);
    expect((after?.id as string) > salesforceId('001', 9_000_000, '5g')).toBe(true);
  });
});

describe('describe', () => {
  it('lists the objects and describes fields, picklists and external ids', async () => {
    h = await startHarness();
    const global = await h.conn.describeGlobal();
    expect(global.sobjects.map((o) => o.name)).toEqual(['Account', 'Case', 'Contact', 'Opportunity', 'Order', 'Organization', 'Task', 'User']);
    const task = await h.conn.describe('Task');
    expect(task).toMatchObject({ name: 'Task', keyPrefix: '00T', createable: true });
    const byName = new Map(task.fields.map((f) => [f.name, f]));
    expect(byName.get('VIP_Care_Task_Id__c')).toMatchObject({ type: 'string', custom: true, externalId: true, unique: true, length: 255, idLookup: true });
    expect(byName.get('Status')).toMatchObject({ type: 'picklist', restrictedPicklist: true, nillable: false, defaultedOnCreate: true });
    expect(byName.get('Status')?.picklistValues?.map((p) => p.value)).toEqual(['Not Started', 'In Progress', 'Completed', 'Waiting on someone else', 'Deferred']);
    expect(byName.get('IsClosed')).toMatchObject({ type: 'boolean', updateable: false, createable: false });
    expect(byName.get('WhatId')).toMatchObject({ type: 'reference', referenceTo: ['Account', 'Opportunity', 'Case', 'Order'], relationshipName: 'What' });
    const contact = await h.conn.describe('Contact');
    expect(contact.fields.find((f) => f.name === 'VIP_Tier__c')).toMatchObject({ type: 'picklist', restrictedPicklist: false, length: 255 });
    expect(contact.fields.find((f) => f.name === 'VIP_Predicted_Value__c')).toMatchObject({ type: 'currency', precision: 16, scale: 2 });
    expect(contact.fields.find((f) => f.name === 'VIP_Churn_Risk__c')).toMatchObject({ type: 'percent' });
    expect(await h.conn.describe('Nope').then(() => 'described', (e: unknown) => (e as { errorCode?: string }).errorCode)).toBe('NOT_FOUND');
    const organization = await h.conn.query<Record<string, unknown>>('SELECT Id, InstanceName, TimeZoneSidKey, DefaultCurrencyIsoCode FROM Organization');
    expect(organization.records[0]).toMatchObject({ Id: h.org.orgId, InstanceName: 'CS42', TimeZoneSidKey: 'America/New_York', DefaultCurrencyIsoCode: 'USD' });
  });
});
