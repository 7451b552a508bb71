/**
 * What tests, benchmarks and the demo do to the sandbox from outside the API: inject faults,
 * change records as a user in HubSpot would (`CRM_UI`, with webhooks), GDPR-delete contacts,
 * expire tokens, uninstall apps, wait for webhook deliveries, read workflow callbacks.
 */
import { notFoundError, validationError } from './errors.js';
import type { FaultSpecInput } from './faults.js';
import type { SandboxContext } from './sandbox-context.js';
import type { CallbackCompletion } from './state/callback-log.js';
import { resolveObjectType, type ObjectTypeName } from './state/object-types.js';
import { recordSnapshot, type RecordSnapshot, type SandboxPortal } from './state/portal.js';
import type { StoredRecord } from './state/record-store.js';
import type { WriteOrigin } from './state/record-writer.js';
import type { ChangeSource } from './webhooks/crm-change.js';

export interface RecordChangeOptions {
  /** Default `CRM_UI`: a user edited the record in HubSpot. */
  changeSource?: ChangeSource;
}

export interface SandboxControl {
  injectFaults(faults: FaultSpecInput | FaultSpecInput[]): void;
  clearFaults(): void;
  /** Injected faults not served yet. */
  pendingFaults(): number;
  createRecord(portalId: number, objectType: string, properties: Record<string, string>, options?: RecordChangeOptions): RecordSnapshot;
  updateRecord(portalId: number, objectType: string, id: string, properties: Record<string, string>, options?: RecordChangeOptions): RecordSnapshot;
  deleteRecord(portalId: number, objectType: string, id: string, options?: RecordChangeOptions): void;
  /** GDPR-deletes a contact (`contact.privacyDeletion`). */
  privacyDelete(portalId: number, contactId: string): void;
  /** Makes the portal's access tokens expired now; returns how many were live. */
  expireAccessTokens(portalId: number): number;
  uninstall(portalId: number, appId: number): void;
  /** Resolves once every pending webhook delivery succeeded or ran out of attempts. */
  flushWebhooks(): Promise<void>;
  callbackCompletions(): readonly CallbackCompletion[];
  /** Moves a frozen sandbox clock (the `now` option). */
  advanceClock(ms: number): void;
}

export function createControl(ctx: SandboxContext): SandboxControl {
  const portalOf = (portalId: number): SandboxPortal => {
    const portal = ctx.portals.get(portalId);
    if (!portal) throw notFoundError(`Portal ${portalId} does not exist in the sandbox.`);
    return portal;
  };
  const typeOf = (raw: string): ObjectTypeName => {
    const type = resolveObjectType(raw);
    if (!type) throw validationError(`Unknown object type ${raw}.`);
    return type;
  };
  const recordOf = (portal: SandboxPortal, type: ObjectTypeName, id: string): StoredRecord => {
    const record = portal.liveRecord(type, id);
    if (!record) throw notFoundError(`${type} ${id} does not exist in portal ${portal.portalId}.`);
    return record;
  };
  const origin = (options?: RecordChangeOptions): WriteOrigin => ({ changeSource: options?.changeSource ?? 'CRM_UI', emitWebhooks: true });

  return {
    injectFaults: (faults) => ctx.faults.add(faults),
    clearFaults: () => ctx.faults.clear(),
    pendingFaults: () => ctx.faults.pending(),
    createRecord(portalId, objectType, properties, options) {
      const portal = portalOf(portalId);
      return recordSnapshot(portal.writer.createChecked(typeOf(objectType), properties, origin(options)));
    },
    updateRecord(portalId, objectType, id, properties, options) {
      const portal = portalOf(portalId);
      const type = typeOf(objectType);
      const record = recordOf(portal, type, id);
      portal.writer.updateChecked(type, record, properties, origin(options));
      return recordSnapshot(record);
    },
    deleteRecord(portalId, objectType, id, options) {
      const portal = portalOf(portalId);
      const type = typeOf(objectType);
      portal.writer.archive(type, recordOf(portal, type, id), origin(options));
    },
    privacyDelete(portalId, contactId) {
      const portal = portalOf(portalId);
      const record = portal.records.contacts.get(contactId);
      if (!record) throw notFoundError(`contact ${contactId} does not exist in portal ${portalId}.`);
      portal.writer.privacyDelete(record, origin());
    },
    expireAccessTokens: (portalId) => ctx.tokens.expireAccess(portalOf(portalId).portalId),
    uninstall: (portalId, appId) => portalOf(portalId).uninstallApp(appId),
    flushWebhooks: () => ctx.webhooks.flush(),
    callbackCompletions: () => ctx.callbacks.list(),
    advanceClock: (ms) => ctx.clock.advance(ms),
  };
}
