/**
 * A deterministic demo org for a list of customers: one contact per customer (same e-mail), or
 * a person account and its contact with `personAccounts`; four account managers and a team lead
 * as users; business accounts for some customers' companies; open and closed cases; closed-won
 * opportunities when asked. The same customers, options and seed give the same org, ids
 * included. Records change in groups that share one SystemModstamp (`tieGroupSize`), as imports
 * and flows produce, so keyset paging on (SystemModstamp, Id) meets ties.
 */
import { salesforceId } from '../ids/salesforce-id.js';
import type { SeedData, SeedRecord } from '../state/seed-data.js';
import { ACCOUNT_MANAGERS, CASE_ORIGINS, CASES, COMPANY_NAMES, COUNTRIES, FIRST_NAMES, INDUSTRIES, LAST_NAMES, LEAD, OPEN_CASE_STATUSES } from './demo-vocabulary.js';
import { seededRandom, type SeededRandom } from '../../../sandbox-support/seeded-random.js';

export interface DemoCustomer {
  id: string;
  email: string | null;
  name: string | null;
}

export interface DemoOrder {
  customerId: string;
  amount: number;
  closedAt: number | string | Date;
}

export interface DemoOptions {
  /** PRNG seed: the same seed gives the same org. */
  seed: number;
  /** "Now" of the demo world: records are created before it (default 2024-01-01T00:00:00Z). */
  now?: number | string | Date;
  /** Customers as person accounts (an Account with IsPersonAccount and its Contact) instead of contacts. */
  personAccounts?: boolean;
  /** Share of customers with cases (default 0.3). */
  caseRate?: number;
  /** Closed-won opportunities: `true` for 0-3 random ones per customer, or one per given order. */
  opportunities?: boolean | { orders: readonly DemoOrder[] };
  /** Business accounts (default: one per 40 customers, 1 to 12). */
  accounts?: number;
  /** This many consecutive records share one SystemModstamp (default 20; 1: no ties). */
  tieGroupSize?: number;
  /** The two instance characters of the ids, as in the org id (`00D5g...` is '5g'; default '5g'). */
  instance?: string;
}

export interface DemoOrgData extends SeedData {
  users: SeedRecord[];
  accounts: SeedRecord[];
  contacts: SeedRecord[];
  opportunities: SeedRecord[];
  cases: SeedRecord[];
  /** Contact id of each customer id. */
  contactIdByCustomerId: Record<string, string>;
  /** Person account id of each customer id (with `personAccounts`). */
  accountIdByCustomerId: Record<string, string>;
}

const DAY = 86_400_000;
/** Demo ids count from here, clear of the org's own first ids (its admin user). */
const FIRST_DEMO_NUMBER = 5_000_000;

const iso = (ms: number): string => new Date(ms).toISOString();
const isoDate = (ms: number): string => iso(ms).slice(0, 10);

function splitName(name: string | null, random: SeededRandom): { FirstName: string; LastName: string } {
  const parts = (name ?? '').trim().split(/\s+/).filter(Boolean);
  if (parts.length === 0) return { FirstName: random.pick(FIRST_NAMES), LastName: random.pick(LAST_NAMES) };
  if (parts.length === 1) return { FirstName: '', LastName: parts[0] as string };
  return { FirstName: parts[0] as string, LastName: parts.slice(1).join(' ') };
}

/** Gives each group of `size` consecutive records the latest modification time in the group. */
function tieModifiedTimes(records: SeedRecord[], size: number): void {
  for (let start = 0; start < records.length; start += size) {
    const group = records.slice(start, start + size);
    const shared = iso(Math.max(...group.map((r) => Date.parse(String(r.fields.SystemModstamp)))));
    for (const record of group) {
      record.fields.SystemModstamp = shared;
      record.fields.LastModifiedDate = shared;
    }
  }
}

