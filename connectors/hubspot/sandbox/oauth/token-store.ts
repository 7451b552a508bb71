/**
 * Authorization codes, access tokens and refresh tokens. Codes are single use and live 10
 * minutes; access tokens live `accessTokenTtlSeconds`; refresh tokens live until revoked or the
 * app is uninstalled. https://developers.hubspot.com/docs/api/oauth-quickstart-guide
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { SandboxClock } from '../../../sandbox-support/sandbox-clock.js';

export const AUTH_CODE_TTL_MS = 10 * 60_000;

export interface Installer {
  userId: number;
  email: string;
}

export interface AuthCode {
  appId: number;
  portalId: number;
  redirectUri: string;
  scopes: string[];
  expiresAt: number;
  /** S256 challenge given to /oauth/authorize, if any. */
  challenge: string | null;
}

export interface AccessToken {
  token: string;
  appId: number;
  portalId: number;
  scopes: string[];
  installer: Installer;
  expiresAt: number;
  revoked: boolean;
}

export interface RefreshToken {
  token: string;
  appId: number;
  portalId: number;
  scopes: string[];
  installer: Installer;
  revoked: boolean;
}

export type AccessLookup = { state: 'valid'; token: AccessToken } | { state: 'expired'; token: AccessToken } | { state: 'invalid' };

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
}

export class TokenStore {
  private readonly codes = new Map<string, AuthCode>();
  private readonly accessTokens = new Map<string, AccessToken>();
  private readonly refreshTokens = new Map<string, RefreshToken>();

  constructor(
    private readonly clock: SandboxClock,
    private readonly ttlSeconds: number,
  ) {}

  issueCode(code: Omit<AuthCode, 'expiresAt'>): string {
    const value = randomUUID();
    this.codes.set(value, { ...code, expiresAt: this.clock.now() + AUTH_CODE_TTL_MS });
    return value;
  }

  /** Takes a code out (codes are single use); undefined when unknown, used or expired. */
  takeCode(value: string): AuthCode | undefined {
    const code = this.codes.get(value);
    if (!code) return undefined;
    this.codes.delete(value);
    return code.expiresAt > this.clock.now() ? code : undefined;
  }

  /** A new refresh token and a first access token for an installed app. */
  grant(install: { appId: number; portalId: number; scopes: string[]; installer: Installer }): { access: AccessToken; refresh: RefreshToken } {
    const refresh: RefreshToken = { ...install, token: `na1-${randomUUID()}`, revoked: false };
    this.refreshTokens.set(refresh.token, refresh);
    return { refresh, access: this.issueAccess(refresh) };
  }

  issuePair(install: { appId: number; portalId: number; scopes: string[]; installer: Installer }): TokenPair {
    const { access, refresh } = this.grant(install);
    return { accessToken: access.token, refreshToken: refresh.token, expiresIn: this.ttlSeconds };
  }

  issueAccess(refresh: RefreshToken): AccessToken {
    const access: AccessToken = {
      token: `C${randomBytes(60).toString('base64url')}`,
      appId: refresh.appId,
      portalId: refresh.portalId,
      scopes: refresh.scopes,
      installer: refresh.installer,
      expiresAt: this.clock.now() + this.ttlSeconds * 1000,
      revoked: false,
    };
    this.accessTokens.set(access.token, access);
    return access;
  }

  /** Replaces a refresh token with a new one (when the sandbox rotates them). */
  rotate(refresh: RefreshToken): RefreshToken {
    refresh.revoked = true;
    const next: RefreshToken = { ...refresh, token: `na1-${randomUUID()}`, revoked: false };
    this.refreshTokens.set(next.token, next);
    return next;
  }

  access(value: string): AccessLookup {
    const token = this.accessTokens.get(value);
    if (!token || token.revoked) return { state: 'invalid' };
    return token.expiresAt > this.clock.now() ? { state: 'valid', token } : { state: 'expired', token };
  }

  refresh(value: string): RefreshToken | undefined {
    const token = this.refreshTokens.get(value);
    return token && !token.revoked ? token : undefined;
  }

  revokeRefresh(value: string): boolean {
    const token = this.refresh(value);
    if (!token) return false;
    token.revoked = true;
    return true;
  }

  expiresInSeconds(token: AccessToken): number {
    return Math.max(0, Math.floor((token.expiresAt - this.clock.now()) / 1000));
  }

  /** Makes every access token of a portal expired now; refresh tokens keep working. */
  expireAccess(portalId: number): number {
    let expired = 0;
    const now = this.clock.now();
    for (const token of this.accessTokens.values()) {
      if (token.portalId === portalId && token.expiresAt > now) {
        token.expiresAt = now;
        expired++;
      }
    }
    return expired;
  }

  /** Uninstall: every token of the app in the portal stops working. */
  revokeInstall(portalId: number, appId: number): void {
    for (const token of [...this.accessTokens.values(), ...this.refreshTokens.values()]) {
      if (token.portalId === portalId && token.appId === appId) token.revoked = true;
    }
  }
}
