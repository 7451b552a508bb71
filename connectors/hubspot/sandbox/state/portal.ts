/**
 * One HubSpot account (portal): its records, property definitions, associations, owners and the
 * apps installed in it. Tests and the demo seed it with plain records.
 */
import { z } from 'zod';
import type { AppDirectory } from '../app-directory.js';
import { HubspotApiError, validationError } from '../errors.js';
import type { Installer, TokenPair, TokenStore } from '../oauth/token-store.js';
import type { CrmChange } from '../webhooks/crm-change.js';
import { AssociationStore } from './association-store.js';
import { associationType, defaultAssociationType, type AssociationType } from './association-types.js';
import { OBJECT_TYPES, OBJECT_TYPE_NAMES, resolveObjectType, type ObjectTypeName } from './object-types.js';
import { OwnerStore } from './owner-store.js';
import type { PortalState } from './portal-state.js';
import { PropertyRegistry } from './property-registry.js';
import { RECORD_ID, RecordStore, type StoredRecord } from './record-store.js';
import { RecordWriter } from './record-writer.js';
import { SeedData, SeedRecord, type SeedResult } from './seed-data.js';

export const PortalCreateInput = z.object({
  portalId: z.number().int().positive(),
  hubDomain: z.string().min(1).optional(),
  timezone: z.string().min(1).default('UTC'),
  currency: z.string().length(3).default('USD'),
});
export type PortalCreateInput = z.input<typeof PortalCreateInput>;

export interface PortalServices {
  now: () => number;
  tokens: TokenStore;
  apps: AppDirectory;
  publish: (changes: CrmChange[]) => void;
}

/** A record as tests read it back. */
export interface RecordSnapshot {
  id: string;
  properties: Record<string, string>;
  createdAt: string;
  updatedAt: string;
  archived: boolean;
}

export function recordSnapshot(record: StoredRecord): RecordSnapshot {
  return {
    id: record.id,
    properties: Object.fromEntries(record.properties),
    createdAt: new Date(record.createdAt).toISOString(),
    updatedAt: new Date(record.updatedAt).toISOString(),
    archived: record.archived,
  };
}

type SeededRecordKind = 'companies' | 'contacts' | 'deals' | 'tickets' | 'lineItems' | 'tasks';

const SEED_TYPES: readonly [SeededRecordKind, ObjectTypeName][] = [
  ['companies', 'companies'],
  ['contacts', 'contacts'],
  ['deals', 'deals'],
  ['tickets', 'tickets'],
  ['lineItems', 'line_items'],
  ['tasks', 'tasks'],
];

const SEEDING = { changeSource: 'IMPORT', emitWebhooks: false } as const;

export class SandboxPortal implements PortalState {
  readonly portalId: number;
  readonly hubDomain: string;
  readonly timezone: string;
  readonly currency: string;
  readonly properties: Readonly<Record<ObjectTypeName, PropertyRegistry>>;
  readonly records: Readonly<Record<ObjectTypeName, RecordStore>>;
  readonly owners = new OwnerStore();
  readonly associations = new AssociationStore();
  readonly writer: RecordWriter;
  /** The user the sandbox says installed apps (token info `user`, `user_id`). */
  readonly installer: Installer;
  private readonly installs = new Map<number, Set<string>>();
  private nextId = 1n;
  private nextOwnerId = 1n;

  constructor(
    input: PortalCreateInput,
    private readonly services: PortalServices,
  ) {
    const info = PortalCreateInput.parse(input);
    this.portalId = info.portalId;
    this.hubDomain = info.hubDomain ?? `sandbox-${info.portalId}.hubspot.com`;
    this.timezone = info.timezone;
    this.currency = info.currency;
    this.installer = { userId: 1_000_000 + (info.portalId % 1_000_000), email: `admin@${this.hubDomain}` };
    const properties = {} as Record<ObjectTypeName, PropertyRegistry>;
    const records = {} as Record<ObjectTypeName, RecordStore>;
    for (const type of OBJECT_TYPE_NAMES) {
      const registry = new PropertyRegistry(type, services.now);
      properties[type] = registry;
      records[type] = new RecordStore(type, (name) => registry.isUnique(name));
    }
    this.properties = properties;
    this.records = records;
    this.writer = new RecordWriter(this, services.now, services.publish);
  }

  allocateId(explicit?: string): string {
    if (explicit === undefined) return String(this.nextId++);
    if (!RECORD_ID.test(explicit)) throw validationError(`Record id ${explicit} is not a numeric id.`);
    const n = BigInt(explicit);
    if (n >= this.nextId) this.nextId = n + 1n;
    return explicit;
  }

  /** Owners have their own id sequence, so seeding them does not move record ids. */
  private allocateOwnerId(explicit?: string): string {
    if (explicit === undefined) return String(this.nextOwnerId++);
    const n = BigInt(explicit);
    if (n >= this.nextOwnerId) this.nextOwnerId = n + 1n;
    return explicit;
  }

