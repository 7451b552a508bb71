/**
 * Writing our values onto customer records: batch update, 100 inputs per call
 * (https://developers.hubspot.com/docs/api/crm/understanding-the-crm#update-records).
 * HubSpot answers 207 with per-record errors for some failures (a deleted record), but rejects the
 * whole batch with 400 for others (an invalid value): then the batch is split in halves until the
 * bad records are alone, so every good record is still written.
 */
import type { CrmRef, FieldsUpdate, PushOutcome, RecordFailure } from '../../core/ports/crm-connector.js';
import type { HubspotApiCaller } from './api-caller.js';
import { objectTypeOfRef } from './config.js';
import { HubspotError } from './errors.js';
import { toHubspotProperties } from './mappers/from-vip-fields.js';

export const BATCH_WRITE_MAX = 100;

interface Input {
  ref: CrmRef;
  properties: Record<string, string>;
}

export async function pushFields(caller: HubspotApiCaller, updates: readonly FieldsUpdate[]): Promise<PushOutcome> {
  const outcome: PushOutcome = { written: [], failed: [], calls: 0 };
  const byType = new Map<string, Input[]>();
  for (const u of updates) {
    const type = objectTypeOfRef(u.ref.type);
    if (type !== 'contacts' && type !== 'companies') {
      outcome.failed.push({ ref: u.ref, code: 'INVALID_INPUT', message: `not a customer record type: ${u.ref.type}` });
      continue;
    }
    const properties = toHubspotProperties(u.fields);
    if (Object.keys(properties).length === 0) continue;
    byType.set(type, [...(byType.get(type) ?? []), { ref: u.ref, properties }]);
  }
  for (const [type, inputs] of byType) {
    for (let i = 0; i < inputs.length; i += BATCH_WRITE_MAX) await writeBatch(caller, type, inputs.slice(i, i + BATCH_WRITE_MAX), outcome);
  }
  return outcome;
}

async function writeBatch(caller: HubspotApiCaller, type: string, inputs: Input[], outcome: PushOutcome): Promise<void> {
  outcome.calls++;
  try {
    const response = await caller.call(`update ${type}`, (c) => c.crm.objects.batchApi.updateWithHttpInfo(type, { inputs: inputs.map((i) => ({ id: i.ref.id, properties: i.properties })) }));
    const written = new Set(response.results.map((r) => r.id));
    const errors = 'errors' in response && Array.isArray(response.errors) ? response.errors : [];
    for (const input of inputs) {
      if (written.has(input.ref.id)) {
        outcome.written.push(input.ref);
        continue;
      }
      const error = errors.find((e) => (e.context?.ids ?? []).includes(input.ref.id)) ?? errors[0];
      outcome.failed.push({ ref: input.ref, code: error?.category === 'OBJECT_NOT_FOUND' ? 'NOT_FOUND' : 'INVALID_INPUT', message: (error?.message ?? 'not written').slice(0, 300) });
    }
  } catch (error) {
    if (error instanceof HubspotError && error.code === 'INVALID_INPUT' && inputs.length > 1) {
      const half = Math.ceil(inputs.length / 2);
      await writeBatch(caller, type, inputs.slice(0, half), outcome);
      await writeBatch(caller, type, inputs.slice(half), outcome);
      return;
    }
    if (error instanceof HubspotError && (error.code === 'INVALID_INPUT' || error.code === 'NOT_FOUND')) {
      outcome.failed.push(...inputs.map((i): RecordFailure => ({ ref: i.ref, code: error.code, message: error.detail })));
      return;
    }
    throw error;
  }
}
