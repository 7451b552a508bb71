/**
 * Care tasks as HubSpot tasks, associated with the customer's record and assigned to its owner
 * (https://developers.hubspot.com/docs/api/crm/tasks). Each carries our id in `vip_care_task_id`:
 * when a create's answer may have been lost, the task is searched for by that id before creating,
 * so a retry never makes a second task. Completed ones come back by search.
 */
import { AssociationTypes } from '@hubspot/api-client';
import type { FilterOperatorEnum } from '@hubspot/api-client/lib/codegen/crm/objects/models/Filter.js';
import { AssociationSpecAssociationCategoryEnum } from '@hubspot/api-client/lib/codegen/crm/objects/models/AssociationSpec.js';
import type { CareTaskOut, CompletedTask, TaskPriority, TaskPushResult } from '../../core/ports/crm-connector.js';
import type { HubspotApiCaller } from './api-caller.js';
import { REF_TYPES, TASK_ID_PROPERTY } from './config.js';
import { HubspotError } from './errors.js';
import { dateTimeProp, HubspotObjectSchema, prop } from './mappers/hubspot-record.js';
import { BATCH_WRITE_MAX } from './push.js';

const PRIORITY: Record<TaskPriority, string> = { low: 'LOW', normal: 'MEDIUM', high: 'HIGH', urgent: 'HIGH' };
const SEARCH_IN_MAX = 100;
const op = (o: string) => o as FilterOperatorEnum;

/**
 * An update never sets an open status: a rep may have completed the task in HubSpot since our last
 * pull, and re-opening it would undo their work. Completion flows back and closes ours instead.
 */
function taskProperties(t: CareTaskOut, forUpdate = false): Record<string, string> {
  const status: Record<string, string> = t.status !== 'open' ? { hs_task_status: 'COMPLETED' } : forUpdate ? {} : { hs_task_status: 'NOT_STARTED' };
  return {
    hs_task_subject: t.title.slice(0, 500),
    hs_task_body: t.description?.slice(0, 10_000) ?? '',
    ...status,
    hs_task_priority: PRIORITY[t.priority],
    hs_task_type: 'TODO',
    hs_timestamp: t.dueAt.toISOString(),
    hubspot_owner_id: t.owner?.id ?? '',
    [TASK_ID_PROPERTY]: t.id,
  };
}

function associationFor(t: CareTaskOut) {
  const typeId = t.customer.type === REF_TYPES.companies ? AssociationTypes.taskToCompany : AssociationTypes.taskToContact;
  return { to: { id: t.customer.id }, types: [{ associationCategory: AssociationSpecAssociationCategoryEnum.HubspotDefined, associationTypeId: typeId }] };
}

/** Finds tasks we may have created already, by our id. */
async function findExisting(caller: HubspotApiCaller, ids: readonly string[]): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  for (let i = 0; i < ids.length; i += SEARCH_IN_MAX) {
    const chunk = ids.slice(i, i + SEARCH_IN_MAX);
    const response = await caller.call('search tasks by our id', (c) =>
      c.crm.objects.searchApi.doSearchWithHttpInfo('tasks', {
        filterGroups: [{ filters: [{ propertyName: TASK_ID_PROPERTY, operator: op('IN'), values: [...chunk] }] }],
        properties: [TASK_ID_PROPERTY],
        limit: 200,
        after: '0',
      }),
    );
    for (const r of response.results) {
      const ours = r.properties[TASK_ID_PROPERTY];
      if (ours) found.set(ours, r.id);
    }
  }
  return found;
}

