/**
 * Our property group and properties, created idempotently on connect and kept in step with the
 * program's tiers (the tier enumeration's options).
 * https://developers.hubspot.com/docs/api/crm/properties
 */
import type { PropertyCreate, PropertyCreateFieldTypeEnum, PropertyCreateTypeEnum } from '@hubspot/api-client/lib/codegen/crm/properties/models/PropertyCreate.js';
import type { SchemaOutcome, SchemaSpec } from '../../core/ports/crm-connector.js';
import type { HubspotApiCaller } from './api-caller.js';
import { NO_TIER, PROPERTY_GROUP, TASK_ID_PROPERTY, VIP_PROPERTIES, type HubspotSettings } from './config.js';
import { HubspotError } from './errors.js';

type FieldKey = keyof typeof VIP_PROPERTIES;

const KINDS: Record<FieldKey, { type: string; fieldType: string }> = {
  tier: { type: 'enumeration', fieldType: 'select' },
  tierSince: { type: 'date', fieldType: 'date' },
  score: { type: 'number', fieldType: 'number' },
  reason: { type: 'string', fieldType: 'textarea' },
  predictedValue: { type: 'number', fieldType: 'number' },
  churnRisk: { type: 'number', fieldType: 'number' },
  nextAction: { type: 'string', fieldType: 'text' },
  nextActionDue: { type: 'date', fieldType: 'date' },
  accountManager: { type: 'string', fieldType: 'text' },
};

function tierOptions(spec: SchemaSpec) {
  return [...spec.tiers.map((t, i) => ({ label: t.label, value: t.id, displayOrder: i, hidden: false })), { label: spec.labels.notVip, value: NO_TIER, displayOrder: spec.tiers.length, hidden: false }];
}

function definitions(spec: SchemaSpec): PropertyCreate[] {
  return (Object.keys(VIP_PROPERTIES) as FieldKey[]).map((key, i) => ({
    name: VIP_PROPERTIES[key],
    label: spec.labels.fields[key],
    groupName: PROPERTY_GROUP,
    type: KINDS[key].type as PropertyCreateTypeEnum,
    fieldType: KINDS[key].fieldType as PropertyCreateFieldTypeEnum,
    displayOrder: i,
    formField: false,
    ...(key === 'tier' ? { options: tierOptions(spec) } : {}),
  }));
}

async function ensureGroup(caller: HubspotApiCaller, objectType: string, label: string, outcome: SchemaOutcome): Promise<void> {
  try {
    await caller.call(`read property group ${objectType}`, (c) => c.crm.properties.groupsApi.getByNameWithHttpInfo(objectType, PROPERTY_GROUP));
  } catch (error) {
    if (!(error instanceof HubspotError) || error.code !== 'NOT_FOUND') throw error;
    await caller.call(`create property group ${objectType}`, (c) => c.crm.properties.groupsApi.createWithHttpInfo(objectType, { name: PROPERTY_GROUP, label, displayOrder: -1 }));
    outcome.created.push(`${objectType}.${PROPERTY_GROUP}`);
  }
}

async function ensureProperties(caller: HubspotApiCaller, objectType: string, wanted: PropertyCreate[], outcome: SchemaOutcome): Promise<void> {
  const existing = await caller.call(`read properties ${objectType}`, (c) => c.crm.properties.coreApi.getAllWithHttpInfo(objectType, false));
  const byName = new Map(existing.results.map((p) => [p.name, p]));
  const missing = wanted.filter((w) => !byName.has(w.name));
  if (missing.length > 0) {
    await caller.call(`create properties ${objectType}`, (c) => c.crm.properties.batchApi.createWithHttpInfo(objectType, { inputs: missing }));
    outcome.created.push(...missing.map((m) => `${objectType}.${m.name}`));
  }
  for (const w of wanted) {
    const have = byName.get(w.name);
    if (!have || !w.options) continue;
    const same = have.options.length === w.options.length && w.options.every((o, i) => have.options[i]?.value === o.value && have.options[i]?.label === o.label);
    if (same && have.label === w.label) continue;
    await caller.call(`update property ${objectType}.${w.name}`, (c) => c.crm.properties.coreApi.updateWithHttpInfo(objectType, w.name, { label: w.label, options: w.options }));
    outcome.updated.push(`${objectType}.${w.name}`);
  }
}

export async function ensureSchema(caller: HubspotApiCaller, settings: HubspotSettings, spec: SchemaSpec): Promise<SchemaOutcome> {
  const outcome: SchemaOutcome = { created: [], updated: [] };
  // Both objects carry the fields, so a B2C portal still shows a company's VIPs and the reverse.
  for (const objectType of ['contacts', 'companies']) {
    await ensureGroup(caller, objectType, spec.labels.group, outcome);
    await ensureProperties(caller, objectType, definitions(spec), outcome);
  }
  if (settings.pushTasks) {
    await ensureGroup(caller, 'tasks', spec.labels.group, outcome);
    await ensureProperties(caller, 'tasks', [{ name: TASK_ID_PROPERTY, label: spec.labels.taskId, groupName: PROPERTY_GROUP, type: 'string' as PropertyCreateTypeEnum, fieldType: 'text' as PropertyCreateFieldTypeEnum, formField: false }], outcome);
  }
  return outcome;
}
