import type { Kysely } from 'kysely';
import { validateProgram } from '../../../core/program/load.js';
import type { Program } from '../../../core/program/schema.js';
import { localized } from '../../../core/i18n/index.js';
import type { Database } from '../schema.js';
import { recordAudit } from './audit.js';

export interface ProgramVersion {
  version: number;
  program: Program;
  publishedAt: Date;
  publishedBy: string;
}

/** Stores a validated program as the tenant's next version and makes it active, in one transaction. */
export async function publishProgram(
  db: Kysely<Database>,
  input: { tenantId: string; program: Program; source: string; actor: string },
): Promise<number> {
  return db.transaction().execute(async (trx) => {
    // Lock the tenant row so two publishers cannot take the same version number.
    await trx.selectFrom('tenants').select('id').where('id', '=', input.tenantId).forUpdate().executeTakeFirstOrThrow();
    const last = await trx
      .selectFrom('program_versions')
      .select((eb) => eb.fn.max('version').as('max'))
      .where('tenant_id', '=', input.tenantId)
      .executeTakeFirst();
    const version = (last?.max ?? 0) + 1;
    await trx
      .insertInto('program_versions')
      .values({
        tenant_id: input.tenantId,
        version,
        name: localized(input.program.name, 'en'),
        source: input.source,
        program: JSON.stringify(input.program),
        published_by: input.actor,
      })
      .execute();
    await trx.updateTable('tenants').set({ active_program_version: version }).where('id', '=', input.tenantId).execute();
    await recordAudit(trx, { tenantId: input.tenantId, actor: input.actor, action: 'program.publish', target: `version:${version}`, details: { name: localized(input.program.name, 'en') } });
    return version;
  });
}

export async function activeProgram(db: Kysely<Database>, tenantId: string): Promise<ProgramVersion | undefined> {
  const row = await db
    .selectFrom('program_versions as pv')
    .innerJoin('tenants as t', (j) => j.onRef('t.id', '=', 'pv.tenant_id').onRef('t.active_program_version', '=', 'pv.version'))
    .select(['pv.version', 'pv.published_at', 'pv.published_by'])
    .where('pv.tenant_id', '=', tenantId)
    .executeTakeFirst();
  if (!row) return undefined;
  // Jobs ask for the active program every minute and every step batch: parse each version once.
  const program = await programVersion(db, tenantId, row.version);
  return { version: row.version, program, publishedAt: row.published_at, publishedBy: row.published_by };
}

const versionCaches = new WeakMap<Kysely<Database>, Map<string, Program>>();

/** A published version (immutable, so cached per database by tenant and number). */
export async function programVersion(db: Kysely<Database>, tenantId: string, version: number): Promise<Program> {
  const versionCache = versionCaches.get(db) ?? new Map<string, Program>();
  versionCaches.set(db, versionCache);
  const key = `${tenantId}\u0000${version}`;
  const cached = versionCache.get(key);
  if (cached) return cached;
  const row = await db.selectFrom('program_versions').select('program').where('tenant_id', '=', tenantId).where('version', '=', version).executeTakeFirstOrThrow();
  // Stored programs were validated when published; re-validating applies defaults added since.
  const parsed = validateProgram(row.program);
  if (!parsed.ok) throw new Error(`Stored program version ${version} of tenant ${tenantId} no longer validates: ${parsed.problems[0]?.path} ${parsed.problems[0]?.message}`);
  if (versionCache.size > 200) versionCache.clear();
  versionCache.set(key, parsed.program);
  return parsed.program;
}
