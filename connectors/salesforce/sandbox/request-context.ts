/** Per-request facts the middleware establishes: the API version and the authenticated caller. */
import type { Request } from 'express';
import type { Session } from './oauth/session-store.js';
import type { SalesforceOrg } from './state/org.js';

export interface ApiCaller {
  org: SalesforceOrg;
  session: Session;
}

const versions = new WeakMap<Request, string>();
const callers = new WeakMap<Request, ApiCaller>();

export function setApiVersion(req: Request, version: string): void {
  versions.set(req, version);
}

/** '66.0' for a call to /services/data/v66.0/... */
export function apiVersionOf(req: Request): string {
  const version = versions.get(req);
  if (!version) throw new Error('route reached without an API version');
  return version;
}

export function setCaller(req: Request, caller: ApiCaller): void {
  callers.set(req, caller);
}

export function callerOf(req: Request): ApiCaller {
  const caller = callers.get(req);
  if (!caller) throw new Error('route reached without an authenticated caller');
  return caller;
}

/** The origin the client called (the sandbox plays login and instance host on one URL). */
export function originOf(req: Request): string {
  return `${req.protocol}://${req.get('host') ?? 'localhost'}`;
}

/** The request's query string, decoded as sent (express's parsed `req.query` is not used). */
export function queryOf(req: Request): URLSearchParams {
  const at = req.originalUrl.indexOf('?');
  return new URLSearchParams(at < 0 ? '' : req.originalUrl.slice(at + 1));
}
