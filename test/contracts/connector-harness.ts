/**
 * What the behavioural contract suite needs from each CRM: a connector running against that CRM's
 * local sandbox, and a way to seed and change records there as a user of the CRM would. Each
 * connector gets a harness; the suite (crm-connector.contract.test.ts) is the same for all.
 */
import type { CrmConnector, CrmRef } from '../../core/ports/crm-connector.js';

export interface SeedPerson {
  key: string;
  name: string;
  email: string;
}

export interface ContractWorld {
  connector: CrmConnector;
  /** Our customer record type in this CRM (`contact`, ...). */
  customerType: string;
  /** People seeded as customer records; `refOf(key)` names their record. */
  refOf(key: string): CrmRef;
  /** A closed order (won deal, closed-won opportunity) of a seeded person. */
  addOrder(key: string, amount: number, closedAt: Date): Promise<CrmRef>;
  /** A support ticket or case of a seeded person. */
  addComplaint(key: string, subject: string, openedAt: Date): Promise<CrmRef>;
  /** A user renames a person in the CRM. */
  rename(key: string, name: string): Promise<void>;
  /** A user deletes a person in the CRM. */
  remove(key: string): Promise<void>;
  /** A user completes a task in the CRM. */
  completeTask(externalId: string): Promise<void>;
  /** Our field values on a record, as the CRM shows them (provider-neutral names). */
  readFields(ref: CrmRef): Promise<{ tier: string | null; score: number | null }>;
  /** Tasks in the CRM that carry our id. */
  tasksWithOurId(): Promise<{ externalId: string; ourId: string; on: CrmRef; status: 'open' | 'completed' }[]>;
  /** Write calls the CRM received since the world started or the last reset. */
  writeCalls(): number;
  resetCounters(): void;
  close(): Promise<void>;
}

export interface ContractHarness {
  name: string;
  /** A fresh CRM with the owners and these people as customer records; page size kept small so paging is exercised. */
  start(people: readonly SeedPerson[]): Promise<ContractWorld>;
}
