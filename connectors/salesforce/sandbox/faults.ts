/**
 * Injected faults: answers served before normal handling, in the order injected, to test how a
 * client copes with Salesforce refusing or failing: 403 REQUEST_LIMIT_EXCEEDED, 401
 * INVALID_SESSION_ID, 500 UNKNOWN_EXCEPTION, 502/503/504 SERVER_UNAVAILABLE. A fault with a
 * `pathPattern` (a regular expression tested against the path and "METHOD path") only hits
 * matching requests.
 */
import { z } from 'zod';
import { InjectedFaults } from '../../sandbox-support/injected-faults.js';
import { SESSION_INVALID_MESSAGE, TOTAL_REQUESTS_EXCEEDED } from './errors.js';

const FAULT_CODES = ['REQUEST_LIMIT_EXCEEDED', 'INVALID_SESSION_ID', 'UNKNOWN_EXCEPTION', 'SERVER_UNAVAILABLE'] as const;
type FaultCode = (typeof FAULT_CODES)[number];
type FaultStatus = 401 | 403 | 500 | 502 | 503 | 504;

export const FaultSpec = z
  .object({
    errorCode: z.enum(FAULT_CODES).optional(),
    status: z.union([z.literal(401), z.literal(403), z.literal(500), z.literal(502), z.literal(503), z.literal(504)]).optional(),
    count: z.number().int().positive().default(1),
    pathPattern: z.union([z.string().min(1), z.instanceof(RegExp)]).optional(),
    message: z.string().min(1).optional(),
  })
  .refine((spec) => spec.errorCode !== undefined || spec.status !== undefined, { message: 'give errorCode or status' });
export type FaultSpecInput = z.input<typeof FaultSpec>;

const STATUS_OF: Record<FaultCode, FaultStatus> = { REQUEST_LIMIT_EXCEEDED: 403, INVALID_SESSION_ID: 401, UNKNOWN_EXCEPTION: 500, SERVER_UNAVAILABLE: 503 };
const CODE_OF: Record<FaultStatus, FaultCode> = { 401: 'INVALID_SESSION_ID', 403: 'REQUEST_LIMIT_EXCEEDED', 500: 'UNKNOWN_EXCEPTION', 502: 'SERVER_UNAVAILABLE', 503: 'SERVER_UNAVAILABLE', 504: 'SERVER_UNAVAILABLE' };
const MESSAGES: Record<FaultCode, string> = {
  REQUEST_LIMIT_EXCEEDED: TOTAL_REQUESTS_EXCEEDED,
  INVALID_SESSION_ID: SESSION_INVALID_MESSAGE,
  UNKNOWN_EXCEPTION: 'An unexpected error occurred. Please include this ErrorId if you contact support: 1234567890-12345 (-1234567890)',
  SERVER_UNAVAILABLE: 'Server temporarily unavailable. Please try again later.',
};

export interface Fault {
  status: FaultStatus;
  errorCode: FaultCode;
  message: string;
}

/** Salesforce's faults: a status with its error code and message. */
export class FaultQueue extends InjectedFaults<Fault> {
  add(specs: FaultSpecInput | FaultSpecInput[]): void {
    for (const raw of Array.isArray(specs) ? specs : [specs]) {
      const spec = FaultSpec.parse(raw);
      const errorCode = spec.errorCode ?? CODE_OF[spec.status as FaultStatus];
      this.push(spec, { status: spec.status ?? STATUS_OF[errorCode], errorCode, message: spec.message ?? MESSAGES[errorCode] });
    }
  }
}
