/**
 * Bulk API 2.0 ingest through jsforce's conn.bulk2: loadAndWaitForResults with successful and
 * failed records, upserts, deletes and #N/A, a failed job, and the job lifecycle (one upload,
 * InProgress until bulkPollDelayMs has passed, abort).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { API, call, errorOf, startHarness, unexpected, type Harness } from './sandbox-harness.js';

let h: Harness;
afterEach(async () => h.close());

async function seeded(overrides: Parameters<typeof startHarness>[0] = {}): Promise<string[]> {
  h = await startHarness({ now: '2025-05-05T05:05:05Z', ...overrides });
  return h.org.seed({ contacts: ['Ada', 'Ben', 'Cid'].map((name) => ({ fields: { LastName: name, Email: `${name.toLowerCase()}@example.com`, VIP_Tier__c: 'Bronze' } })) }).contacts;
}

describe('loadAndWaitForResults', () => {
  it('updates records and reports failures with Salesforce-style error text', async () => {
    const ids = await seeded();
    // jsforce takes the CSV columns from the first record: give every record the same keys.
    const results = await h.conn.bulk2.loadAndWaitForResults({
      object: 'Contact',
      operation: 'update',
      input: [
        { Id: ids[0], VIP_Tier__c: 'Gold', VIP_Score__c: '88.5', VIP_Next_Action_Due__c: '2025-05-10' },
        { Id: ids[1], VIP_Tier__c: 'Gold', VIP_Score__c: 'lots', VIP_Next_Action_Due__c: '2025-05-10' },
        { Id: '003000000000000AAA', VIP_Tier__c: 'Gold', VIP_Score__c: '1', VIP_Next_Action_Due__c: '2025-05-10' },
        { Id: ids[2], VIP_Tier__c: null, VIP_Score__c: '', VIP_Next_Action_Due__c: '2025-05-10' },
      ],
      pollInterval: 10,
      pollTimeout: 5000,
    });
    expect(results.successfulResults).toEqual([
      { sf__Id: ids[0], sf__Created: 'false', Id: ids[0], VIP_Tier__c: 'Gold', VIP_Score__c: '88.5', VIP_Next_Action_Due__c: '2025-05-10' },
      { sf__Id: ids[2], sf__Created: 'false', Id: ids[2], VIP_Tier__c: '#N/A', VIP_Score__c: '', VIP_Next_Action_Due__c: '2025-05-10' },
    ]);
    expect(results.failedResults).toEqual([
      expect.objectContaining({ sf__Id: ids[1], sf__Error: 'INVALID_TYPE_ON_FIELD_IN_RECORD:VIP Score: value not of required type: lots:VIP_Score__c --', VIP_Score__c: 'lots' }),
      expect.objectContaining({ sf__Id: '003000000000000AAA', sf__Error: 'INVALID_CROSS_REFERENCE_KEY:invalid cross reference id: --' }),
    ]);
    expect(results.unprocessedRecords).toEqual([]);
    expect(h.org.record('Contact', ids[0] as string)?.fields).toMatchObject({ VIP_Tier__c: 'Gold', VIP_Score__c: 88.5, VIP_Next_Action_Due__c: '2025-05-10' });
    expect(h.org.record('Contact', ids[2] as string)?.fields).toMatchObject({ VIP_Tier__c: null, VIP_Next_Action_Due__c: '2025-05-10' });
    expect(h.sandbox.stats.snapshot().bulk).toMatchObject({ ingestJobs: 1, completed: 1, recordsProcessed: 4, recordsFailed: 2 });
  });

  it('upserts tasks on their external id and reports created', async () => {
    const ids = await seeded();
    const load = (subject: string) =>
      h.conn.bulk2.loadAndWaitForResults({
        object: 'Task',
        operation: 'upsert',
        externalIdFieldName: 'VIP_Care_Task_Id__c',
        input: [{ VIP_Care_Task_Id__c: 'bulk-1', Subject: subject, WhoId: ids[0], Status: 'Not Started' }],
        pollInterval: 10,
        pollTimeout: 5000,
      });
    const first = await load('First');
    const second = await load('Second');
    expect(first.successfulResults[0]).toMatchObject({ sf__Created: 'true', VIP_Care_Task_Id__c: 'bulk-1' });
    expect(second.successfulResults[0]).toMatchObject({ sf__Created: 'false', sf__Id: first.successfulResults[0]?.sf__Id });
    expect((await h.conn.query<{ Subject: string }>('SELECT Subject FROM Task')).records.map((r) => r.Subject)).toEqual(['Second']);
  });

  it('inserts from CSV text and deletes', async () => {
    await seeded();
    const inserted = await h.conn.bulk2.loadAndWaitForResults({ object: 'Account', operation: 'insert', input: 'Name,BillingCountry\n"Acme, Inc.",Germany\nGlobex,France\n', pollInterval: 10, pollTimeout: 5000 });
    expect(inserted.successfulResults.map((r) => [r.sf__Created, (r as Record<string, unknown>).Name])).toEqual([['true', 'Acme, Inc.'], ['true', 'Globex']]);
    const deleted = await h.conn.bulk2.loadAndWaitForResults({ object: 'Account', operation: 'delete', input: inserted.successfulResults.map((r) => ({ Id: r.sf__Id })), pollInterval: 10, pollTimeout: 5000 });
    expect(deleted.successfulResults).toHaveLength(2);
    expect((await h.conn.query('SELECT COUNT() FROM Account')).totalSize).toBe(0);
    expect((await h.conn.query('SELECT COUNT() FROM Account', { scanAll: true })).totalSize).toBe(2);
  });

  it('fails the whole job on a column the object lacks', async () => {
    const ids = await seeded();
    const error = await h.conn.bulk2.loadAndWaitForResults({ object: 'Contact', operation: 'update', input: [{ Id: ids[0], Shoe_Size__c: '42' }], pollInterval: 10, pollTimeout: 5000 }).then(unexpected, (e: unknown) => e);
    expect(errorOf(error).message).toBe('Ingest job failed to complete due to: InvalidBatch : Field name not found : Shoe_Size__c');
    expect(h.sandbox.stats.snapshot().bulk.failed).toBe(1);
  });

  it('refuses jobs on unknown objects and upserts without an external id field', async () => {
    await seeded();
    const unknown = await call(h.url, 'POST', `${API}/jobs/ingest`, h.accessToken, { object: 'Nope', operation: 'insert' });
    expect(unknown.status).toBe(400);
    expect(unknown.json).toEqual([{ message: 'InvalidJob : Unable to find object: Nope', errorCode: 'INVALIDJOB' }]);
    const noKey = await call(h.url, 'POST', `${API}/jobs/ingest`, h.accessToken, { object: 'Task', operation: 'upsert', externalIdFieldName: 'Subject' });
    expect((noKey.json as [{ errorCode: string }])[0].errorCode).toBe('INVALIDJOB');
  });
});

describe('job lifecycle', () => {
  it('stays InProgress for bulkPollDelayMs, takes one upload only, and can be aborted', async () => {
    const ids = await seeded({ bulkPollDelayMs: 300 });
    const job = h.conn.bulk2.createJob({ object: 'Contact', operation: 'update' });
    const opened = await job.open();
    expect(opened).toMatchObject({ state: 'Open', object: 'Contact', operation: 'update', contentType: 'CSV', lineEnding: 'LF', columnDelimiter: 'COMMA', apiVersion: 66 });
    await job.uploadData([{ Id: ids[0], VIP_Tier__c: 'Silver' }]);
    const second = await call(h.url, 'PUT', `${API}/jobs/ingest/${job.id}/batches`, h.accessToken, 'Id,VIP_Tier__c\n', { 'content-type': 'text/csv' });
    expect(second.status).toBe(400);
    expect((second.json as [{ errorCode: string }])[0].errorCode).toBe('BULK_API_ERROR');
    const started = performance.now();
    await job.close();
    expect(job.getInfo().state).toBe('UploadComplete');
    expect((await job.check()).state).toBe('InProgress');
    expect(h.org.record('Contact', ids[0] as string)?.fields.VIP_Tier__c).toBe('Bronze');
    await job.poll(20, 5000);
    expect(performance.now() - started).toBeGreaterThanOrEqual(280);
    expect(job.getInfo()).toMatchObject({ state: 'JobComplete', numberRecordsProcessed: 1, numberRecordsFailed: 0, jobType: 'V2Ingest' });
    expect(h.org.record('Contact', ids[0] as string)?.fields.VIP_Tier__c).toBe('Silver');

    const aborted = h.conn.bulk2.createJob({ object: 'Contact', operation: 'update' });
    await aborted.open();
    await aborted.abort();
    expect((await aborted.check()).state).toBe('Aborted');
    await aborted.delete();
    expect((await call(h.url, 'GET', `${API}/jobs/ingest/${aborted.id}`, h.accessToken)).status).toBe(404);
  });

  it('fails a job whose line endings do not match lineEnding', async () => {
    await seeded();
    const job = h.conn.bulk2.createJob({ object: 'Account', operation: 'insert', lineEnding: 'LF' });
    await job.open();
    await job.uploadData('Name\r\nAcme\r\n');
    await job.close();
    expect(await job.check()).toMatchObject({ state: 'Failed', errorMessage: 'ClientInputError : LineEnding is invalid on user data. Current LineEnding setting is LF' });
    expect(await job.getUnprocessedRecords()).toEqual([{ Name: 'Acme' }]);
  });
});
