/**
 * Shared setup of the sandbox suites: a started sandbox with one app installed in one portal,
 * an SDK client on it (no retries, so every answer shows), and a local webhook receiver.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client } from '@hubspot/api-client';
import type { AssociationSpecAssociationCategoryEnum } from '@hubspot/api-client/lib/codegen/crm/associations/v4/models/AssociationSpec.js';
import type { FilterOperatorEnum } from '@hubspot/api-client/lib/codegen/crm/contacts/models/Filter.js';
import type { PropertyCreate } from '@hubspot/api-client/lib/codegen/crm/properties/models/PropertyCreate.js';
import type { PropertyUpdate } from '@hubspot/api-client/lib/codegen/crm/properties/models/PropertyUpdate.js';
import { startHubspotSandbox, type SandboxOptionsInput, type SandboxPortal, type StartedHubspotSandbox } from '../index.js';

export const APP = { appId: 4242, clientId: 'client-4242', clientSecret: 'secret-4242', redirectUris: ['http://127.0.0.1:9/oauth/callback'] } as const;
export const PORTAL_ID = 777;

export interface Harness extends StartedHubspotSandbox {
  portal: SandboxPortal;
  accessToken: string;
  refreshToken: string;
  client: Client;
}

export function sdkClient(url: string, accessToken: string): Client {
  return new Client({ accessToken, basePath: url, numberOfApiCallRetries: 0 });
}

export async function startHarness(overrides: Partial<SandboxOptionsInput> = {}): Promise<Harness> {
  const started = await startHubspotSandbox({ apps: [{ ...APP, redirectUris: [...APP.redirectUris] }], ...overrides });
  const portal = started.sandbox.portals.create({ portalId: PORTAL_ID, hubDomain: 'vip-demo.hubspot.com' });
  const tokens = portal.mintTokens(APP.appId, ['crm.objects.contacts.read', 'crm.objects.contacts.write']);
  return { ...started, portal, accessToken: tokens.accessToken, refreshToken: tokens.refreshToken, client: sdkClient(started.url, tokens.accessToken) };
}

/** The SDK types filter operators as an enum; the wire value is the string. */
export const op = (operator: string): FilterOperatorEnum => operator as FilterOperatorEnum;

/** The SDK types association categories as an enum; the wire value is the string. */
export const HUBSPOT_DEFINED = 'HUBSPOT_DEFINED' as AssociationSpecAssociationCategoryEnum;

type Loose<T, K extends keyof T> = Omit<T, K> & { [P in K]?: string };

/** Property definitions written with plain strings for the SDK's enum-typed fields. */
export const propertyCreate = (input: Loose<PropertyCreate, 'type' | 'fieldType'>): PropertyCreate => input as PropertyCreate;
export const propertyUpdate = (input: Loose<PropertyUpdate, 'type' | 'fieldType'>): PropertyUpdate => input as PropertyUpdate;

/** A raw JSON call, for status codes and bodies the SDK would hide. */
export async function call(url: string, method: string, path: string, token: string | null, body?: unknown): Promise<{ status: number; headers: Headers; json: unknown }> {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, json: text ? (JSON.parse(text) as unknown) : null };
}

/** For `.then(unexpected, apiErrorOf)`: a call that should have failed did not. */
export function unexpected(): never {
  throw new Error('expected the call to fail');
}

/** The status code and body an SDK ApiException carries. */
export function apiErrorOf(error: unknown): { code: number; body: Record<string, unknown> } {
  if (typeof error !== 'object' || error === null || !('code' in error) || !('body' in error)) throw error;
  const { code, body } = error as { code: number; body: unknown };
  return { code, body: (typeof body === 'object' && body !== null ? body : { raw: body }) as Record<string, unknown> };
}

export interface ReceivedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface WebhookReceiver {
  url: string;
  requests: ReceivedRequest[];
  close(): Promise<void>;
}

/** A tiny HTTP receiver; `status` decides each answer (default 204). */
export async function webhookReceiver(status: (request: ReceivedRequest, index: number) => number = () => 204, delayMs = 0): Promise<WebhookReceiver> {
  const requests: ReceivedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const request = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      requests.push(request);
      const answer = status(request, requests.length - 1);
      setTimeout(() => res.writeHead(answer).end(), delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hubspot/webhooks`,
    requests,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
