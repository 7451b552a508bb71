/**
 * Record writes as Salesforce validates them, one record at a time inside a transaction: field
 * access, types and lengths, required fields, lookups, unique values; then defaults, computed
 * fields and the audit fields (CreatedDate, LastModifiedDate, SystemModstamp, ...). Every save
 * bumps SystemModstamp, even when no value changed. A transaction commits (publishing its changes
 * for outbound messages) or rolls back every write it made (`allOrNone`).
 * https://developer.salesforce.com/docs/atlas.en-us.api.meta/api/sforce_api_calls_concepts_core_data_objects.htm
 */
import { saveError, type SaveError } from '../errors.js';
import { keyPrefixOf, toId18 } from '../ids/salesforce-id.js';
import type { FieldDefinition } from '../schema/field-definition.js';
import type { ObjectSchema } from '../schema/object-schema.js';
import type { FieldValue } from '../values/field-value.js';
import { coerceValue, type ValueSource } from '../values/value-coercion.js';
import { deriveFields } from './derived-fields.js';
import type { RecordChange, WriteOrigin } from './record-change.js';
import { isDeleted, type StoredRecord } from './stored-record.js';
import type { WritableOrg } from './writable-org.js';

export interface WriteActor {
  userId: string;
  origin: WriteOrigin;
}

/** Field values of one record, resolved against the object's fields. */
export type WriteFields = ReadonlyArray<readonly [FieldDefinition, unknown]>;

export type SaveOutcome =
  | { success: true; id: string; created: boolean }
  | { success: false; id: string | null; created: boolean; errors: SaveError[] };

const AUDIT_TIMES = ['CreatedDate', 'LastModifiedDate', 'SystemModstamp'] as const;

const failure = (id: string | null, errors: SaveError[], created = false): SaveOutcome => ({ success: false, id, created, errors });

function notWritable(names: string[]): SaveError {
  return saveError(
    'INVALID_FIELD_FOR_INSERT_UPDATE',
    `Unable to create/update fields: ${names.join(', ')}. Please check the security settings of this field and verify that it is read/write for your profile or permission set.`,
    names,
  );
}

export class WriteTransaction {
  private undo: (() => void)[] = [];
  private changes: RecordChange[] = [];
  /** Salesforce keeps date-times to the second, so writes in one second share a SystemModstamp. */
  readonly now: number;

  constructor(
    private readonly org: WritableOrg,
    private readonly actor: WriteActor,
    now: number,
    private readonly publish: (changes: RecordChange[]) => void,
  ) {
    this.now = Math.floor(now / 1000) * 1000;
  }

  private get seeding(): boolean {
    return this.actor.origin === 'seed';
  }

  create(object: ObjectSchema, fields: WriteFields, source: ValueSource, explicitId?: string): SaveOutcome {
    if (!object.createable && !this.seeding) return failure(null, [saveError('CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY', `entity type cannot be inserted: ${object.name}`)]);
    const errors: SaveError[] = [];
    const values = new Map<string, FieldValue>();
    const given = new Set<string>();
    const readOnly: string[] = [];
    for (const [field, raw] of fields) {
      if (field.name === 'Id') {
        errors.push(saveError('INVALID_FIELD', 'cannot specify Id in an insert call'));
        continue;
      }
      if (!field.createable && !this.seeding) {
        readOnly.push(field.name);
        continue;
      }
      const coerced = coerceValue(field, raw, source);
      if (!coerced.ok) errors.push(coerced.error);
      else {
        values.set(field.name, coerced.value);
        given.add(field.name);
      }
    }
    if (readOnly.length > 0) errors.unshift(notWritable(readOnly));
    let id: string | null = null;
    if (explicitId !== undefined) {
      id = toId18(explicitId);
      if (!id || keyPrefixOf(id) !== object.keyPrefix) errors.push(saveError('MALFORMED_ID', `${object.label} ID: id value of incorrect type: ${explicitId}`, ['Id']));
      else if (this.org.findRecord(id)) errors.push(saveError('DUPLICATE_VALUE', `duplicate value found: Id duplicates value on record with id: ${id}`));
    }
    this.fillDefaults(object, values, id);
    deriveFields(object.name, values, null, this.now, this.seeding ? given : new Set());
    errors.push(...this.requiredMissing(object, values), ...this.lookupProblems(object, values, values.keys(), id), ...this.uniqueProblems(object, values, null));
    if (errors.length > 0) return failure(null, errors);

    if (id) this.org.reserveId(id);
    else id = this.org.allocateId(object.keyPrefix);
    values.set('Id', id);
    const record: StoredRecord = { id, object: object.name, values };
    const store = this.org.store(object.name);
    store.insert(record);
    this.undo.push(() => store.remove(record));
    this.changes.push({ orgId: this.org.orgId, object: object.name, recordId: id, kind: 'created', origin: this.actor.origin });
    return { success: true, id, created: true };
  }

