/** The `{objectType}` path segment: plural name, type id (`0-3`) or singular name. */
import { validationError } from '../errors.js';
import { resolveObjectType, type ObjectTypeName } from '../state/object-types.js';

export function objectTypeParam(raw: string | undefined): ObjectTypeName {
  const type = raw === undefined ? undefined : resolveObjectType(raw);
  if (!type) throw validationError(`Unable to infer object type from: ${raw ?? ''}`, [{ message: `unknown object type ${raw ?? ''}`, in: 'objectType' }]);
  return type;
}
