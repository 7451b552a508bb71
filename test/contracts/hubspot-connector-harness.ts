/** The contract harness for HubSpot: the connector and SDK against the local sandbox. */
import { HubspotConnector, HubspotSettingsSchema } from '../../connectors/hubspot/index.js';
import { startHubspotSandbox } from '../../connectors/hubspot/sandbox/index.js';
import type { ContractHarness, SeedPerson } from './connector-harness.js';

const APP = { appId: 77, clientId: 'contract-client', clientSecret: 'contract-secret-0123456789' };
const PORTAL = 4040;

export const hubspotHarness: ContractHarness = {
  name: 'hubspot',
  async start(people: readonly SeedPerson[]) {
    const started = await startHubspotSandbox({ apps: [APP], emitWebhooksForApiWrites: false });
    const { sandbox } = started;
    const portal = sandbox.portals.create({ portalId: PORTAL });
    const seeded = portal.seed({
      owners: [{ id: '501', properties: { email: 'owner@example.com', firstName: 'Olga', lastName: 'Owner' } }],
      contacts: people.map((p) => ({ properties: { email: p.email, firstname: p.name, hubspot_owner_id: '501' } })),
    });
    const contactIds = new Map(people.map((p, i) => [p.key, seeded.contacts[i] as string]));
    const { accessToken } = portal.mintTokens(APP.appId);
    const connector = new HubspotConnector({
      apiBaseUrl: started.url,
      settings: HubspotSettingsSchema.parse({ pageSize: 10, lookbackMs: 0 }),
      tokens: { current: async () => accessToken, refreshAfterRejection: async () => accessToken },
      minorPerMajor: 100,
    });
    const contactOf = (key: string) => {
      const id = contactIds.get(key);
      if (!id) throw new Error(`no contact for ${key}`);
      return id;
    };
    const writes = () => {
      const s = sandbox.stats.snapshot().routes;
      return Object.entries(s)
        .filter(([k]) => /^(POST|PATCH|PUT|DELETE) \/crm\/v3\/(objects|properties)/.test(k) && !k.endsWith('/search') && !k.endsWith('/batch/read'))
        .reduce((sum, [, counts]) => sum + counts.total, 0);
    };
    return {
      connector,
      customerType: 'contact',
      refOf: (key) => ({ type: 'contact', id: contactOf(key) }),
      async addOrder(key, amount, closedAt) {
        const deal = sandbox.control.createRecord(PORTAL, 'deals', { dealname: `Order of ${key}`, amount: amount.toFixed(2), closedate: closedAt.toISOString(), dealstage: 'closedwon', pipeline: 'default' });
        portal.associate('deals', deal.id, 'contacts', contactOf(key), 3);
        sandbox.control.updateRecord(PORTAL, 'deals', deal.id, { dealname: `Order of ${key} (confirmed)` });
        return { type: 'deal', id: deal.id };
      },
      async addComplaint(key, subject, openedAt) {
        const ticket = sandbox.control.createRecord(PORTAL, 'tickets', { subject, hs_pipeline: '0', hs_pipeline_stage: '1', hs_ticket_priority: 'HIGH', createdate: openedAt.toISOString() });
        portal.associate('tickets', ticket.id, 'contacts', contactOf(key), 16);
        sandbox.control.updateRecord(PORTAL, 'tickets', ticket.id, { content: 'Reported by phone' });
        return { type: 'ticket', id: ticket.id };
      },
      async rename(key, name) {
        sandbox.control.updateRecord(PORTAL, 'contacts', contactOf(key), { firstname: name });
      },
      async remove(key) {
        sandbox.control.deleteRecord(PORTAL, 'contacts', contactOf(key));
      },
      async completeTask(externalId) {
        sandbox.control.updateRecord(PORTAL, 'tasks', externalId, { hs_task_status: 'COMPLETED' });
      },
      async readFields(ref) {
        const p = portal.record('contacts', ref.id)?.properties ?? {};
        const tier = p.vip_care_tier ?? null;
        return { tier: tier === 'none' ? null : tier, score: p.vip_care_score ? Number(p.vip_care_score) : null };
      },
      async tasksWithOurId() {
        return portal
          .listRecords('tasks')
          .filter((t) => t.properties.vip_care_task_id)
          .map((t) => ({
            externalId: t.id,
            ourId: t.properties.vip_care_task_id as string,
            on: { type: 'contact', id: portal.associations.list('tasks', t.id, 'contacts')[0]?.toId ?? '' },
            status: t.properties.hs_task_status === 'COMPLETED' ? ('completed' as const) : ('open' as const),
          }));
      },
      writeCalls: writes,
      resetCounters: () => sandbox.stats.reset(),
      close: () => started.close(),
    };
  },
};
