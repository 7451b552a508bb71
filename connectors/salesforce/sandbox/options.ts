/**
 * The sandbox's options, checked with zod when the sandbox is created. Defaults follow a
 * Developer Edition org: 2-hour sessions, 15,000 API calls a day, 2,000-record query batches.
 */
import { z } from 'zod';

const EpochOrIso = z.union([z.number().int(), z.iso.datetime({ offset: true }), z.date()]);
const Clock = z.custom<() => number>((value) => typeof value === 'function', { message: 'expected a function returning epoch milliseconds' });

export const SandboxApp = z.object({
  /** Consumer key. */
  clientId: z.string().min(1),
  clientSecret: z.string().min(1),
  /** Callback URLs; when absent, any http(s) URL is accepted. */
  redirectUris: z.array(z.url()).optional(),
  /** PEM public key or X.509 certificate that verifies JWT bearer assertions. */
  jwtPublicKeyPem: z.string().optional(),
});
export type SandboxApp = z.infer<typeof SandboxApp>;

export const SandboxOptions = z.object({
  apps: z.array(SandboxApp).min(1),
  /** Session timeout: a session unused this long is invalid (INVALID_SESSION_ID). */
  sessionTtlSeconds: z.number().int().positive().default(7200),
  /** API requests per org per rolling 24 hours. */
  dailyApiLimit: z.number().int().positive().default(15_000),
  /** Epoch milliseconds of the sandbox world: record times, session expiry. */
  clock: Clock.optional(),
  /** Without `clock`: freeze the sandbox clock at this instant (move it with `control.advanceClock`). */
  now: EpochOrIso.optional(),
  /** Records per query batch when the client sends no `Sforce-Query-Options: batchSize`. */
  queryBatchSize: z.number().int().min(1).max(2000).default(2000),
  /** Real milliseconds a Bulk API 2.0 job stays InProgress before it completes. */
  bulkPollDelayMs: z.number().int().min(0).default(0),
  /**
   * Rows per Bulk API 2.0 query results page when the client sends no `maxRecords`. Absent:
   * every row in one page, as Salesforce answers results that fit its size limit.
   */
  bulkResultsPageSize: z.number().int().min(1).optional(),
  outboundRetry: z
    .object({
      attempts: z.number().int().min(1).max(50).default(5),
      baseDelayMs: z.number().int().min(0).default(500),
      /** Backoff doubles up to this (Salesforce: 2 hours). */
      maxDelayMs: z.number().int().min(0).default(7_200_000),
      timeoutMs: z.number().int().positive().default(60_000),
    })
    .prefault({}),
  /** Also send outbound messages for records the API writes (a client's own writes), not only for `control` changes. */
  outboundForApiWrites: z.boolean().default(false),
  /**
   * Time the JWT bearer `exp` claim is checked against. Defaults to real time, not the sandbox
   * clock: clients sign assertions with their own clock, and demos often freeze the sandbox's.
   */
  assertionClock: Clock.optional(),
  /** The URL outbound messages name as EnterpriseUrl/PartnerUrl; startSalesforceSandbox sets it. */
  publicUrl: z.url().optional(),
});

export type SandboxOptionsInput = z.input<typeof SandboxOptions>;
export type ResolvedSandboxOptions = z.output<typeof SandboxOptions>;

export function parseSandboxOptions(input: SandboxOptionsInput): ResolvedSandboxOptions {
  return SandboxOptions.parse(input);
}
