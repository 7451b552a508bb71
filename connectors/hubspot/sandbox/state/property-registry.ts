/**
 * One object type's property definitions and groups in one portal, with the checks HubSpot makes
 * when definitions are created or changed. https://developers.hubspot.com/docs/api/crm/properties
 */
import { HubspotApiError, notFoundError, validationError } from '../errors.js';
import { defaultPropertyDefinitions, defaultPropertyGroups } from './default-properties.js';
import type { ObjectTypeName } from './object-types.js';
import { OBJECT_TYPES } from './object-types.js';
import type { FieldType, PropertyDefinition, PropertyGroup, PropertyOption, PropertyType } from './property-definition.js';
import { allowedFieldTypes, fieldTypeFits } from './property-definition.js';

export interface OptionInput {
  label: string;
  value: string;
  displayOrder?: number | undefined;
  hidden?: boolean | undefined;
  description?: string | undefined;
}

export interface PropertyCreateInput {
  name: string;
  label: string;
  type: PropertyType;
  fieldType: FieldType;
  groupName: string;
  description?: string | undefined;
  options?: OptionInput[] | undefined;
  displayOrder?: number | undefined;
  hasUniqueValue?: boolean | undefined;
  hidden?: boolean | undefined;
  formField?: boolean | undefined;
  externalOptions?: boolean | undefined;
  referencedObjectType?: string | undefined;
}

export type PropertyUpdateInput = Partial<Omit<PropertyCreateInput, 'name' | 'hasUniqueValue' | 'externalOptions' | 'referencedObjectType'>>;

export interface GroupInput {
  name: string;
  label: string;
  displayOrder?: number | undefined;
}

const PROPERTY_NAME = /^[a-z][a-z0-9_]*$/;

export class PropertyRegistry {
  private readonly definitions = new Map<string, PropertyDefinition>();
  private readonly groups = new Map<string, PropertyGroup>();

  constructor(
    readonly objectType: ObjectTypeName,
    private readonly now: () => number,
  ) {
    for (const def of defaultPropertyDefinitions(objectType, now())) this.definitions.set(def.name, def);
    for (const group of defaultPropertyGroups(objectType)) this.groups.set(group.name, group);
  }

  /** A live (not archived) definition. */
  get(name: string): PropertyDefinition | undefined {
    const def = this.definitions.get(name);
    return def && !def.archived ? def : undefined;
  }

  require(name: string): PropertyDefinition {
    const def = this.get(name);
    if (!def) throw notFoundError(`Unable to find property ${name} for object type ${this.objectType}`, { propertyName: [name] });
    return def;
  }

  list(archived: boolean): PropertyDefinition[] {
    return [...this.definitions.values()].filter((d) => d.archived === archived);
  }

  /** Properties whose values identify a record (`idProperty`). */
  isUnique(name: string): boolean {
    const def = this.get(name);
    return def !== undefined && (def.hasUniqueValue || OBJECT_TYPES[this.objectType].builtInUniqueProperties.includes(name));
  }

  create(input: PropertyCreateInput): PropertyDefinition {
    if (this.definitions.has(input.name)) {
      throw new HubspotApiError(409, 'OBJECT_ALREADY_EXISTS', `A property named '${input.name}' already exists.`, { context: { name: [input.name] } });
    }
    if (!PROPERTY_NAME.test(input.name)) throw validationError(`Property name '${input.name}' must start with a letter and hold only lower-case letters, digits and underscores.`);
    if (input.name.startsWith('hs_')) throw validationError(`Property name '${input.name}' uses the reserved prefix 'hs_'.`);
    this.checkShape(input.type, input.fieldType, input.groupName);
    const now = this.now();
    const def: PropertyDefinition = {
      name: input.name,
      label: input.label,
      type: input.type,
      fieldType: input.fieldType,
      groupName: input.groupName,
      description: input.description ?? '',
      options: this.options(input.type, input.options, input.externalOptions ?? false),
      displayOrder: input.displayOrder ?? -1,
      hasUniqueValue: input.hasUniqueValue ?? false,
      hidden: input.hidden ?? false,
      formField: input.formField ?? false,
      hubspotDefined: false,
      calculated: false,
      readOnlyValue: false,
      externalOptions: input.externalOptions ?? false,
      ...(input.referencedObjectType ? { referencedObjectType: input.referencedObjectType } : {}),
      createdAt: now,
      updatedAt: now,
      archived: false,
    };
    this.definitions.set(def.name, def);
    return def;
  }

