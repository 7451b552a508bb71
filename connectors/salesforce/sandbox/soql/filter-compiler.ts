/**
 * Compiles a WHERE clause into a predicate over stored records, checking each literal against
 * its field's type as SOQL does ("value of filter criterion for field 'Amount' must be of type
 * double and should not be enclosed in quotes"). Text compares without regard to case; `!=` and
 * NOT IN match records where the field is null; LIKE takes % and _ wildcards.
 * https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_select_comparisonoperators.htm
 */
import { toId18 } from '../ids/salesforce-id.js';
import { ID_TYPES, NUMBER_TYPES, soqlTypeName, TEXT_TYPES, type FieldDefinition } from '../schema/field-definition.js';
import type { ObjectSchema } from '../schema/object-schema.js';
import type { StoredRecord } from '../state/stored-record.js';
import type { FieldValue } from '../values/field-value.js';
import type { ComparisonOperator, Condition, FieldPath, Literal } from './ast.js';
import { dayRange, isoDay } from './date-ranges.js';
import { resolveField, type QueryOrg, type ResolvedField } from './field-resolution.js';
import { SoqlError } from './soql-error.js';

export type Predicate = (record: StoredRecord) => boolean;
type Comparable = string | number | boolean;
type Operand = { kind: 'value'; value: Comparable } | { kind: 'null' } | { kind: 'range'; start: Comparable; end: Comparable };

const LIKE_ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f' };

/** The form values of this field are compared in: lower-case text, everything else as stored. */
export function comparableOf(field: FieldDefinition): (value: FieldValue) => Comparable | null {
  return TEXT_TYPES.has(field.type) ? (v) => (typeof v === 'string' ? v.toLowerCase() : v) : (v) => v;
}

function typeMismatch(field: FieldDefinition, literal: Literal): SoqlError {
  const quoted = TEXT_TYPES.has(field.type) || ID_TYPES.has(field.type);
  return new SoqlError(
    'INVALID_FIELD',
    `value of filter criterion for field '${field.name}' must be of type ${soqlTypeName(field.type)} and ${quoted ? 'should be enclosed in quotes' : 'should not be enclosed in quotes'}`,
    literal.position,
  );
}

function operandOf(field: FieldDefinition, literal: Literal, nowMs: number): Operand {
  if (literal.kind === 'null') return { kind: 'null' };
  if (TEXT_TYPES.has(field.type)) {
    if (literal.kind !== 'string') throw typeMismatch(field, literal);
    return { kind: 'value', value: literal.value.toLowerCase() };
  }
  if (ID_TYPES.has(field.type)) {
    if (literal.kind !== 'string') throw typeMismatch(field, literal);
    const id = toId18(literal.value);
    if (!id) throw new SoqlError('INVALID_QUERY_FILTER_OPERATOR', `invalid ID field: ${literal.value}`, literal.position);
    return { kind: 'value', value: id };
  }
  if (field.type === 'boolean') {
    if (literal.kind !== 'boolean') throw typeMismatch(field, literal);
    return { kind: 'value', value: literal.value };
  }
  if (NUMBER_TYPES.has(field.type)) {
    if (literal.kind !== 'number') throw typeMismatch(field, literal);
    return { kind: 'value', value: literal.value };
  }
  if (field.type === 'date') {
    if (literal.kind === 'date') return { kind: 'value', value: literal.value };
    if (literal.kind === 'dateRange') {
      const range = dayRange(literal.name, literal.n, nowMs);
      return { kind: 'range', start: isoDay(range.startMs), end: isoDay(range.endMs) };
    }
    throw typeMismatch(field, literal);
  }
  if (literal.kind === 'datetime') return { kind: 'value', value: literal.value };
  if (literal.kind === 'dateRange') {
    const range = dayRange(literal.name, literal.n, nowMs);
    return { kind: 'range', start: range.startMs, end: range.endMs };
  }
  throw typeMismatch(field, literal);
}

function orderTest(op: ComparisonOperator): (c: number) => boolean {
  switch (op) {
    case '<':
      return (c) => c < 0;
    case '<=':
      return (c) => c <= 0;
    case '>':
      return (c) => c > 0;
    case '>=':
      return (c) => c >= 0;
    case '=':
      return (c) => c === 0;
    case '!=':
      return (c) => c !== 0;
  }
}

