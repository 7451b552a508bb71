/**
 * Per-portal connector settings (stored with the connection, editable by the admin) and the
 * property names we own in HubSpot.
 */
import { z } from 'zod';

export const HubspotSettingsSchema = z.object({
  /** Which HubSpot object is the customer: people (B2C) or companies (B2B). */
  customerObject: z.enum(['contacts', 'companies']).default('contacts'),
  /** HubSpot's burst limit for OAuth apps is 100 requests per 10 s per portal; raise it for portals with the API add-on. */
  rateLimit: z.object({ max: z.number().int().min(1).max(1000).default(100), intervalMs: z.number().int().min(1000).max(60_000).default(10_000) }).prefault({}),
  /** Each incremental pass re-reads this far behind the cursor: HubSpot's search index lags writes. */
  lookbackMs: z.number().int().min(0).max(86_400_000).default(5 * 60_000),
  pageSize: z.number().int().min(10).max(100).default(100),
  pushFields: z.boolean().default(true),
  pushTasks: z.boolean().default(true),
}).strict();
export type HubspotSettings = z.infer<typeof HubspotSettingsSchema>;

export const PROPERTY_GROUP = 'vip_care';

/** Our properties on the customer object; keys are the provider-neutral VipFields. */
export const VIP_PROPERTIES = {
  tier: 'vip_care_tier',
  tierSince: 'vip_care_tier_since',
  score: 'vip_care_score',
  reason: 'vip_care_score_reason',
  predictedValue: 'vip_care_predicted_value',
  churnRisk: 'vip_care_churn_risk',
  nextAction: 'vip_care_next_action',
  nextActionDue: 'vip_care_next_action_due',
  accountManager: 'vip_care_account_manager',
} as const;

/** Our id on the HubSpot task, so a retried create finds the task instead of making a second. */
export const TASK_ID_PROPERTY = 'vip_care_task_id';

/** The value of the tier enumeration for customers in no tier. */
export const NO_TIER = 'none';

export const OBJECT_TYPE_IDS = { contacts: '0-1', companies: '0-2', deals: '0-3', tickets: '0-5', tasks: '0-27' } as const;

/** Our ref types (lowercase singular) and HubSpot's object type names. */
export const REF_TYPES = { contacts: 'contact', companies: 'company', deals: 'deal', tickets: 'ticket', tasks: 'task', owners: 'owner' } as const;
export type HubspotObjectType = 'contacts' | 'companies' | 'deals' | 'tickets' | 'tasks' | 'line_items';

export function objectTypeOfRef(refType: string): HubspotObjectType | null {
  const found = (Object.entries(REF_TYPES) as [string, string][]).find(([, r]) => r === refType);
  return found && found[0] !== 'owners' ? (found[0] as HubspotObjectType) : null;
}

/** Properties whose last-change time drives incremental sync: contacts use their own name. */
export function modifiedProperty(type: HubspotObjectType): string {
  return type === 'contacts' ? 'lastmodifieddate' : 'hs_lastmodifieddate';
}
