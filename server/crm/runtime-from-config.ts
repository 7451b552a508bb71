/**
 * The CRM runtime a process builds from its configuration: the HubSpot app from the environment,
 * or, for the embedded demo, the sandbox app `npm start` runs (its credentials are kept in the data
 * directory so the CLI can reach the same sandbox while the server runs).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { Config } from '../config/env.js';
import { secretBoxFromConfig } from '../secrets/secret-box.js';
import type { Store } from '../store/db.js';
import { createCrmRuntime, type CrmRuntime } from './crm-runtime.js';
import type { HubspotHostConfig } from './hubspot/hubspot-host.js';
import type { SalesforceHostConfig } from './salesforce/salesforce-host.js';

/** Scopes the marketplace app asks for (least privilege: what sync, write-back, tasks and actions use). */
export const HUBSPOT_SCOPES = [
  'oauth',
  'crm.objects.contacts.read',
  'crm.objects.contacts.write',
  'crm.objects.companies.read',
  'crm.objects.companies.write',
  'crm.objects.deals.read',
  'crm.objects.owners.read',
  'crm.schemas.contacts.write',
  'crm.schemas.companies.write',
  'tickets',
  'automation',
] as const;
export const HUBSPOT_OPTIONAL_SCOPES = ['crm.objects.line_items.read'] as const;

export const DemoHubspotAppSchema = z.object({ appId: z.string(), clientId: z.string(), clientSecret: z.string(), url: z.string().url() });
export type DemoHubspotApp = z.infer<typeof DemoHubspotAppSchema>;

export const demoAppFile = (dataDir: string) => path.join(dataDir, 'secrets', 'hubspot-sandbox-app.json');

export function readDemoApp(dataDir: string): DemoHubspotApp | null {
  const file = demoAppFile(dataDir);
  if (!existsSync(file)) return null;
  const parsed = DemoHubspotAppSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  return parsed.success ? parsed.data : null;
}

/** Salesforce: the External Client App asks for API access and a refresh token, nothing more. */
export const SALESFORCE_SCOPES = ['api', 'refresh_token'] as const;

export const DemoSalesforceAppSchema = z.object({ clientId: z.string(), clientSecret: z.string(), url: z.string().url(), jwtPrivateKeyPem: z.string().nullable() });
export type DemoSalesforceApp = z.infer<typeof DemoSalesforceAppSchema>;

export const demoSalesforceAppFile = (dataDir: string) => path.join(dataDir, 'secrets', 'salesforce-sandbox-app.json');

export function readDemoSalesforceApp(dataDir: string): DemoSalesforceApp | null {
  const file = demoSalesforceAppFile(dataDir);
  if (!existsSync(file)) return null;
  const parsed = DemoSalesforceAppSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  return parsed.success ? parsed.data : null;
}

export function salesforceConfigFrom(config: Config, demo: DemoSalesforceApp | null): SalesforceHostConfig | null {
  if (config.salesforce) {
    return { app: { clientId: config.salesforce.clientId, clientSecret: config.salesforce.clientSecret, loginUrl: config.salesforce.loginUrl, scopes: SALESFORCE_SCOPES }, publicUrl: config.publicUrl, jwtPrivateKeyPem: config.salesforce.jwtPrivateKeyPem };
  }
  if (!demo) return null;
  return { app: { clientId: demo.clientId, clientSecret: demo.clientSecret, loginUrl: demo.url, scopes: SALESFORCE_SCOPES }, publicUrl: config.publicUrl, jwtPrivateKeyPem: demo.jwtPrivateKeyPem };
}

export function hubspotConfigFrom(config: Config, demo: DemoHubspotApp | null): HubspotHostConfig | null {
  if (config.hubspot) {
    return {
      app: { clientId: config.hubspot.clientId, clientSecret: config.hubspot.clientSecret, apiBaseUrl: config.hubspot.apiBaseUrl, appBaseUrl: config.hubspot.appBaseUrl, scopes: HUBSPOT_SCOPES, optionalScopes: HUBSPOT_OPTIONAL_SCOPES },
      appId: config.hubspot.appId,
      publicUrl: config.publicUrl,
    };
  }
  if (!demo) return null;
  return {
    app: { clientId: demo.clientId, clientSecret: demo.clientSecret, apiBaseUrl: demo.url, appBaseUrl: demo.url, scopes: HUBSPOT_SCOPES, optionalScopes: HUBSPOT_OPTIONAL_SCOPES },
    appId: demo.appId,
    publicUrl: config.publicUrl,
  };
}

export function crmRuntimeFromConfig(
  config: Config,
  store: Store,
  demo: { hubspot: DemoHubspotApp | null; salesforce: DemoSalesforceApp | null } = { hubspot: readDemoApp(config.dataDir), salesforce: readDemoSalesforceApp(config.dataDir) },
): CrmRuntime {
  return createCrmRuntime({ store, box: secretBoxFromConfig(config), hubspot: hubspotConfigFrom(config, demo.hubspot), salesforce: salesforceConfigFrom(config, demo.salesforce) });
}
