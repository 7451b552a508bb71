/**
 * Request bodies: first checked against HubSpot's OpenAPI schema (so a client sees the 400 the
 * live API would give), then parsed with zod into the shape the handler works with.
 */
import { z } from 'zod';
import { validationError } from '../errors.js';
import { requestBodyProblems, type HttpMethod } from '../openapi/openapi-validation.js';
import type { SpecName } from '../openapi/spec-documents.js';

export interface SpecOperation {
  spec: SpecName;
  method: HttpMethod;
  /** The path as the spec writes it, with real values for its parameters. */
  path: string;
}

export function parseBody<T extends z.ZodType>(operation: SpecOperation | null, body: unknown, schema: T, checkSpec: boolean): z.output<T> {
  if (operation && checkSpec) {
    const problems = requestBodyProblems(operation.spec, operation.method, operation.path, body ?? null);
    if (problems.length > 0) {
      const shown = problems.slice(0, 5);
      throw validationError(
        `Invalid input JSON: ${shown.map((p) => `${p.path} ${p.message}`).join('; ')}`,
        shown.map((p) => ({ message: p.message, in: p.path, code: 'INVALID_INPUT' })),
      );
    }
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 5);
    throw validationError(
      `Invalid input JSON: ${issues.map((i) => `/${i.path.join('/')} ${i.message}`).join('; ')}`,
      issues.map((i) => ({ message: i.message, in: `/${i.path.join('/')}`, code: 'INVALID_INPUT' })),
    );
  }
  return parsed.data;
}
