/**
 * The demo tenant `npm start` serves: the real CDNOW transaction sample when it sits beside the
 * repository (../shared/data/cdnow), otherwise a small synthetic history. Loaded and scored once;
 * later starts find it in place.
 */
import { existsSync } from 'node:fs';
import type { Store } from '../store/db.js';
import type { Logger } from '../logging/logger.js';
import { importFile } from '../import/import-file.js';
import { provisionTenant } from '../tenants/provision.js';
import { runScoring } from '../scoring/score-run.js';
import { generateSyntheticTenant } from './synthetic-tenant.js';
import { sql } from 'kysely';
import { dayNumber, isoDateFromDayNumber, startOfLocalDay } from '../../core/scoring/calendar.js';
import { evaluatePlaybooks } from '../playbooks/evaluate.js';
import { runDueSteps } from '../playbooks/run-steps.js';
import type { SurveyLinkSigner } from '../feedback/survey-links.js';

export const DEMO_TENANT = 'demo';

export async function seedDemo(store: Store, opts: { dataFile: string; logger: Logger; links: SurveyLinkSigner }): Promise<void> {
  const { tenant } = await provisionTenant(store, { id: DEMO_TENANT, name: 'Demo retailer', timezone: 'UTC', currency: 'USD', actor: 'system:demo' });
  const hasOrders = await store.db.selectFrom('orders').select('id').where('tenant_id', '=', tenant.id).limit(1).executeTakeFirst();
  if (!hasOrders) {
    if (existsSync(opts.dataFile)) {
      const report = await importFile(store, { tenantId: tenant.id, kind: 'orders', format: 'cdnow', file: opts.dataFile, locale: 'en', timezone: tenant.timezone, currency: tenant.currency, actor: 'system:demo' });
      opts.logger.info('demo data loaded', { source: 'cdnow', orders: report.accepted, customers: report.customersCreated });
    } else {
      await generateSyntheticTenant(store, { tenantId: tenant.id, customers: 2000, orders: 12000, endDate: '2025-12-31' });
      opts.logger.info('demo data generated', { source: 'synthetic', customers: 2000, orders: 12000 });
    }
  }
  const scored = await store.db.selectFrom('score_runs').select('id').where('tenant_id', '=', tenant.id).where('status', '=', 'completed').limit(1).executeTakeFirst();
  if (!scored) {
    // Score as of the last order, so the (historical) demo data looks like a living business.
    const last = await store.db.selectFrom('orders').select((eb) => eb.fn.max('ordered_at').as('at')).where('tenant_id', '=', tenant.id).executeTakeFirst();
    const asOf = (last?.at ? new Date(last.at) : new Date()).toISOString().slice(0, 10);
    const summary = await runScoring(store, { tenantId: tenant.id, asOf, actor: 'system:demo' });
    opts.logger.info('demo tenant scored', { asOf, customers: summary.scored, tierChanges: summary.tierChanges });
    await giveDemoContacts(store, tenant.id);
    // The demo's data is historical: its clock stands at the morning after the last scored day,
    // so playbooks run there (use `vip-care simulate` to move it forward).
    const frozen = new Date(startOfLocalDay(isoDateFromDayNumber(dayNumber(asOf) + 1), tenant.timezone).getTime() + 10 * 3_600_000);
    await store.db.updateTable('tenants').set({ frozen_clock: frozen }).where('id', '=', tenant.id).execute();
    const evaluated = await evaluatePlaybooks(store, { tenantId: tenant.id, now: frozen });
    const steps = await runDueSteps(store, { tenantId: tenant.id, now: frozen, links: opts.links });
    opts.logger.info('demo playbooks run', { enrolled: evaluated.enrolled, tasks: steps.tasks, messages: steps.messages });
  }
}

/** CDNOW has ids only: give customers example.com addresses and spread them over four account managers. */
async function giveDemoContacts(store: Store, tenantId: string): Promise<void> {
  await sql`
    update customers set
      email = coalesce(email, 'customer-' || id || '@example.com'),
      account_manager = coalesce(account_manager, 'am-' || (abs(hashtext(id)) % 4 + 1)::text)
    where tenant_id = ${tenantId}`.execute(store.db);
  // The care team: four account managers and their lead, who gets SLA escalations.
  await sql`
    insert into care_owners (tenant_id, id, name, email, manager_id)
    select ${tenantId}, 'am-' || n, 'Account manager ' || n, 'am-' || n || '@example.com', 'lead-1' from generate_series(1, 4) n
    union all select ${tenantId}, 'lead-1', 'VIP care lead', 'lead-1@example.com', null
    on conflict do nothing`.execute(store.db);
}
