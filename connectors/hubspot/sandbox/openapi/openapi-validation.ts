/**
 * Request and response bodies checked against HubSpot's OpenAPI specs with ajv, each validator
 * compiled once per process on first use. Where the specs and the live API disagree the
 * sandbox follows the live API, and each deviation is listed below. Without the spec documents
 * (see spec-documents.ts) nothing is checked: every body passes.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { DEFAULT_SPECS_DIR, readSpecDocuments, SPEC_NAMES, type SpecName } from './spec-documents.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };
type SchemaPatch = (schemas: JsonObject) => void;

export interface ValidationProblem {
  /** JSON pointer of the failing value, e.g. `/inputs/0/properties`. */
  path: string;
  message: string;
}

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

const schemaOf = (schemas: JsonObject, name: string): JsonObject | undefined => {
  const schema = schemas[name];
  return schema !== null && typeof schema === 'object' && !Array.isArray(schema) ? schema : undefined;
};

const dropRequired = (name: string, fields: readonly string[] | 'all'): SchemaPatch => (schemas) => {
  const schema = schemaOf(schemas, name);
  if (!schema || !Array.isArray(schema.required)) return;
  schema.required = fields === 'all' ? [] : schema.required.filter((f) => typeof f !== 'string' || !fields.includes(f));
};

const retype = (name: string, property: string, replacement: JsonObject): SchemaPatch => (schemas) => {
  const props = schemaOf(schemas, name)?.properties;
  if (props && typeof props === 'object' && !Array.isArray(props) && props[property] !== undefined) props[property] = replacement;
};

/**
 * Requests: fields the specs mark `required` that the live API (and the SDK's types) treat as
 * optional, per shared/specs/hubspot/README.md, and the object form of search sorts the SDK
 * README documents next to the "prop" / "-prop" strings.
 */
const REQUEST_DEVIATIONS: readonly SchemaPatch[] = [
  dropRequired('PublicObjectSearchRequest', 'all'),
  dropRequired('SimplePublicObjectInputForCreate', ['associations']),
  dropRequired('SimplePublicObjectBatchInputForCreate', ['associations']),
  dropRequired('BatchReadInputSimplePublicObjectId', ['propertiesWithHistory']),
  dropRequired('CallbackCompletionRequest', ['typedOutputs']),
  dropRequired('CallbackCompletionBatchRequest', ['typedOutputs']),
  retype('PublicObjectSearchRequest', 'sorts', {
    type: 'array',
    items: {
      oneOf: [
        { type: 'string' },
        { type: 'object', required: ['propertyName'], properties: { propertyName: { type: 'string' }, direction: { type: 'string', enum: ['ASCENDING', 'DESCENDING'] } } },
      ],
    },
  }),
];

const NULLABLE_STRING_MAP: JsonObject = { type: 'object', additionalProperties: { type: ['string', 'null'] } };
const ID_STRING_OR_NUMBER: JsonObject = { type: ['string', 'integer'] };

/**
 * Responses: the live API answers `null` for a requested property a record has no value for,
 * `null` as the label of unlabeled association types, and numbers for object ids in the v4
 * associations API, where the specs say string.
 */
const RESPONSE_DEVIATIONS: readonly SchemaPatch[] = [
  retype('SimplePublicObject', 'properties', NULLABLE_STRING_MAP),
  retype('SimplePublicObjectWithAssociations', 'properties', NULLABLE_STRING_MAP),
  retype('SimplePublicUpsertObject', 'properties', NULLABLE_STRING_MAP),
  retype('AssociationSpecWithLabel', 'label', { type: ['string', 'null'] }),
  retype('MultiAssociatedObjectWithLabel', 'toObjectId', ID_STRING_OR_NUMBER),
  retype('LabelsBetweenObjectPair', 'fromObjectId', ID_STRING_OR_NUMBER),
  retype('LabelsBetweenObjectPair', 'toObjectId', ID_STRING_OR_NUMBER),
];

const HTTP_METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

interface Operation {
  template: string;
  pattern: RegExp;
  method: HttpMethod;
}