  installApp(appId: number, scopes: readonly string[]): void {
    this.services.apps.require(appId);
    const granted = this.installs.get(appId) ?? new Set<string>();
    for (const scope of scopes) granted.add(scope);
    this.installs.set(appId, granted);
  }

  isInstalled(appId: number): boolean {
    return this.installs.has(appId);
  }

  installedAppIds(): number[] {
    return [...this.installs.keys()];
  }

  scopesOf(appId: number): string[] {
    return [...(this.installs.get(appId) ?? [])];
  }

  uninstallApp(appId: number): void {
    this.installs.delete(appId);
    this.services.tokens.revokeInstall(this.portalId, appId);
  }

  /** A token pair as the OAuth flow would give, without the browser (installs the app if needed). */
  mintTokens(appId: number, scopes?: readonly string[]): TokenPair {
    this.installApp(appId, scopes ?? []);
    return this.services.tokens.issuePair({ appId, portalId: this.portalId, scopes: this.scopesOf(appId), installer: this.installer });
  }

  /** Loads plain records without webhooks; read-only values (hs_is_closed_won) may be set. */
  seed(input: SeedData): SeedResult {
    const data = SeedData.parse(input);
    const result: SeedResult = { contacts: [], companies: [], deals: [], tickets: [], lineItems: [], tasks: [], owners: [], associations: 0 };
    for (const owner of data.owners ?? []) result.owners.push(this.seedOwner(owner));
    for (const [key, type] of SEED_TYPES) {
      for (const seed of data[key] ?? []) {
        const { values, problems } = this.writer.check(type, seed.properties, true);
        if (problems.length > 0) throw new Error(`seed ${type}${seed.id ? ` ${seed.id}` : ''}: ${problems.map((p) => `${p.name}: ${p.message}`).join('; ')}`);
        const overrides = { ...(seed.id !== undefined ? { id: seed.id } : {}), ...(seed.createdAt !== undefined ? { createdAt: seed.createdAt } : {}), ...(seed.updatedAt !== undefined ? { updatedAt: seed.updatedAt } : {}) };
        result[key].push(this.writer.create(type, values, SEEDING, overrides).id);
      }
    }
    for (const link of data.associations ?? []) {
      const fromType = seedType(link.fromType);
      const toType = seedType(link.toType);
      this.associate(fromType, link.fromId, toType, link.toId, link.typeId);
      result.associations++;
    }
    return result;
  }

  /** Links two live records with a HUBSPOT_DEFINED type (the pair's default when none is given). */
  associate(fromType: ObjectTypeName, fromId: string, toType: ObjectTypeName, toId: string, typeId?: number): AssociationType {
    const type = typeId === undefined ? defaultAssociationType(fromType, toType) : associationType(typeId);
    if (!type || type.fromType !== fromType || type.toType !== toType) {
      throw validationError(`${typeId ?? 'No default'} is not a valid association type id from ${fromType} to ${toType}.`, [{ message: 'invalid association type', code: 'INVALID_ASSOCIATION_TYPE' }]);
    }
    for (const [type_, id] of [[fromType, fromId], [toType, toId]] as const) {
      if (!this.liveRecord(type_, id)) {
        throw new HubspotApiError(400, 'VALIDATION_ERROR', `${OBJECT_TYPES[type_].label} ${id} does not exist.`, { context: { id: [id] } });
      }
    }
    this.associations.add(fromId, toId, type);
    return type;
  }

  liveRecord(type: ObjectTypeName, id: string): StoredRecord | undefined {
    const record = this.records[type].get(id);
    return record && !record.archived ? record : undefined;
  }

  record(type: ObjectTypeName, id: string): RecordSnapshot | undefined {
    const record = this.records[type].get(id);
    return record ? recordSnapshot(record) : undefined;
  }

  listRecords(type: ObjectTypeName): RecordSnapshot[] {
    const store = this.records[type];
    return store.orderedIds().map((id) => recordSnapshot(store.get(id) as StoredRecord));
  }

  private seedOwner(seed: z.output<typeof SeedRecord>): string {
    const p = seed.properties;
    const id = this.allocateOwnerId(seed.id);
    const now = this.services.now();
    this.owners.add({
      id,
      email: p.email ?? null,
      firstName: p.firstName ?? p.firstname ?? '',
      lastName: p.lastName ?? p.lastname ?? '',
      userId: p.userId !== undefined ? Number(p.userId) : 2_000_000 + Number(id),
      createdAt: seed.createdAt ?? now,
      updatedAt: seed.updatedAt ?? now,
      archived: false,
    });
    return id;
  }
}

function seedType(raw: string): ObjectTypeName {
  const type = resolveObjectType(raw === 'lineItems' ? 'line_items' : raw);
  if (!type) throw new Error(`unknown object type ${raw}`);
  return type;
}
