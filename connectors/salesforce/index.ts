/** The Salesforce connector's public surface: the host imports from here only. */
export { SalesforceConnector, type SalesforceConnectorOptions } from './connector.js';
export { SalesforceSettingsSchema, type SalesforceSettings, VIP_FIELDS as SALESFORCE_VIP_FIELDS, TASK_ID_FIELD as SALESFORCE_TASK_ID_FIELD, DEFAULT_API_VERSION as SALESFORCE_API_VERSION } from './config.js';
export { SalesforceApiCaller, type SessionSource, type CallerClock } from './api-caller.js';
export { SalesforceError, toSalesforceError } from './errors.js';
export { authorizeUrl, exchangeCode, identityOf, isRefreshRejected, jwtAssertion, jwtSession, refreshSession, revokeToken, type SalesforceApp, type SalesforceSession } from './oauth.js';
export { outboundAck, parseOutboundMessage, type OutboundMessage, type OutboundNotification } from './outbound-messages.js';