const compare = (a: Comparable, b: Comparable): number => (a < b ? -1 : a > b ? 1 : 0);

function compileComparison(column: ResolvedField, op: ComparisonOperator, literal: Literal, nowMs: number): Predicate {
  const operand = operandOf(column.field, literal, nowMs);
  const comparable = comparableOf(column.field);
  const get = column.get;
  if (operand.kind === 'null') {
    if (op === '=') return (r) => get(r) === null;
    if (op === '!=') return (r) => get(r) !== null;
    throw new SoqlError('INVALID_QUERY_FILTER_OPERATOR', `invalid operator on null value: ${op}`, literal.position);
  }
  if (operand.kind === 'range') {
    const { start, end } = operand;
    const inRange = (v: Comparable): boolean => v >= start && v < end;
    const tests: Record<ComparisonOperator, (v: Comparable) => boolean> = {
      '=': inRange,
      '!=': (v) => !inRange(v),
      '<': (v) => v < start,
      '<=': (v) => v < end,
      '>': (v) => v >= end,
      '>=': (v) => v >= start,
    };
    const test = tests[op];
    return (r) => {
      const v = get(r);
      return v === null ? op === '!=' : test(v);
    };
  }
  const value = operand.value;
  if (op === '=') return (r) => comparable(get(r)) === value;
  if (op === '!=') return (r) => comparable(get(r)) !== value;
  const test = orderTest(op);
  return (r) => {
    const v = comparable(get(r));
    return v !== null && test(compare(v, value));
  };
}

function compileIn(column: ResolvedField, negated: boolean, literals: Literal[], nowMs: number): Predicate {
  const values = new Set<Comparable>();
  let matchesNull = false;
  for (const literal of literals) {
    const operand = operandOf(column.field, literal, nowMs);
    if (operand.kind === 'null') matchesNull = true;
    else if (operand.kind === 'value') values.add(operand.value);
    else throw new SoqlError('MALFORMED_QUERY', `date range literals cannot be used with IN: ${literal.text}`, literal.position);
  }
  const comparable = comparableOf(column.field);
  const get = column.get;
  const found = (r: StoredRecord): boolean => {
    const v = comparable(get(r));
    return v === null ? matchesNull : values.has(v);
  };
  return negated ? (r) => !found(r) : found;
}

/** LIKE's pattern as an anchored, case-insensitive regular expression. */
export function likePattern(raw: string): RegExp {
  let source = '';
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i] as string;
    if (c === '\\') {
      const next = raw[++i] ?? '';
      source += (LIKE_ESCAPES[next] ?? next).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    } else if (c === '%') source += '.*';
    else if (c === '_') source += '.';
    else source += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, 'is');
}

function compileLike(column: ResolvedField, pattern: Literal, path: FieldPath): Predicate {
  if (!TEXT_TYPES.has(column.field.type)) throw new SoqlError('INVALID_QUERY_FILTER_OPERATOR', `invalid operator on field '${column.field.name}': LIKE works on text fields`, path.position);
  const regex = likePattern(pattern.kind === 'string' ? pattern.raw : '');
  const get = column.get;
  return (r) => {
    const v = get(r);
    return typeof v === 'string' && regex.test(v);
  };
}

export function compileCondition(org: QueryOrg, object: ObjectSchema, condition: Condition, nowMs: number): Predicate {
  const column = (path: FieldPath): ResolvedField => {
    const resolved = resolveField(org, object, path);
    if (!resolved.field.filterable) throw new SoqlError('INVALID_FIELD', `field '${resolved.field.name}' can not be filtered in a query call`, path.position);
    return resolved;
  };
  switch (condition.kind) {
    case 'and': {
      const items = condition.items.map((c) => compileCondition(org, object, c, nowMs));
      return (r) => items.every((p) => p(r));
    }
    case 'or': {
      const items = condition.items.map((c) => compileCondition(org, object, c, nowMs));
      return (r) => items.some((p) => p(r));
    }
    case 'not': {
      const inner = compileCondition(org, object, condition.item, nowMs);
      return (r) => !inner(r);
    }
    case 'compare':
      return compileComparison(column(condition.path), condition.op, condition.value, nowMs);
    case 'in':
      return compileIn(column(condition.path), condition.negated, condition.values, nowMs);
    case 'like':
      return compileLike(column(condition.path), condition.pattern, condition.path);
  }
}
