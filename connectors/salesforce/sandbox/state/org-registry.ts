/** The orgs a sandbox holds, by 18-character org id. */
import { SalesforceOrg, type OrgCreateInput, type OrgServices } from './org.js';

export class OrgRegistry {
  private readonly orgs = new Map<string, SalesforceOrg>();

  constructor(private readonly services: OrgServices) {}

  create(input: OrgCreateInput): SalesforceOrg {
    if (this.orgs.has(input.orgId)) throw new Error(`org ${input.orgId} already exists`);
    const org = new SalesforceOrg(input, this.services);
    this.orgs.set(org.orgId, org);
    return org;
  }

  get(orgId: string): SalesforceOrg | undefined {
    return this.orgs.get(orgId);
  }

  require(orgId: string): SalesforceOrg {
    const org = this.orgs.get(orgId);
    if (!org) throw new Error(`unknown org ${orgId}`);
    return org;
  }

  list(): SalesforceOrg[] {
    return [...this.orgs.values()];
  }

  /** The org of an active user with this username (usernames are unique across Salesforce). */
  findUser(username: string): { org: SalesforceOrg; userId: string } | undefined {
    for (const org of this.orgs.values()) {
      const user = org.userByUsername(username);
      if (user) return { org, userId: user.id };
    }
    return undefined;
  }
}
