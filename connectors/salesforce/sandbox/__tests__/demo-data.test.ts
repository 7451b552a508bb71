/** The demo org: deterministic, the customers' e-mails, the care team, ties on SystemModstamp, person accounts. */
import { afterEach, describe, expect, it } from 'vitest';
import { demoOrgData } from '../index.js';
import { startHarness, type Harness } from './sandbox-harness.js';

const customers = Array.from({ length: 120 }, (_, i) => ({ id: `cust-${i}`, email: i === 7 ? null : `customer${i}@example.com`, name: i === 3 ? 'Mononym' : `Given${i} Family${i}` }));

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('demoOrgData', () => {
  it('is the same for the same seed and differs for another', () => {
    const a = demoOrgData(customers, { seed: 7, opportunities: true });
    expect(demoOrgData(customers, { seed: 7, opportunities: true })).toEqual(a);
    expect(demoOrgData(customers, { seed: 8, opportunities: true })).not.toEqual(a);
  });

  it('has the care team, the customers as contacts, cases, won opportunities and shared timestamps', async () => {
    h = await startHarness();
    const data = demoOrgData(customers, { seed: 3, opportunities: true, caseRate: 0.5, now: '2024-06-01T00:00:00Z' });
    const seeded = h.org.seed(data);
    expect(seeded.contacts).toEqual(customers.map((c) => data.contactIdByCustomerId[c.id]));
    const users = await h.conn.query<{ Username: string; Email: string }>("SELECT Username, Email FROM User WHERE Username LIKE '%-_@example.com' ORDER BY Username");
    expect(users.records.map((u) => u.Email)).toEqual(['am-1@example.com', 'am-2@example.com', 'am-3@example.com', 'am-4@example.com', 'lead-1@example.com']);
    const contacts = await h.conn.query<{ Email: string | null; FirstName: string | null; LastName: string; Owner: { Email: string } }>('SELECT Email, FirstName, LastName, Owner.Email FROM Contact ORDER BY Id');
    expect(contacts.records.map((c) => c.Email)).toEqual(customers.map((c) => c.email));
    expect(contacts.records[3]).toMatchObject({ FirstName: null, LastName: 'Mononym' });
    expect(new Set(contacts.records.map((c) => c.Owner.Email)).size).toBe(4);
    const cases = await h.conn.query<{ IsClosed: boolean; ClosedDate: string | null; Status: string }>('SELECT IsClosed, ClosedDate, Status FROM Case');
    expect(cases.totalSize).toBeGreaterThan(30);
    for (const c of cases.records) expect([c.IsClosed, c.ClosedDate !== null]).toEqual([c.Status === 'Closed', c.Status === 'Closed']);
    const won = await h.conn.query("SELECT COUNT() FROM Opportunity WHERE IsWon = true AND StageName = 'Closed Won' AND CloseDate <= 2024-06-01");
    expect(won.totalSize).toBe(data.opportunities.length);
    const stamps = await h.conn.query<{ SystemModstamp: string }>('SELECT SystemModstamp FROM Contact');
    expect(new Set(stamps.records.map((r) => r.SystemModstamp)).size).toBe(Math.ceil(customers.length / 20));
  });

  it('makes person accounts with their contacts when asked', async () => {
    h = await startHarness();
    const data = demoOrgData(customers.slice(0, 10), { seed: 1, personAccounts: true });
    h.org.seed(data);
    const people = await h.conn.query<{ Id: string; PersonEmail: string; IsPersonAccount: boolean }>('SELECT Id, PersonEmail, IsPersonAccount FROM Account WHERE IsPersonAccount = true ORDER BY Id');
    expect(people.records.map((a) => a.PersonEmail)).toEqual(customers.slice(0, 10).map((c) => c.email));
    const contacts = await h.conn.query<{ AccountId: string; IsPersonAccount: boolean }>('SELECT AccountId, IsPersonAccount FROM Contact ORDER BY Id');
    expect(contacts.records.map((c) => c.AccountId)).toEqual(people.records.map((a) => a.Id));
    expect(contacts.records.every((c) => c.IsPersonAccount)).toBe(true);
  });

  it('gives one closed-won opportunity per given order', () => {
    const data = demoOrgData(customers.slice(0, 3), { seed: 1, opportunities: { orders: [{ customerId: 'cust-1', amount: 42.5, closedAt: '2023-04-05T10:00:00Z' }, { customerId: 'unknown', amount: 1, closedAt: 0 }] } });
    expect(data.opportunities).toHaveLength(1);
    expect(data.opportunities[0]?.fields).toMatchObject({ Amount: 42.5, CloseDate: '2023-04-05', StageName: 'Closed Won', ContactId: data.contactIdByCustomerId['cust-1'] });
  });
});
