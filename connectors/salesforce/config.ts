/**
 * Per-org connector settings (stored with the connection, editable by the admin) and the field
 * names our package adds in Salesforce (ui-extensions/salesforce).
 */
import { z } from 'zod';

/** API version we call; jsforce's own default (50.0) is years old. */
export const DEFAULT_API_VERSION = '66.0';

export const SalesforceSettingsSchema = z.object({
  /** Which record is the customer: people (Contacts; person accounts show up as their contacts) or Accounts (B2B). */
  customerObject: z.enum(['contacts', 'accounts']).default('contacts'),
  /** What an order is: a closed-won Opportunity, or an activated Order. */
  orderSource: z.enum(['opportunities', 'orders']).default('opportunities'),
  apiVersion: z.string().regex(/^\d{2}\.0$/).default(DEFAULT_API_VERSION),
  /** Each incremental pass re-reads this far behind the cursor (commits land with earlier SystemModstamps). */
  lookbackMs: z.number().int().min(0).max(86_400_000).default(5 * 60_000),
  /** Records per SOQL page (keyset paging; Salesforce returns up to 2,000 per batch). */
  pageSize: z.number().int().min(10).max(2000).default(2000),
  /** A first load bigger than this goes through a Bulk API 2.0 query job instead of SOQL pages. */
  bulkQueryThreshold: z.number().int().min(0).default(50_000),
  /** Rows per Bulk API 2.0 query results page (maxRecords): one page is one pull call's worth of records. */
  bulkResultsPageSize: z.number().int().min(1).max(100_000).default(10_000),
  /** More changed records than this are written with one Bulk API 2.0 ingest job instead of sObject Collections (Salesforce advises Bulk above 2,000). */
  bulkIngestThreshold: z.number().int().min(0).default(2000),
  /** Case statuses that mean "waiting on the customer" (the SLA clocks pause). */
  waitingStatuses: z.array(z.string().min(1)).default(['Waiting on Customer', 'On Hold']),
  /** Stop calling when fewer than this share of the org's daily API allocation is left: the org's other integrations need it too. */
  dailyReserve: z.number().min(0).max(0.9).default(0.1),
  pushFields: z.boolean().default(true),
  pushTasks: z.boolean().default(true),
}).strict();
export type SalesforceSettings = z.infer<typeof SalesforceSettingsSchema>;

/** Our fields on Account and Contact; keys are the provider-neutral VipFields. */
export const VIP_FIELDS = {
  tier: 'VIP_Tier__c',
  tierLabel: 'VIP_Tier_Label__c',
  tierSince: 'VIP_Tier_Since__c',
  score: 'VIP_Score__c',
  reason: 'VIP_Score_Reason__c',
  predictedValue: 'VIP_Predicted_Value__c',
  churnRisk: 'VIP_Churn_Risk__c',
  nextAction: 'VIP_Next_Action__c',
  nextActionDue: 'VIP_Next_Action_Due__c',
  accountManager: 'VIP_Account_Manager__c',
} as const;

/** Our id on the Salesforce Task (an External ID): upserts on it never make a second task. */
export const TASK_ID_FIELD = 'VIP_Care_Task_Id__c';
export const NO_TIER = 'none';

/** Our ref types (lowercase) and Salesforce's object names. */
export const SOBJECTS = { contact: 'Contact', account: 'Account', opportunity: 'Opportunity', order: 'Order', case: 'Case', user: 'User', task: 'Task' } as const;
export type RefType = keyof typeof SOBJECTS;

export function refTypeOf(sobject: string): RefType | null {
  const found = (Object.entries(SOBJECTS) as [RefType, string][]).find(([, name]) => name.toLowerCase() === sobject.toLowerCase());
  return found ? found[0] : null;
}
