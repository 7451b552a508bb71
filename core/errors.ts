/**
 * The small vocabulary of errors the product reports. Each code has a message in the i18n
 * catalogs (`errors.<CODE>`); `params` fill it in. Retry policy and HTTP status switch on the code.
 */
export const ERROR_CODES = {
  INVALID_INPUT: { http: 400 },
  NOT_FOUND: { http: 404 },
  TENANT_NOT_FOUND: { http: 404 },
  CUSTOMER_NOT_FOUND: { http: 404 },
  NO_PROGRAM: { http: 409 },
  INCREMENTAL_NOT_POSSIBLE: { http: 409 },
  SCORING_SUPERSEDED: { http: 409 },
  NOT_SCORED: { http: 409 },
  CONFLICT: { http: 409 },
  UNAUTHORIZED: { http: 401 },
  FORBIDDEN: { http: 403 },
  RATE_LIMITED: { http: 429 },
  TEMPORARY: { http: 503 },
  UNKNOWN: { http: 500 },
} as const;
export type ErrorCode = keyof typeof ERROR_CODES;

export class VipCareError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly params: Record<string, string | number | null> = {},
    options?: { cause?: unknown },
  ) {
    super(`${code} ${JSON.stringify(params)}`, options);
    this.name = 'VipCareError';
  }
}
