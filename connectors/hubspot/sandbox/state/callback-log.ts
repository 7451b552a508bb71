/**
 * Completions of custom workflow action callbacks, kept so tests can see what a client reported.
 * https://developers.hubspot.com/docs/api/automation/custom-workflow-actions#asynchronous-custom-action-execution
 */
export interface CallbackCompletion {
  portalId: number;
  appId: number;
  callbackId: string;
  outputFields: Record<string, string>;
  failureReasonType?: string;
  completedAt: number;
}

export class CallbackLog {
  private readonly completions: CallbackCompletion[] = [];

  record(completion: CallbackCompletion): void {
    this.completions.push(completion);
  }

  list(): readonly CallbackCompletion[] {
    return this.completions;
  }

  clear(): void {
    this.completions.length = 0;
  }
}
