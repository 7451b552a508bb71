/**
 * A deterministic demo portal for a list of customers: one contact per customer (same email),
 * four account managers and a team lead as owners, a few companies, open and closed tickets, and
 * closed-won deals when asked. The same customers, options and seed give the same portal.
 * Records are modified in groups that share one exact last-modified time (`tieGroupSize`), as
 * imports and workflows produce, so incremental syncs meet ties.
 */
import type { SeedAssociation, SeedData, SeedRecord } from '../state/seed-data.js';
import { ACCOUNT_MANAGERS, COMPANY_NAMES, COUNTRIES, FIRST_NAMES, LAST_NAMES, LEAD, TICKET_BODIES, TICKET_SUBJECTS } from './demo-vocabulary.js';
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
  /** PRNG seed: the same seed gives the same portal. */
  seed: number;
  /** "Now" of the demo world: records are created before it (default 2024-01-01T00:00:00Z). */
  now?: number | string | Date;
  /** Closed-won deals: `true` for 0-3 random ones per contact, or one deal per given order. */
  deals?: boolean | { orders: readonly DemoOrder[] };
  /** How many companies (default: one per 40 contacts, 1 to 12). */
  companies?: number;
  /** Share of contacts with tickets (default 0.3). */
  ticketRate?: number;
  /** This many consecutive records share one last-modified time (default 20; 1: no ties). */
  tieGroupSize?: number;
}

export interface DemoPortalData extends SeedData {
  /** Contact id of each customer id. */
  contactIdByCustomerId: Record<string, string>;
}

const DAY = 86_400_000;
const ID_BASE = { owners: 100, contacts: 1000, companies: 500_000, tickets: 700_000, deals: 900_000 } as const;

const iso = (ms: number): string => new Date(ms).toISOString();

function splitName(name: string | null, random: SeededRandom): { firstname: string; lastname: string } {
  const parts = (name ?? '').trim().split(/\s+/).filter(Boolean);
  if (parts.length === 0) return { firstname: random.pick(FIRST_NAMES), lastname: random.pick(LAST_NAMES) };
  return { firstname: parts[0] as string, lastname: parts.slice(1).join(' ') };
}

/** Gives each group of `size` consecutive records the latest modification time in the group. */
function tieModifiedTimes(records: SeedRecord[], size: number, lastModified: string): void {
  for (let start = 0; start < records.length; start += size) {
    const group = records.slice(start, start + size);
    const shared = Math.max(...group.map((r) => Number(r.updatedAt)));
    for (const record of group) {
      record.updatedAt = shared;
      record.properties[lastModified] = iso(shared);
    }
  }
}

