/**
 * Salesforce's error shapes. REST answers errors as a JSON array `[{ message, errorCode,
 * fields? }]`; a record inside a save result carries `{ statusCode, message, fields }`; the OAuth
 * endpoints answer `{ error, error_description }`.
 * https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/errorcodes.htm
 */
export interface RestErrorItem {
  message: string;
  errorCode: string;
  fields?: string[];
}

/** An error that ends a REST call with `status` and Salesforce's error array. */
export class SalesforceApiError extends Error {
  constructor(
    readonly httpStatus: number,
    readonly errorCode: string,
    message: string,
    readonly fields?: string[],
    /** Every error of the answer, when there is more than this one (a save with several problems). */
    private readonly items?: RestErrorItem[],
  ) {
    super(message);
    this.name = 'SalesforceApiError';
  }

  body(): RestErrorItem[] {
    return this.items ?? [{ message: this.message, errorCode: this.errorCode, ...(this.fields ? { fields: this.fields } : {}) }];
  }
}

/** The OAuth endpoints' errors: `{ error, error_description }`. */
export class OAuthError extends Error {
  constructor(
    readonly code: string,
    readonly description: string,
    readonly httpStatus = 400,
  ) {
    super(description);
    this.name = 'OAuthError';
  }
}

/** One error of one record in a save result (Collections, single-record DML, Bulk results). */
export interface SaveError {
  statusCode: string;
  message: string;
  fields: string[];
}

export const saveError = (statusCode: string, message: string, fields: string[] = []): SaveError => ({ statusCode, message, fields });

export const NOT_FOUND_MESSAGE = 'The requested resource does not exist';

export const notFound = (message = NOT_FOUND_MESSAGE): SalesforceApiError => new SalesforceApiError(404, 'NOT_FOUND', message);

export const SESSION_INVALID_MESSAGE = 'Session expired or invalid';

/** The message of the daily allocation refusal; clients recognise the daily limit by `TotalRequests`. */
export const TOTAL_REQUESTS_EXCEEDED = 'TotalRequests Limit exceeded.';
