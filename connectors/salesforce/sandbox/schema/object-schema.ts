/**
 * One org's view of its objects: field look-up without regard to case (as SOQL and the REST API
 * do), parent relationships by name, and package fields an org can lack.
 */
import type { FieldDefinition } from './field-definition.js';
import { standardObjects, type ObjectDefinition } from './standard-objects.js';

export class ObjectSchema {
  readonly name: string;
  readonly label: string;
  readonly labelPlural: string;
  readonly keyPrefix: string;
  readonly createable: boolean;
  readonly updateable: boolean;
  readonly deletable: boolean;
  private readonly all: readonly FieldDefinition[];
  private readonly hidden = new Set<string>();
  private visible: FieldDefinition[] = [];
  private byName = new Map<string, FieldDefinition>();
  private byRelationship = new Map<string, FieldDefinition>();

  constructor(definition: ObjectDefinition) {
    this.name = definition.name;
    this.label = definition.label;
    this.labelPlural = definition.labelPlural;
    this.keyPrefix = definition.keyPrefix;
    this.createable = definition.createable;
    this.updateable = definition.updateable;
    this.deletable = definition.deletable;
    this.all = definition.fields;
    this.index();
  }

  /** The fields the API shows, in describe order. */
  fields(): readonly FieldDefinition[] {
    return this.visible;
  }

  field(name: string): FieldDefinition | undefined {
    return this.byName.get(name.toLowerCase());
  }

  /** The lookup field behind a parent relationship name (`Account` for AccountId, `Owner` for OwnerId). */
  relationship(name: string): FieldDefinition | undefined {
    return this.byRelationship.get(name.toLowerCase());
  }

  /** Hides package fields (all of them, or those named); answers the names hidden. */
  hidePackageFields(names?: readonly string[]): string[] {
    const wanted = names ? new Set(names.map((n) => n.toLowerCase())) : null;
    const hidden = this.all.filter((f) => f.packaged && (!wanted || wanted.has(f.name.toLowerCase()))).map((f) => f.name);
    for (const name of hidden) this.hidden.add(name.toLowerCase());
    this.index();
    return hidden;
  }

  restorePackageFields(): void {
    this.hidden.clear();
    this.index();
  }

  private index(): void {
    this.visible = this.all.filter((f) => !this.hidden.has(f.name.toLowerCase()));
    this.byName = new Map(this.visible.map((f) => [f.name.toLowerCase(), f]));
    this.byRelationship = new Map(this.visible.filter((f) => f.relationshipName).map((f) => [(f.relationshipName as string).toLowerCase(), f]));
  }
}

export class OrgSchema {
  private readonly byName = new Map<string, ObjectSchema>();
  private readonly byPrefix = new Map<string, ObjectSchema>();

  constructor() {
    for (const definition of standardObjects()) {
      const schema = new ObjectSchema(definition);
      this.byName.set(schema.name.toLowerCase(), schema);
      this.byPrefix.set(schema.keyPrefix, schema);
    }
  }

  object(name: string): ObjectSchema | undefined {
    return this.byName.get(name.toLowerCase());
  }

  require(name: string): ObjectSchema {
    const schema = this.object(name);
    if (!schema) throw new Error(`unknown object ${name}`);
    return schema;
  }

  /** The object whose ids start with this key prefix. */
  objectOfPrefix(prefix: string): ObjectSchema | undefined {
    return this.byPrefix.get(prefix);
  }

  objects(): ObjectSchema[] {
    return [...this.byName.values()];
  }
}