  update(object: ObjectSchema, rawId: string, fields: WriteFields, source: ValueSource): SaveOutcome {
    const found = this.findLive(object, rawId);
    if ('error' in found) return failure(found.id, [found.error]);
    const record = found.record;
    if (!object.updateable) return failure(record.id, [saveError('CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY', `entity type cannot be updated: ${object.name}`)]);
    const errors: SaveError[] = [];
    const values = new Map(record.values);
    const changed = new Set<string>();
    const readOnly: string[] = [];
    for (const [field, raw] of fields) {
      if (field.name === 'Id') continue;
      if (!field.updateable) {
        readOnly.push(field.name);
        continue;
      }
      const coerced = coerceValue(field, raw, source);
      if (!coerced.ok) errors.push(coerced.error);
      else {
        values.set(field.name, coerced.value);
        changed.add(field.name);
      }
    }
    if (readOnly.length > 0) errors.unshift(notWritable(readOnly));
    deriveFields(object.name, values, record.values, this.now);
    errors.push(...this.requiredMissing(object, values), ...this.lookupProblems(object, values, changed, record.id), ...this.uniqueProblems(object, values, record.id));
    if (errors.length > 0) return failure(record.id, errors);

    values.set('LastModifiedDate', this.now);
    values.set('SystemModstamp', this.now);
    values.set('LastModifiedById', this.actor.userId);
    this.replace(record, values, 'updated');
    return { success: true, id: record.id, created: false };
  }

  /** Updates the record holding this external id, or creates one; `created` says which. */
  upsert(object: ObjectSchema, externalId: FieldDefinition, fields: WriteFields, source: ValueSource): SaveOutcome {
    const raw = fields.find(([field]) => field === externalId)?.[1];
    const coerced = raw === undefined ? null : coerceValue(externalId, raw, source);
    if (coerced && !coerced.ok) return failure(null, [coerced.error]);
    const key = coerced?.value;
    if (typeof key !== 'string') return failure(null, [saveError('MISSING_ARGUMENT', `${externalId.name} not specified`, [externalId.name])]);
    const existing = this.org.store(object.name).findUnique(externalId.name, key);
    return existing ? this.update(object, existing.id, fields, source) : this.create(object, fields, source);
  }

  /** Moves a record to the recycle bin: IsDeleted, a new SystemModstamp; queryAll still sees it. */
  delete(rawId: string): SaveOutcome {
    const id = toId18(rawId);
    if (!id) return failure(null, [saveError('MALFORMED_ID', `malformed id ${rawId}`)]);
    const object = this.org.schema.objectOfPrefix(keyPrefixOf(id));
    const record = this.org.findRecord(id);
    if (!object || !record || isDeleted(record)) return failure(id, [saveError('ENTITY_IS_DELETED', 'entity is deleted')]);
    if (!object.deletable) return failure(id, [saveError('INSUFFICIENT_ACCESS_OR_READONLY', 'insufficient access rights on object id')]);
    const values = new Map(record.values);
    values.set('IsDeleted', true);
    values.set('LastModifiedDate', this.now);
    values.set('SystemModstamp', this.now);
    values.set('LastModifiedById', this.actor.userId);
    this.replace(record, values, 'deleted');
    return { success: true, id, created: false };
  }

  /** Publishes the changes (outbound messages); the writes stay. */
  commit(): void {
    const changes = this.changes;
    this.changes = [];
    this.undo = [];
    if (!this.seeding && changes.length > 0) this.publish(changes);
  }

