/**
 * What the core needs from a CRM. The HubSpot and Salesforce connectors implement it; care tasks
 * leave our store through `upsertTasks` and come back (completed) through `pullCompletedTasks`.
 */
export const TASK_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type TaskPriority = (typeof TASK_PRIORITIES)[number];

export interface CareTaskOut {
  /** Our id; connectors keep it on the CRM task so a retried push updates instead of duplicating. */
  id: string;
  customerId: string;
  title: string;
  description: string | null;
  /** The CRM user (owner) id, or null for the tenant's fallback queue. */
  ownerId: string | null;
  queue: string | null;
  priority: TaskPriority;
  dueAt: Date;
  status: 'open' | 'completed' | 'closed';
  /** The CRM's id from an earlier push, when there was one. */
  externalId: string | null;
}

export interface TaskPushResult {
  id: string;
  externalId: string;
}

export interface CompletedTask {
  externalId: string;
  completedAt: Date;
  completedBy: string | null;
}

export interface CrmConnector {
  readonly provider: 'hubspot' | 'salesforce';
  upsertTasks(tasks: readonly CareTaskOut[]): Promise<TaskPushResult[]>;
  pullCompletedTasks(since: Date): Promise<CompletedTask[]>;
}
