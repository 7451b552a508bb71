/**
 * The plain-record shape orgs are seeded with (tests, the demo): `{ Id?, fields }` with REST
 * JSON values. Seeds may set read-only and audit fields (CreatedDate, SystemModstamp, IsClosed,
 * ClosedDate...) to build history; ids are generated when absent.
 */
import { z } from 'zod';

const Scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);

export const SeedRecord = z.object({
  Id: z.string().optional(),
  fields: z.record(z.string(), Scalar),
});
export type SeedRecord = z.input<typeof SeedRecord>;

const records = z.array(SeedRecord).optional();

export const SeedData = z.object({
  users: records,
  accounts: records,
  contacts: records,
  opportunities: records,
  orders: records,
  cases: records,
  tasks: records,
});
export type SeedData = z.input<typeof SeedData>;

/** Seed keys and their objects, in the order references need them. */
export const SEED_OBJECTS = [
  ['users', 'User'],
  ['accounts', 'Account'],
  ['contacts', 'Contact'],
  ['opportunities', 'Opportunity'],
  ['orders', 'Order'],
  ['cases', 'Case'],
  ['tasks', 'Task'],
] as const;

export type SeedKey = (typeof SEED_OBJECTS)[number][0];

/** The ids of the seeded records, per key, in input order. */
export type SeedResult = Record<SeedKey, string[]>;
