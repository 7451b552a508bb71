/**
 * HubSpot's `hs_timezone` values spell IANA zones as `america_slash_new_york`. We turn them back
 * into `America/New_York` and keep only zones the runtime knows.
 */
const known = new Map<string, string>(Intl.supportedValuesOf('timeZone').map((z) => [z.toLowerCase(), z]));
known.set('utc', 'UTC');

export function ianaFromHubspot(value: string | null): string | null {
  if (!value) return null;
  const candidate = value.trim().toLowerCase().replace(/_slash_/g, '/');
  return known.get(candidate) ?? null;
}
