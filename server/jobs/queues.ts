/** Queue names, shared by the runtime, the handlers and the routes that kick off work. */
export const QUEUES = {
  tick: 'scheduler-tick',
  scoring: 'scoring-run',
  evaluate: 'playbooks-evaluate',
  steps: 'playbooks-steps',
  outbox: 'outbox-deliver',
  /** SLA warnings and breaches, follow-up surveys after resolutions. */
  complaints: 'complaints-sweep',
  /** One CRM sync of a tenant: pull every stream, re-score what changed, write back fields and tasks. */
  sync: 'crm-sync',
  /** Stored CRM change notifications (webhooks, outbound messages) of a tenant. */
  crmEvents: 'crm-events',
  /** Workflow actions that answered BLOCK and wait for their callback. */
  crmWorkflow: 'crm-workflow',
} as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];
