/**
 * Reading from HubSpot: one page of one stream per call, resumable from its checkpoint.
 * Lists: https://developers.hubspot.com/docs/api/crm/understanding-the-crm#retrieve-records
 * Search: https://developers.hubspot.com/docs/api/crm/search
 * Associations v4 batch read: https://developers.hubspot.com/docs/api/crm/associations
 * Owners: https://developers.hubspot.com/docs/api/crm/owners
 */
import type { Client } from '@hubspot/api-client';
import { FilterOperatorEnum } from '@hubspot/api-client/lib/codegen/crm/objects/models/Filter.js';
import type { CrmRecord, CrmRef, PulledPage, SyncStream } from '../../core/ports/crm-connector.js';
import type { HubspotApiCaller } from './api-caller.js';
import { modifiedProperty, REF_TYPES, type HubspotObjectType, type HubspotSettings } from './config.js';
import { HubspotObjectSchema, type HubspotObject, type HubspotObjectWithAssociations } from './mappers/hubspot-record.js';
import { COMPANY_PROPERTIES, CONTACT_PROPERTIES, companyToCustomer, contactToCustomer } from './mappers/to-customer.js';
import { DEAL_PROPERTIES, LINE_ITEM_PROPERTIES, dealToRecord } from './mappers/to-order.js';
import { TICKET_PROPERTIES, ticketToRecord } from './mappers/to-complaint.js';
import { toOwner } from './mappers/to-owner.js';
import { advance, beginPass, CheckpointSchema, initialDone, searchPlan, startInitial, type Checkpoint } from './sync-cursor.js';
import { z } from 'zod';

const BATCH_READ_MAX = 100;
const ASSOCIATION_READ_MAX = 1000;

export interface PullContext {
  caller: HubspotApiCaller;
  settings: HubspotSettings;
  minorPerMajor: number;
  now: () => number;
}

interface StreamSpec {
  objectType: HubspotObjectType;
  properties: readonly string[];
  /** Associated types we need to map the record. */
  associations: readonly HubspotObjectType[];
}

function streamSpec(stream: Exclude<SyncStream, 'owners' | 'touches'>, settings: HubspotSettings): StreamSpec {
  const customerObject = settings.customerObject;
  if (stream === 'customers') {
    return customerObject === 'contacts'
      ? { objectType: 'contacts', properties: CONTACT_PROPERTIES, associations: [] }
      : { objectType: 'companies', properties: COMPANY_PROPERTIES, associations: [] };
  }
  if (stream === 'orders') return { objectType: 'deals', properties: DEAL_PROPERTIES, associations: [customerObject, 'line_items'] };
  return { objectType: 'tickets', properties: TICKET_PROPERTIES, associations: [customerObject] };
}

export async function pullPage(ctx: PullContext, stream: SyncStream, raw: Record<string, unknown> | null): Promise<PulledPage> {
  if (stream === 'owners') return pullOwners(ctx, raw);
  // Calls and meetings logged in HubSpot (engagements) are not read in this release.
  if (stream === 'touches') return { records: [], checkpoint: {}, done: true };
  const spec = streamSpec(stream, ctx.settings);
  const parsed = raw === null ? null : CheckpointSchema.safeParse(raw);
  // A checkpoint we cannot read (older format, edited by hand) restarts the stream from a full list.
  let cp: Checkpoint = parsed?.success ? parsed.data : startInitial(ctx.now());
  if (cp.phase === 'initial') {
    const page = await listPage(ctx, spec, cp.after);
    const records = await toRecords(ctx, stream, spec, page.objects, page.associations);
    if (page.after) return { records, checkpoint: { ...cp, after: page.after }, done: false };
    return { records, checkpoint: initialDone(cp.startedAt, ctx.settings.lookbackMs), done: false };
  }
  cp = beginPass(cp, ctx.settings.lookbackMs);
  const plan = searchPlan(cp, modifiedProperty(spec.objectType));
  const objects = await searchPage(ctx, spec, plan.filters, plan.sortBy);
  const associations = spec.associations.length > 0 ? await readAssociations(ctx, spec.objectType, spec.associations, objects.map((o) => o.id)) : new Map();
  const records = await toRecords(ctx, stream, spec, objects, associations);
  const seen = objects.map((o) => ({ id: o.id, modifiedAt: modifiedAt(o, spec.objectType) }));
  const next = advance(cp, seen, ctx.settings.pageSize);
  return { records, checkpoint: next.checkpoint, done: next.done };
}

