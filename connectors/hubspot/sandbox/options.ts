/**
 * The sandbox's options, checked with zod when the sandbox is created. Defaults follow HubSpot:
 * 30-minute access tokens, refresh tokens that stay valid, 100 calls per 10 s per app and portal.
 */
import { z } from 'zod';

const EpochOrIso = z.union([z.number().int(), z.iso.datetime({ offset: true }), z.date()]);

export const SandboxApp = z.object({
  appId: z.number().int().positive(),
  clientId: z.string().min(1),
  clientSecret: z.string().min(1),
  /** Registered redirect URIs; when absent, any http(s) URI is accepted. */
  redirectUris: z.array(z.url()).optional(),
  webhookTargetUrl: z.url().optional(),
});
export type SandboxApp = z.infer<typeof SandboxApp>;

const Clock = z.custom<() => number>((value) => typeof value === 'function', { message: 'expected a function returning epoch milliseconds' });

export const SandboxOptions = z.object({
  apps: z.array(SandboxApp).min(1),
  accessTokenTtlSeconds: z.number().int().positive().default(1800),
  rotateRefreshTokens: z.boolean().default(false),
  rateLimit: z
    .object({
      max: z.number().int().positive().default(100),
      intervalMs: z.number().int().positive().default(10_000),
      /**
       * Time source of the sliding window. It defaults to real time, not to `clock`: demos often
       * freeze the sandbox clock, and a frozen window would never reopen.
       */
      clock: Clock.optional(),
    })
    .prefault({}),
  /** Epoch milliseconds of the sandbox world: record times, token and code expiry, webhook times. */
  clock: Clock.optional(),
  /** Without `clock`: freeze the sandbox clock at this instant (move it with `control.advanceClock`). */
  now: EpochOrIso.optional(),
  webhookRetry: z
    .object({
      attempts: z.number().int().min(1).max(20).default(4),
      baseDelayMs: z.number().int().min(0).default(200),
      timeoutMs: z.number().int().positive().default(5000),
    })
    .prefault({}),
  emitWebhooksForApiWrites: z.boolean().default(true),
  /**
   * Time put in X-HubSpot-Request-Timestamp (and signed into v3). Defaults to the sandbox clock;
   * pass `Date.now` when the receiver checks the 5-minute window against real time (as the SDK's
   * Signature.isValid does) while the sandbox clock is frozen in the past.
   */
  webhookSigningClock: Clock.optional(),
  /** Check request bodies against HubSpot's OpenAPI specs (400 VALIDATION_ERROR when they fail). */
  validateRequests: z.boolean().default(true),
  /** Directory of HubSpot's OpenAPI documents (default `../shared/specs/hubspot`); without them nothing is checked. */
  specsDir: z.string().min(1).optional(),
});

export type SandboxOptionsInput = z.input<typeof SandboxOptions>;
export type ResolvedSandboxOptions = z.output<typeof SandboxOptions>;

export function parseSandboxOptions(input: SandboxOptionsInput): ResolvedSandboxOptions {
  const options = SandboxOptions.parse(input);
  const ids = new Set<number>();
  const clientIds = new Set<string>();
  for (const app of options.apps) {
    if (ids.has(app.appId)) throw new Error(`duplicate appId ${app.appId}`);
    if (clientIds.has(app.clientId)) throw new Error(`duplicate clientId ${app.clientId}`);
    ids.add(app.appId);
    clientIds.add(app.clientId);
  }
  return options;
}