export async function upsertTasks(caller: HubspotApiCaller, tasks: readonly CareTaskOut[]): Promise<TaskPushResult[]> {
  const results: TaskPushResult[] = [];
  const recovered = await findExisting(caller, tasks.filter((t) => t.mayExist && !t.externalId).map((t) => t.id));
  const toCreate = tasks.filter((t) => !t.externalId && !recovered.has(t.id));
  const toUpdate = tasks.filter((t) => t.externalId || recovered.has(t.id)).map((t) => ({ task: t, externalId: (t.externalId ?? recovered.get(t.id)) as string }));

  for (let i = 0; i < toCreate.length; i += BATCH_WRITE_MAX) {
    const chunk = toCreate.slice(i, i + BATCH_WRITE_MAX);
    try {
      const response = await caller.call('create tasks', (c) => c.crm.objects.batchApi.createWithHttpInfo('tasks', { inputs: chunk.map((t) => ({ properties: taskProperties(t), associations: [associationFor(t)] })) }));
      // Results are not in input order: match them on our id.
      const byOurId = new Map(response.results.map((r) => [r.properties[TASK_ID_PROPERTY] ?? '', r.id]));
      for (const t of chunk) {
        const externalId = byOurId.get(t.id);
        results.push(externalId ? { id: t.id, externalId } : { id: t.id, error: { ref: t.customer, code: 'UNKNOWN', message: 'HubSpot did not return the created task' } });
      }
    } catch (error) {
      if (!(error instanceof HubspotError) || (error.code !== 'INVALID_INPUT' && error.code !== 'NOT_FOUND')) throw error;
      results.push(...chunk.map((t) => ({ id: t.id, error: { ref: t.customer, code: error.code, message: error.detail } })));
    }
  }

  for (let i = 0; i < toUpdate.length; i += BATCH_WRITE_MAX) {
    const chunk = toUpdate.slice(i, i + BATCH_WRITE_MAX);
    try {
      const response = await caller.call('update tasks', (c) => c.crm.objects.batchApi.updateWithHttpInfo('tasks', { inputs: chunk.map(({ task, externalId }) => ({ id: externalId, properties: taskProperties(task, true) })) }));
      const written = new Set(response.results.map((r) => r.id));
      for (const { task, externalId } of chunk) {
        results.push(written.has(externalId) ? { id: task.id, externalId } : { id: task.id, error: { ref: task.customer, code: 'NOT_FOUND', message: 'task no longer exists in HubSpot' } });
      }
    } catch (error) {
      if (!(error instanceof HubspotError) || (error.code !== 'INVALID_INPUT' && error.code !== 'NOT_FOUND')) throw error;
      results.push(...chunk.map(({ task }) => ({ id: task.id, error: { ref: task.customer, code: error.code, message: error.detail } })));
    }
  }
  return results;
}

/** Our tasks completed in HubSpot since `since` (search, oldest change first). */
export async function pullCompletedTasks(caller: HubspotApiCaller, since: Date): Promise<CompletedTask[]> {
  const out: CompletedTask[] = [];
  let after = '0';
  for (;;) {
    const response = await caller.call('search completed tasks', (c) =>
      c.crm.objects.searchApi.doSearchWithHttpInfo('tasks', {
        filterGroups: [
          {
            filters: [
              { propertyName: TASK_ID_PROPERTY, operator: op('HAS_PROPERTY') },
              { propertyName: 'hs_task_status', operator: op('EQ'), value: 'COMPLETED' },
              { propertyName: 'hs_lastmodifieddate', operator: op('GTE'), value: String(since.getTime()) },
            ],
          },
        ],
        sorts: ['hs_lastmodifieddate'],
        properties: [TASK_ID_PROPERTY, 'hs_task_completion_date', 'hs_lastmodifieddate', 'hubspot_owner_id'],
        limit: 100,
        after,
      }),
    );
    for (const raw of response.results) {
      const o = HubspotObjectSchema.parse(raw);
      const owner = prop(o, 'hubspot_owner_id');
      out.push({
        externalId: o.id,
        completedAt: dateTimeProp(o, 'hs_task_completion_date') ?? dateTimeProp(o, 'hs_lastmodifieddate') ?? since,
        completedBy: owner ? { type: REF_TYPES.owners, id: owner } : null,
      });
    }
    const next = response.paging?.next?.after;
    // Search pages stop at 10,000 results; completions since the last sync are far fewer.
    if (!next || Number(next) >= 10_000) return out;
    after = next;
  }
}
