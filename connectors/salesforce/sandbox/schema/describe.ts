/**
 * Describe results: enough of Salesforce's DescribeSObjectResult and DescribeGlobalResult for
 * a client to check fields exist, their types, lengths, picklist values and external ids.
 * https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_sobject_describe.htm
 */
import { soapType, type FieldDefinition } from './field-definition.js';
import type { ObjectSchema } from './object-schema.js';

function fieldDescribe(field: FieldDefinition) {
  const picklist = field.picklist;
  return {
    aggregatable: field.type !== 'textarea',
    autoNumber: field.autoNumber,
    byteLength: field.length * 3,
    calculated: field.calculated,
    caseSensitive: false,
    createable: field.createable,
    custom: field.custom,
    defaultValue: field.defaultValue ?? null,
    defaultedOnCreate: field.defaultedOnCreate,
    dependentPicklist: false,
    digits: field.type === 'int' ? field.precision : 0,
    externalId: field.externalId,
    filterable: field.filterable,
    groupable: field.sortable && field.type !== 'double' && field.type !== 'currency' && field.type !== 'percent',
    idLookup: field.name === 'Id' || field.externalId || field.name === 'Username',
    label: field.label,
    length: field.length,
    name: field.name,
    nameField: field.name === 'Name',
    nillable: field.nillable,
    permissionable: field.custom && field.nillable,
    picklistValues: picklist ? picklist.values.map((value) => ({ active: true, defaultValue: value === picklist.defaultValue, label: value, validFor: null, value })) : [],
    precision: field.type === 'int' ? 0 : field.precision,
    referenceTo: [...field.referenceTo],
    relationshipName: field.relationshipName,
    restrictedPicklist: picklist?.restricted ?? false,
    scale: field.scale,
    soapType: soapType(field.type),
    sortable: field.sortable,
    type: field.type,
    unique: field.unique,
    updateable: field.updateable,
  };
}

function objectUrls(version: string, object: ObjectSchema) {
  const base = `/services/data/v${version}/sobjects/${object.name}`;
  return { sobject: base, describe: `${base}/describe`, rowTemplate: `${base}/{ID}` };
}

function objectSummary(version: string, object: ObjectSchema) {
  return {
    name: object.name,
    label: object.label,
    labelPlural: object.labelPlural,
    keyPrefix: object.keyPrefix,
    custom: false,
    createable: object.createable,
    updateable: object.updateable,
    deletable: object.deletable,
    queryable: true,
    retrieveable: true,
    searchable: object.name !== 'Organization',
    layoutable: object.name !== 'Organization',
    urls: objectUrls(version, object),
  };
}

export function describeObject(version: string, object: ObjectSchema) {
  return { ...objectSummary(version, object), fields: object.fields().map(fieldDescribe), childRelationships: [], recordTypeInfos: [] };
}

export function describeGlobal(version: string, objects: readonly ObjectSchema[]) {
  return { encoding: 'UTF-8', maxBatchSize: 200, sobjects: objects.map((object) => objectSummary(version, object)) };
}

export function sobjectBasicInfo(version: string, object: ObjectSchema) {
  return { objectDescribe: objectSummary(version, object), recentItems: [] };
}
