/**
 * The SOQL subset through jsforce's conn.query: precise MALFORMED_QUERY / INVALID_FIELD /
 * INVALID_TYPE errors, the filter semantics (case, nulls, IN, LIKE, dates), ORDER BY with nulls
 * and the Id tie-break, COUNT(), parent relationships and queryAll.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { salesforceId } from '../index.js';
import { API, call, errorOf, startHarness, unexpected, type Harness } from './sandbox-harness.js';

const ACCOUNT_ID = salesforceId('001', 7, '5g');

let h: Harness;
let ids: Record<string, string[]>;

beforeAll(async () => {
  h = await startHarness({ now: '2025-02-10T12:00:00Z' });
  ids = h.org.seed({
    accounts: [{ Id: ACCOUNT_ID, fields: { Name: 'Acme & Sons', BillingCountry: 'Germany' } }],
    contacts: [
      { fields: { AccountId: ACCOUNT_ID, FirstName: 'Ann', LastName: "O'Brien", Email: 'ann@example.com', MailingCountry: 'Germany', Birthdate: '1980-05-01', VIP_Score__c: 91.5, VIP_Tier__c: 'Gold', SystemModstamp: '2025-02-01T10:00:00Z' } },
      { fields: { FirstName: 'Bob', LastName: 'Baker', Email: 'BOB@Example.com', MailingCountry: 'France', VIP_Score__c: 40, SystemModstamp: '2025-02-09T08:30:00Z' } },
      { fields: { FirstName: 'Cy', LastName: '100%_Real', Email: null, VIP_Score__c: null, VIP_Tier__c: 'Silver', SystemModstamp: '2025-02-10T01:00:00Z' } },
      { fields: { LastName: 'Dee', Email: 'dee@example.com', MailingCountry: 'Germany', VIP_Score__c: 75, VIP_Tier__c: 'gold', SystemModstamp: '2025-01-01T00:00:00+01:00' } },
    ],
  });
});
afterAll(async () => h.close());

const names = async (soql: string): Promise<string[]> => (await h.conn.query<{ LastName: string }>(soql)).records.map((r) => r.LastName);

describe('SOQL errors', () => {
  it('reports malformed queries with the line, a caret and the row and column', async () => {
    const error = errorOf(await h.conn.query('SELECT Id FORM Contact').then(unexpected, (e: unknown) => e));
    expect(error).toEqual({ errorCode: 'MALFORMED_QUERY', name: 'MALFORMED_QUERY', message: '\nSELECT Id FORM Contact\n          ^\nERROR at Row:1:Column:11\nunexpected token: FORM' });
    expect(errorOf(await h.conn.query("SELECT Id FROM Contact WHERE LastName = 'a' AND Email = 'b' OR Email = 'c'").then(unexpected, (e: unknown) => e)).message).toMatch(/Column:61\nunexpected token: OR$/);
    expect(errorOf(await h.conn.query('SELECT Id FROM Contact WHERE').then(unexpected, (e: unknown) => e)).message).toMatch(/unexpected token: '<EOF>'$/);
    expect(errorOf(await h.conn.query("SELECT Id FROM Contact WHERE Email = 'a\\qb'").then(unexpected, (e: unknown) => e)).message).toMatch(/Illegal character sequence '\\q' in string literal/);
    expect(errorOf(await h.conn.query('SELECT Id FROM Contact WHERE CreatedDate > 2025-01-01T00:00:00').then(unexpected, (e: unknown) => e)).errorCode).toBe('MALFORMED_QUERY');
    expect(errorOf(await h.conn.query('SELECT Id FROM Contact GROUP BY LastName').then(unexpected, (e: unknown) => e)).message).toMatch(/GROUP BY is not supported/);
    expect(errorOf(await h.conn.query('SELECT Id FROM Contact OFFSET 2001').then(unexpected, (e: unknown) => e))).toMatchObject({ errorCode: 'NUMBER_OUTSIDE_VALID_RANGE' });
  });

  it('names unknown fields, relationships and objects', async () => {
    const field = errorOf(await h.conn.query('SELECT Id, Emial FROM Contact').then(unexpected, (e: unknown) => e));
    expect(field.errorCode).toBe('INVALID_FIELD');
    expect(field.message).toBe("\nSELECT Id, Emial FROM Contact\n           ^\nERROR at Row:1:Column:12\nNo such column 'Emial' on entity 'Contact'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.");
    expect(errorOf(await h.conn.query('SELECT Acount.Name FROM Contact').then(unexpected, (e: unknown) => e)).message).toMatch(/Didn't understand relationship 'Acount' in field path/);
    const type = errorOf(await h.conn.query('SELECT Id FROM Contacts').then(unexpected, (e: unknown) => e));
    expect(type.errorCode).toBe('INVALID_TYPE');
    expect(type.message).toMatch(/sObject type 'Contacts' is not supported/);
  });

  it('checks literals against field types as SOQL does', async () => {
    const refuse = async (soql: string) => errorOf(await h.conn.query(soql).then(unexpected, (e: unknown) => e));
    expect(await refuse("SELECT Id FROM Contact WHERE SystemModstamp > '2025-01-01T00:00:00Z'")).toMatchObject({ errorCode: 'INVALID_FIELD', message: expect.stringMatching(/value of filter criterion for field 'SystemModstamp' must be of type dateTime and should not be enclosed in quotes$/) });
    expect(await refuse('SELECT Id FROM Contact WHERE SystemModstamp > 2025-01-01')).toMatchObject({ errorCode: 'INVALID_FIELD' });
    expect(await refuse("SELECT Id FROM Contact WHERE VIP_Score__c > '5'")).toMatchObject({ message: expect.stringMatching(/must be of type double and should not be enclosed in quotes$/) });
    expect(await refuse('SELECT Id FROM Contact WHERE LastName = 5')).toMatchObject({ message: expect.stringMatching(/must be of type string and should be enclosed in quotes$/) });
    expect(await refuse("SELECT Id FROM Contact WHERE Id = 'abc'")).toMatchObject({ errorCode: 'INVALID_QUERY_FILTER_OPERATOR', message: expect.stringMatching(/invalid ID field: abc$/) });
    expect(await refuse("SELECT Id FROM Case WHERE Description = 'x'")).toMatchObject({ message: expect.stringMatching(/field 'Description' can not be filtered in a query call$/) });
  });

  it('asks for a query string', async () => {
    const answer = await call(h.url, 'GET', `${API}/query`, h.accessToken);
    expect(answer.status).toBe(400);
    expect(answer.json).toEqual([{ message: 'A query string has to be specified', errorCode: 'MALFORMED_QUERY' }]);
  });
});

describe('SOQL filters and ordering', () => {
  it('compares text without regard to case, and != and NOT IN match nulls', async () => {
    expect(await names("SELECT LastName FROM Contact WHERE Email = 'bob@example.COM'")).toEqual(['Baker']);
    expect(await names("SELECT LastName FROM Contact WHERE VIP_Tier__c = 'GOLD' ORDER BY LastName")).toEqual(['Dee', "O'Brien"]);
    expect(await names("SELECT LastName FROM Contact WHERE Email != 'ann@example.com' ORDER BY LastName")).toEqual(['100%_Real', 'Baker', 'Dee']);
    expect(await names("SELECT LastName FROM Contact WHERE MailingCountry NOT IN ('Germany') ORDER BY LastName")).toEqual(['100%_Real', 'Baker']);
    expect(await names('SELECT LastName FROM Contact WHERE Email = null')).toEqual(['100%_Real']);
    expect(await names("SELECT LastName FROM Contact WHERE LastName = 'O\\'Brien'")).toEqual(["O'Brien"]);
  });

  it('runs LIKE with wildcards and escapes, IN, NOT and nested parentheses', async () => {
    expect(await names("SELECT LastName FROM Contact WHERE LastName LIKE '%\\%\\_%'")).toEqual(['100%_Real']);
    expect(await names("SELECT LastName FROM Contact WHERE Email LIKE 'b_b@%' ")).toEqual(['Baker']);
    expect(await names("SELECT LastName FROM Contact WHERE VIP_Score__c IN (40, 75) ORDER BY VIP_Score__c DESC")).toEqual(['Dee', 'Baker']);
    expect(await names("SELECT LastName FROM Contact WHERE NOT (MailingCountry = 'Germany' OR Email = null)")).toEqual(['Baker']);
    expect(await names("SELECT LastName FROM Contact WHERE (VIP_Score__c >= 75 AND MailingCountry = 'Germany') OR (VIP_Tier__c = 'Silver' AND VIP_Score__c = null) ORDER BY LastName")).toEqual(['100%_Real', 'Dee', "O'Brien"]);
  });

  it('compares dates, date-times with any offset, and day literals', async () => {
    expect(await names('SELECT LastName FROM Contact WHERE Birthdate < 1990-01-01')).toEqual(["O'Brien"]);
    expect(await names('SELECT LastName FROM Contact WHERE SystemModstamp = 2024-12-31T23:00:00.000+0000')).toEqual(['Dee']);
    expect(await names('SELECT LastName FROM Contact WHERE SystemModstamp > 2025-02-09T09:30:00+01:00 ORDER BY SystemModstamp')).toEqual(['100%_Real']);
    expect(await names('SELECT LastName FROM Contact WHERE SystemModstamp = TODAY')).toEqual(['100%_Real']);
    expect(await names('SELECT LastName FROM Contact WHERE SystemModstamp = LAST_N_DAYS:1 ORDER BY SystemModstamp')).toEqual(['Baker', '100%_Real']);
    expect(await names('SELECT LastName FROM Contact WHERE SystemModstamp < LAST_N_DAYS:30')).toEqual(['Dee']);
  });

  it('orders with nulls first ascending, last descending, NULLS LAST, and LIMIT/OFFSET', async () => {
    expect(await names('SELECT LastName FROM Contact ORDER BY VIP_Score__c')).toEqual(['100%_Real', 'Baker', 'Dee', "O'Brien"]);
    expect(await names('SELECT LastName FROM Contact ORDER BY VIP_Score__c DESC')).toEqual(["O'Brien", 'Dee', 'Baker', '100%_Real']);
    expect(await names('SELECT LastName FROM Contact ORDER BY VIP_Score__c ASC NULLS LAST LIMIT 2 OFFSET 1')).toEqual(['Dee', "O'Brien"]);
    expect(await names('SELECT LastName FROM Contact ORDER BY MailingCountry DESC, LastName DESC')).toEqual(["O'Brien", 'Dee', 'Baker', '100%_Real']);
    expect(await names('SELECT LastName FROM Contact LIMIT 0')).toEqual([]);
    expect((await h.conn.query('SELECT COUNT() FROM Contact LIMIT 0')).totalSize).toBe(0);
  });
});

describe('SOQL results', () => {
  it('returns canonical field names in SELECT order, typed values and parent relationships', async () => {
    const result = await h.conn.query<Record<string, unknown>>('select lastname, vip_score__c, ACCOUNT.name, owner.email, systemmodstamp, Birthdate from contact where email = \'ann@example.com\'');
    expect(result).toMatchObject({ totalSize: 1, done: true });
    const record = result.records[0] as Record<string, unknown>;
    expect(Object.keys(record)).toEqual(['attributes', 'LastName', 'VIP_Score__c', 'Account', 'Owner', 'SystemModstamp', 'Birthdate']);
    expect(record).toMatchObject({
      attributes: { type: 'Contact', url: `${API}/sobjects/Contact/${ids.contacts?.[0]}` },
      VIP_Score__c: 91.5,
      Account: { attributes: { type: 'Account' }, Name: 'Acme & Sons' },
      Owner: { Email: `admin@${h.org.orgId.toLowerCase()}.example.com` },
      Birthdate: '1980-05-01',
    });
    expect(record.SystemModstamp).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.000\+0000$/);
    const orphan = await h.conn.query<Record<string, unknown>>("SELECT Account.Name FROM Contact WHERE LastName = 'Baker'");
    expect(orphan.records[0]?.Account).toBeNull();
  });

  it('counts with COUNT() and COUNT(field)', async () => {
    const count = await h.conn.query("SELECT COUNT() FROM Contact WHERE MailingCountry = 'Germany'");
    expect(count).toMatchObject({ totalSize: 2, done: true, records: [] });
    const aggregate = await h.conn.query<Record<string, unknown>>('SELECT COUNT(Email) withEmail, COUNT(Id) FROM Contact');
    expect(aggregate.records).toEqual([{ attributes: { type: 'AggregateResult' }, withEmail: 3, expr1: 4 }]);
    expect(errorOf(await h.conn.query('SELECT LastName, COUNT(Id) FROM Contact').then(unexpected, (e: unknown) => e)).message).toMatch(/Field must be grouped or aggregated: LastName$/);
  });

  it('leaves deleted records to queryAll', async () => {
    const [gone] = await h.conn.sobject('Contact').destroy([ids.contacts?.[3] as string]);
    expect(gone?.success).toBe(true);
    expect(await names('SELECT LastName FROM Contact WHERE MailingCountry = \'Germany\'')).toEqual(["O'Brien"]);
    const all = await h.conn.query<{ LastName: string; IsDeleted: boolean }>("SELECT LastName, IsDeleted FROM Contact WHERE MailingCountry = 'Germany' ORDER BY LastName", { scanAll: true });
    expect(all.records.map((r) => [r.LastName, r.IsDeleted])).toEqual([['Dee', true], ["O'Brien", false]]);
  });
});
