/** The HubSpot connector's public surface: the host imports from here only. */
export { HubspotConnector, type HubspotConnectorOptions } from './connector.js';
export { HubspotSettingsSchema, type HubspotSettings, REF_TYPES as HUBSPOT_REF_TYPES, VIP_PROPERTIES as HUBSPOT_VIP_PROPERTIES, TASK_ID_PROPERTY as HUBSPOT_TASK_ID_PROPERTY, OBJECT_TYPE_IDS as HUBSPOT_OBJECT_TYPE_IDS } from './config.js';
export type { AccessTokenSource, UsageSink, UsageEvent, ReportedBudget } from './api-caller.js';
export { HubspotApiCaller } from './api-caller.js';
export { SlidingWindowLimiter, type RateLimit, type LimiterClock } from './rate-limiter.js';
export { HubspotError, toHubspotError } from './errors.js';
export { authorizeUrl, exchangeCode, isRefreshRejected, refreshTokens, revokeRefreshToken, tokenInfo, type HubspotApp, type TokenInfo, type TokenSet } from './oauth.js';
export { MAX_SIGNATURE_AGE_MS, signV1, signV2, signV3, verifyHubspotSignature, type SignatureCheck, type SignedRequest } from './signatures.js';
export { eventKey, HubspotEventBatchSchema, HubspotEventSchema, interpretEvent, type EventMeaning, type HubspotEvent } from './webhook-events.js';
export { actionRecord, actionResponse, completeCallback, WorkflowActionRequestSchema, type ExecutionState, type OutputValue, type WorkflowActionRequest } from './workflow-actions.js';
