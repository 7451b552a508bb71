/**
 * The shape of a CRM object as the SDK hands it back (properties are strings or null), and the
 * association lists we attach from the v4 associations API. Validated at the boundary, so mappers
 * work on known shapes.
 */
import { z } from 'zod';

export const HubspotObjectSchema = z.object({
  id: z.string().min(1),
  properties: z.record(z.string(), z.string().nullable().optional()),
  updatedAt: z.date().optional(),
  createdAt: z.date().optional(),
  archived: z.boolean().optional(),
});
export type HubspotObject = z.infer<typeof HubspotObjectSchema>;

/** Ids of associated records by HubSpot object type (`contacts`, `companies`, `line_items`). */
export type HubspotAssociations = Partial<Record<string, string[]>>;

export interface HubspotObjectWithAssociations {
  object: HubspotObject;
  associations: HubspotAssociations;
}

export function prop(o: HubspotObject, name: string): string | null {
  const v = o.properties[name];
  return v === undefined || v === null || v.trim() === '' ? null : v.trim();
}

/** A HubSpot datetime property (ISO-8601, or epoch ms on some older properties) as a Date. */
export function dateTimeProp(o: HubspotObject, name: string): Date | null {
  const v = prop(o, name);
  if (v === null) return null;
  const d = /^\d+$/.test(v) ? new Date(Number(v)) : new Date(v);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** A HubSpot date property (midnight UTC) as YYYY-MM-DD. */
export function dateProp(o: HubspotObject, name: string): string | null {
  const d = dateTimeProp(o, name);
  return d ? d.toISOString().slice(0, 10) : null;
}

export function numberProp(o: HubspotObject, name: string): number | null {
  const v = prop(o, name);
  if (v === null) return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
}
