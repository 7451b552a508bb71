/**
 * Values HubSpot computes itself when a record changes: a deal's closed/won flags and amount in
 * the portal currency, a ticket's close date, a task's completion date, a line item's amount.
 * The sandbox derives them so a client can read them back as it would from HubSpot.
 */
import type { ObjectTypeName } from './object-types.js';
import { DEAL_STAGES, TICKET_STAGES, stageOf } from './pipelines.js';

type Values = ReadonlyMap<string, string>;

function deals(values: Values): Map<string, string | null> {
  const stage = stageOf(DEAL_STAGES, values.get('dealstage'));
  return new Map<string, string | null>([
    ['hs_is_closed_won', String(stage?.won ?? false)],
    ['hs_is_closed', String(stage?.closed ?? false)],
    ['amount_in_home_currency', values.get('amount') ?? null],
  ]);
}

function tickets(values: Values, nowIso: string): Map<string, string | null> {
  const closed = stageOf(TICKET_STAGES, values.get('hs_pipeline_stage'))?.closed ?? false;
  if (!closed) return new Map();
  return new Map([['closed_date', values.get('closed_date') ?? nowIso]]);
}

function tasks(values: Values, nowIso: string): Map<string, string | null> {
  const completed = values.get('hs_task_status') === 'COMPLETED';
  return new Map([['hs_task_completion_date', completed ? (values.get('hs_task_completion_date') ?? nowIso) : null]]);
}

function lineItems(values: Values): Map<string, string | null> {
  const quantity = Number(values.get('quantity'));
  const price = Number(values.get('price'));
  const known = values.has('quantity') && values.has('price') && Number.isFinite(quantity) && Number.isFinite(price);
  return new Map([['amount', known ? String(Math.round(quantity * price * 100) / 100) : null]]);
}

/** The computed values a record should have after a write (only the ones HubSpot computes). */
export function derivedValues(type: ObjectTypeName, values: Values, nowIso: string): Map<string, string | null> {
  switch (type) {
    case 'deals':
      return deals(values);
    case 'tickets':
      return tickets(values, nowIso);
    case 'tasks':
      return tasks(values, nowIso);
    case 'line_items':
      return lineItems(values);
    default:
      return new Map();
  }
}
