/** The contract harness for Salesforce: the connector and jsforce against the local sandbox. */
import { SalesforceConnector, SalesforceSettingsSchema } from '../../connectors/salesforce/index.js';
import { startSalesforceSandbox, toId18 } from '../../connectors/salesforce/sandbox/index.js';
import type { ContractHarness, SeedPerson } from './connector-harness.js';

const APP = { clientId: 'contract-consumer-key', clientSecret: 'contract-consumer-secret-0123456789' };
const ORG_ID = toId18('00D5g0000000CTR') as string;


export const salesforceHarness: ContractHarness = {
  name: 'salesforce',
  async start(people: readonly SeedPerson[]) {
    const started = await startSalesforceSandbox({ apps: [APP] });
    const { sandbox } = started;
    const org = sandbox.orgs.create({ orgId: ORG_ID });
    const seeded = org.seed({
      users: [{ fields: { Username: 'owner@example.com', Email: 'owner@example.com', FirstName: 'Olga', LastName: 'Owner', Alias: 'oowner', IsActive: true } }],
      contacts: [],
    });
    const ownerId = seeded.users[0] as string;
    const contacts = org.seed({ contacts: people.map((p) => ({ fields: { LastName: p.name, Email: p.email, OwnerId: ownerId } })) }).contacts;
    const contactIds = new Map(people.map((p, i) => [p.key, contacts[i] as string]));
    const { accessToken } = org.mintSession(APP.clientId);
    const connector = new SalesforceConnector({
      instanceUrl: started.url,
      settings: SalesforceSettingsSchema.parse({ pageSize: 10, lookbackMs: 0 }),
      sessions: { current: async () => accessToken, refreshAfterRejection: async () => accessToken },
      minorPerMajor: 100,
    });
    const contactOf = (key: string) => {
      const id = contactIds.get(key);
      if (!id) throw new Error(`no contact for ${key}`);
      return id;
    };
    return {
      connector,
      customerType: 'contact',
      refOf: (key) => ({ type: 'contact', id: contactOf(key) }),
      async addOrder(key, amount, closedAt) {
        // A rep creates the opportunity, then closes it won (two saves, as in the UI).
        const opp = sandbox.control.createRecord(ORG_ID, 'Opportunity', { Name: `Order of ${key}`, Amount: amount, CloseDate: closedAt.toISOString().slice(0, 10), StageName: 'Prospecting', ContactId: contactOf(key) });
        sandbox.control.updateRecord(ORG_ID, 'Opportunity', opp.Id, { StageName: 'Closed Won' });
        return { type: 'opportunity', id: opp.Id };
      },
      async addComplaint(key, subject, _openedAt) {
        const created = sandbox.control.createRecord(ORG_ID, 'Case', { Subject: subject, Status: 'New', Priority: 'High', Origin: 'Phone', ContactId: contactOf(key) });
        sandbox.control.updateRecord(ORG_ID, 'Case', created.Id, { Description: 'Reported by phone' });
        return { type: 'case', id: created.Id };
      },
      async rename(key, name) {
        sandbox.control.updateRecord(ORG_ID, 'Contact', contactOf(key), { LastName: name });
      },
      async remove(key) {
        sandbox.control.deleteRecord(ORG_ID, 'Contact', contactOf(key));
      },
      async completeTask(externalId) {
        sandbox.control.updateRecord(ORG_ID, 'Task', externalId, { Status: 'Completed' });
      },
      async readFields(ref) {
        const fields = org.record('Contact', ref.id)?.fields ?? {};
        const tier = fields.VIP_Tier__c ?? null;
        return { tier: tier === 'none' ? null : (tier as string | null), score: typeof fields.VIP_Score__c === 'number' ? fields.VIP_Score__c : null };
      },
      async tasksWithOurId() {
        return org
          .records('Task')
          .filter((t) => t.fields.VIP_Care_Task_Id__c)
          .map((t) => ({
            externalId: t.Id,
            ourId: String(t.fields.VIP_Care_Task_Id__c),
            on: { type: 'contact', id: String(t.fields.WhoId ?? '') },
            status: t.fields.Status === 'Completed' ? ('completed' as const) : ('open' as const),
          }));
      },
      writeCalls: () => sandbox.stats.writeCalls(),
      resetCounters: () => sandbox.stats.reset(),
      close: () => started.close(),
    };
  },
};
