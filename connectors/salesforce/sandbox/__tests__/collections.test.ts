/**
 * Writes through jsforce: sObject Collections (create, update, upsert on an external id,
 * delete, retrieve) with allOrNone false and true, the per-record errors, whole-request refusals,
 * and single-record DML.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { API, call, errorOf, startHarness, statusCodes, unexpected, type Harness } from './sandbox-harness.js';

let h: Harness;
let contactIds: string[];

beforeEach(async () => {
  h = await startHarness({ now: '2025-04-01T08:00:00Z' });
  contactIds = h.org.seed({
    contacts: [
      { fields: { LastName: 'One', Email: 'one@example.com', SystemModstamp: '2025-03-01T00:00:00Z' } },
      { fields: { LastName: 'Two', Email: 'two@example.com', SystemModstamp: '2025-03-01T00:00:00Z' } },
      { fields: { LastName: 'Three', Email: 'three@example.com', SystemModstamp: '2025-03-01T00:00:00Z' } },
    ],
  }).contacts;
});
afterEach(async () => h.close());

const contact = (i: number) => h.org.record('Contact', contactIds[i] as string)?.fields ?? {};
const taskCount = async () => (await h.conn.query('SELECT COUNT() FROM Task')).totalSize;

describe('update', () => {
  it('saves the good records and reports the bad ones, in input order, with allOrNone false', async () => {
    const results = await h.conn.sobject('Contact').update(
      [
        { Id: contactIds[0] as string, VIP_Tier__c: 'Platinum', VIP_Score__c: 97.125, VIP_Tier_Since__c: '2025-03-31', VIP_Churn_Risk__c: 12.5 },
        { Id: contactIds[1] as string, VIP_Score__c: 1234.5, VIP_Tier_Since__c: '2025-02-30' },
        { Id: contactIds[2] as string, VIP_Tier_Label__c: 'x'.repeat(256), LastName: null },
        { Id: '003000000000000AAA', VIP_Tier__c: 'Gold' },
        { Id: 'not-an-id', VIP_Tier__c: 'Gold' },
      ],
      { allOrNone: false },
    );
    expect(results[0]).toEqual({ id: contactIds[0], success: true, errors: [] });
    expect(results[1]).toEqual({
      id: contactIds[1],
      success: false,
      errors: [
        { statusCode: 'NUMBER_OUTSIDE_VALID_RANGE', message: 'VIP Score: value outside of valid range on numeric field: 1234.5', fields: ['VIP_Score__c'] },
        { statusCode: 'INVALID_TYPE_ON_FIELD_IN_RECORD', message: 'VIP Tier Since: value not of required type: 2025-02-30', fields: ['VIP_Tier_Since__c'] },
      ],
    });
    expect(statusCodes(results[2])).toEqual(['STRING_TOO_LONG', 'REQUIRED_FIELD_MISSING']);
    expect(results[2]?.errors[1]).toEqual({ statusCode: 'REQUIRED_FIELD_MISSING', message: 'Required fields are missing: [LastName]', fields: ['LastName'] });
    expect(results[3]).toMatchObject({ success: false, errors: [{ statusCode: 'INVALID_CROSS_REFERENCE_KEY' }] });
    expect(results[4]).toEqual({ success: false, errors: [{ statusCode: 'MALFORMED_ID', message: 'Contact ID: id value of incorrect type: not-an-id', fields: ['Id'] }] });
    expect(contact(0)).toMatchObject({ VIP_Tier__c: 'Platinum', VIP_Score__c: 97.13, VIP_Tier_Since__c: '2025-03-31', VIP_Churn_Risk__c: 12.5, SystemModstamp: '2025-04-01T08:00:00.000+0000' });
    expect(contact(1)).toMatchObject({ VIP_Score__c: null, SystemModstamp: '2025-03-01T00:00:00.000+0000' });
  });

  it('saves nothing with allOrNone when one record fails', async () => {
    const results = await h.conn.sobject('Contact').update(
      [
        { Id: contactIds[0] as string, VIP_Tier__c: 'Gold' },
        { Id: contactIds[1] as string, Email: 'not an email' },
        { Id: contactIds[2] as string, VIP_Tier__c: 'Gold' },
      ],
      { allOrNone: true },
    );
    const rolledBack = { statusCode: 'ALL_OR_NONE_OPERATION_ROLLED_BACK', message: 'Record rolled back because not all records were valid and the request was using AllOrNone header', fields: [] };
    expect(results).toEqual([
      { id: contactIds[0], success: false, errors: [rolledBack] },
      { id: contactIds[1], success: false, errors: [{ statusCode: 'INVALID_EMAIL_ADDRESS', message: 'Email: invalid email address: not an email', fields: ['Email'] }] },
      { id: contactIds[2], success: false, errors: [rolledBack] },
    ]);
    expect([contact(0).VIP_Tier__c, contact(2).VIP_Tier__c]).toEqual([null, null]);
    expect(contact(0).SystemModstamp).toBe('2025-03-01T00:00:00.000+0000');
  });

  it('refuses read-only fields per record and unknown fields for the whole call', async () => {
    const [result] = await h.conn.sobject('Contact').update([{ Id: contactIds[0] as string, Name: 'X', IsPersonAccount: true, VIP_Tier__c: 'Gold' }], { allOrNone: false });
    expect(result?.errors[0]).toEqual({
      statusCode: 'INVALID_FIELD_FOR_INSERT_UPDATE',
      message: 'Unable to create/update fields: Name, IsPersonAccount. Please check the security settings of this field and verify that it is read/write for your profile or permission set.',
      fields: ['Name', 'IsPersonAccount'],
    });
    const error = errorOf(await h.conn.sobject('Contact').update([{ Id: contactIds[0] as string, VIP_Tier__c: 'Gold' }, { Id: contactIds[1] as string, Favourite_Colour__c: 'red' }], { allOrNone: false }).then(unexpected, (e: unknown) => e));
    expect(error).toMatchObject({ errorCode: 'INVALID_FIELD', message: "No such column 'Favourite_Colour__c' on sobject of type Contact" });
    expect(contact(0).VIP_Tier__c).toBeNull();
  });

  it('refuses more than 200 records in one call', async () => {
    const many = Array.from({ length: 201 }, () => ({ Id: contactIds[0] as string, VIP_Tier__c: 'Gold' }));
    expect(errorOf(await h.conn.sobject('Contact').update(many).then(unexpected, (e: unknown) => e))).toMatchObject({ errorCode: 'EXCEEDED_ID_LIMIT' });
  });

  it('bumps SystemModstamp on every save, even one that changes nothing', async () => {
    h.sandbox.control.advanceClock(60_000);
    await h.conn.sobject('Contact').update([{ Id: contactIds[0] as string, LastName: 'One' }]);
    expect(contact(0)).toMatchObject({ LastName: 'One', SystemModstamp: '2025-04-01T08:01:00.000+0000', LastModifiedDate: '2025-04-01T08:01:00.000+0000', LastModifiedById: h.org.adminUserId });
  });

  it('takes the package fields away when the org lacks the package', async () => {
    expect(h.sandbox.control.removePackageFields(h.org.orgId, { object: 'Contact' })).toContain('Contact.VIP_Tier__c');
    expect(errorOf(await h.conn.sobject('Contact').update([{ Id: contactIds[0] as string, VIP_Tier__c: 'Gold' }]).then(unexpected, (e: unknown) => e))).toMatchObject({ errorCode: 'INVALID_FIELD' });
    expect(errorOf(await h.conn.query('SELECT VIP_Tier__c FROM Contact').then(unexpected, (e: unknown) => e)).errorCode).toBe('INVALID_FIELD');
    const describe = await h.conn.describe('Contact');
    expect(describe.fields.some((f) => f.name === 'VIP_Tier__c')).toBe(false);
    expect((await h.conn.describe('Account')).fields.some((f) => f.name === 'VIP_Tier__c')).toBe(true);
    h.sandbox.control.restorePackageFields(h.org.orgId);
    expect((await h.conn.describe('Contact')).fields.find((f) => f.name === 'VIP_Score__c')).toMatchObject({ type: 'double', precision: 5, scale: 2, custom: true, updateable: true });
  });
});

describe('create, upsert, delete, retrieve', () => {
  it('creates with partial success and with allOrNone', async () => {
    const results = await h.conn.sobject('Contact').create([{ LastName: 'New', Email: 'new@example.com' }, { FirstName: 'No last name' }], { allOrNone: false });
    expect(results[0]).toMatchObject({ success: true, errors: [] });
    expect(results[0]?.id).toMatch(/^003/);
    expect(results[1]).toEqual({ success: false, errors: [{ statusCode: 'REQUIRED_FIELD_MISSING', message: 'Required fields are missing: [LastName]', fields: ['LastName'] }] });
    const atomic = await h.conn.sobject('Contact').create([{ LastName: 'A' }, { LastName: 'B', Email: 'bad' }], { allOrNone: true });
    expect(atomic[0]).toEqual({ success: false, errors: [expect.objectContaining({ statusCode: 'ALL_OR_NONE_OPERATION_ROLLED_BACK' })] });
    expect((await h.conn.query("SELECT COUNT() FROM Contact WHERE LastName IN ('A', 'B')")).totalSize).toBe(0);
    expect(h.org.record('Contact', results[0]?.id as string)?.fields).toMatchObject({ OwnerId: h.org.adminUserId, CreatedById: h.org.adminUserId, Name: 'New' });
  });

  it('upserts tasks on the external id: created once, then updated, without regard to case', async () => {
    const tasks = [
      { VIP_Care_Task_Id__c: 'care-1', Subject: 'Call the VIP', WhoId: contactIds[0] as string, ActivityDate: '2025-04-03', Priority: 'High' },
      { VIP_Care_Task_Id__c: 'care-2', Subject: 'Send a card', WhoId: contactIds[1] as string },
    ];
    const first = await h.conn.sobject('Task').upsert(tasks, 'VIP_Care_Task_Id__c');
    expect(first.map((r) => [r.success, r.created])).toEqual([[true, true], [true, true]]);
    const again = await h.conn.sobject('Task').upsert([{ ...tasks[0], VIP_Care_Task_Id__c: 'CARE-1', Status: 'Completed' }, tasks[1] as Record<string, string>], 'VIP_Care_Task_Id__c');
    expect(again.map((r) => [r.id, r.created])).toEqual([[first[0]?.id, false], [first[1]?.id, false]]);
    expect(await taskCount()).toBe(2);
    const done = await h.conn.query<Record<string, unknown>>(`SELECT Status, IsClosed, CompletedDateTime, Priority, TaskSubtype, OwnerId FROM Task WHERE Id = '${first[0]?.id}'`);
    expect(done.records[0]).toMatchObject({ Status: 'Completed', IsClosed: true, CompletedDateTime: '2025-04-01T08:00:00.000+0000', Priority: 'High', TaskSubtype: 'Task', OwnerId: h.org.adminUserId });
  });

  it('refuses duplicate external ids within one call, bad picklist values and bad lookups', async () => {
    const results = await h.conn.sobject('Task').upsert(
      [
        { VIP_Care_Task_Id__c: 'dup', Subject: 'a' },
        { VIP_Care_Task_Id__c: 'DUP', Subject: 'b' },
        { VIP_Care_Task_Id__c: 'ok-1', Status: 'Done' },
        { VIP_Care_Task_Id__c: 'ok-2', WhoId: h.org.adminUserId },
      ],
      'VIP_Care_Task_Id__c',
    );
    expect(results.map((r) => statusCodes(r)[0])).toEqual(['DUPLICATE_EXTERNAL_ID', 'DUPLICATE_EXTERNAL_ID', 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST', 'FIELD_INTEGRITY_EXCEPTION']);
    expect(results[2]?.errors[0]?.message).toBe('Status: bad value for restricted picklist field: Done');
    expect(await taskCount()).toBe(0);
    expect(errorOf(await h.conn.sobject('Task').upsert([{ Subject: 'x', VIP_Care_Task_Id__c: 'x' }], 'Subject').then(unexpected, (e: unknown) => e))).toMatchObject({ errorCode: 'INVALID_FIELD' });
  });

  it('deletes into the recycle bin and retrieves many', async () => {
    const deleted = await h.conn.sobject('Contact').destroy([contactIds[0] as string, contactIds[0] as string]);
    expect(deleted).toEqual([
      { id: contactIds[0], success: true, errors: [] },
      { id: contactIds[0], success: false, errors: [{ statusCode: 'ENTITY_IS_DELETED', message: 'entity is deleted', fields: [] }] },
    ]);
    const retrieved = await h.conn.sobject('Contact').retrieve([contactIds[0] as string, contactIds[1] as string], { fields: ['LastName', 'Email'] });
    expect(retrieved[0]).toBeNull();
    expect(retrieved[1]).toMatchObject({ attributes: { type: 'Contact' }, LastName: 'Two', Email: 'two@example.com' });
  });

  it('handles single records: create, get, patch, upsert by external id and delete', async () => {
    const created = await h.conn.sobject('Case').create({ Subject: 'Broken', ContactId: contactIds[0] as string });
    expect(created).toEqual({ id: expect.stringMatching(/^500/), success: true, errors: [] });
    const fetched = await h.conn.sobject('Case').retrieve(created.id as string);
    expect(fetched).toMatchObject({ Status: 'New', Priority: 'Medium', IsClosed: false, CaseNumber: '00001001', ClosedDate: null });
    await h.conn.sobject('Case').update({ Id: created.id as string, Status: 'Closed' });
    expect(h.org.record('Case', created.id as string)?.fields).toMatchObject({ IsClosed: true, ClosedDate: '2025-04-01T08:00:00.000+0000' });
    const upserted = await h.conn.sobject('Task').upsert({ VIP_Care_Task_Id__c: 'single-1', Subject: 'One' }, 'VIP_Care_Task_Id__c');
    expect(upserted).toMatchObject({ success: true });
    const raw = await call(h.url, 'PATCH', `${API}/sobjects/Task/VIP_Care_Task_Id__c/single-1`, h.accessToken, { Subject: 'One again' });
    expect(raw.status).toBe(200);
    expect(raw.json).toMatchObject({ success: true, created: false });
    const bad = await call(h.url, 'POST', `${API}/sobjects/Contact`, h.accessToken, { FirstName: 'No', Email: 'x' });
    expect(bad.status).toBe(400);
    expect(bad.json).toEqual([
      { message: 'Email: invalid email address: x', errorCode: 'INVALID_EMAIL_ADDRESS', fields: ['Email'] },
      { message: 'Required fields are missing: [LastName]', errorCode: 'REQUIRED_FIELD_MISSING', fields: ['LastName'] },
    ]);
    await h.conn.sobject('Case').destroy(created.id as string);
    expect(errorOf(await h.conn.sobject('Case').retrieve(created.id as string).then(unexpected, (e: unknown) => e)).errorCode).toBe('ENTITY_IS_DELETED');
    expect((await call(h.url, 'GET', `${API}/sobjects/Case/500000000000000AAA`, h.accessToken)).status).toBe(404);
  });
});
