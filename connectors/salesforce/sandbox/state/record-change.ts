/** A committed change to a record, as outbound messages and stats see it. */
export type WriteOrigin = 'api' | 'user' | 'seed';

export interface RecordChange {
  orgId: string;
  object: string;
  recordId: string;
  kind: 'created' | 'updated' | 'deleted';
  /** `api`: a client's REST or Bulk call; `user`: `control`, as a person in Salesforce would. */
  origin: WriteOrigin;
}
