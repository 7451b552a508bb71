/**
 * Our custom workflow actions in HubSpot: "Evaluate VIP tier", "Enroll in care playbook" and
 * "Send VIP survey". Each execution is stored once per callbackId (HubSpot retries deliver the
 * same id): a repeat gets the first answer. When the record is not in our store yet, the action
 * answers BLOCK, a job reads the record from HubSpot, scores it, does the work and completes the
 * callback; the workflow then continues with the real outputs.
 * https://developers.hubspot.com/docs/api/automation/custom-workflow-actions
 */
import { z } from 'zod';
import { localized, resolveLocale } from '../../../core/i18n/index.js';
import { SURVEY_KINDS } from '../../../core/feedback/schema.js';
import { CHANNELS } from '../../../core/ports/notifier.js';
import { tierName } from '../../../core/scoring/describe.js';
import { VipCareError } from '../../../core/errors.js';
import { actionRecord, actionResponse, completeCallback, type OutputValue, type WorkflowActionRequest } from '../../../connectors/hubspot/index.js';
import type { CrmRef } from '../../../core/ports/crm-connector.js';
import { sendSurvey } from '../../feedback/dispatch.js';
import type { SurveyLinkSigner } from '../../feedback/survey-links.js';
import { enrolManually } from '../../playbooks/care-service.js';
import type { Store } from '../../store/db.js';
import { activeProgram } from '../../store/repositories/programs.js';
import { tenantNow } from '../../tenants/clock.js';
import type { Clock } from '../../../core/ports/clock.js';

export const WORKFLOW_ACTIONS = ['evaluate-tier', 'enroll-playbook', 'send-survey'] as const;
export type WorkflowAction = (typeof WORKFLOW_ACTIONS)[number];

const EnrollInputs = z.object({ playbook_id: z.string().min(1).max(100) });
const SurveyInputs = z.object({ survey_kind: z.enum(SURVEY_KINDS), channel: z.enum(CHANNELS).optional() });

export type ActionOutcome = { state: 'SUCCESS' | 'FAIL_CONTINUE'; outputs: Record<string, OutputValue> } | { state: 'NEEDS_RECORD' };

export interface ActionDeps {
  store: Store;
  links: SurveyLinkSigner;
  clock: Clock;
}

async function linkedCustomer(store: Store, tenantId: string, ref: CrmRef): Promise<string | null> {
  const row = await store.db.selectFrom('crm_links').select('local_id').where('tenant_id', '=', tenantId).where('provider', '=', 'hubspot').where('object_type', '=', ref.type).where('object_id', '=', ref.id).executeTakeFirst();
  return row?.local_id ?? null;
}

/** Does the action's work when it can; NEEDS_RECORD when the record must be synced (and scored) first. */
export async function performAction(deps: ActionDeps, tenantId: string, action: WorkflowAction, callbackId: string, ref: CrmRef, inputs: Record<string, unknown>): Promise<ActionOutcome> {
  const customerId = await linkedCustomer(deps.store, tenantId, ref);
  if (!customerId) return { state: 'NEEDS_RECORD' };
  const now = await tenantNow(deps.store, tenantId, deps.clock);
  if (action === 'evaluate-tier') {
    const score = await deps.store.db.selectFrom('customer_scores').select(['tier', 'score', 'program_version']).where('tenant_id', '=', tenantId).where('customer_id', '=', customerId).executeTakeFirst();
    if (!score) return { state: 'NEEDS_RECORD' };
    const active = await activeProgram(deps.store.db, tenantId);
    const tenant = await deps.store.db.selectFrom('tenants').select('locale').where('id', '=', tenantId).executeTakeFirst();
    const locale = resolveLocale(tenant?.locale);
    const label = active ? tierName(active.program, score.tier, locale) : (score.tier ?? '');
    return { state: 'SUCCESS', outputs: { vip_tier: score.tier ?? 'none', vip_tier_label: label, vip_score: score.score, is_vip: score.tier ? 'true' : 'false' } };
  }
  if (action === 'enroll-playbook') {
    const parsed = EnrollInputs.safeParse(inputs);
    if (!parsed.success) return { state: 'FAIL_CONTINUE', outputs: { enrolment_status: 'not_found' } };
    try {
      const result = await enrolManually(deps.store, { tenantId, playbookId: parsed.data.playbook_id, customerId, requestKey: `hubspot-workflow:${callbackId}`, actor: 'hubspot:workflow', now });
      return { state: 'SUCCESS', outputs: { enrolment_status: result.status } };
    } catch (error) {
      if (error instanceof VipCareError && error.code === 'NOT_FOUND') return { state: 'FAIL_CONTINUE', outputs: { enrolment_status: 'not_found' } };
      throw error;
    }
  }
  const parsed = SurveyInputs.safeParse(inputs);
  if (!parsed.success) throw new VipCareError('INVALID_INPUT', { field: `inputFields.survey_kind: one of ${SURVEY_KINDS.join(', ')}` });
  const sent = await sendSurvey(deps.store, deps.links, { tenantId, customerId, kind: parsed.data.survey_kind, ...(parsed.data.channel ? { channel: parsed.data.channel } : {}), requestKey: `hubspot-workflow:${callbackId}`, source: 'workflow', now });
  return { state: 'SUCCESS', outputs: sent.status === 'suppressed' ? { survey_status: 'suppressed', suppressed_reason: sent.reason } : { survey_status: sent.status, suppressed_reason: '' } };
}

