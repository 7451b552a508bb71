/**
 * The REST API versions the sandbox answers (50.0 Winter '21 to 68.0 Winter '27): three releases
 * a year, Winter, Spring and Summer.
 * https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_versions.htm
 */
export const MIN_API_VERSION = 50;
export const MAX_API_VERSION = 68;

const SEASONS = ['Winter', 'Spring', 'Summer'] as const;

/** '66.0' from 'v66.0', or null for a version the sandbox does not serve. */
export function parseVersionSegment(segment: string): string | null {
  const match = /^v(\d{2})\.0$/.exec(segment);
  if (!match) return null;
  const major = Number(match[1]);
  return major >= MIN_API_VERSION && major <= MAX_API_VERSION ? `${major}.0` : null;
}

export function releaseLabel(major: number): string {
  const step = major - MIN_API_VERSION;
  const season = SEASONS[step % 3] as string;
  return `${season} '${21 + Math.floor(step / 3)}`;
}

export function supportedVersions(): { label: string; url: string; version: string }[] {
  const versions = [];
  for (let major = MIN_API_VERSION; major <= MAX_API_VERSION; major++) {
    versions.push({ label: releaseLabel(major), url: `/services/data/v${major}.0`, version: `${major}.0` });
  }
  return versions;
}
