/**
 * Access tokens per connection, refreshed before they expire with one refresh per connection even
 * when many jobs ask at once. Within a process, callers share one in-flight refresh; across
 * processes (Postgres), the refresh runs under a transaction-scoped advisory lock, and a worker
 * that waited re-reads the row: if another worker refreshed meanwhile (newer token version, still
 * fresh), it uses that token and makes no call. A refusal of the refresh token itself is checked
 * the same way before the connection is marked as needing re-authorization, because a lost race
 * and a revoked app look alike from one worker.
 */
import { sql } from 'kysely';
import type { CrmProvider } from '../../core/ports/crm-connector.js';
import { VipCareError } from '../../core/errors.js';
import type { SecretBox } from '../secrets/secret-box.js';
import type { Store } from '../store/db.js';
import { findConnection, markConnection, openTokens, storeRefreshedTokens, type ConnectionRow, type TokenSetIn } from './connections.js';

/** Refresh this long before expiry: HubSpot asks apps to refresh on time, not after a 401. */
export const REFRESH_MARGIN_MS = 5 * 60_000;

export interface Refresher {
  /** A new session; `refreshToken` is null for connections that sign in without one (JWT bearer). */
  refresh(refreshToken: string | null, now: Date, connection: ConnectionRow): Promise<TokenSetIn>;
  /** The CRM refused the refresh token itself (revoked, uninstalled). */
  isRejection(error: unknown): boolean;
}

export interface TokenManagerDeps {
  store: Store;
  box: SecretBox;
  now?: () => Date;
}

export class TokenManager {
  private readonly inFlight = new Map<string, Promise<string>>();
  private readonly now: () => Date;

  constructor(private readonly deps: TokenManagerDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  /** A token source for one connection, as the connectors take it. */
  source(tenantId: string, provider: CrmProvider, refresher: Refresher) {
    return {
      current: () => this.accessToken(tenantId, provider, refresher, null),
      refreshAfterRejection: (rejected: string) => this.accessToken(tenantId, provider, refresher, rejected),
    };
  }

  /** A usable token; `rejected` is one the CRM just refused as expired, to be replaced. */
  async accessToken(tenantId: string, provider: CrmProvider, refresher: Refresher, rejected: string | null): Promise<string> {
    const row = await this.require(tenantId, provider);
    const token = openTokens(this.deps.box, row).accessToken;
    if (token && token !== rejected && !this.expiring(row)) return token;
    const key = `${tenantId}:${provider}`;
    const running = this.inFlight.get(key);
    if (running) return running;
    const refresh = this.refreshOnce(tenantId, provider, refresher, row.token_version).finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, refresh);
    return refresh;
  }

  private expiring(row: ConnectionRow): boolean {
    return row.token_expires_at !== null && row.token_expires_at.getTime() - REFRESH_MARGIN_MS <= this.now().getTime();
  }

  private async require(tenantId: string, provider: CrmProvider): Promise<ConnectionRow> {
    const row = await findConnection(this.deps.store.db, tenantId, provider);
    if (!row || row.status !== 'active') throw new VipCareError('UNAUTHORIZED', { detail: `${provider} is not connected for tenant ${tenantId}` });
    return row;
  }

  private async refreshOnce(tenantId: string, provider: CrmProvider, refresher: Refresher, seenVersion: number): Promise<string> {
    const run = async (): Promise<string> => {
      const row = await this.require(tenantId, provider);
      // Another worker refreshed while we waited for the lock: use its token.
      if (row.token_version !== seenVersion && !this.expiring(row)) {
        const fresh = openTokens(this.deps.box, row).accessToken;
        if (fresh) return fresh;
      }
      const { refreshToken } = openTokens(this.deps.box, row);
      if (!refreshToken && row.auth_method !== 'jwt') throw new VipCareError('UNAUTHORIZED', { detail: `${provider} connection has no refresh token` });
      let tokens: TokenSetIn;
      try {
        tokens = await refresher.refresh(refreshToken, this.now(), row);
      } catch (error) {
        if (refresher.isRejection(error)) {
          const again = await this.require(tenantId, provider);
          const fresh = openTokens(this.deps.box, again).accessToken;
          if (again.token_version !== row.token_version && fresh && !this.expiring(again)) return fresh;
          await markConnection(this.deps.store.db, tenantId, provider, 'needs_reauth', 'refresh token refused', this.now());
          throw new VipCareError('UNAUTHORIZED', { detail: `${provider} refused the refresh token: reconnect the app` }, { cause: error });
        }
        throw error;
      }
      if (!(await storeRefreshedTokens(this.deps.store.db, this.deps.box, row, tokens, this.now()))) {
        // Lost a compare-and-swap (a second process without the lock, e.g. PGlite's CLI): the row wins.
        const again = await this.require(tenantId, provider);
        const fresh = openTokens(this.deps.box, again).accessToken;
        if (fresh) return fresh;
      }
      return tokens.accessToken;
    };
    if (this.deps.store.kind !== 'postgres') return run();
    // Postgres: one refresher per connection across every worker process.
    return this.deps.store.db.transaction().execute(async (trx) => {
      await sql`select pg_advisory_xact_lock(hashtext(${`vip-care:crm-refresh:${provider}:${tenantId}`}))`.execute(trx);
      return run();
    });
  }
}
