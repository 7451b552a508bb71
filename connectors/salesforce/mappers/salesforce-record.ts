/**
 * A record as Salesforce returns it, from REST (typed JSON) or from a Bulk CSV (all strings, empty
 * for null): the readers accept both, so mappers do not care which way a record came.
 */
import { z } from 'zod';

export const SalesforceRecordSchema = z.object({ Id: z.string().min(15).max(18) }).catchall(z.unknown());
export type SalesforceRecord = z.infer<typeof SalesforceRecordSchema>;

export function str(r: SalesforceRecord, field: string): string | null {
  const v = r[field];
  if (v === null || v === undefined) return null;
  const text = String(v).trim();
  return text === '' ? null : text;
}

export function num(r: SalesforceRecord, field: string): number | null {
  const v = r[field];
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  const text = str(r, field);
  if (text === null) return null;
  const n = Number(text);
  return Number.isFinite(n) ? n : null;
}

export function bool(r: SalesforceRecord, field: string): boolean {
  const v = r[field];
  return v === true || (typeof v === 'string' && v.toLowerCase() === 'true');
}

/** Salesforce datetimes (`2025-01-31T10:00:00.000+0000`) as a Date. */
export function dateTime(r: SalesforceRecord, field: string): Date | null {
  const text = str(r, field);
  if (text === null) return null;
  const d = new Date(text.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  return Number.isNaN(d.getTime()) ? null : d;
}

/** Salesforce dates (`2025-01-31`). */
export function date(r: SalesforceRecord, field: string): string | null {
  const text = str(r, field);
  return text && /^\d{4}-\d{2}-\d{2}$/.test(text) ? text : null;
}
