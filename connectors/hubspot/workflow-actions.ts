/**
 * Custom workflow actions: the execution request HubSpot posts to our action URL, the answer it
 * expects, and completing a blocked action later through the callbacks API.
 * https://developers.hubspot.com/docs/api/automation/custom-workflow-actions
 */
import { z } from 'zod';
import type { HubspotApiCaller } from './api-caller.js';
import { REF_TYPES } from './config.js';
import type { CrmRef } from '../../core/ports/crm-connector.js';

export const WorkflowActionRequestSchema = z.object({
  callbackId: z.string().min(1).max(200),
  origin: z.object({
    portalId: z.union([z.number(), z.string()]).transform(String),
    actionDefinitionId: z.union([z.number(), z.string()]).optional(),
    actionDefinitionVersion: z.union([z.number(), z.string()]).optional(),
  }).loose(),
  context: z.object({ source: z.string().optional(), workflowId: z.union([z.number(), z.string()]).optional() }).loose().optional(),
  object: z.object({ objectId: z.union([z.number(), z.string()]).transform(String), objectType: z.string() }).loose(),
  inputFields: z.record(z.string(), z.unknown()).default({}),
}).loose();
export type WorkflowActionRequest = z.infer<typeof WorkflowActionRequestSchema>;

export type ExecutionState = 'SUCCESS' | 'FAIL_CONTINUE' | 'BLOCK';

export type OutputValue = string | number | boolean;

/** The synchronous answer; BLOCK holds the workflow until we complete the callback (default expiry 1 week). */
export function actionResponse(state: ExecutionState, outputs: Record<string, OutputValue>, expiration?: string): { outputFields: Record<string, OutputValue> } {
  return { outputFields: { ...outputs, hs_execution_state: state, ...(state === 'BLOCK' && expiration ? { hs_expiration_duration: expiration } : {}) } };
}

/** The record an action runs on, as our ref. */
export function actionRecord(req: WorkflowActionRequest): CrmRef | null {
  const t = req.object.objectType.toUpperCase();
  if (t === 'CONTACT') return { type: REF_TYPES.contacts, id: req.object.objectId };
  if (t === 'COMPANY') return { type: REF_TYPES.companies, id: req.object.objectId };
  return null;
}

/** https://developers.hubspot.com/docs/api-reference/automation-actions-v4-v4/callbacks/post-automation-v4-actions-callbacks-callbackId-complete */
export async function completeCallback(caller: HubspotApiCaller, callbackId: string, state: Exclude<ExecutionState, 'BLOCK'>, outputs: Record<string, OutputValue>): Promise<void> {
  const outputFields: Record<string, string> = { hs_execution_state: state };
  for (const [k, v] of Object.entries(outputs)) outputFields[k] = String(v);
  await caller.call('complete workflow callback', (c) => c.automation.actions.callbacksApi.completeWithHttpInfo(callbackId, { outputFields }));
}