export function demoPortalData(customers: readonly DemoCustomer[], options: DemoOptions): DemoPortalData {
  const random = seededRandom(options.seed);
  const now = new Date(options.now ?? '2024-01-01T00:00:00Z').getTime();
  const tieSize = Math.max(1, options.tieGroupSize ?? 20);
  const between = (from: number, to: number): number => from + Math.floor(random.next() * Math.max(1, to - from));

  const staff = [...ACCOUNT_MANAGERS, LEAD];
  const owners: SeedRecord[] = staff.map((person, i) => ({
    id: String(ID_BASE.owners + i + 1),
    properties: { email: person.email, firstName: person.firstName, lastName: person.lastName, userId: String(9_000_000 + i + 1) },
    createdAt: now - 1000 * DAY,
    updatedAt: now - 1000 * DAY,
  }));
  const managerIds = owners.slice(0, ACCOUNT_MANAGERS.length).map((o) => o.id as string);
  const leadId = owners[owners.length - 1]?.id as string;

  const companyCount = options.companies ?? Math.min(COMPANY_NAMES.length, Math.max(1, Math.ceil(customers.length / 40)));
  const companies: SeedRecord[] = Array.from({ length: companyCount }, (_, i) => {
    const name = COMPANY_NAMES[i % COMPANY_NAMES.length] as string;
    const suffix = i < COMPANY_NAMES.length ? '' : ` ${Math.floor(i / COMPANY_NAMES.length) + 1}`;
    const createdAt = between(now - 1500 * DAY, now - 900 * DAY);
    return {
      id: String(ID_BASE.companies + i + 1),
      properties: {
        name: `${name}${suffix}`,
        domain: `${name.toLowerCase().replace(/[^a-z0-9]+/g, '')}${suffix.trim()}.example.com`,
        country: random.pick(COUNTRIES),
        hubspot_owner_id: random.pick(managerIds),
        createdate: iso(createdAt),
      },
      createdAt,
      updatedAt: between(createdAt, now),
    };
  });

  const contacts: SeedRecord[] = [];
  const tickets: SeedRecord[] = [];
  const deals: SeedRecord[] = [];
  const associations: SeedAssociation[] = [];
  const contactIdByCustomerId: Record<string, string> = {};
  const addDeal = (contactId: string, amount: number, closedAt: number): void => {
    const deal = dealRecord(String(ID_BASE.deals + deals.length + 1), amount, closedAt, random);
    deals.push(deal);
    associations.push({ fromType: 'deals', fromId: deal.id as string, toType: 'contacts', toId: contactId, typeId: 3 });
  };

  for (const [i, customer] of customers.entries()) {
    const id = String(ID_BASE.contacts + i + 1);
    contactIdByCustomerId[customer.id] = id;
    const createdAt = between(now - 1200 * DAY, now - 30 * DAY);
    const owner = random.pick(managerIds);
    const properties: Record<string, string> = {
      ...splitName(customer.name, random),
      hubspot_owner_id: owner,
      lifecyclestage: 'customer',
      country: random.pick(COUNTRIES),
      hs_language: random.chance(0.15) ? 'zh-cn' : 'en',
      createdate: iso(createdAt),
    };
    if (customer.email !== null) properties.email = customer.email;
    if (random.chance(0.4)) properties.date_of_birth = iso(Date.UTC(random.int(1950, 2000), random.int(0, 11), random.int(1, 28))).slice(0, 10);
    const company = companies.length > 0 && random.chance(0.4) ? random.pick(companies) : undefined;
    if (company) {
      properties.company = company.properties.name as string;
      properties.associatedcompanyid = company.id as string;
      associations.push({ fromType: 'contacts', fromId: id, toType: 'companies', toId: company.id as string, typeId: 1 });
    }
    contacts.push({ id, properties, createdAt, updatedAt: between(createdAt, now) });

    const ticketCount = random.chance(options.ticketRate ?? 0.3) ? random.int(1, 2) : 0;
    for (let t = 0; t < ticketCount; t++) {
      const ticketId = String(ID_BASE.tickets + tickets.length + 1);
      const opened = between(createdAt, now - DAY);
      const closed = random.chance(0.6);
      const subject = random.int(0, TICKET_SUBJECTS.length - 1);
      const ticket: Record<string, string> = {
        subject: TICKET_SUBJECTS[subject] as string,
        content: TICKET_BODIES[subject] as string,
        hs_ticket_priority: random.pick(['LOW', 'MEDIUM', 'MEDIUM', 'HIGH', 'URGENT']),
        hs_pipeline: '0',
        hs_pipeline_stage: closed ? '4' : random.pick(['1', '2', '3']),
        hubspot_owner_id: random.chance(0.2) ? leadId : owner,
        createdate: iso(opened),
      };
      let modified = between(opened, now);
      if (random.chance(0.8)) ticket.first_agent_reply_date = iso(between(opened, Math.min(now, opened + 2 * DAY)));
      if (closed) {
        const closedAt = between(opened + 3_600_000, Math.min(now, opened + 10 * DAY));
        ticket.closed_date = iso(closedAt);
        modified = Math.max(modified, closedAt);
      }
      tickets.push({ id: ticketId, properties: ticket, createdAt: opened, updatedAt: modified });
      associations.push({ fromType: 'tickets', fromId: ticketId, toType: 'contacts', toId: id, typeId: 16 });
    }

    if (options.deals === true) {
      for (let d = random.int(0, 3); d > 0; d--) addDeal(id, random.int(20, 400), between(createdAt, now));
    }
  }

  if (options.deals && options.deals !== true) {
    for (const order of options.deals.orders) {
      const contactId = contactIdByCustomerId[order.customerId];
      if (contactId === undefined) continue;
      addDeal(contactId, order.amount, new Date(order.closedAt).getTime());
    }
  }

  tieModifiedTimes(contacts, tieSize, 'lastmodifieddate');
  tieModifiedTimes(companies, tieSize, 'hs_lastmodifieddate');
  tieModifiedTimes(tickets, tieSize, 'hs_lastmodifieddate');
  tieModifiedTimes(deals, tieSize, 'hs_lastmodifieddate');
  return { owners, companies, contacts, tickets, deals, associations, contactIdByCustomerId };
}

function dealRecord(id: string, amount: number, closedAt: number, random: SeededRandom): SeedRecord {
  const amountText = amount.toFixed(2);
  const createdAt = closedAt - random.int(0, 14) * DAY;
  return {
    id,
    properties: {
      dealname: `Order ${id}`,
      amount: amountText,
      amount_in_home_currency: amountText,
      deal_currency_code: 'USD',
      closedate: iso(closedAt),
      dealstage: 'closedwon',
      pipeline: 'default',
      hs_is_closed_won: 'true',
      hs_is_closed: 'true',
      createdate: iso(createdAt),
    },
    createdAt,
    updatedAt: closedAt,
  };
}
