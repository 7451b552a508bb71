/**
 * Query records as REST returns them: `attributes` (type and URL) first, then the selected
 * fields in SELECT order with their canonical names; parent fields nest under the relationship
 * name (`Account: { attributes, Name }`, or null when the lookup is empty).
 * https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/dome_query.htm
 */
import type { StoredRecord } from '../state/stored-record.js';
import { jsonValue, type JsonFieldValue } from '../values/field-value.js';
import type { ResolvedField } from './field-resolution.js';

export interface RecordAttributes {
  type: string;
  url: string;
}

export interface JsonRecord {
  attributes: RecordAttributes;
  [field: string]: JsonFieldValue | RecordAttributes | JsonRecord;
}

export const sobjectUrl = (version: string, type: string, id: string): string => `/services/data/v${version}/sobjects/${type}/${id}`;

export function queryRecordJson(record: StoredRecord, columns: readonly ResolvedField[], version: string, findRecord: (id: string) => StoredRecord | undefined): JsonRecord {
  const out: JsonRecord = { attributes: { type: record.object, url: sobjectUrl(version, record.object, record.id) } };
  const parents = new Map<string, JsonRecord | null>();
  for (const column of columns) {
    if (!column.relationship) {
      out[column.field.name] = jsonValue(column.field, column.get(record));
      continue;
    }
    const { name, lookup } = column.relationship;
    let parent = parents.get(name);
    if (parent === undefined) {
      const id = record.values.get(lookup.name);
      const target = typeof id === 'string' ? findRecord(id) : undefined;
      parent = target ? { attributes: { type: target.object, url: sobjectUrl(version, target.object, target.id) } } : null;
      parents.set(name, parent);
      out[name] = parent;
    }
    if (parent) parent[column.field.name] = jsonValue(column.field, column.get(record));
  }
  return out;
}
