/** The parsed form of the SOQL subset the sandbox runs. */
import type { SourcePosition } from './soql-error.js';

export interface FieldPath {
  /** As written, split on dots: ['Account', 'Name']. */
  parts: string[];
  position: SourcePosition;
}

export type SelectItem =
  | { kind: 'field'; path: FieldPath }
  /** COUNT() counts rows; COUNT(field) is an aggregate with an optional alias. */
  | { kind: 'count'; path: FieldPath | null; alias: string | null; position: SourcePosition };

export type DateRangeName = 'TODAY' | 'YESTERDAY' | 'TOMORROW' | 'LAST_N_DAYS' | 'NEXT_N_DAYS';

export type Literal = (
  | { kind: 'string'; value: string; raw: string }
  | { kind: 'number'; value: number }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'null' }
  | { kind: 'date'; value: string }
  | { kind: 'datetime'; value: number }
  | { kind: 'dateRange'; name: DateRangeName; n: number }
) & { position: SourcePosition; text: string };

export type ComparisonOperator = '=' | '!=' | '<' | '<=' | '>' | '>=';

export type Condition =
  | { kind: 'and'; items: Condition[] }
  | { kind: 'or'; items: Condition[] }
  | { kind: 'not'; item: Condition }
  | { kind: 'compare'; path: FieldPath; op: ComparisonOperator; value: Literal }
  | { kind: 'in'; path: FieldPath; negated: boolean; values: Literal[] }
  | { kind: 'like'; path: FieldPath; pattern: Literal };

export interface OrderItem {
  path: FieldPath;
  descending: boolean;
  /** null: SOQL's default, nulls first ascending and last descending. */
  nullsFirst: boolean | null;
}

export interface SoqlQuery {
  select: SelectItem[];
  from: { name: string; position: SourcePosition };
  where: Condition | null;
  orderBy: OrderItem[];
  limit: number | null;
  offset: number | null;
}
