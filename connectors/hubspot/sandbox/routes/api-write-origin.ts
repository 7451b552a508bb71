/** API writes are changes by the calling app (`INTEGRATION`), published when the options say so. */
import type { Request } from 'express';
import { callerOf } from '../request-context.js';
import type { SandboxContext } from '../sandbox-context.js';
import type { WriteOrigin } from '../state/record-writer.js';

export function apiWriteOrigin(ctx: SandboxContext, req: Request): WriteOrigin {
  return { changeSource: 'INTEGRATION', appId: callerOf(req).appId, emitWebhooks: ctx.options.emitWebhooksForApiWrites };
}
