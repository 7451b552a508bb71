/**
 * Query cursors behind `nextRecordsUrl`: the matching records of a query, held so its next
 * batches can be read with `/query/{locator}-{offset}`. As in Salesforce, a user keeps at most
 * 10 open cursors (opening another drops the oldest), an unused cursor expires after 15 minutes,
 * and a cursor read to the end is closed.
 * https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_query_more_results.htm
 */
import type { QueryPlan } from '../soql/query-plan.js';
import type { StoredRecord } from '../state/stored-record.js';

export const CURSOR_IDLE_MS = 15 * 60_000;
export const MAX_CURSORS_PER_USER = 10;

export interface QueryCursor {
  id: string;
  orgId: string;
  userId: string;
  plan: QueryPlan;
  records: StoredRecord[];
  batchSize: number;
  lastUsedAt: number;
}

export class QueryCursorStore {
  private readonly cursors = new Map<string, QueryCursor>();

  constructor(private readonly now: () => number) {}

  open(cursor: Omit<QueryCursor, 'lastUsedAt'>): QueryCursor {
    const open = [...this.cursors.values()].filter((c) => c.orgId === cursor.orgId && c.userId === cursor.userId).sort((a, b) => a.lastUsedAt - b.lastUsedAt);
    for (const stale of open.slice(0, Math.max(0, open.length - MAX_CURSORS_PER_USER + 1))) this.cursors.delete(stale.id);
    const opened = { ...cursor, lastUsedAt: this.now() };
    this.cursors.set(opened.id, opened);
    return opened;
  }

  /** The org's live cursor with this id (its idle timer restarts), or undefined. */
  use(id: string, orgId: string): QueryCursor | undefined {
    const cursor = this.cursors.get(id);
    if (!cursor || cursor.orgId !== orgId) return undefined;
    if (this.now() - cursor.lastUsedAt >= CURSOR_IDLE_MS) {
      this.cursors.delete(id);
      return undefined;
    }
    cursor.lastUsedAt = this.now();
    return cursor;
  }

  close(id: string): void {
    this.cursors.delete(id);
  }

  get size(): number {
    return this.cursors.size;
  }
}
