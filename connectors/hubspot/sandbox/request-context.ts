/** Per-request facts the middleware establishes: the correlation id and the authenticated caller. */
import { randomUUID } from 'node:crypto';
import type { Request } from 'express';
import type { AccessToken } from './oauth/token-store.js';
import type { SandboxPortal } from './state/portal.js';

export interface ApiCaller {
  portal: SandboxPortal;
  appId: number;
  token: AccessToken;
}

const correlationIds = new WeakMap<Request, string>();
const callers = new WeakMap<Request, ApiCaller>();

export function correlationIdOf(req: Request): string {
  let id = correlationIds.get(req);
  if (!id) correlationIds.set(req, (id = randomUUID()));
  return id;
}

export function setCaller(req: Request, caller: ApiCaller): void {
  callers.set(req, caller);
}

export function callerOf(req: Request): ApiCaller {
  const caller = callers.get(req);
  if (!caller) throw new Error('route reached without an authenticated caller');
  return caller;
}
