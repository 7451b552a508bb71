/**
 * The key a request is counted under in the stats: method plus path, with object types spelled
 * the canonical way (`0-3` counts as `deals`) and ids replaced by placeholders, so a benchmark can
 * ask for `POST /crm/v3/objects/contacts/batch/update` or `PATCH /crm/v3/objects/deals/{id}`.
 */
import { resolveObjectType } from './state/object-types.js';

const canonical = (raw: string): string => resolveObjectType(raw) ?? raw;

type Rule = [RegExp, (m: RegExpMatchArray) => string];

const RULES: readonly Rule[] = [
  [/^\/crm\/v3\/objects\/([^/]+)$/, (m) => `/crm/v3/objects/${canonical(m[1] as string)}`],
  [/^\/crm\/v3\/objects\/([^/]+)\/(search|merge|gdpr-delete|batch\/[a-z]+)$/, (m) => `/crm/v3/objects/${canonical(m[1] as string)}/${m[2]}`],
  [/^\/crm\/v3\/objects\/([^/]+)\/[^/]+$/, (m) => `/crm/v3/objects/${canonical(m[1] as string)}/{id}`],
  [/^\/crm\/v3\/properties\/([^/]+)$/, (m) => `/crm/v3/properties/${canonical(m[1] as string)}`],
  [/^\/crm\/v3\/properties\/([^/]+)\/(batch\/[a-z]+|groups)$/, (m) => `/crm/v3/properties/${canonical(m[1] as string)}/${m[2]}`],
  [/^\/crm\/v3\/properties\/([^/]+)\/groups\/[^/]+$/, (m) => `/crm/v3/properties/${canonical(m[1] as string)}/groups/{groupName}`],
  [/^\/crm\/v3\/properties\/([^/]+)\/[^/]+$/, (m) => `/crm/v3/properties/${canonical(m[1] as string)}/{propertyName}`],
  [/^\/crm\/v4\/associations\/([^/]+)\/([^/]+)\/(batch\/.+)$/, (m) => `/crm/v4/associations/${canonical(m[1] as string)}/${canonical(m[2] as string)}/${m[3]}`],
  [/^\/crm\/v4\/objects\/([^/]+)\/[^/]+\/associations\/default\/([^/]+)\/[^/]+$/, (m) => `/crm/v4/objects/${canonical(m[1] as string)}/{id}/associations/default/${canonical(m[2] as string)}/{toId}`],
  [/^\/crm\/v4\/objects\/([^/]+)\/[^/]+\/associations\/([^/]+)$/, (m) => `/crm/v4/objects/${canonical(m[1] as string)}/{id}/associations/${canonical(m[2] as string)}`],
  [/^\/crm\/v4\/objects\/([^/]+)\/[^/]+\/associations\/([^/]+)\/[^/]+$/, (m) => `/crm/v4/objects/${canonical(m[1] as string)}/{id}/associations/${canonical(m[2] as string)}/{toId}`],
  [/^\/crm\/v3\/owners\/[^/]+$/, () => '/crm/v3/owners/{ownerId}'],
  [/^\/automation\/v4\/actions\/callbacks\/(?!complete$)[^/]+\/complete$/, () => '/automation/v4/actions/callbacks/{callbackId}/complete'],
  [/^\/oauth\/v1\/(access-tokens|refresh-tokens)\/[^/]+$/, (m) => `/oauth/v1/${m[1]}/{token}`],
];

export function routeKey(method: string, path: string): string {
  const trimmed = path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
  for (const [pattern, name] of RULES) {
    const match = trimmed.match(pattern);
    if (match) return `${method} ${name(match)}`;
  }
  return `${method} ${trimmed}`;
}