function templatePattern(template: string): RegExp {
  const escaped = template.split(/\{[^}]+\}/).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${escaped.join('[^/]+')}$`);
}

/** Walks a JSON document by an array of keys. */
function at(doc: Json, keys: readonly string[]): Json | undefined {
  let node: Json | undefined = doc;
  for (const key of keys) {
    if (node === null || typeof node !== 'object' || Array.isArray(node)) return undefined;
    node = node[key];
  }
  return node;
}

const pointer = (keys: readonly string[]): string => keys.map((k) => k.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');

class SpecValidatorSet {
  private readonly ajv = new Ajv({ strict: false, allErrors: true });
  private readonly operations = new Map<SpecName, Operation[]>();
  private readonly compiled = new Map<string, ValidateFunction | null>();
  private readonly documents = new Map<SpecName, Json>();

  constructor(documents: Record<SpecName, unknown>, patches: readonly SchemaPatch[]) {
    addFormats(this.ajv);
    for (const [name, original] of Object.entries(documents) as [SpecName, unknown][]) {
      const doc = structuredClone(original) as JsonObject;
      const schemas = at(doc, ['components', 'schemas']);
      if (schemas && typeof schemas === 'object' && !Array.isArray(schemas)) for (const patch of patches) patch(schemas);
      this.documents.set(name, doc);
      this.ajv.addSchema(doc, name);
      const paths = at(doc, ['paths']);
      const ops: Operation[] = [];
      if (paths && typeof paths === 'object' && !Array.isArray(paths)) {
        for (const [template, item] of Object.entries(paths)) {
          for (const method of HTTP_METHODS) if (at(item, [method]) !== undefined) ops.push({ template, pattern: templatePattern(template), method });
        }
      }
      // Literal paths before templated ones: `/callbacks/complete` is not `/callbacks/{callbackId}/complete`.
      ops.sort((a, b) => a.template.split('{').length - b.template.split('{').length);
      this.operations.set(name, ops);
    }
  }

  /** The validator of a schema under an operation, or null when the spec has none there. */
  validator(spec: SpecName, method: HttpMethod, path: string, tail: (operationKeys: string[]) => string[] | undefined): ValidateFunction | null {
    const operation = this.operations.get(spec)?.find((op) => op.method === method && op.pattern.test(path));
    if (!operation) return null;
    const keys = tail(['paths', operation.template, method]);
    if (!keys) return null;
    const cacheKey = `${spec}#${pointer(keys)}`;
    const cached = this.compiled.get(cacheKey);
    if (cached !== undefined) return cached;
    const doc = this.documents.get(spec);
    const validate = doc !== undefined && at(doc, keys) !== undefined ? this.ajv.compile({ $ref: `${spec}#/${pointer(keys)}` }) : null;
    this.compiled.set(cacheKey, validate);
    return validate;
  }

  document(spec: SpecName): Json | undefined {
    return this.documents.get(spec);
  }

  /** Every operation of a document, as [method, path template]. */
  operationsOf(spec: SpecName): { method: HttpMethod; template: string }[] {
    return (this.operations.get(spec) ?? []).map(({ method, template }) => ({ method, template }));
  }
}

function problems(validate: ValidateFunction, body: unknown): ValidationProblem[] {
  if (validate(body)) return [];
  return (validate.errors ?? []).map((e: ErrorObject) => {
    const missing = e.keyword === 'required' && typeof e.params.missingProperty === 'string' ? `/${e.params.missingProperty}` : '';
    return { path: `${e.instancePath}${missing}` || '/', message: e.message ?? 'is invalid' };
  });
}

/** The documents of this process, read once from the first directory asked for (null: not there). */
let loaded: { documents: Record<SpecName, unknown> | null; requests?: SpecValidatorSet; responses?: SpecValidatorSet } | undefined;

function specs(dir: string = DEFAULT_SPECS_DIR) {
  loaded ??= { documents: readSpecDocuments(dir) };
  return loaded;
}

function requestSet(): SpecValidatorSet | null {
  const state = specs();
  if (!state.documents) return null;
  return (state.requests ??= new SpecValidatorSet(state.documents, REQUEST_DEVIATIONS));
}

function responseSet(): SpecValidatorSet | null {
  const state = specs();
  if (!state.documents) return null;
  return (state.responses ??= new SpecValidatorSet(state.documents, RESPONSE_DEVIATIONS));
}

function firstContent(doc: Json | undefined, keys: string[]): string[] | undefined {
  const content = doc === undefined ? undefined : at(doc, keys);
  if (!content || typeof content !== 'object' || Array.isArray(content)) return undefined;
  const type = Object.keys(content)[0];
  return type === undefined ? undefined : [...keys, type, 'schema'];
}

function requestValidator(spec: SpecName, method: HttpMethod, path: string): ValidateFunction | null {
  const set = requestSet();
  if (!set) return null;
  return set.validator(spec, method, path, (op) => firstContent(set.document(spec), [...op, 'requestBody', 'content']));
}

/** Problems of a request body against the operation's request schema (none: valid or no schema). */
export function requestBodyProblems(spec: SpecName, method: HttpMethod, path: string, body: unknown): ValidationProblem[] {
  const validate = requestValidator(spec, method, path);
  return validate ? problems(validate, body) : [];
}

/** Operations the sandbox does not serve: their validators are not worth compiling up front. */
const UNSERVED = /\/(merge|gdpr-delete)$|^\/automation\/v4\/actions\/\{appId\}|\/usage\//;

/**
 * Reads the documents from `dir` (once per process) and compiles the request validators of the
 * served operations now, not on first use. False when the documents are not there.
 */
export function compileRequestValidators(dir?: string): boolean {
  specs(dir);
  const set = requestSet();
  if (!set) return false;
  for (const spec of SPEC_NAMES) {
    for (const { method, template } of set.operationsOf(spec)) {
      if (method !== 'get' && method !== 'delete' && !UNSERVED.test(template)) requestValidator(spec, method, template);
    }
  }
  return true;
}

/** Problems of a response body against the operation's schema for that status (or `default`). */
export function responseBodyProblems(spec: SpecName, method: HttpMethod, path: string, status: number, body: unknown): ValidationProblem[] {
  const set = responseSet();
  if (!set) return [];
  const doc = set.document(spec);
  const validate = set.validator(spec, method, path, (op) => {
    const byStatus = firstContent(doc, [...op, 'responses', String(status), 'content']);
    if (byStatus) return byStatus;
    const fallback = doc === undefined ? undefined : at(doc, [...op, 'responses', String(status)]);
    return fallback === undefined && status >= 400 ? ['components', 'schemas', 'Error'] : undefined;
  });
  if (!validate) throw new Error(`no response schema for ${method.toUpperCase()} ${path} ${status} in ${spec}`);
  return problems(validate, body);
}
