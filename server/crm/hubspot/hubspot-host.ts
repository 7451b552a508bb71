/**
 * HubSpot inside the host: the app's credentials, one rate limiter per portal shared by every
 * connector this process builds for it, tokens from the single-flight token manager, and the
 * sync target the provider-neutral sync runs.
 */
import { minorUnitsPerMajor } from '../../../core/scoring/engine.js';
import { VipCareError } from '../../../core/errors.js';
import { HubspotConnector, HubspotSettingsSchema, HUBSPOT_REF_TYPES, isRefreshRejected, refreshTokens, SlidingWindowLimiter, type HubspotApp, type HubspotSettings, type LimiterClock } from '../../../connectors/hubspot/index.js';
import type { Store } from '../../store/db.js';
import type { SyncTarget } from '../../sync/run-sync.js';
import { ApiUsageMeter } from '../api-usage.js';
import { findConnection, type ConnectionRow } from '../connections.js';
import type { Refresher, TokenManager } from '../token-manager.js';
import type { RetryPolicy } from '../../../core/sync/retry-policy.js';

export interface HubspotHostConfig {
  app: HubspotApp;
  /** Our app's id in HubSpot; requests naming another app are refused. Null: not checked (sandbox). */
  appId: string | null;
  /** Public base URL HubSpot calls (signatures cover the full URL). */
  publicUrl: string;
}

export interface HubspotBinding {
  connector: HubspotConnector;
  target: SyncTarget;
  usage: ApiUsageMeter;
  settings: HubspotSettings;
  connection: ConnectionRow;
}

export class HubspotHost {
  private readonly limiters = new Map<string, SlidingWindowLimiter>();
  readonly refresher: Refresher;

  constructor(
    readonly deps: { store: Store; tokens: TokenManager; config: HubspotHostConfig; clock?: LimiterClock; retry?: RetryPolicy; now?: () => Date },
  ) {
    const app = deps.config.app;
    this.refresher = {
      refresh: async (refreshToken, now) => {
        if (!refreshToken) throw new VipCareError('UNAUTHORIZED', { detail: 'HubSpot connection has no refresh token' });
        return refreshTokens(app, refreshToken, now);
      },
      isRejection: isRefreshRejected,
    };
  }

  get config(): HubspotHostConfig {
    return this.deps.config;
  }

  settingsOf(row: ConnectionRow): HubspotSettings {
    const parsed = HubspotSettingsSchema.safeParse(row.settings ?? {});
    // Settings are validated when saved; a row edited by hand falls back to the defaults.
    return parsed.success ? parsed.data : HubspotSettingsSchema.parse({});
  }

  private limiterFor(accountId: string, settings: HubspotSettings): SlidingWindowLimiter {
    let limiter = this.limiters.get(accountId);
    if (!limiter) {
      limiter = new SlidingWindowLimiter(settings.rateLimit, this.deps.clock);
      this.limiters.set(accountId, limiter);
    } else if (limiter.rate.max !== settings.rateLimit.max || limiter.rate.intervalMs !== settings.rateLimit.intervalMs) {
      limiter.setLimit(settings.rateLimit);
    }
    return limiter;
  }

  /** Requests started in the current window for a portal (this process), for the budget view. */
  inWindow(accountId: string): number {
    return this.limiters.get(accountId)?.inWindow() ?? 0;
  }

  async bind(tenantId: string): Promise<HubspotBinding> {
    const connection = await findConnection(this.deps.store.db, tenantId, 'hubspot');
    if (!connection || connection.status !== 'active') throw new VipCareError('UNAUTHORIZED', { detail: `HubSpot is not connected for tenant ${tenantId}` });
    const tenant = await this.deps.store.db.selectFrom('tenants').select('currency').where('id', '=', tenantId).executeTakeFirstOrThrow();
    const settings = this.settingsOf(connection);
    const usage = new ApiUsageMeter(tenantId, 'hubspot', this.deps.now);
    const connector = new HubspotConnector({
      apiBaseUrl: this.deps.config.app.apiBaseUrl,
      settings,
      tokens: this.deps.tokens.source(tenantId, 'hubspot', this.refresher),
      minorPerMajor: minorUnitsPerMajor(tenant.currency),
      limiter: this.limiterFor(connection.account_id, settings),
      usage,
      ...(this.deps.clock ? { clock: this.deps.clock } : {}),
      ...(this.deps.retry ? { retry: this.deps.retry } : {}),
    });
    const target: SyncTarget = {
      tenantId,
      provider: 'hubspot',
      connector,
      customerTypes: [HUBSPOT_REF_TYPES[settings.customerObject]],
      ownerType: HUBSPOT_REF_TYPES.owners,
      pushFields: settings.pushFields,
      pushTasks: settings.pushTasks,
      lookbackMs: settings.lookbackMs,
    };
    return { connector, target, usage, settings, connection };
  }
}
