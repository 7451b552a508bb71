/**
 * Every change to a record goes through here, whoever makes it (the API, `control`, seeding):
 * values are checked against the portal's property definitions, computed values are derived,
 * the last-modified property moves to the sandbox clock when something changed, and the change
 * is published for webhooks.
 */
import { HubspotApiError } from '../errors.js';
import type { ChangeSource, CrmChange } from '../webhooks/crm-change.js';
import { derivedValues } from './derived-properties.js';
import { OBJECT_TYPES, OBJECT_TYPE_NAMES, type ObjectTypeName } from './object-types.js';
import type { PortalState } from './portal-state.js';
import { propertyProblemsError, type PropertyProblem } from './property-problems.js';
import { checkPropertyValue } from './property-values.js';
import type { StoredRecord } from './record-store.js';

export interface WriteOrigin {
  changeSource: ChangeSource;
  /** The app that wrote through the API. */
  appId?: number;
  /** Whether the change is published as webhook events. */
  emitWebhooks: boolean;
}

/** Seeding may set read-only values and the record's times. */
export interface SeedOverrides {
  id?: string;
  createdAt?: number;
  updatedAt?: number;
}

export interface CheckedValues {
  values: Map<string, string | null>;
  problems: PropertyProblem[];
}

export class RecordWriter {
  constructor(
    private readonly portal: PortalState,
    private readonly now: () => number,
    private readonly publish: (changes: CrmChange[]) => void,
  ) {}

  check(type: ObjectTypeName, input: Readonly<Record<string, string>>, allowReadOnly = false): CheckedValues {
    const registry = this.portal.properties[type];
    const values = new Map<string, string | null>();
    const problems: PropertyProblem[] = [];
    for (const [name, raw] of Object.entries(input)) {
      const def = registry.get(name);
      if (!def) {
        problems.push({ name, value: raw, code: 'PROPERTY_DOESNT_EXIST', message: `Property "${name}" does not exist` });
        continue;
      }
      if ((def.readOnlyValue && !allowReadOnly) || name === 'hs_object_id') {
        problems.push({ name, value: raw, code: 'READ_ONLY_VALUE', message: `"${name}" is a read only property; its value cannot be set.` });
        continue;
      }
      const checked = checkPropertyValue(def, raw, (id) => this.portal.owners.exists(id));
      if (checked.ok) values.set(name, checked.value);
      else problems.push({ name, value: raw, code: checked.code, message: checked.message });
    }
    return { values, problems };
  }

  /** A unique value (a contact's email) already held by another live record. */
  conflict(type: ObjectTypeName, values: ReadonlyMap<string, string | null>, selfId?: string): HubspotApiError | undefined {
    const registry = this.portal.properties[type];
    for (const [name, value] of values) {
      if (value === null || !registry.isUnique(name)) continue;
      const holder = this.portal.records[type].findByUnique(name, value);
      if (holder && holder.id !== selfId) {
        const message = type === 'contacts' && name === 'email' ? `Contact already exists. Existing ID: ${holder.id}` : `A ${OBJECT_TYPES[type].singular} with ${name} ${value} already exists. Existing ID: ${holder.id}`;
        return new HubspotApiError(409, 'CONFLICT', message, { context: { id: [holder.id], propertyName: [name] } });
      }
    }
    return undefined;
  }

  /** Creates one record from checked values (see `check`); refuses unique-value conflicts. */
  create(type: ObjectTypeName, checked: ReadonlyMap<string, string | null>, origin: WriteOrigin, seed: SeedOverrides = {}): StoredRecord {
    const clash = this.conflict(type, checked);
    if (clash) throw clash;
    const now = this.now();
    const id = this.portal.allocateId(seed.id);
    const lastModified = OBJECT_TYPES[type].lastModified;
    const createdIso = checked.get('createdate') ?? new Date(seed.createdAt ?? now).toISOString();
    const modifiedIso = checked.get(lastModified) ?? new Date(seed.updatedAt ?? now).toISOString();
    const properties = new Map<string, string>();
    for (const [name, value] of checked) if (value !== null) properties.set(name, value);
    for (const [name, value] of derivedValues(type, properties, modifiedIso)) {
      if (value !== null && !checked.has(name)) properties.set(name, value);
    }
    properties.set('hs_object_id', id);
    properties.set('createdate', createdIso);
    properties.set(lastModified, modifiedIso);
    const record: StoredRecord = { id, properties, createdAt: Date.parse(createdIso), updatedAt: Date.parse(modifiedIso), archived: false };
    this.portal.records[type].insert(record);
    this.emit(origin, [{ ...this.changeBase(type, id, origin, now), kind: 'creation' }]);
    return record;
  }

