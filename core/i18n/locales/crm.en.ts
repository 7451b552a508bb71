/** CRM connections: our field labels in the CRM, the install pages, the crm CLI command. */
export const crmEn = {
  fields: {
    group: 'VIP Care',
    tier: 'VIP tier',
    tierSince: 'VIP tier since',
    score: 'VIP score',
    reason: 'VIP score reason',
    predictedValue: 'Predicted customer value',
    churnRisk: 'Churn risk (%)',
    nextAction: 'Next care action',
    nextActionDue: 'Next care action due',
    accountManager: 'VIP account manager',
    taskId: 'VIP Care task id',
  },
  install: {
    doneTitle: 'VIP Care is connected',
    done: 'HubSpot account {{portal}} is connected. The first sync has started; VIP tiers and care tasks appear on your records within minutes. You can close this window.',
    failedTitle: 'VIP Care could not connect',
    declined: 'The connection was cancelled or HubSpot did not send an authorization code. Start the installation again from HubSpot or from VIP Care.',
  },
  cli: {
    heading: 'CRM connections of tenant "{{tenant}}":',
    none: 'Tenant "{{tenant}}" has no CRM connection. Connect HubSpot with: POST /api/v1/connections/hubspot',
    connection: '{{provider}} account {{account}}: {{status}}, installed {{installedAt}}',
    budget: 'API today: {{calls}} calls, {{throttled}} throttled, {{retried}} retried, {{failed}} failed; limit {{limit}}',
    stream: '  {{stream}}: {{phase}}, {{records}} records, last caught up {{lastCompletedAt}}',
    pending: 'Waiting: {{events}} change notifications, {{workflowCalls}} workflow actions',
    syncing: 'Syncing',
    synced: 'Synced {{provider}} for "{{tenant}}": {{pages}} pages, {{customers}} customers, {{orders}} orders, {{complaints}} complaints; {{written}} records written back, {{tasks}} tasks pushed.',
    incomplete: 'More remains: run the command again (a worker continues on its own).',
    notConnected: '{{provider}} is not connected for tenant "{{tenant}}".',
  },
} as const;
