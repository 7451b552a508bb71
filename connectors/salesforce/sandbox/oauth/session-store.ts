/**
 * Authorization codes, sessions (access tokens) and refresh tokens. Codes are single use and live
 * 15 minutes. A session ends after `ttlSeconds` without use (Salesforce's session timeout is
 * inactivity-based and token responses carry no `expires_in`); refresh tokens live until revoked.
 * Revoking a refresh token ends the sessions it issued.
 * https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_flows.htm
 */
import { randomBytes } from 'node:crypto';
import type { SandboxClock } from '../../../sandbox-support/sandbox-clock.js';

export const AUTH_CODE_TTL_MS = 15 * 60_000;

export interface Grant {
  orgId: string;
  userId: string;
  clientId: string;
  scope: string;
}

export interface AuthCode extends Grant {
  redirectUri: string;
  /** S256 challenge given to /authorize, if any. */
  challenge: string | null;
  expiresAt: number;
}

export interface Session extends Grant {
  token: string;
  issuedAt: number;
  lastUsedAt: number;
  revoked: boolean;
  refreshToken: string | null;
}

export interface RefreshGrant extends Grant {
  token: string;
  /** Issued through a PKCE code exchange: refreshing it needs no client secret. */
  pkce: boolean;
  revoked: boolean;
}

export class SessionStore {
  private readonly codes = new Map<string, AuthCode>();
  private readonly sessions = new Map<string, Session>();
  private readonly refreshTokens = new Map<string, RefreshGrant>();

  constructor(
    private readonly clock: SandboxClock,
    private readonly ttlSeconds: number,
  ) {}

  issueCode(code: Omit<AuthCode, 'expiresAt'>): string {
    const value = `aPrx${randomBytes(24).toString('base64url')}`;
    this.codes.set(value, { ...code, expiresAt: this.clock.now() + AUTH_CODE_TTL_MS });
    return value;
  }

  /** Takes a code out (single use); 'expired' when it outlived its 15 minutes. */
  takeCode(value: string): AuthCode | 'unknown' | 'expired' {
    const code = this.codes.get(value);
    if (!code) return 'unknown';
    this.codes.delete(value);
    return code.expiresAt > this.clock.now() ? code : 'expired';
  }

  issueRefresh(grant: Grant, pkce: boolean): RefreshGrant {
    const refresh: RefreshGrant = { ...grant, token: `5Aep861${randomBytes(36).toString('base64url')}`, pkce, revoked: false };
    this.refreshTokens.set(refresh.token, refresh);
    return refresh;
  }

  issueSession(grant: Grant, refreshToken: string | null): Session {
    const now = this.clock.now();
    // Salesforce access tokens start with the 15-character org id.
    const session: Session = { ...grant, token: `${grant.orgId.slice(0, 15)}!AR${randomBytes(48).toString('base64url')}`, issuedAt: now, lastUsedAt: now, revoked: false, refreshToken };
    this.sessions.set(session.token, session);
    return session;
  }

  /** A live session for this token (its inactivity timer restarts), or undefined. */
  useSession(token: string): Session | undefined {
    const session = this.sessions.get(token);
    if (!session || session.revoked) return undefined;
    const now = this.clock.now();
    if (now - session.lastUsedAt >= this.ttlSeconds * 1000) return undefined;
    session.lastUsedAt = now;
    return session;
  }

  refresh(token: string): RefreshGrant | undefined {
    const refresh = this.refreshTokens.get(token);
    return refresh && !refresh.revoked ? refresh : undefined;
  }

  /** The revoke endpoint: an access token ends its session, a refresh token also every session it issued. */
  revoke(token: string): boolean {
    const session = this.sessions.get(token);
    if (session && !session.revoked) {
      session.revoked = true;
      return true;
    }
    const refresh = this.refresh(token);
    if (!refresh) return false;
    refresh.revoked = true;
    for (const s of this.sessions.values()) if (s.refreshToken === token) s.revoked = true;
    return true;
  }

  /** Ends every live session of an org (refresh tokens keep working); answers how many. */
  expireSessions(orgId: string): number {
    let expired = 0;
    for (const session of this.sessions.values()) {
      if (session.orgId === orgId && !session.revoked) {
        session.revoked = true;
        expired++;
      }
    }
    return expired;
  }

  /** Revokes an org's refresh tokens (of one app, or all) and their sessions; answers how many. */
  revokeRefreshTokens(orgId: string, clientId?: string): number {
    let revoked = 0;
    for (const refresh of this.refreshTokens.values()) {
      if (refresh.orgId === orgId && !refresh.revoked && (clientId === undefined || refresh.clientId === clientId)) {
        this.revoke(refresh.token);
        revoked++;
      }
    }
    return revoked;
  }
}