function modifiedAt(o: HubspotObject, type: HubspotObjectType): number {
  const v = o.properties[modifiedProperty(type)];
  const t = v ? Date.parse(v) : Number.NaN;
  return Number.isFinite(t) ? t : (o.updatedAt?.getTime() ?? 0);
}

function parseObjects(results: readonly unknown[]): HubspotObject[] {
  return results.map((r) => HubspotObjectSchema.parse(r));
}

async function listPage(ctx: PullContext, spec: StreamSpec, after: string | null) {
  const response = await ctx.caller.call(`list ${spec.objectType}`, (c) =>
    c.crm.objects.basicApi.getPageWithHttpInfo(spec.objectType, ctx.settings.pageSize, after ?? undefined, [...spec.properties], undefined, [...spec.associations], false),
  );
  const objects = parseObjects(response.results);
  const associations = new Map<string, Record<string, string[]>>();
  for (const r of response.results) {
    const byType: Record<string, string[]> = {};
    for (const [type, list] of Object.entries(r.associations ?? {})) byType[normaliseAssociationKey(type)] = list.results.map((a) => a.id);
    associations.set(r.id, byType);
  }
  // The list endpoint returns at most 100 associations per record; records with more are re-read.
  const truncated = response.results.filter((r) => Object.values(r.associations ?? {}).some((a) => a.paging?.next));
  if (truncated.length > 0) {
    const full = await readAssociations(ctx, spec.objectType, spec.associations, truncated.map((r) => r.id));
    for (const [id, byType] of full) associations.set(id, byType);
  }
  return { objects, associations, after: response.paging?.next?.after ?? null };
}

/** The list API names association types in the plural (`contacts`) or by label; normalise to our object type names. */
function normaliseAssociationKey(key: string): string {
  const k = key.toLowerCase();
  if (k.startsWith('contact')) return 'contacts';
  if (k.startsWith('compan')) return 'companies';
  if (k.startsWith('line')) return 'line_items';
  return k;
}

async function searchPage(ctx: PullContext, spec: StreamSpec, filters: ReturnType<typeof searchPlan>['filters'], sortBy: string): Promise<HubspotObject[]> {
  const response = await ctx.caller.call(`search ${spec.objectType}`, (c: Client) =>
    c.crm.objects.searchApi.doSearchWithHttpInfo(spec.objectType, {
      filterGroups: [{ filters: filters.map((f) => ({ propertyName: f.propertyName, operator: f.operator as FilterOperatorEnum, value: f.value })) }],
      // HubSpot accepts "prop" (ascending) in `sorts`; only one sort is honoured.
      sorts: [sortBy],
      properties: [...spec.properties],
      limit: ctx.settings.pageSize,
      after: '0',
    }),
  );
  return parseObjects(response.results);
}

const AssociationResults = z.array(z.object({ _from: z.object({ id: z.string() }), to: z.array(z.object({ toObjectId: z.union([z.string(), z.number()]) })) }));

/** Associated ids of `ids` for each of `toTypes`, via the v4 batch read. */
export async function readAssociations(ctx: PullContext, fromType: HubspotObjectType, toTypes: readonly HubspotObjectType[], ids: readonly string[]): Promise<Map<string, Record<string, string[]>>> {
  const out = new Map<string, Record<string, string[]>>(ids.map((id) => [id, {}]));
  for (const toType of toTypes) {
    for (let i = 0; i < ids.length; i += ASSOCIATION_READ_MAX) {
      const chunk = ids.slice(i, i + ASSOCIATION_READ_MAX);
      const response = await ctx.caller.call(`associations ${fromType}->${toType}`, (c) =>
        c.crm.associations.v4.batchApi.getPageWithHttpInfo(fromType, toType, { inputs: chunk.map((id) => ({ id })) }),
      );
      for (const r of AssociationResults.parse(response.results)) {
        const entry = out.get(r._from.id);
        if (entry) entry[toType] = r.to.map((t) => String(t.toObjectId));
      }
    }
  }
  return out;
}

