/**
 * Shared setup of the sandbox suites: a started sandbox with one app and one org, a session
 * minted for it, a jsforce Connection on the sandbox, raw calls for what jsforce hides, and a
 * local receiver for outbound messages.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Connection, OAuth2 } from 'jsforce';
import { salesforceId, startSalesforceSandbox, type SalesforceOrg, type SandboxOptionsInput, type StartedSalesforceSandbox } from '../index.js';

export const VERSION = '66.0';
export const API = `/services/data/v${VERSION}`;
export const APP = { clientId: 'vip-care-consumer-key', clientSecret: 'vip-care-consumer-secret', redirectUris: ['http://127.0.0.1:9/oauth/callback'] } as const;
export const ORG_ID = salesforceId('00D', 42, '5g');

export interface Harness extends StartedSalesforceSandbox {
  org: SalesforceOrg;
  accessToken: string;
  refreshToken: string;
  conn: Connection;
}

export function connection(url: string, accessToken: string): Connection {
  return new Connection({ instanceUrl: url, accessToken, version: VERSION });
}

export function oauth2(url: string): OAuth2 {
  return new OAuth2({ loginUrl: url, clientId: APP.clientId, clientSecret: APP.clientSecret, redirectUri: APP.redirectUris[0] });
}

export async function startHarness(overrides: Partial<SandboxOptionsInput> = {}): Promise<Harness> {
  const started = await startSalesforceSandbox({ apps: [{ ...APP, redirectUris: [...APP.redirectUris] }], ...overrides });
  const org = started.sandbox.orgs.create({ orgId: ORG_ID, instanceName: 'CS42', timezone: 'America/New_York' });
  const session = org.mintSession(APP.clientId);
  return { ...started, org, accessToken: session.accessToken, refreshToken: session.refreshToken, conn: connection(started.url, session.accessToken) };
}

/** A raw JSON call, for status codes, headers and bodies jsforce would hide. */
export async function call(url: string, method: string, path: string, token: string | null, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; headers: Headers; json: unknown; text: string }> {
  const response = await fetch(`${url}${path}`, {
    method,
    redirect: 'manual',
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined && typeof body !== 'string' ? { 'content-type': 'application/json' } : {}), ...headers },
    ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  let json: unknown = null;
  try {
    json = text ? (JSON.parse(text) as unknown) : null;
  } catch {
    json = null;
  }
  return { status: response.status, headers: response.headers, json, text };
}

/**
 * The status codes of a save result's errors. Collections answer `statusCode` (as Salesforce
 * does), although jsforce's SaveError type names it `errorCode`.
 */
export function statusCodes(result: { errors: unknown[] } | undefined): string[] {
  return (result?.errors ?? []).map((e) => (typeof e === 'object' && e !== null && 'statusCode' in e ? String(e.statusCode) : ''));
}

/** For `.then(unexpected, errorOf)`: a call that should have failed did not. */
export function unexpected(): never {
  throw new Error('expected the call to fail');
}

/** The errorCode, name and message jsforce puts on its errors. */
export function errorOf(error: unknown): { errorCode: string; name: string; message: string } {
  if (!(error instanceof Error)) throw error;
  const errorCode = 'errorCode' in error && typeof error.errorCode === 'string' ? error.errorCode : '';
  return { errorCode, name: error.name, message: error.message };
}

export interface ReceivedRequest {
  method: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface Receiver {
  url: string;
  requests: ReceivedRequest[];
  close(): Promise<void>;
}

export const ACK = '<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><notificationsResponse xmlns="http://soap.sforce.com/2005/09/outbound"><Ack>true</Ack></notificationsResponse></soapenv:Body></soapenv:Envelope>';

/** A tiny HTTP listener; `answer` decides each reply (default: 200 with Ack true). */
export async function receiver(answer: (request: ReceivedRequest, index: number) => { status: number; body: string } = () => ({ status: 200, body: ACK })): Promise<Receiver> {
  const requests: ReceivedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const request = { method: req.method ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      requests.push(request);
      const reply = answer(request, requests.length - 1);
      res.writeHead(reply.status, { 'content-type': 'text/xml; charset=utf-8' }).end(reply.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/salesforce/outbound`,
    requests,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
