/**
 * Our fields in Salesforce come with the package (ui-extensions/salesforce), not from API calls:
 * on connect we only check, with a describe, that they are there and writable, and say in plain
 * words what is missing. An unrestricted picklist holds the tier, so a program's own tier ids can
 * be written without changing metadata.
 * https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_sobject_describe.htm
 */
import { z } from 'zod';
import type { SchemaOutcome } from '../../core/ports/crm-connector.js';
import type { SalesforceApiCaller } from './api-caller.js';
import { TASK_ID_FIELD, VIP_FIELDS, type SalesforceSettings } from './config.js';
import { SalesforceError } from './errors.js';

const DescribeSchema = z.object({ name: z.string(), fields: z.array(z.object({ name: z.string(), updateable: z.boolean().optional() }).loose()) }).loose();

export async function checkSchema(caller: SalesforceApiCaller, settings: SalesforceSettings): Promise<SchemaOutcome> {
  const wanted: [string, string[]][] = [
    ['Contact', Object.values(VIP_FIELDS)],
    ['Account', Object.values(VIP_FIELDS)],
  ];
  if (settings.pushTasks) wanted.push(['Task', [TASK_ID_FIELD]]);
  const missing: string[] = [];
  for (const [sobject, fields] of wanted) {
    const describe = DescribeSchema.parse(await caller.request(`describe ${sobject}`, { method: 'GET', url: caller.path(`/sobjects/${sobject}/describe`) }));
    const have = new Map(describe.fields.map((f) => [f.name.toLowerCase(), f]));
    for (const name of fields) {
      const field = have.get(name.toLowerCase());
      if (!field || field.updateable === false) missing.push(`${sobject}.${name}`);
    }
  }
  if (missing.length > 0) throw new SalesforceError('CONFLICT', 'PACKAGE_MISSING', `the VIP Care package is not installed in this org, or the integration user cannot edit its fields (assign the VIP_Care_Integration permission set): ${missing.join(', ')}`);
  return { created: [], updated: [] };
}