  /** Undoes every write of the transaction, newest first; nothing is published. */
  rollback(): void {
    for (const step of this.undo.reverse()) step();
    this.undo = [];
    this.changes = [];
  }

  private findLive(object: ObjectSchema, rawId: string): { record: StoredRecord } | { id: string | null; error: SaveError } {
    const id = toId18(rawId);
    if (!id || keyPrefixOf(id) !== object.keyPrefix) return { id: null, error: saveError('MALFORMED_ID', `${object.label} ID: id value of incorrect type: ${rawId}`, ['Id']) };
    const record = this.org.store(object.name).get(id);
    if (!record) return { id, error: saveError('INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id') };
    if (isDeleted(record)) return { id, error: saveError('ENTITY_IS_DELETED', 'entity is deleted') };
    return { record };
  }

  private replace(record: StoredRecord, values: Map<string, FieldValue>, kind: RecordChange['kind']): void {
    const store = this.org.store(record.object);
    const previous = record.values;
    store.replaceValues(record, values);
    this.undo.push(() => store.replaceValues(record, previous));
    this.changes.push({ orgId: this.org.orgId, object: record.object, recordId: record.id, kind, origin: this.actor.origin });
  }

  /** Defaults of a new record; a user created without an actor (the org's first) owns itself. */
  private fillDefaults(object: ObjectSchema, values: Map<string, FieldValue>, selfId: string | null): void {
    const actor = this.actor.userId || selfId;
    for (const field of object.fields()) {
      if (values.has(field.name)) continue;
      if (field.defaultValue !== undefined) values.set(field.name, field.defaultValue);
      else if (field.autoNumber) values.set(field.name, this.org.nextAutoNumber(object.name));
      else if ((field.name === 'OwnerId' || field.name === 'CreatedById' || field.name === 'LastModifiedById') && actor) values.set(field.name, actor);
      else if (field.name === 'TimeZoneSidKey') values.set(field.name, this.org.timezone);
    }
    for (const name of AUDIT_TIMES) if (!values.has(name) || values.get(name) === null) values.set(name, this.now);
  }

  private requiredMissing(object: ObjectSchema, values: ReadonlyMap<string, FieldValue>): SaveError[] {
    const missing = object.fields().filter((f) => f.createable && !f.nillable && (values.get(f.name) ?? null) === null).map((f) => f.name);
    return missing.length > 0 ? [saveError('REQUIRED_FIELD_MISSING', `Required fields are missing: [${missing.join(', ')}]`, missing)] : [];
  }

  /** Lookups must name an existing, live record of a target object (a record may point at itself). */
  private lookupProblems(object: ObjectSchema, values: ReadonlyMap<string, FieldValue>, names: Iterable<string>, selfId: string | null): SaveError[] {
    const errors: SaveError[] = [];
    for (const name of names) {
      const field = object.field(name);
      const id = values.get(name);
      if (!field || field.type !== 'reference' || typeof id !== 'string' || id === selfId) continue;
      const target = this.org.schema.objectOfPrefix(keyPrefixOf(id));
      if (!target || !field.referenceTo.includes(target.name)) {
        errors.push(saveError('FIELD_INTEGRITY_EXCEPTION', `${field.label}: id value of incorrect type: ${id}`, [field.name]));
        continue;
      }
      const record = this.org.findRecord(id);
      if (!record) errors.push(saveError('INVALID_CROSS_REFERENCE_KEY', `invalid cross reference id`, [field.name]));
      else if (isDeleted(record)) errors.push(saveError('ENTITY_IS_DELETED', 'entity is deleted', [field.name]));
    }
    return errors;
  }

  private uniqueProblems(object: ObjectSchema, values: ReadonlyMap<string, FieldValue>, selfId: string | null): SaveError[] {
    const errors: SaveError[] = [];
    const store = this.org.store(object.name);
    for (const field of object.fields()) {
      const value = values.get(field.name);
      if (!field.unique || typeof value !== 'string') continue;
      const holder = store.findUnique(field.name, value);
      if (holder && holder.id !== selfId) errors.push(saveError('DUPLICATE_VALUE', `duplicate value found: ${field.name} duplicates value on record with id: ${holder.id}`));
    }
    return errors;
  }
}
