/** The scopes the server asks for at install are exactly the ones the HubSpot project declares. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HUBSPOT_OPTIONAL_SCOPES, HUBSPOT_SCOPES } from '../../server/crm/runtime-from-config.js';
import { repoRoot } from '../helpers.js';

const app = JSON.parse(readFileSync(path.join(repoRoot, 'ui-extensions/hubspot/src/app/app-hsmeta.json'), 'utf8')) as { config: { auth: { requiredScopes: string[]; optionalScopes: string[]; redirectUrls: string[] } } };

describe('HubSpot app configuration', () => {
  it('declares the scopes the install flow requests', () => {
    expect([...app.config.auth.requiredScopes].sort()).toEqual([...HUBSPOT_SCOPES].sort());
    expect([...app.config.auth.optionalScopes].sort()).toEqual([...HUBSPOT_OPTIONAL_SCOPES].sort());
  });

  it('redirects to the server\'s OAuth callback', () => {
    expect(app.config.auth.redirectUrls.every((u) => new URL(u).pathname === '/hubspot/oauth/callback')).toBe(true);
  });
});
