/** Queue names, shared by the runtime, the handlers and the routes that kick off work. */
export const QUEUES = {
  tick: 'scheduler-tick',
  scoring: 'scoring-run',
  evaluate: 'playbooks-evaluate',
  steps: 'playbooks-steps',
  outbox: 'outbox-deliver',
  /** SLA warnings and breaches, follow-up surveys after resolutions. */
  complaints: 'complaints-sweep',
  /** CRM task and property sync: the connectors (HubSpot, Salesforce) register its handler. */
  sync: 'crm-sync',
} as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];
