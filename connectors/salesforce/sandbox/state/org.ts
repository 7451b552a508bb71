/**
 * One Salesforce org: its objects and records, users, API allocation and outbound message
 * definitions. Every org has an administrator user (the default owner and OAuth user); tests
 * and the demo seed the rest with plain records.
 */
import { z } from 'zod';
import type { AppDirectory } from '../oauth/app-directory.js';
import type { SessionStore } from '../oauth/session-store.js';
import { IdAllocator } from '../ids/id-allocator.js';
import { caseSafeSuffix, keyPrefixOf, toId18 } from '../ids/salesforce-id.js';
import { OutboundDefinitionInput, type OutboundDefinition } from '../outbound/outbound-definition.js';
import { OrgSchema, type ObjectSchema } from '../schema/object-schema.js';
import { ApiAllocation } from './api-allocation.js';
import type { RecordChange } from './record-change.js';
import { recordSnapshot, type RecordSnapshot } from './record-snapshot.js';
import { RecordStore } from './record-store.js';
import { SEED_OBJECTS, SeedData, type SeedResult } from './seed-data.js';
import type { StoredRecord } from './stored-record.js';
import type { WritableOrg } from './writable-org.js';
import { resolveRecordFields } from './write-fields.js';
import { WriteTransaction, type WriteActor } from './write-transaction.js';

function checkOrgId(id: string): string | null {
  if (!/^00D[a-zA-Z0-9]{15}$/.test(id)) return 'must be an 18-character id starting with 00D';
  return toId18(id) === id ? null : `has a wrong case-safe suffix (the suffix of ${id.slice(0, 15)} is ${caseSafeSuffix(id.slice(0, 15))})`;
}

export const OrgCreateInput = z.object({
  orgId: z.string().superRefine((id, ctx) => {
    const problem = checkOrgId(id);
    if (problem) ctx.addIssue({ code: 'custom', message: `orgId ${id} ${problem}` });
  }),
  instanceName: z.string().regex(/^[A-Za-z0-9]{2,8}$/).default('CS42'),
  name: z.string().min(1).optional(),
  /** TimeZoneSidKey of the org and its users. */
  timezone: z.string().min(1).default('GMT'),
  currency: z.string().length(3).default('USD'),
  /** Overrides the sandbox's `dailyApiLimit` for this org. */
  dailyApiLimit: z.number().int().positive().optional(),
});
export type OrgCreateInput = z.input<typeof OrgCreateInput>;

export interface OrgServices {
  now: () => number;
  sessions: SessionStore;
  apps: AppDirectory;
  publish: (changes: RecordChange[]) => void;
  dailyApiLimit: number;
}

export interface MintedSession {
  accessToken: string;
  refreshToken: string;
  orgId: string;
  userId: string;
  username: string;
}

const SEEDING: Omit<WriteActor, 'userId'> = { origin: 'seed' };

export class SalesforceOrg implements WritableOrg {
  readonly orgId: string;
  readonly instanceName: string;
  readonly name: string;
  readonly timezone: string;
  readonly currency: string;
  readonly schema = new OrgSchema();
  readonly allocation: ApiAllocation;
  readonly adminUserId: string;
  readonly outboundMessages: OutboundDefinition[] = [];
  private readonly stores = new Map<string, RecordStore>();
  private readonly ids: IdAllocator;
  private readonly autoNumbers = new Map<string, number>();

  constructor(
    input: OrgCreateInput,
    private readonly services: OrgServices,
  ) {
    const info = OrgCreateInput.parse(input);
    this.orgId = info.orgId;
    this.instanceName = info.instanceName;
    this.name = info.name ?? `Sandbox ${info.orgId.slice(0, 15)}`;
    this.timezone = info.timezone;
    this.currency = info.currency;
    this.allocation = new ApiAllocation(info.dailyApiLimit ?? services.dailyApiLimit, services.now);
    this.ids = new IdAllocator(info.orgId.slice(3, 5));
    for (const object of this.schema.objects()) {
      this.stores.set(object.name, new RecordStore(object.name, object.fields().filter((f) => f.unique).map((f) => f.name)));
    }
    // The first user has no creator: it is its own owner and creator.
    const tx = new WriteTransaction(this, { userId: '', origin: 'seed' }, services.now(), () => undefined);
    const adminEmail = `admin@${info.orgId.toLowerCase()}.example.com`;
    const admin = tx.create(this.schema.require('User'), this.fieldsOf('User', { Username: adminEmail, FirstName: 'Sandbox', LastName: 'Admin', Email: adminEmail, Alias: 'sadmin' }), 'json', this.allocateId('005'));
    if (!admin.success) throw new Error(`could not create the admin user: ${admin.errors.map((e) => e.message).join('; ')}`);
    this.adminUserId = admin.id;
    const organization = tx.create(this.schema.require('Organization'), this.fieldsOf('Organization', {
      Name: this.name,
      InstanceName: this.instanceName,
      IsSandbox: true,
      OrganizationType: 'Developer Edition',
      TimeZoneSidKey: this.timezone,
      DefaultLocaleSidKey: 'en_US',
      LanguageLocaleKey: 'en_US',
      DefaultCurrencyIsoCode: this.currency,
      CreatedById: admin.id,
      LastModifiedById: admin.id,
    }), 'json', this.orgId);
    if (!organization.success) throw new Error(`could not create the Organization record: ${organization.errors.map((e) => e.message).join('; ')}`);
    tx.commit();
  }

