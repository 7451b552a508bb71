/** Creates a tenant on first use, with the default example program published as version 1. */
import { parseProgram } from '../../core/program/load.js';
import { DEFAULT_PROGRAM, EXAMPLE_PROGRAMS } from '../../core/program/examples/index.js';
import { VipCareError } from '../../core/errors.js';
import type { Program } from '../../core/program/schema.js';
import type { Store } from '../store/db.js';
import { ensureTenant, findTenant, type TenantRecord } from '../store/repositories/tenants.js';
import { activeProgram, publishProgram } from '../store/repositories/programs.js';
import { recordAudit } from '../store/repositories/audit.js';

export interface ProvisionRequest {
  id: string;
  name?: string;
  timezone?: string;
  currency?: string;
  actor: string;
}

export async function provisionTenant(store: Store, req: ProvisionRequest): Promise<{ tenant: TenantRecord; created: boolean }> {
  const existing = await findTenant(store.db, req.id);
  if (existing) return { tenant: existing, created: false };
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/.test(req.id)) throw new VipCareError('INVALID_INPUT', { field: 'tenant' });
  const tenant = await ensureTenant(store.db, { id: req.id, name: req.name, timezone: req.timezone, currency: req.currency });
  await recordAudit(store.db, { tenantId: req.id, actor: req.actor, action: 'tenant.create', target: req.id });
  if (!(await activeProgram(store.db, req.id))) {
    const parsed = parseProgram(EXAMPLE_PROGRAMS[DEFAULT_PROGRAM]);
    if (!parsed.ok) throw new Error('The shipped default program does not validate');
    const program: Program = { ...parsed.program, timezone: tenant.timezone, currency: tenant.currency };
    await publishProgram(store.db, { tenantId: req.id, program, source: EXAMPLE_PROGRAMS[DEFAULT_PROGRAM], actor: req.actor });
  }
  return { tenant: (await findTenant(store.db, req.id)) as TenantRecord, created: true };
}

export async function requireTenant(store: Store, id: string): Promise<TenantRecord> {
  const tenant = await findTenant(store.db, id);
  if (!tenant) throw new VipCareError('TENANT_NOT_FOUND', { tenant: id });
  return tenant;
}

export async function requireProgram(store: Store, tenantId: string) {
  const active = await activeProgram(store.db, tenantId);
  if (!active) throw new VipCareError('NO_PROGRAM', { tenant: tenantId });
  return active;
}
