/**
 * What tests, benchmarks and the demo do to the sandbox from outside the API: inject faults,
 * change records as a user in Salesforce would (new SystemModstamp, outbound messages), end
 * sessions and revoke refresh tokens, set the remaining daily API calls, take our package's
 * fields out of an org, define outbound messages and wait for their delivery.
 */
import type { FaultSpecInput } from './faults.js';
import type { OutboundDefinition, OutboundDefinitionInput } from './outbound/outbound-definition.js';
import type { SandboxContext } from './sandbox-context.js';
import type { SalesforceOrg } from './state/org.js';
import type { RecordSnapshot } from './state/record-snapshot.js';
import { toId18 } from './ids/salesforce-id.js';
import { noSuchColumn, resolveRecordFields } from './state/write-fields.js';
import type { SaveOutcome, WriteTransaction } from './state/write-transaction.js';

export interface RecordChangeOptions {
  /** Username of the user making the change; default the org's administrator. */
  asUser?: string;
}

export interface SalesforceSandboxControl {
  injectFaults(faults: FaultSpecInput | FaultSpecInput[]): void;
  clearFaults(): void;
  /** Injected faults not served yet. */
  pendingFaults(): number;
  createRecord(orgId: string, type: string, fields: Record<string, unknown>, options?: RecordChangeOptions): RecordSnapshot;
  updateRecord(orgId: string, type: string, id: string, fields: Record<string, unknown>, options?: RecordChangeOptions): RecordSnapshot;
  /** Moves a record to the recycle bin (queryAll still returns it, IsDeleted true). */
  deleteRecord(orgId: string, type: string, id: string, options?: RecordChangeOptions): void;
  /** Ends every session of the org now (INVALID_SESSION_ID); refresh tokens keep working. Answers how many. */
  expireSessions(orgId: string): number;
  /** Revokes the org's refresh tokens (of one app, or all) and their sessions. Answers how many. */
  revokeRefreshTokens(orgId: string, clientId?: string): number;
  /** Makes the org's rolling 24 hours look as if only `remaining` calls were left. */
  setRemainingApiCalls(orgId: string, remaining: number): void;
  /** Takes our package's fields out of the org (all, or of one object, or those named); answers `Object.Field` names. */
  removePackageFields(orgId: string, options?: { object?: string; fields?: string[] }): string[];
  restorePackageFields(orgId: string): void;
  defineOutboundMessage(orgId: string, definition: OutboundDefinitionInput): OutboundDefinition;
  /** Resolves once every queued outbound message was acknowledged or ran out of attempts. */
  flushOutbound(): Promise<void>;
  /** Moves a frozen sandbox clock (the `now` option). */
  advanceClock(ms: number): void;
}

export class ControlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ControlError';
  }
}

export function createControl(ctx: SandboxContext): SalesforceSandboxControl {
  const orgOf = (orgId: string): SalesforceOrg => {
    const org = ctx.orgs.get(orgId);
    if (!org) throw new ControlError(`org ${orgId} does not exist in the sandbox`);
    return org;
  };
  const userOf = (org: SalesforceOrg, options?: RecordChangeOptions): string => {
    if (options?.asUser === undefined) return org.adminUserId;
    const user = org.userByUsername(options.asUser);
    if (!user) throw new ControlError(`no active user ${options.asUser} in org ${org.orgId}`);
    return user.id;
  };
  /** One change as a user: committed (firing outbound messages) or refused with Salesforce's errors. */
  const change = (org: SalesforceOrg, options: RecordChangeOptions | undefined, save: (tx: WriteTransaction) => SaveOutcome): string => {
    const tx = org.begin({ userId: userOf(org, options), origin: 'user' });
    const outcome = save(tx);
    if (!outcome.success) {
      tx.rollback();
      throw new ControlError(outcome.errors.map((e) => `${e.statusCode}: ${e.message}`).join('; '));
    }
    tx.commit();
    return outcome.id;
  };
  const fieldsOf = (org: SalesforceOrg, type: string, values: Record<string, unknown>) => {
    const object = org.object(type);
    if (!object) throw new ControlError(`unknown object ${type}`);
    const resolved = resolveRecordFields(object, values);
    if (resolved.unknown[0] !== undefined) throw new ControlError(noSuchColumn(object, resolved.unknown[0]));
    return { object, fields: resolved.fields };
  };
  const snapshot = (org: SalesforceOrg, type: string, id: string): RecordSnapshot => {
    const found = org.record(type, id);
    if (!found) throw new ControlError(`${type} ${id} does not exist in org ${org.orgId}`);
    return found;
  };

  return {
    injectFaults: (faults) => ctx.faults.add(faults),
    clearFaults: () => ctx.faults.clear(),
    pendingFaults: () => ctx.faults.pending(),
    createRecord(orgId, type, values, options) {
      const org = orgOf(orgId);
      const { object, fields } = fieldsOf(org, type, values);
      const id = change(org, options, (tx) => tx.create(object, fields, 'json'));
      return snapshot(org, object.name, id);
    },
    updateRecord(orgId, type, id, values, options) {
      const org = orgOf(orgId);
      const { object, fields } = fieldsOf(org, type, values);
      const saved = change(org, options, (tx) => tx.update(object, id, fields, 'json'));
      return snapshot(org, object.name, saved);
    },
    deleteRecord(orgId, type, id, options) {
      const org = orgOf(orgId);
      const object = org.object(type);
      const normalized = toId18(id);
      const record = normalized ? org.findRecord(normalized) : undefined;
      if (!object || !record || record.object !== object.name) throw new ControlError(`${type} ${id} does not exist in org ${orgId}`);
      change(org, options, (tx) => tx.delete(record.id));
    },
    expireSessions: (orgId) => ctx.sessions.expireSessions(orgOf(orgId).orgId),
    revokeRefreshTokens: (orgId, clientId) => ctx.sessions.revokeRefreshTokens(orgOf(orgId).orgId, clientId),
    setRemainingApiCalls: (orgId, remaining) => orgOf(orgId).allocation.setRemaining(remaining),
    removePackageFields(orgId, options) {
      const org = orgOf(orgId);
      const objects = options?.object ? [org.object(options.object)] : org.schema.objects();
      const removed: string[] = [];
      for (const object of objects) {
        if (!object) throw new ControlError(`unknown object ${options?.object ?? ''}`);
        removed.push(...object.hidePackageFields(options?.fields).map((name) => `${object.name}.${name}`));
      }
      return removed;
    },
    restorePackageFields(orgId) {
      for (const object of orgOf(orgId).schema.objects()) object.restorePackageFields();
    },
    defineOutboundMessage: (orgId, definition) => orgOf(orgId).defineOutboundMessage(definition),
    flushOutbound: () => ctx.outbound.flush(),
    advanceClock: (ms) => ctx.clock.advance(ms),
  };
}
