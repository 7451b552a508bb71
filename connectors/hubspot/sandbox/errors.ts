/**
 * HubSpot's error shapes. API errors: `{ status: 'error', message, correlationId, category,
 * errors?, context? }`; per-input errors inside 207 batch answers: StandardError (with `links`);
 * the OAuth token endpoint: `{ status: 'BAD_AUTH_CODE' | ..., message }`.
 * https://developers.hubspot.com/docs/api/error-handling
 */
export interface ErrorDetail {
  message: string;
  in?: string;
  code?: string;
  subCategory?: string;
  context?: Record<string, string[]>;
}

export interface ErrorExtras {
  errors?: ErrorDetail[];
  context?: Record<string, string[]>;
}

export class HubspotApiError extends Error {
  constructor(
    readonly httpStatus: number,
    readonly category: string,
    message: string,
    readonly extras: ErrorExtras = {},
  ) {
    super(message);
    this.name = 'HubspotApiError';
  }
}

/** The token endpoint's errors carry their code in `status`, not a category. */
export class OauthError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly httpStatus = 400,
  ) {
    super(message);
    this.name = 'OauthError';
  }
}

export interface ApiErrorBody {
  status: 'error';
  message: string;
  correlationId: string;
  category: string;
  errors?: ErrorDetail[];
  context?: Record<string, string[]>;
}

export function apiErrorBody(error: HubspotApiError, correlationId: string): ApiErrorBody {
  return {
    status: 'error',
    message: error.message,
    correlationId,
    category: error.category,
    ...(error.extras.errors ? { errors: error.extras.errors } : {}),
    ...(error.extras.context ? { context: error.extras.context } : {}),
  };
}

/** One failed input of a batch call (HubSpot's StandardError). */
export interface BatchInputError {
  status: 'error';
  category: string;
  message: string;
  context: Record<string, string[]>;
  errors: ErrorDetail[];
  links: Record<string, string>;
}

export function batchInputError(category: string, message: string, context: Record<string, string[]>, errors: ErrorDetail[] = []): BatchInputError {
  return { status: 'error', category, message, context, errors, links: {} };
}

export const validationError = (message: string, errors?: ErrorDetail[], context?: Record<string, string[]>): HubspotApiError =>
  new HubspotApiError(400, 'VALIDATION_ERROR', message, { ...(errors ? { errors } : {}), ...(context ? { context } : {}) });

export const notFoundError = (message: string, context?: Record<string, string[]>): HubspotApiError =>
  new HubspotApiError(404, 'OBJECT_NOT_FOUND', message, context ? { context } : {});
