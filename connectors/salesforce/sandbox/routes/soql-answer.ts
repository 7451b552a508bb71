/** Plans a SOQL query for a route, turning SoqlError into the REST error Salesforce answers. */
import { SalesforceApiError } from '../errors.js';
import { planQuery, type QueryPlan } from '../soql/query-plan.js';
import { SoqlError } from '../soql/soql-error.js';
import type { SalesforceOrg } from '../state/org.js';

export function planOrRefuse(org: SalesforceOrg, soql: string, nowMs: number): QueryPlan {
  try {
    return planQuery(org, soql, nowMs);
  } catch (error) {
    if (error instanceof SoqlError) throw new SalesforceApiError(400, error.errorCode, error.describe(soql));
    throw error;
  }
}
