/**
 * Salesforce failures mapped to our error codes. jsforce raises `HttpApiError` with Salesforce's
 * `errorCode` (the REST error body is `[{message, errorCode, fields}]`) and drops the HTTP status,
 * so the code is what we switch on.
 * https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/errorcodes.htm
 */
import { VipCareError, type ErrorCode } from '../../core/errors.js';

export class SalesforceError extends VipCareError {
  constructor(
    code: ErrorCode,
    /** Salesforce's own code (`REQUEST_LIMIT_EXCEEDED`, `INVALID_SESSION_ID`...), or null for transport failures. */
    readonly sfCode: string | null,
    readonly detail: string,
    options?: { cause?: unknown },
  ) {
    super(code, { detail, what: detail, field: detail }, options);
    this.name = 'SalesforceError';
  }

  /** The org's 24-hour API allocation is used up: no retry helps before it recovers. */
  get dailyLimit(): boolean {
    return this.sfCode === 'REQUEST_LIMIT_EXCEEDED' && /TotalRequests/i.test(this.detail);
  }
}

const BY_SF_CODE: Record<string, ErrorCode> = {
  INVALID_SESSION_ID: 'UNAUTHORIZED',
  INVALID_AUTH_HEADER: 'UNAUTHORIZED',
  REQUEST_LIMIT_EXCEEDED: 'RATE_LIMITED',
  INSUFFICIENT_ACCESS: 'FORBIDDEN',
  INSUFFICIENT_ACCESS_OR_READONLY: 'FORBIDDEN',
  API_DISABLED_FOR_ORG: 'FORBIDDEN',
  API_CURRENTLY_DISABLED: 'FORBIDDEN',
  FUNCTIONALITY_NOT_ENABLED: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  ENTITY_IS_DELETED: 'NOT_FOUND',
  INVALID_CROSS_REFERENCE_KEY: 'NOT_FOUND',
  MALFORMED_QUERY: 'INVALID_INPUT',
  INVALID_FIELD: 'INVALID_INPUT',
  INVALID_TYPE: 'INVALID_INPUT',
  INVALID_QUERY_LOCATOR: 'INVALID_INPUT',
  JSON_PARSER_ERROR: 'INVALID_INPUT',
  INVALID_FIELD_FOR_INSERT_UPDATE: 'INVALID_INPUT',
  STRING_TOO_LONG: 'INVALID_INPUT',
  INVALID_TYPE_ON_FIELD_IN_RECORD: 'INVALID_INPUT',
  REQUIRED_FIELD_MISSING: 'INVALID_INPUT',
  FIELD_CUSTOM_VALIDATION_EXCEPTION: 'INVALID_INPUT',
  DUPLICATE_VALUE: 'CONFLICT',
  SERVER_UNAVAILABLE: 'TEMPORARY',
  UNABLE_TO_LOCK_ROW: 'TEMPORARY',
  UNKNOWN_EXCEPTION: 'TEMPORARY',
  QUERY_TIMEOUT: 'TEMPORARY',
};

export function codeForSalesforce(sfCode: string): ErrorCode {
  const known = BY_SF_CODE[sfCode];
  if (known) return known;
  const http = /^ERROR_HTTP_(\d{3})$/.exec(sfCode);
  if (http) {
    const status = Number(http[1]);
    if (status === 401) return 'UNAUTHORIZED';
    if (status === 403) return 'FORBIDDEN';
    if (status === 404) return 'NOT_FOUND';
    if (status === 429) return 'RATE_LIMITED';
    if (status >= 500) return 'TEMPORARY';
    if (status >= 400) return 'INVALID_INPUT';
  }
  return 'UNKNOWN';
}

const NETWORK = /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|EAI_AGAIN|ENOTFOUND|socket hang up/i;

export function toSalesforceError(error: unknown): SalesforceError {
  if (error instanceof SalesforceError) return error;
  if (error instanceof VipCareError) return new SalesforceError(error.code, null, error.message, { cause: error });
  const e = error as { errorCode?: unknown; name?: unknown; message?: unknown; code?: unknown } | null;
  const message = typeof e?.message === 'string' ? e.message.slice(0, 300) : 'unknown failure';
  if (typeof e?.errorCode === 'string' && e.errorCode !== 'Error') return new SalesforceError(codeForSalesforce(e.errorCode), e.errorCode, message, { cause: error });
  // jsforce wraps a failed session refresh in a plain Error.
  if (/Unable to refresh session/i.test(message)) return new SalesforceError('UNAUTHORIZED', 'INVALID_SESSION_ID', message, { cause: error });
  if ((typeof e?.code === 'string' && NETWORK.test(e.code)) || NETWORK.test(message) || e?.name === 'FetchError') return new SalesforceError('TEMPORARY', null, `network: ${message}`, { cause: error });
  return new SalesforceError('UNKNOWN', null, message, { cause: error });
}
