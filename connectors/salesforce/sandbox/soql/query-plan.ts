/**
 * Turns SOQL text into a plan against one org: the object, what to return (records with their
 * columns, a COUNT(), or COUNT(field) aggregates), the WHERE predicate, the sort keys and
 * LIMIT/OFFSET. Unknown objects and fields fail here, with Salesforce's codes and messages.
 */
import type { ObjectSchema } from '../schema/object-schema.js';
import { compileCondition, comparableOf, type Predicate } from './filter-compiler.js';
import { resolveField, type QueryOrg, type ResolvedField } from './field-resolution.js';
import type { SortKey } from './ordering.js';
import { parseSoql } from './parser.js';
import { malformed, SoqlError } from './soql-error.js';

export const MAX_OFFSET = 2000;

export interface Aggregate {
  alias: string;
  /** COUNT(field) counts records where it is not null. */
  field: ResolvedField;
}

export type QueryShape = { kind: 'records'; columns: ResolvedField[] } | { kind: 'count' } | { kind: 'aggregate'; aggregates: Aggregate[] };

export interface QueryPlan {
  object: ObjectSchema;
  shape: QueryShape;
  predicate: Predicate | null;
  sortKeys: SortKey[];
  /** Names the ORDER BY for the sorted-order cache; null when it reads parent records. */
  sortSignature: string | null;
  limit: number | null;
  offset: number;
}

function shapeOf(org: QueryOrg, object: ObjectSchema, select: ReturnType<typeof parseSoql>['select']): QueryShape {
  const counts = select.filter((item) => item.kind === 'count');
  const bareCount = counts.find((item) => item.path === null);
  if (bareCount) {
    if (select.length > 1) throw malformed('COUNT() must be the only element in the SELECT list', bareCount.position);
    return { kind: 'count' };
  }
  if (counts.length > 0) {
    const plain = select.find((item) => item.kind === 'field');
    if (plain) throw malformed(`Field must be grouped or aggregated: ${plain.path.parts.join('.')}`, plain.path.position);
    return {
      kind: 'aggregate',
      aggregates: select.map((item, i) => {
        if (item.kind !== 'count' || item.path === null) throw new Error('unreachable');
        return { alias: item.alias ?? `expr${i}`, field: resolveField(org, object, item.path) };
      }),
    };
  }
  const columns: ResolvedField[] = [];
  const seen = new Set<string>();
  for (const item of select) {
    if (item.kind !== 'field') continue;
    const column = resolveField(org, object, item.path);
    const key = column.path.join('.').toLowerCase();
    if (seen.has(key)) throw malformed(`duplicate field selected: ${column.path.join('.')}`, item.path.position);
    seen.add(key);
    columns.push(column);
  }
  return { kind: 'records', columns };
}

/** Plans `soql` against the org; throws SoqlError for anything Salesforce would refuse. */
export function planQuery(org: QueryOrg, soql: string, nowMs: number): QueryPlan {
  const query = parseSoql(soql);
  const object = org.schema.object(query.from.name);
  if (!object) {
    throw new SoqlError(
      'INVALID_TYPE',
      `sObject type '${query.from.name}' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.`,
      query.from.position,
    );
  }
  const shape = shapeOf(org, object, query.select);
  const predicate = query.where ? compileCondition(org, object, query.where, nowMs) : null;
  let sortSignature: string | null = '';
  const sortKeys = query.orderBy.map((item): SortKey => {
    const column = resolveField(org, object, item.path);
    const nullsFirst = item.nullsFirst ?? !item.descending;
    sortSignature = column.relationship || sortSignature === null ? null : `${sortSignature}${column.field.name}:${item.descending ? 'D' : 'A'}:${nullsFirst ? 'F' : 'L'},`;
    if (!column.field.sortable) throw new SoqlError('INVALID_FIELD', `field '${column.field.name}' can not be sorted in a query call`, item.path.position);
    const comparable = comparableOf(column.field);
    const get = column.get;
    return { get: (record) => comparable(get(record)), descending: item.descending, nullsFirst };
  });
  if (query.offset !== null && query.offset > MAX_OFFSET) throw new SoqlError('NUMBER_OUTSIDE_VALID_RANGE', `Maximum SOQL offset allowed is ${MAX_OFFSET}`, null);
  return { object, shape, predicate, sortKeys, sortSignature, limit: query.limit, offset: query.offset ?? 0 };
}
