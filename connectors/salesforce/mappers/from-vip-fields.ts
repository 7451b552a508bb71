import type { VipFields } from '../../../core/ports/crm-connector.js';
import { NO_TIER, VIP_FIELDS } from '../config.js';

export type FieldValue = string | number | null;

/**
 * Our values as Salesforce field values: numbers stay numbers, dates `YYYY-MM-DD`, null clears
 * (in a Bulk CSV that is `#N/A`). Churn risk goes to a Percent field, which holds 12.5 for 12.5%.
 */
export function toSalesforceFields(fields: Partial<VipFields>): Record<string, FieldValue> {
  const out: Record<string, FieldValue> = {};
  const text = (v: string | null | undefined, max = 255) => (v === null || v === undefined ? null : v.slice(0, max));
  if ('tier' in fields) out[VIP_FIELDS.tier] = fields.tier ?? NO_TIER;
  if ('tierLabel' in fields) out[VIP_FIELDS.tierLabel] = text(fields.tierLabel);
  if ('tierSince' in fields) out[VIP_FIELDS.tierSince] = fields.tierSince ?? null;
  if ('score' in fields) out[VIP_FIELDS.score] = fields.score ?? null;
  if ('reason' in fields) out[VIP_FIELDS.reason] = text(fields.reason);
  if ('predictedValue' in fields) out[VIP_FIELDS.predictedValue] = fields.predictedValue === null || fields.predictedValue === undefined ? null : Math.round(fields.predictedValue * 100) / 100;
  if ('churnRisk' in fields) out[VIP_FIELDS.churnRisk] = fields.churnRisk === null || fields.churnRisk === undefined ? null : Math.round(fields.churnRisk * 1000) / 10;
  if ('nextAction' in fields) out[VIP_FIELDS.nextAction] = text(fields.nextAction);
  if ('nextActionDue' in fields) out[VIP_FIELDS.nextActionDue] = fields.nextActionDue ?? null;
  if ('accountManager' in fields) out[VIP_FIELDS.accountManager] = text(fields.accountManager);
  return out;
}
