/**
 * Query parameters as HubSpot reads them: list parameters may repeat (`properties=a&properties=b`,
 * what the SDK sends) or hold commas (`properties=a,b`); numbers and booleans are checked.
 */
import type { Request } from 'express';
import { validationError } from '../errors.js';

export function queryOf(req: Request): URLSearchParams {
  return new URL(req.originalUrl, 'http://sandbox.invalid').searchParams;
}

export function listParam(query: URLSearchParams, name: string): string[] | undefined {
  const raw = query.getAll(name);
  if (raw.length === 0) return undefined;
  return raw.flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
}

export function intParam(query: URLSearchParams, name: string, bounds: { default: number; min: number; max: number }): number {
  const raw = query.get(name);
  if (raw === null || raw === '') return bounds.default;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < bounds.min || n > bounds.max) {
    throw validationError(`${name} must be an integer from ${bounds.min} to ${bounds.max}, not ${raw}.`, [{ message: `invalid ${name}`, in: name }]);
  }
  return n;
}

export function boolParam(query: URLSearchParams, name: string, fallback: boolean): boolean {
  const raw = query.get(name);
  if (raw === null || raw === '') return fallback;
  if (raw !== 'true' && raw !== 'false') throw validationError(`${name} must be true or false, not ${raw}.`, [{ message: `invalid ${name}`, in: name }]);
  return raw === 'true';
}