  /** Applies checked values to a record; answers the names of the properties that changed. */
  update(type: ObjectTypeName, record: StoredRecord, checked: ReadonlyMap<string, string | null>, origin: WriteOrigin): string[] {
    const clash = this.conflict(type, checked, record.id);
    if (clash) throw clash;
    const store = this.portal.records[type];
    const now = this.now();
    const nowIso = new Date(now).toISOString();
    const changed: string[] = [];
    for (const [name, value] of checked) if (store.setProperty(record, name, value)) changed.push(name);
    if (changed.length === 0) return changed;
    for (const [name, value] of derivedValues(type, record.properties, nowIso)) {
      if (!checked.has(name) && store.setProperty(record, name, value)) changed.push(name);
    }
    const lastModified = OBJECT_TYPES[type].lastModified;
    store.setProperty(record, lastModified, nowIso);
    record.updatedAt = now;
    if (changed.includes('createdate')) record.createdAt = Date.parse(record.properties.get('createdate') ?? nowIso);
    const base = this.changeBase(type, record.id, origin, now);
    this.emit(origin, changed.map((name) => ({ ...base, kind: 'propertyChange' as const, propertyName: name, propertyValue: record.properties.get(name) ?? '' })));
    return changed;
  }

  /** Archives (soft-deletes) a record and drops its associations. */
  archive(type: ObjectTypeName, record: StoredRecord, origin: WriteOrigin): void {
    if (record.archived) return;
    const now = this.now();
    this.portal.records[type].archive(record, now);
    this.portal.associations.removeAllOf(type, record.id, OBJECT_TYPE_NAMES);
    this.emit(origin, [{ ...this.changeBase(type, record.id, origin, now), kind: 'deletion' }]);
  }

  /** GDPR delete: the contact is gone for good. */
  privacyDelete(record: StoredRecord, origin: WriteOrigin): void {
    const now = this.now();
    this.portal.associations.removeAllOf('contacts', record.id, OBJECT_TYPE_NAMES);
    this.portal.records.contacts.remove(record.id);
    this.emit(origin, [{ ...this.changeBase('contacts', record.id, origin, now), kind: 'privacyDeletion' }]);
  }

  /** Checks and creates in one step, throwing HubSpot's 400 when a value is wrong. */
  createChecked(type: ObjectTypeName, input: Readonly<Record<string, string>>, origin: WriteOrigin): StoredRecord {
    const { values, problems } = this.check(type, input);
    if (problems.length > 0) throw propertyProblemsError(problems, this.portal.portalId);
    return this.create(type, values, origin);
  }

  updateChecked(type: ObjectTypeName, record: StoredRecord, input: Readonly<Record<string, string>>, origin: WriteOrigin): string[] {
    const { values, problems } = this.check(type, input);
    if (problems.length > 0) throw propertyProblemsError(problems, this.portal.portalId);
    return this.update(type, record, values, origin);
  }

  private changeBase(type: ObjectTypeName, id: string, origin: WriteOrigin, now: number): Omit<CrmChange, 'kind'> {
    return {
      portalId: this.portal.portalId,
      objectType: type,
      objectId: id,
      occurredAt: now,
      changeSource: origin.changeSource,
      ...(origin.appId !== undefined ? { sourceAppId: origin.appId } : {}),
    };
  }

  private emit(origin: WriteOrigin, changes: CrmChange[]): void {
    const first = changes[0];
    if (!origin.emitWebhooks || !first || OBJECT_TYPES[first.objectType].webhookPrefix === null) return;
    this.publish(changes);
  }
}