export async function batchRead(ctx: PullContext, type: HubspotObjectType, ids: readonly string[], properties: readonly string[]): Promise<HubspotObject[]> {
  const out: HubspotObject[] = [];
  for (let i = 0; i < ids.length; i += BATCH_READ_MAX) {
    const chunk = ids.slice(i, i + BATCH_READ_MAX);
    const response = await ctx.caller.call(`read ${type}`, (c) => c.crm.objects.batchApi.readWithHttpInfo(type, { inputs: chunk.map((id) => ({ id })), properties: [...properties], propertiesWithHistory: [] }, false));
    out.push(...parseObjects(response.results));
  }
  return out;
}

async function toRecords(ctx: PullContext, stream: Exclude<SyncStream, 'owners' | 'touches'>, spec: StreamSpec, objects: HubspotObject[], associations: Map<string, Record<string, string[]>>): Promise<CrmRecord[]> {
  const withAssociations: HubspotObjectWithAssociations[] = objects.map((object) => ({ object, associations: associations.get(object.id) ?? {} }));
  if (stream === 'customers') {
    const map = spec.objectType === 'contacts' ? contactToCustomer : companyToCustomer;
    return withAssociations.map((r) => ({ kind: 'customer', customer: map(r) }));
  }
  if (stream === 'orders') {
    const lineIds = [...new Set(withAssociations.flatMap((d) => (d.object.properties.hs_is_closed_won === 'true' ? (d.associations.line_items ?? []) : [])))];
    const lines = lineIds.length > 0 ? await batchRead(ctx, 'line_items', lineIds, LINE_ITEM_PROPERTIES) : [];
    const byId = new Map(lines.map((l) => [l.id, l]));
    return withAssociations.map((d) => dealToRecord(d, ctx.settings.customerObject, ctx.minorPerMajor, byId));
  }
  return withAssociations.map((t) => ticketToRecord(t, ctx.settings.customerObject)).filter((r): r is CrmRecord => r !== null);
}

const OwnersCheckpoint = z.object({ after: z.string().nullable() });

/** Owners have no change feed worth using: the list is short, so every sync reads it whole. */
async function pullOwners(ctx: PullContext, raw: Record<string, unknown> | null): Promise<PulledPage> {
  const parsed = raw ? OwnersCheckpoint.safeParse(raw) : null;
  const after = parsed?.success ? parsed.data.after : null;
  const response = await ctx.caller.call('list owners', (c) => c.crm.owners.ownersApi.getPageWithHttpInfo(undefined, after ?? undefined, ctx.settings.pageSize, false));
  const records: CrmRecord[] = response.results.map((o) => ({ kind: 'owner', owner: toOwner(o) }));
  const next = response.paging?.next?.after ?? null;
  return { records, checkpoint: { after: next }, done: next === null };
}

/** Re-reads named records; ids HubSpot no longer has come back as `deleted`. */
export async function fetchRecords(ctx: PullContext, refs: readonly CrmRef[]): Promise<CrmRecord[]> {
  const out: CrmRecord[] = [];
  const streams: [Exclude<SyncStream, 'owners' | 'touches'>, string][] = [
    ['customers', REF_TYPES[ctx.settings.customerObject]],
    ['orders', REF_TYPES.deals],
    ['complaints', REF_TYPES.tickets],
  ];
  for (const [stream, refType] of streams) {
    const ids = [...new Set(refs.filter((r) => r.type === refType).map((r) => r.id))];
    if (ids.length === 0) continue;
    const spec = streamSpec(stream, ctx.settings);
    const objects = await batchRead(ctx, spec.objectType, ids, spec.properties);
    const associations = spec.associations.length > 0 ? await readAssociations(ctx, spec.objectType, spec.associations, objects.map((o) => o.id)) : new Map();
    out.push(...(await toRecords(ctx, stream, spec, objects, associations)));
    const found = new Set(objects.map((o) => o.id));
    for (const id of ids) if (!found.has(id)) out.push({ kind: 'deleted', ref: { type: refType, id } });
  }
  return out;
}
