/**
 * Values Salesforce computes on save: full names, the closed/won flags that follow a picklist,
 * and the time a case or task was closed (cleared when it reopens).
 */
import { CLOSED_TASK_STATUSES } from '../schema/standard-objects.js';
import type { FieldValue } from '../values/field-value.js';

type Values = Map<string, FieldValue>;

function fullName(values: Values): string | null {
  const name = [values.get('FirstName'), values.get('LastName')].filter((part) => typeof part === 'string' && part !== '').join(' ');
  return name === '' ? null : name;
}

/** Sets `closedField` to now when the record becomes closed, keeps it while closed, clears it on reopen. */
function closedAt(values: Values, previous: ReadonlyMap<string, FieldValue> | null, closed: boolean, closedField: string, now: number): void {
  if (!closed) values.set(closedField, null);
  else if (previous?.get('IsClosed') === true && previous.get(closedField) !== null && previous.get(closedField) !== undefined) values.set(closedField, previous.get(closedField) ?? null);
  else values.set(closedField, now);
}

/**
 * Fills the computed fields of `values` (the record after the write). `given` names fields a
 * seed set explicitly, which win over the computed value (historic close dates).
 */
export function deriveFields(object: string, values: Values, previous: ReadonlyMap<string, FieldValue> | null, now: number, given: ReadonlySet<string> = new Set()): void {
  const set = (field: string, value: FieldValue): void => {
    if (!given.has(field)) values.set(field, value);
  };
  switch (object) {
    case 'Contact':
    case 'User':
      set('Name', fullName(values));
      break;
    case 'Opportunity': {
      const stage = values.get('StageName');
      set('IsClosed', stage === 'Closed Won' || stage === 'Closed Lost');
      set('IsWon', stage === 'Closed Won');
      break;
    }
    case 'Case': {
      const closed = values.get('Status') === 'Closed';
      set('IsClosed', closed);
      if (!given.has('ClosedDate')) closedAt(values, previous, closed, 'ClosedDate', now);
      break;
    }
    case 'Task': {
      const closed = CLOSED_TASK_STATUSES.has(String(values.get('Status')));
      set('IsClosed', closed);
      if (!given.has('CompletedDateTime')) closedAt(values, previous, closed, 'CompletedDateTime', now);
      break;
    }
    default:
      break;
  }
}