export type ExecutionAnswer = { outputFields: Record<string, OutputValue> };

/**
 * One execution request: answered from the stored first answer on a repeat, done now when
 * possible, or BLOCKed and queued. Returns the answer and whether a completion job is needed.
 */
export async function executeAction(deps: ActionDeps, tenantId: string, action: WorkflowAction, req: WorkflowActionRequest): Promise<{ answer: ExecutionAnswer; queued: boolean }> {
  const ref = actionRecord(req);
  if (!ref) return { answer: actionResponse('FAIL_CONTINUE', {}), queued: false };
  const now = deps.clock.now();
  const inserted = await deps.store.db
    .insertInto('crm_workflow_calls')
    .values({ provider: 'hubspot', callback_id: req.callbackId, tenant_id: tenantId, action, object_type: ref.type, object_id: ref.id, inputs: JSON.stringify(req.inputFields), status: 'pending', outputs: null, received_at: now, completed_at: null, last_error: null })
    .onConflict((oc) => oc.columns(['provider', 'callback_id']).doNothing())
    .returning('callback_id')
    .executeTakeFirst();
  if (!inserted) {
    const first = await deps.store.db.selectFrom('crm_workflow_calls').select(['status', 'outputs', 'tenant_id']).where('provider', '=', 'hubspot').where('callback_id', '=', req.callbackId).executeTakeFirstOrThrow();
    if (first.tenant_id !== tenantId) throw new VipCareError('FORBIDDEN', { detail: 'callback of another portal' });
    if (first.status === 'pending') return { answer: actionResponse('BLOCK', {}, 'P1D'), queued: true };
    const stored = (first.outputs ?? {}) as { state?: string; outputs?: Record<string, OutputValue> };
    return { answer: actionResponse(stored.state === 'FAIL_CONTINUE' ? 'FAIL_CONTINUE' : 'SUCCESS', stored.outputs ?? {}), queued: false };
  }
  const outcome = await performAction(deps, tenantId, action, req.callbackId, ref, req.inputFields);
  if (outcome.state === 'NEEDS_RECORD') return { answer: actionResponse('BLOCK', {}, 'P1D'), queued: true };
  await markDone(deps.store, req.callbackId, outcome, now);
  return { answer: actionResponse(outcome.state, outcome.outputs), queued: false };
}

async function markDone(store: Store, callbackId: string, outcome: Exclude<ActionOutcome, { state: 'NEEDS_RECORD' }>, now: Date): Promise<void> {
  await store.db
    .updateTable('crm_workflow_calls')
    .set({ status: outcome.state === 'SUCCESS' ? 'done' : 'failed', outputs: JSON.stringify({ state: outcome.state, outputs: outcome.outputs }), completed_at: now, last_error: null })
    .where('provider', '=', 'hubspot')
    .where('callback_id', '=', callbackId)
    .execute();
}

/**
 * Completes blocked executions of a tenant: the records are read from HubSpot and scored by the
 * caller first (`prepare`), then each action runs and its callback is completed. A completion
 * whose call fails stays pending for the next run; the work itself is keyed on the callbackId.
 */
export async function completeBlocked(
  deps: ActionDeps & { caller: Parameters<typeof completeCallback>[0]; prepare: (refs: CrmRef[]) => Promise<void> },
  tenantId: string,
): Promise<{ completed: number; failed: number }> {
  const pending = await deps.store.db.selectFrom('crm_workflow_calls').selectAll().where('tenant_id', '=', tenantId).where('provider', '=', 'hubspot').where('status', '=', 'pending').orderBy('received_at').limit(200).execute();
  if (pending.length === 0) return { completed: 0, failed: 0 };
  await deps.prepare(pending.map((p) => ({ type: p.object_type, id: p.object_id })));
  let completed = 0;
  let failed = 0;
  for (const p of pending) {
    const ref = { type: p.object_type, id: p.object_id };
    let outcome = await performAction(deps, tenantId, p.action as WorkflowAction, p.callback_id, ref, p.inputs);
    // The record does not exist in HubSpot (deleted meanwhile) or has nothing to score: let the workflow go on.
    if (outcome.state === 'NEEDS_RECORD') outcome = { state: 'FAIL_CONTINUE', outputs: {} };
    try {
      await completeCallback(deps.caller, p.callback_id, outcome.state, outcome.outputs);
      await markDone(deps.store, p.callback_id, outcome, deps.clock.now());
      completed++;
    } catch (error) {
      failed++;
      await deps.store.db
        .updateTable('crm_workflow_calls')
        .set((eb) => ({ attempts: eb('attempts', '+', 1), last_error: (error instanceof Error ? error.message : String(error)).slice(0, 300) }))
        .where('provider', '=', 'hubspot')
        .where('callback_id', '=', p.callback_id)
        .execute();
    }
  }
  return { completed, failed };
}

/** Options for the playbook input (the action definition's optionsUrl): the tenant's manual playbooks. */
export async function playbookOptions(store: Store, tenantId: string, locale: string): Promise<{ options: { label: string; value: string; description: string }[] }> {
  const active = await activeProgram(store.db, tenantId);
  const l = resolveLocale(locale);
  return {
    options: (active?.program.playbooks ?? [])
      .filter((p) => p.enabled && p.trigger.type === 'manual')
      .map((p) => ({ label: localized(p.name, l) || p.id, value: p.id, description: p.steps.map((s) => s.type).join(', ') })),
  };
}