  update(name: string, patch: PropertyUpdateInput): PropertyDefinition {
    const def = this.require(name);
    const type = patch.type ?? def.type;
    const fieldType = patch.fieldType ?? def.fieldType;
    if (def.hubspotDefined && (type !== def.type || fieldType !== def.fieldType)) {
      throw validationError(`The type of HubSpot-defined property ${name} cannot be changed.`);
    }
    this.checkShape(type, fieldType, patch.groupName ?? def.groupName);
    const options = patch.options !== undefined || type !== def.type ? this.options(type, patch.options ?? def.options, def.externalOptions) : def.options;
    Object.assign(def, {
      type,
      fieldType,
      options,
      ...(patch.label !== undefined ? { label: patch.label } : {}),
      ...(patch.description !== undefined ? { description: patch.description } : {}),
      ...(patch.groupName !== undefined ? { groupName: patch.groupName } : {}),
      ...(patch.displayOrder !== undefined ? { displayOrder: patch.displayOrder } : {}),
      ...(patch.hidden !== undefined ? { hidden: patch.hidden } : {}),
      ...(patch.formField !== undefined ? { formField: patch.formField } : {}),
      updatedAt: this.now(),
    });
    return def;
  }

  archive(name: string): void {
    const def = this.require(name);
    if (def.hubspotDefined) throw validationError(`HubSpot-defined property ${name} cannot be archived.`);
    def.archived = true;
    def.archivedAt = this.now();
  }

  listGroups(): PropertyGroup[] {
    return [...this.groups.values()].filter((g) => !g.archived);
  }

  getGroup(name: string): PropertyGroup {
    const group = this.groups.get(name);
    if (!group || group.archived) throw notFoundError(`Unable to find property group ${name} for object type ${this.objectType}`, { groupName: [name] });
    return group;
  }

  createGroup(input: GroupInput): PropertyGroup {
    if (this.groups.get(input.name)?.archived === false) {
      throw new HubspotApiError(409, 'OBJECT_ALREADY_EXISTS', `A property group named '${input.name}' already exists.`, { context: { name: [input.name] } });
    }
    if (!PROPERTY_NAME.test(input.name)) throw validationError(`Property group name '${input.name}' must start with a letter and hold only lower-case letters, digits and underscores.`);
    const group: PropertyGroup = { name: input.name, label: input.label, displayOrder: input.displayOrder ?? -1, archived: false };
    this.groups.set(group.name, group);
    return group;
  }

  updateGroup(name: string, patch: Partial<Omit<GroupInput, 'name'>>): PropertyGroup {
    const group = this.getGroup(name);
    if (patch.label !== undefined) group.label = patch.label;
    if (patch.displayOrder !== undefined) group.displayOrder = patch.displayOrder;
    return group;
  }

  archiveGroup(name: string): void {
    const group = this.getGroup(name);
    if (name === OBJECT_TYPES[this.objectType].defaultGroup) throw validationError(`HubSpot-defined property group ${name} cannot be archived.`);
    group.archived = true;
  }

  private checkShape(type: PropertyType, fieldType: FieldType, groupName: string): void {
    if (!fieldTypeFits(type, fieldType)) {
      throw validationError(`${fieldType} is not a valid field type for property type ${type}. Valid field types: [${allowedFieldTypes(type).join(', ')}]`, [
        { message: `fieldType ${fieldType} does not fit type ${type}`, in: 'fieldType', code: 'INVALID_FIELD_TYPE' },
      ]);
    }
    if (this.groups.get(groupName)?.archived !== false) {
      throw validationError(`Property group ${groupName} does not exist.`, [{ message: `unknown group ${groupName}`, in: 'groupName' }]);
    }
  }

  private options(type: PropertyType, given: readonly OptionInput[] | undefined, external: boolean): PropertyOption[] {
    if (type === 'bool' && !given?.length) {
      return [{ label: 'Yes', value: 'true', displayOrder: 0, hidden: false }, { label: 'No', value: 'false', displayOrder: 1, hidden: false }];
    }
    if (type !== 'enumeration' && type !== 'bool') return [];
    if (!given?.length) {
      if (external) return [];
      throw validationError('Enumeration properties need at least one option.', [{ message: 'options are required for enumeration properties', in: 'options' }]);
    }
    const values = new Set<string>();
    return given.map((o, i) => {
      if (values.has(o.value)) throw validationError(`Option value '${o.value}' appears twice.`, [{ message: 'duplicate option value', in: 'options' }]);
      values.add(o.value);
      return { label: o.label, value: o.value, displayOrder: o.displayOrder ?? i, hidden: o.hidden ?? false, ...(o.description !== undefined ? { description: o.description } : {}) };
    });
  }
}
