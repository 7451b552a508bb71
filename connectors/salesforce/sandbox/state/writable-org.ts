/** What a write transaction needs from its org (kept apart so the org and the writer do not import each other). */
import type { OrgSchema } from '../schema/object-schema.js';
import type { RecordStore } from './record-store.js';
import type { StoredRecord } from './stored-record.js';

export interface WritableOrg {
  readonly orgId: string;
  readonly timezone: string;
  readonly schema: OrgSchema;
  store(object: string): RecordStore;
  findRecord(id: string): StoredRecord | undefined;
  allocateId(prefix: string): string;
  reserveId(id: string): void;
  nextAutoNumber(object: string): string;
}
