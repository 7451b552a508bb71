/** The object named in a URL (`/sobjects/{Type}`), or 404 NOT_FOUND as Salesforce answers for unknown types. */
import { notFound } from '../errors.js';
import type { ObjectSchema } from '../schema/object-schema.js';
import type { SalesforceOrg } from '../state/org.js';

export function objectParam(org: SalesforceOrg, name: unknown): ObjectSchema {
  const object = typeof name === 'string' ? org.object(name) : undefined;
  if (!object) throw notFound();
  return object;
}
