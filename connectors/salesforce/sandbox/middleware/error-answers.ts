/**
 * Turns thrown errors, malformed bodies and unknown routes into Salesforce-shaped answers: REST
 * errors as `[{ message, errorCode }]`, OAuth errors as `{ error, error_description }`.
 */
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { ZodError } from 'zod';
import { notFound, OAuthError, SalesforceApiError } from '../errors.js';

function bodyParserError(error: unknown): { type: string; message: string } | undefined {
  if (typeof error !== 'object' || error === null || !('type' in error) || typeof error.type !== 'string') return undefined;
  return { type: error.type, message: error instanceof Error ? error.message : String(error) };
}

export const unknownRoute: RequestHandler = (_req, res) => {
  res.status(404).json(notFound().body());
};

export const errorAnswers: ErrorRequestHandler = (error: unknown, _req, res, _next) => {
  if (error instanceof OAuthError) {
    res.status(error.httpStatus).json({ error: error.code, error_description: error.description });
    return;
  }
  let answer: SalesforceApiError;
  const parser = bodyParserError(error);
  if (error instanceof SalesforceApiError) answer = error;
  else if (parser?.type === 'entity.parse.failed') answer = new SalesforceApiError(400, 'JSON_PARSER_ERROR', `The request body is not valid JSON: ${parser.message}`);
  else if (parser?.type === 'entity.too.large') answer = new SalesforceApiError(413, 'REQUEST_TOO_LARGE', 'The request body is too large.');
  else if (error instanceof ZodError) answer = new SalesforceApiError(400, 'JSON_PARSER_ERROR', error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '));
  else answer = new SalesforceApiError(500, 'UNKNOWN_EXCEPTION', `An unexpected error occurred: ${error instanceof Error ? error.message : String(error)}`);
  res.status(answer.httpStatus).json(answer.body());
};
