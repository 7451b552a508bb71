/**
 * Care tasks to the CRM and completions back. A task is pushed when it is new and open, or when it
 * changed since its last push; a create is marked as attempted before it is sent, so after a crash
 * the connector looks the task up by our id instead of creating it twice. Completions made in the
 * CRM complete our task (and record the touch), idempotently.
 */
import { sql } from 'kysely';
import type { CareTaskOut, CrmConnector, CrmProvider, TaskPriority } from '../../core/ports/crm-connector.js';
import { completeTask } from '../playbooks/care-service.js';
import type { Store } from '../store/db.js';

export const TASK_BATCH = 500;

interface PendingTask {
  id: number;
  customer_id: string;
  title: string;
  description: string | null;
  owner_id: string | null;
  priority: TaskPriority;
  due_at: Date;
  status: 'open' | 'completed' | 'closed';
  updated_at: Date;
  external_id: string | null;
  create_attempted_at: Date | null;
  customer_type: string;
  customer_object_id: string;
  owner_object_id: string | null;
}

export interface TaskPushSummary {
  pushed: number;
  failed: number;
}

export async function pushTasks(store: Store, connector: CrmConnector, opts: { tenantId: string; provider: CrmProvider; customerTypes: readonly string[]; ownerType: string; now: () => Date }): Promise<TaskPushSummary> {
  const summary: TaskPushSummary = { pushed: 0, failed: 0 };
  for (;;) {
    const { rows } = await sql<PendingTask>`
      select t.id, t.customer_id, t.title, t.description, t.owner_id, t.priority, t.due_at, t.status, t.updated_at,
        k.external_id, k.create_attempted_at, l.object_type as customer_type, l.object_id as customer_object_id, ol.object_id as owner_object_id
      from care_tasks t
      join lateral (
        select object_type, object_id from crm_links x where x.tenant_id = t.tenant_id and x.provider = ${opts.provider}
          and x.local_id = t.customer_id and x.object_type in (select jsonb_array_elements_text(${JSON.stringify(opts.customerTypes)}::jsonb))
        order by x.created_at limit 1
      ) l on true
      left join crm_task_links k on k.tenant_id = t.tenant_id and k.provider = ${opts.provider} and k.task_id = t.id
      left join lateral (
        select object_id from crm_links y where y.tenant_id = t.tenant_id and y.provider = ${opts.provider} and y.object_type = ${opts.ownerType} and y.local_id = t.owner_id limit 1
      ) ol on true
      where t.tenant_id = ${opts.tenantId}
        -- Versions are compared in milliseconds: Postgres keeps microseconds, a JavaScript Date does not.
        and ((k.task_id is null and t.status = 'open') or (k.task_id is not null and (k.synced_version is null or date_trunc('milliseconds', t.updated_at) > k.synced_version)))
        and (k.last_error is null or k.synced_version is null or date_trunc('milliseconds', t.updated_at) > k.synced_version)
      order by t.id
      limit ${TASK_BATCH}`.execute(store.db);
    if (rows.length === 0) return summary;
    // Record the attempt first: if the answer is lost, the next push searches before creating.
    const attempted = opts.now();
    await sql`
      insert into crm_task_links as k (tenant_id, provider, task_id, create_attempted_at)
      select ${opts.tenantId}, ${opts.provider}, x.id::bigint, ${attempted} from jsonb_array_elements_text(${JSON.stringify(rows.filter((r) => !r.external_id).map((r) => String(r.id)))}::jsonb) as x(id)
      on conflict (tenant_id, provider, task_id) do update set create_attempted_at = coalesce(k.create_attempted_at, excluded.create_attempted_at)`.execute(store.db);
    const out: CareTaskOut[] = rows.map((r) => ({
      id: String(r.id),
      customer: { type: r.customer_type, id: r.customer_object_id },
      title: r.title,
      description: r.description,
      owner: r.owner_object_id ? { type: opts.ownerType, id: r.owner_object_id } : null,
      priority: r.priority,
      dueAt: r.due_at,
      status: r.status,
      externalId: r.external_id,
      mayExist: r.create_attempted_at !== null,
    }));
    const results = await connector.upsertTasks(out);
    const versions = new Map(rows.map((r) => [String(r.id), r.updated_at]));
    let progressed = 0;
    for (const result of results) {
      const version = versions.get(result.id) ?? attempted;
      const ok = 'externalId' in result;
      await store.db
        .updateTable('crm_task_links')
        // A refused task is parked until it changes again: one bad record must not block the rest forever.
        .set(ok ? { external_id: result.externalId, synced_version: version, last_error: null } : { synced_version: version, last_error: `${result.error.code}: ${result.error.message}`.slice(0, 300) })
        .where('tenant_id', '=', opts.tenantId)
        .where('provider', '=', opts.provider)
        .where('task_id', '=', Number(result.id))
        .execute();
      if (ok) summary.pushed++;
      else summary.failed++;
      progressed++;
    }
    if (progressed === 0 || rows.length < TASK_BATCH) return summary;
  }
}

/** Applies completions made in the CRM since `since`; returns how many of our tasks it completed. */
export async function pullTaskCompletions(store: Store, connector: CrmConnector, opts: { tenantId: string; provider: CrmProvider; since: Date; now: Date }): Promise<{ completed: number; newest: Date | null }> {
  const done = await connector.pullCompletedTasks(opts.since);
  let completed = 0;
  let newest: Date | null = null;
  for (const d of done) {
    if (!newest || d.completedAt > newest) newest = d.completedAt;
    const link = await store.db
      .selectFrom('crm_task_links as k')
      .innerJoin('care_tasks as t', 't.id', 'k.task_id')
      .select(['t.id', 't.status'])
      .where('k.tenant_id', '=', opts.tenantId)
      .where('k.provider', '=', opts.provider)
      .where('k.external_id', '=', d.externalId)
      .executeTakeFirst();
    if (!link || link.status !== 'open') continue;
    const by = d.completedBy ? `${opts.provider}:${d.completedBy.type}:${d.completedBy.id}` : `${opts.provider}:user`;
    const at = d.completedAt.getTime() > opts.now.getTime() ? opts.now : d.completedAt;
    const task = await completeTask(store, { tenantId: opts.tenantId, taskId: link.id, by, note: null, now: at });
    // The CRM already shows it completed: nothing to push back.
    await store.db.updateTable('crm_task_links').set({ synced_version: new Date(task.completedAt ?? at) }).where('tenant_id', '=', opts.tenantId).where('provider', '=', opts.provider).where('task_id', '=', link.id).execute();
    completed++;
  }
  return { completed, newest };
}