  store(object: string): RecordStore {
    const store = this.stores.get(object);
    if (!store) throw new Error(`unknown object ${object}`);
    return store;
  }

  findRecord(id: string): StoredRecord | undefined {
    const object = this.schema.objectOfPrefix(keyPrefixOf(id));
    return object ? this.stores.get(object.name)?.get(id) : undefined;
  }

  allocateId(prefix: string): string {
    return this.ids.allocate(prefix);
  }

  reserveId(id: string): void {
    this.ids.reserve(id);
  }

  nextAutoNumber(object: string): string {
    const n = this.autoNumbers.get(object) ?? 1001;
    this.autoNumbers.set(object, n + 1);
    return String(n).padStart(8, '0');
  }

  /** A transaction for writes by `actor` (see WriteTransaction). */
  begin(actor: WriteActor): WriteTransaction {
    return new WriteTransaction(this, actor, this.services.now(), this.services.publish);
  }

  /** Loads plain records in one transaction (no outbound messages); a bad record fails the whole seed. */
  seed(input: SeedData): SeedResult {
    const data = SeedData.parse(input);
    const result: SeedResult = { users: [], accounts: [], contacts: [], opportunities: [], orders: [], cases: [], tasks: [] };
    const tx = this.begin({ userId: this.adminUserId, ...SEEDING });
    for (const [key, objectName] of SEED_OBJECTS) {
      const object = this.schema.require(objectName);
      for (const [index, seed] of (data[key] ?? []).entries()) {
        const outcome = tx.create(object, this.fieldsOf(objectName, seed.fields), 'json', seed.Id);
        if (!outcome.success) {
          tx.rollback();
          throw new Error(`seed ${key}[${index}]${seed.Id ? ` ${seed.Id}` : ''}: ${outcome.errors.map((e) => `${e.statusCode} ${e.message}`).join('; ')}`);
        }
        result[key].push(outcome.id);
      }
    }
    tx.commit();
    return result;
  }

  /** A session as the OAuth flow would give, without the browser: as `username`, or the administrator. */
  mintSession(clientId: string, username?: string): MintedSession {
    this.services.apps.require(clientId);
    const user = username === undefined ? this.store('User').get(this.adminUserId) : this.userByUsername(username);
    if (!user) throw new Error(`no active user ${username ?? ''} in org ${this.orgId}`);
    const grant = { orgId: this.orgId, userId: user.id, clientId, scope: 'api refresh_token id' };
    const refresh = this.services.sessions.issueRefresh(grant, false);
    const session = this.services.sessions.issueSession(grant, refresh.token);
    return { accessToken: session.token, refreshToken: refresh.token, orgId: this.orgId, userId: user.id, username: String(user.values.get('Username')) };
  }

  /** An active user by username (not case-sensitive). */
  userByUsername(username: string): StoredRecord | undefined {
    const user = this.store('User').findUnique('Username', username);
    return user && user.values.get('IsActive') === true ? user : undefined;
  }

  object(name: string): ObjectSchema | undefined {
    return this.schema.object(name);
  }

  record(type: string, id: string): RecordSnapshot | undefined {
    const object = this.schema.object(type);
    const normalized = toId18(id);
    const record = object && normalized ? this.store(object.name).get(normalized) : undefined;
    return object && record ? recordSnapshot(object, record) : undefined;
  }

  /** Every record of an object, deleted ones included, oldest first. */
  records(type: string): RecordSnapshot[] {
    const object = this.schema.require(type);
    return this.store(object.name).all().map((record) => recordSnapshot(object, record));
  }

  defineOutboundMessage(input: OutboundDefinitionInput): OutboundDefinition {
    const parsed = OutboundDefinitionInput.parse(input);
    const object = this.schema.require(parsed.object);
    const fields = ['Id'];
    for (const name of parsed.fields) {
      const field = object.field(name);
      if (!field) throw new Error(`outbound message on ${object.name}: no field ${name}`);
      if (!fields.includes(field.name)) fields.push(field.name);
    }
    const definition: OutboundDefinition = {
      actionId: this.allocateId('04k'),
      name: parsed.name ?? `${object.name} changes`,
      object: parsed.object,
      fields,
      endpointUrl: parsed.endpointUrl,
    };
    this.outboundMessages.push(definition);
    return definition;
  }

  private fieldsOf(objectName: string, values: Record<string, unknown>) {
    const object = this.schema.require(objectName);
    const resolved = resolveRecordFields(object, values);
    if (resolved.unknown.length > 0) throw new Error(`${objectName} has no field ${resolved.unknown.join(', ')}`);
    return resolved.fields;
  }
}
