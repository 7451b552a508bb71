/**
 * The key a request is counted under in the stats: method plus path, with the API version as
 * `vXX.X` and ids, locators and external id values as placeholders, so a benchmark can ask for
 * `GET /services/data/vXX.X/query/{locator}` or `PATCH /services/data/vXX.X/sobjects/Contact/{id}`.
 */
type Rule = [RegExp, (m: RegExpMatchArray) => string];

const API = '/services/data/vXX.X';

const RULES: readonly Rule[] = [
  [/^\/services\/data\/v\d+\.\d+(\/.*)?$/, (m) => `${API}${m[1] ?? ''}`],
];

const API_RULES: readonly Rule[] = [
  [/^\/(query|queryAll)\/[^/]+$/, (m) => `/${m[1]}/{locator}`],
  [/^\/sobjects\/([^/]+)\/describe$/, (m) => `/sobjects/${m[1]}/describe`],
  [/^\/sobjects\/([^/]+)\/[^/]+$/, (m) => `/sobjects/${m[1]}/{id}`],
  [/^\/sobjects\/([^/]+)\/([^/]+)\/[^/]+$/, (m) => `/sobjects/${m[1]}/${m[2]}/{value}`],
  [/^\/jobs\/(ingest|query)\/[^/]+(\/[A-Za-z]+)?$/, (m) => `/jobs/${m[1]}/{jobId}${m[2] ?? ''}`],
];

export function routeKey(method: string, path: string): string {
  const trimmed = path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
  if (/^\/id\/[^/]+\/[^/]+$/.test(trimmed)) return `${method} /id/{orgId}/{userId}`;
  for (const [pattern, name] of RULES) {
    const match = trimmed.match(pattern);
    if (!match) continue;
    const rest = match[1] ?? '';
    for (const [apiPattern, apiName] of API_RULES) {
      const apiMatch = rest.match(apiPattern);
      if (apiMatch) return `${method} ${API}${apiName(apiMatch)}`;
    }
    return `${method} ${name(match)}`;
  }
  return `${method} ${trimmed}`;
}