export function demoOrgData(customers: readonly DemoCustomer[], options: DemoOptions): DemoOrgData {
  const random = seededRandom(options.seed);
  const now = new Date(options.now ?? '2024-01-01T00:00:00Z').getTime();
  const instance = options.instance ?? '5g';
  const counters = new Map<string, number>();
  const nextId = (prefix: string): string => {
    const n = counters.get(prefix) ?? FIRST_DEMO_NUMBER;
    counters.set(prefix, n + 1);
    return salesforceId(prefix, n, instance);
  };
  const between = (from: number, to: number): number => from + Math.floor(random.next() * Math.max(1, to - from));
  const times = (created: number, modified: number) => ({ CreatedDate: iso(created), LastModifiedDate: iso(modified), SystemModstamp: iso(modified) });

  const staffCreated = now - 1000 * DAY;
  const users: SeedRecord[] = [...ACCOUNT_MANAGERS, LEAD].map((person, i) => ({
    Id: nextId('005'),
    fields: {
      Username: person.email,
      Email: person.email,
      FirstName: person.firstName,
      LastName: person.lastName,
      Alias: `${person.firstName.slice(0, 1)}${person.lastName.slice(0, 4)}`.toLowerCase(),
      Title: i < ACCOUNT_MANAGERS.length ? 'Account Manager' : 'Customer Care Lead',
      IsActive: true,
      ...times(staffCreated, staffCreated),
    },
  }));
  const managerIds = users.slice(0, ACCOUNT_MANAGERS.length).map((u) => u.Id as string);
  const leadId = users[users.length - 1]?.Id as string;

  const accountCount = options.accounts ?? Math.min(COMPANY_NAMES.length, Math.max(1, Math.ceil(customers.length / 40)));
  const companies: SeedRecord[] = Array.from({ length: accountCount }, (_, i) => {
    const name = COMPANY_NAMES[i % COMPANY_NAMES.length] as string;
    const suffix = i < COMPANY_NAMES.length ? '' : ` ${Math.floor(i / COMPANY_NAMES.length) + 1}`;
    const created = between(now - 1500 * DAY, now - 900 * DAY);
    return {
      Id: nextId('001'),
      fields: {
        Name: `${name}${suffix}`,
        Type: 'Customer - Direct',
        Industry: random.pick(INDUSTRIES),
        Website: `https://${name.toLowerCase().replace(/[^a-z0-9]+/g, '')}${suffix.trim()}.example.com`,
        BillingCountry: random.pick(COUNTRIES),
        OwnerId: random.pick(managerIds),
        ...times(created, between(created, now)),
      },
    };
  });

  const personAccounts: SeedRecord[] = [];
  const contacts: SeedRecord[] = [];
  const cases: SeedRecord[] = [];
  const opportunities: SeedRecord[] = [];
  const contactIdByCustomerId: Record<string, string> = {};
  const accountIdByCustomerId: Record<string, string> = {};
  const accountOfContact = new Map<string, string | null>();
  const ownerOfContact = new Map<string, string>();

  const addOpportunity = (contactId: string, amount: number, closedAt: number): void => {
    const created = closedAt - random.int(0, 14) * DAY;
    const accountId = accountOfContact.get(contactId) ?? null;
    opportunities.push({
      Id: nextId('006'),
      fields: {
        Name: `Order ${opportunities.length + 1}`,
        Amount: Math.round(amount * 100) / 100,
        CloseDate: isoDate(closedAt),
        StageName: 'Closed Won',
        ContactId: contactId,
        ...(accountId ? { AccountId: accountId } : {}),
        OwnerId: ownerOfContact.get(contactId) ?? (managerIds[0] as string),
        ...times(created, closedAt),
      },
    });
  };

  for (const customer of customers) {
    const contactId = nextId('003');
    contactIdByCustomerId[customer.id] = contactId;
    const created = between(now - 1200 * DAY, now - 30 * DAY);
    const owner = random.pick(managerIds);
    const name = splitName(customer.name, random);
    const country = random.pick(COUNTRIES);
    const birthdate = random.chance(0.4) ? isoDate(Date.UTC(random.int(1950, 2000), random.int(0, 11), random.int(1, 28))) : null;
    let accountId: string | null = null;
    if (options.personAccounts) {
      accountId = nextId('001');
      accountIdByCustomerId[customer.id] = accountId;
      personAccounts.push({
        Id: accountId,
        fields: {
          Name: [name.FirstName, name.LastName].filter(Boolean).join(' '),
          IsPersonAccount: true,
          PersonEmail: customer.email,
          PersonBirthdate: birthdate,
          BillingCountry: country,
          OwnerId: owner,
          ...times(created, between(created, now)),
        },
      });
    } else if (companies.length > 0 && random.chance(0.4)) accountId = random.pick(companies).Id as string;
    accountOfContact.set(contactId, accountId);
    ownerOfContact.set(contactId, owner);
    contacts.push({
      Id: contactId,
      fields: {
        ...name,
        Email: customer.email,
        MailingCountry: country,
        Birthdate: birthdate,
        OwnerId: owner,
        ...(accountId ? { AccountId: accountId } : {}),
        ...(options.personAccounts ? { IsPersonAccount: true } : {}),
        ...times(created, between(created, now)),
      },
    });

    const caseCount = random.chance(options.caseRate ?? 0.3) ? random.int(1, 2) : 0;
    for (let c = 0; c < caseCount; c++) {
      const opened = between(created, now - DAY);
      const closed = random.chance(0.6);
      const [subject, description] = random.pick(CASES);
      let modified = between(opened, now);
      const fields: SeedRecord['fields'] = {
        Subject: subject,
        Description: description,
        Priority: random.pick(['Low', 'Medium', 'Medium', 'High']),
        Status: closed ? 'Closed' : random.pick(OPEN_CASE_STATUSES),
        Origin: random.pick(CASE_ORIGINS),
        ContactId: contactId,
        ...(accountId ? { AccountId: accountId } : {}),
        OwnerId: random.chance(0.2) ? leadId : owner,
      };
      if (closed) {
        const closedAt = between(opened + 3_600_000, Math.min(now, opened + 10 * DAY));
        fields.ClosedDate = iso(closedAt);
        modified = Math.max(modified, closedAt);
      }
      cases.push({ Id: nextId('500'), fields: { ...fields, ...times(opened, modified) } });
    }

    if (options.opportunities === true) {
      for (let o = random.int(0, 3); o > 0; o--) addOpportunity(contactId, random.int(20, 400), between(created, now));
    }
  }

  if (options.opportunities && options.opportunities !== true) {
    for (const order of options.opportunities.orders) {
      const contactId = contactIdByCustomerId[order.customerId];
      if (contactId !== undefined) addOpportunity(contactId, order.amount, new Date(order.closedAt).getTime());
    }
  }

  const tieSize = Math.max(1, options.tieGroupSize ?? 20);
  const accounts = [...companies, ...personAccounts];
  for (const records of [accounts, contacts, cases, opportunities]) tieModifiedTimes(records, tieSize);
  return { users, accounts, contacts, opportunities, cases, contactIdByCustomerId, accountIdByCustomerId };
}
