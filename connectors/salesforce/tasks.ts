/**
 * Care tasks as Salesforce Tasks on the customer (WhoId for a contact, WhatId for an account),
 * owned by the account manager, upserted on our External ID field `VIP_Care_Task_Id__c`: a
 * retried push updates the task it made before and never makes a second one.
 * https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_sobjects_collections_upsert.htm
 */
import type { CareTaskOut, CompletedTask, TaskPriority, TaskPushResult } from '../../core/ports/crm-connector.js';
import type { SalesforceApiCaller } from './api-caller.js';
import { TASK_ID_FIELD } from './config.js';
import { dateTime, str } from './mappers/salesforce-record.js';
import { collection, COLLECTION_MAX, failureOf } from './push.js';
import { soqlPage, type PullContext } from './pull.js';
import { soqlDateTime } from './soql.js';

const PRIORITY: Record<TaskPriority, string> = { low: 'Low', normal: 'Normal', high: 'High', urgent: 'High' };

function taskRecord(t: CareTaskOut): Record<string, unknown> {
  // A task we already made is updated without a status unless ours closed: a rep may have completed it in Salesforce.
  const status = t.status !== 'open' ? { Status: 'Completed' } : t.externalId ? {} : { Status: 'Not Started' };
  return {
    attributes: { type: 'Task' },
    [TASK_ID_FIELD]: t.id,
    Subject: t.title.slice(0, 255),
    Description: t.description?.slice(0, 32_000) ?? null,
    ActivityDate: t.dueAt.toISOString().slice(0, 10),
    Priority: PRIORITY[t.priority],
    ...status,
    ...(t.owner ? { OwnerId: t.owner.id } : {}),
    ...(t.customer.type === 'contact' ? { WhoId: t.customer.id } : { WhatId: t.customer.id }),
  };
}

export async function upsertTasks(caller: SalesforceApiCaller, tasks: readonly CareTaskOut[]): Promise<TaskPushResult[]> {
  const results: TaskPushResult[] = [];
  for (let i = 0; i < tasks.length; i += COLLECTION_MAX) {
    const chunk = tasks.slice(i, i + COLLECTION_MAX);
    const saved = await collection(caller, 'PATCH', `/composite/sobjects/Task/${TASK_ID_FIELD}`, chunk.map(taskRecord));
    saved.forEach((result, n) => {
      const task = chunk[n] as CareTaskOut;
      results.push(result.success && result.id ? { id: task.id, externalId: result.id } : { id: task.id, error: failureOf(task.customer, result) });
    });
  }
  return results;
}

/** Our tasks closed in Salesforce since `since`. */
export async function pullCompletedTasks(ctx: PullContext, since: Date): Promise<CompletedTask[]> {
  const records = await soqlPage(
    ctx,
    `SELECT Id, ${TASK_ID_FIELD}, CompletedDateTime, OwnerId, SystemModstamp FROM Task WHERE ${TASK_ID_FIELD} != null AND IsClosed = true AND SystemModstamp >= ${soqlDateTime(since.getTime())} ORDER BY SystemModstamp, Id`,
  );
  return records.map((r) => {
    const owner = str(r, 'OwnerId');
    return { externalId: r.Id, completedAt: dateTime(r, 'CompletedDateTime') ?? dateTime(r, 'SystemModstamp') ?? since, completedBy: owner ? { type: 'user', id: owner } : null };
  });
}
