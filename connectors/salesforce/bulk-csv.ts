/** CSV answers of Bulk API 2.0 (results, failed records). */
import { parse } from 'csv-parse/sync';

/** jsforce hands a CSV answer over parsed (rows as objects) or as text, depending on its content type. */
export function csvRows(body: unknown): Record<string, string>[] {
  if (Array.isArray(body)) return body.filter((r): r is Record<string, string> => typeof r === 'object' && r !== null);
  if (typeof body === 'string' && body.trim()) return parse(body, { columns: true, skip_empty_lines: true }) as Record<string, string>[];
  return [];
}
