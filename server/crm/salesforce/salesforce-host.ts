/**
 * Salesforce inside the host: the External Client App's credentials, sessions from the
 * single-flight token manager (a refresh token for admin-connected orgs, a new JWT assertion for
 * integration users), and the sync target the provider-neutral sync runs.
 */
import { VipCareError } from '../../../core/errors.js';
import type { RetryPolicy } from '../../../core/sync/retry-policy.js';
import { minorUnitsPerMajor } from '../../../core/scoring/engine.js';
import { isRefreshRejected, jwtSession, refreshSession, SalesforceConnector, SalesforceSettingsSchema, type CallerClock, type SalesforceApp, type SalesforceSettings } from '../../../connectors/salesforce/index.js';
import type { Store } from '../../store/db.js';
import type { SyncTarget } from '../../sync/run-sync.js';
import { ApiUsageMeter } from '../api-usage.js';
import { findConnection, type ConnectionRow } from '../connections.js';
import type { Refresher, TokenManager } from '../token-manager.js';

export interface SalesforceHostConfig {
  app: SalesforceApp;
  /** Public base URL (the OAuth callback, outbound message endpoints). */
  publicUrl: string;
  /** PEM private key whose certificate is on the External Client App (JWT bearer flow); null: JWT off. */
  jwtPrivateKeyPem: string | null;
}

export interface SalesforceBinding {
  connector: SalesforceConnector;
  target: SyncTarget;
  usage: ApiUsageMeter;
  settings: SalesforceSettings;
  connection: ConnectionRow;
}

export class SalesforceHost {
  readonly refresher: Refresher;

  constructor(readonly deps: { store: Store; tokens: TokenManager; config: SalesforceHostConfig; clock?: CallerClock; retry?: RetryPolicy; now?: () => Date }) {
    const { app, jwtPrivateKeyPem } = deps.config;
    this.refresher = {
      refresh: async (refreshToken, now, row) => {
        if (row.auth_method === 'jwt') {
          if (!jwtPrivateKeyPem || !row.auth_user) throw new VipCareError('UNAUTHORIZED', { detail: 'JWT sign-in is not configured (SALESFORCE_JWT_PRIVATE_KEY)' });
          const session = await jwtSession(app, { username: row.auth_user, privateKeyPem: jwtPrivateKeyPem, now });
          return { accessToken: session.accessToken, refreshToken: null, expiresAt: null };
        }
        if (!refreshToken) throw new VipCareError('UNAUTHORIZED', { detail: 'Salesforce connection has no refresh token' });
        const session = await refreshSession(app, refreshToken);
        // Salesforce does not say when a session ends (it is the org's timeout): refresh when refused.
        return { accessToken: session.accessToken, refreshToken: session.refreshToken, expiresAt: null };
      },
      isRejection: isRefreshRejected,
    };
  }

  get config(): SalesforceHostConfig {
    return this.deps.config;
  }

  settingsOf(row: ConnectionRow): SalesforceSettings {
    const parsed = SalesforceSettingsSchema.safeParse(row.settings ?? {});
    return parsed.success ? parsed.data : SalesforceSettingsSchema.parse({});
  }

  async bind(tenantId: string): Promise<SalesforceBinding> {
    const connection = await findConnection(this.deps.store.db, tenantId, 'salesforce');
    if (!connection || connection.status !== 'active' || !connection.instance_url) throw new VipCareError('UNAUTHORIZED', { detail: `Salesforce is not connected for tenant ${tenantId}` });
    const tenant = await this.deps.store.db.selectFrom('tenants').select('currency').where('id', '=', tenantId).executeTakeFirstOrThrow();
    const settings = this.settingsOf(connection);
    const usage = new ApiUsageMeter(tenantId, 'salesforce', this.deps.now);
    const connector = new SalesforceConnector({
      instanceUrl: connection.instance_url,
      settings,
      sessions: this.deps.tokens.source(tenantId, 'salesforce', this.refresher),
      minorPerMajor: minorUnitsPerMajor(tenant.currency),
      usage,
      ...(this.deps.clock ? { clock: this.deps.clock } : {}),
      ...(this.deps.retry ? { retry: this.deps.retry } : {}),
    });
    const target: SyncTarget = {
      tenantId,
      provider: 'salesforce',
      connector,
      customerTypes: [settings.customerObject === 'contacts' ? 'contact' : 'account'],
      ownerType: 'user',
      pushFields: settings.pushFields,
      pushTasks: settings.pushTasks,
      lookbackMs: settings.lookbackMs,
    };
    return { connector, target, usage, settings, connection };
  }
}
