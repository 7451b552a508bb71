/**
 * Tenants for playbook tests: the retail program with its playbooks replaced, customers made in
 * SQL, and (for the job tests) enrolments due at the tenant's frozen clock.
 */
import { sql } from 'kysely';
import { EXAMPLE_PROGRAMS } from '../../core/program/examples/index.js';
import { parseProgram, validateProgram } from '../../core/program/load.js';
import type { Program } from '../../core/program/schema.js';
import type { Store } from '../../server/store/db.js';
import { publishProgram } from '../../server/store/repositories/programs.js';
import { provisionTenant } from '../../server/tenants/provision.js';

/** Tuesday 10:00 UTC: inside the default business hours, so messages are not deferred. */
export const FROZEN_NOW = new Date('2026-11-24T10:00:00Z');

export function retailWith(overrides: Record<string, unknown>): Program {
  const base = parseProgram(EXAMPLE_PROGRAMS.retail);
  if (!base.ok) throw new Error('retail example does not parse');
  const result = validateProgram({ ...JSON.parse(JSON.stringify(base.program)), ...overrides });
  if (!result.ok) throw new Error(`test program invalid: ${result.problems.map((p) => `${p.path} ${p.message}`).join('; ')}`);
  return result.program;
}

/** One manual playbook: an internal task (not a touch), then an e-mail. */
export const TASK_THEN_MESSAGE = {
  playbooks: [
    {
      id: 'outreach',
      name: 'Outreach',
      trigger: { type: 'manual' },
      audience: { tiers: ['diamond', 'platinum', 'gold', 'none'] },
      steps: [
        { id: 'prepare', type: 'task', title: 'Prepare outreach for {{customer.name}}', touch: false },
        { id: 'note', type: 'message', subject: 'Hello {{customer.name}}', body: 'A note for you.' },
      ],
    },
  ],
};

export async function tenantWithProgram(store: Store, tenantId: string, program: Program): Promise<void> {
  await provisionTenant(store, { id: tenantId, actor: 'test' });
  await publishProgram(store.db, { tenantId, program, source: 'test', actor: 'test' });
}

export async function addCustomers(store: Store, tenantId: string, count: number): Promise<void> {
  await sql`
    insert into customers (tenant_id, id, name, email)
    select ${tenantId}, 'c' || lpad(g::text, 6, '0'), 'Customer ' || g, 'c' || g || '@example.com'
    from generate_series(1, ${count}) g`.execute(store.db);
}

/** `count` customers, each enrolled in playbook `outreach` and due at the frozen clock. */
export async function dueEnrolments(store: Store, tenantId: string, count: number): Promise<void> {
  await tenantWithProgram(store, tenantId, retailWith(TASK_THEN_MESSAGE));
  await addCustomers(store, tenantId, count);
  await store.db.updateTable('tenants').set({ frozen_clock: FROZEN_NOW }).where('id', '=', tenantId).execute();
  await sql`
    insert into playbook_enrolments (tenant_id, playbook_id, customer_id, occurrence_key, detail, program_version, tier, status, step_id, step_seq, next_run_at, enrolled_at, enrolled_on)
    select ${tenantId}, 'outreach', id, 'manual:seed-' || id, 'manual', 2, null, 'active', 'prepare', 0, ${FROZEN_NOW}, ${FROZEN_NOW}, '2026-11-24'
    from customers where tenant_id = ${tenantId}`.execute(store.db);
}

export interface EffectCounts {
  tasks: number;
  messages: number;
  /** Enrolments with more than one task or more than one message: must be 0. */
  duplicates: number;
  completed: number;
  active: number;
}

export async function effectCounts(store: Store, tenantId: string): Promise<EffectCounts> {
  const { rows } = await sql<EffectCounts>`
    select
      (select count(*) from care_tasks where tenant_id = ${tenantId})::int4 as tasks,
      (select count(*) from outbox_messages where tenant_id = ${tenantId})::int4 as messages,
      ((select count(*) from (select enrolment_id from care_tasks where tenant_id = ${tenantId} group by enrolment_id having count(*) > 1) d)
       + (select count(*) from (select enrolment_id from outbox_messages where tenant_id = ${tenantId} group by enrolment_id having count(*) > 1) e))::int4 as duplicates,
      (select count(*) from playbook_enrolments where tenant_id = ${tenantId} and status = 'completed')::int4 as completed,
      (select count(*) from playbook_enrolments where tenant_id = ${tenantId} and status = 'active')::int4 as active`.execute(store.db);
  const row = rows[0];
  if (!row) throw new Error('no counts');
  return row;
}
