/** Turns thrown errors, malformed JSON and unknown routes into HubSpot-shaped answers. */
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { ZodError } from 'zod';
import { apiErrorBody, HubspotApiError, OauthError } from '../errors.js';
import { correlationIdOf } from '../request-context.js';

function bodyParserError(error: unknown): { type: string; message: string } | undefined {
  if (typeof error !== 'object' || error === null || !('type' in error) || typeof error.type !== 'string') return undefined;
  return { type: error.type, message: error instanceof Error ? error.message : String(error) };
}

export const unknownRoute: RequestHandler = (req, res) => {
  const error = new HubspotApiError(404, 'OBJECT_NOT_FOUND', `No ${req.method} endpoint at ${req.path} in the HubSpot sandbox.`);
  res.status(404).json(apiErrorBody(error, correlationIdOf(req)));
};

export const errorAnswers: ErrorRequestHandler = (error: unknown, req, res, _next) => {
  const correlationId = correlationIdOf(req);
  if (error instanceof OauthError) {
    res.status(error.httpStatus).json({ status: error.code, message: error.message, correlationId });
    return;
  }
  let answer: HubspotApiError;
  const parser = bodyParserError(error);
  if (error instanceof HubspotApiError) answer = error;
  else if (parser?.type === 'entity.parse.failed') answer = new HubspotApiError(400, 'VALIDATION_ERROR', `Invalid input JSON: ${parser.message}`);
  else if (parser?.type === 'entity.too.large') answer = new HubspotApiError(413, 'VALIDATION_ERROR', 'The request body is too large.');
  else if (error instanceof ZodError) answer = new HubspotApiError(400, 'VALIDATION_ERROR', `Invalid input: ${error.issues.map((i) => `/${i.path.join('/')} ${i.message}`).join('; ')}`);
  else answer = new HubspotApiError(500, 'INTERNAL_ERROR', 'internal error', { context: { reason: [error instanceof Error ? error.message : String(error)] } });
  res.status(answer.httpStatus).json(apiErrorBody(answer, correlationId));
};
