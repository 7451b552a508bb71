/**
 * The plain-record shape portals are seeded with (tests, the demo): properties as HubSpot strings,
 * optional ids (numeric strings; assigned in increasing order when absent) and times.
 */
import { z } from 'zod';
import { RECORD_ID } from './record-store.js';

export const Instant = z.union([z.number().int(), z.iso.datetime({ offset: true }), z.date()]).transform((v) => new Date(v).getTime());

export const SeedRecord = z.object({
  id: z.string().regex(RECORD_ID, 'ids are numeric strings').optional(),
  properties: z.record(z.string(), z.string()),
  createdAt: Instant.optional(),
  updatedAt: Instant.optional(),
});
export type SeedRecord = z.input<typeof SeedRecord>;

export const SeedAssociation = z.object({
  fromType: z.string(),
  fromId: z.string(),
  toType: z.string(),
  toId: z.string(),
  /** HUBSPOT_DEFINED type id; the pair's unlabeled default when absent. */
  typeId: z.number().int().positive().optional(),
});
export type SeedAssociation = z.input<typeof SeedAssociation>;

const records = z.array(SeedRecord).optional();

export const SeedData = z.object({
  contacts: records,
  companies: records,
  deals: records,
  tickets: records,
  lineItems: records,
  tasks: records,
  /** Owner properties: email, firstName (or firstname), lastName (or lastname), userId. */
  owners: records,
  associations: z.array(SeedAssociation).optional(),
});
export type SeedData = z.input<typeof SeedData>;

export interface SeedResult {
  contacts: string[];
  companies: string[];
  deals: string[];
  tickets: string[];
  lineItems: string[];
  tasks: string[];
  owners: string[];
  associations: number;
}
