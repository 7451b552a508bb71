import type { VipFields } from '../../../core/ports/crm-connector.js';
import { NO_TIER, VIP_PROPERTIES } from '../config.js';

/**
 * Our values as HubSpot property strings: an empty string clears a property; dates are
 * YYYY-MM-DD (date properties); churn risk is written as a percentage people can read.
 */
export function toHubspotProperties(fields: Partial<VipFields>): Record<string, string> {
  const out: Record<string, string> = {};
  const text = (v: string | number | null | undefined) => (v === null || v === undefined ? '' : String(v));
  if ('tier' in fields) out[VIP_PROPERTIES.tier] = fields.tier ?? NO_TIER;
  if ('tierSince' in fields) out[VIP_PROPERTIES.tierSince] = text(fields.tierSince);
  if ('score' in fields) out[VIP_PROPERTIES.score] = text(fields.score);
  if ('reason' in fields) out[VIP_PROPERTIES.reason] = text(fields.reason?.slice(0, 5000));
  if ('predictedValue' in fields) out[VIP_PROPERTIES.predictedValue] = text(fields.predictedValue === null || fields.predictedValue === undefined ? null : Math.round(fields.predictedValue * 100) / 100);
  if ('churnRisk' in fields) out[VIP_PROPERTIES.churnRisk] = text(fields.churnRisk === null || fields.churnRisk === undefined ? null : Math.round(fields.churnRisk * 1000) / 10);
  if ('nextAction' in fields) out[VIP_PROPERTIES.nextAction] = text(fields.nextAction?.slice(0, 500));
  if ('nextActionDue' in fields) out[VIP_PROPERTIES.nextActionDue] = text(fields.nextActionDue);
  if ('accountManager' in fields) out[VIP_PROPERTIES.accountManager] = text(fields.accountManager);
  return out;
}
