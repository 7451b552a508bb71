/**
 * What every CRM sandbox demo does around its sandbox: keep the demo app's generated credentials
 * in the data directory (owner-only), so the CLI reaches the same sandbox while the server runs,
 * and forget what the tenant synced with the last sandbox, which lived in memory and is gone.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { CrmProvider } from '../../core/ports/crm-connector.js';
import type { Store } from '../store/db.js';

export function rememberDemoApp(file: string, app: object): void {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  writeFileSync(file, JSON.stringify(app), { mode: 0o600 });
}

/** Cursors, written values, task links and pending notifications refer to the old sandbox. */
export async function forgetSandboxState(store: Store, tenantId: string, provider: CrmProvider): Promise<void> {
  await store.db.transaction().execute(async (trx) => {
    for (const table of ['crm_sync_state', 'crm_push_state', 'crm_task_links', 'crm_webhook_events', 'crm_workflow_calls'] as const) {
      await trx.deleteFrom(table).where('tenant_id', '=', tenantId).where('provider', '=', provider).execute();
    }
  });
}
