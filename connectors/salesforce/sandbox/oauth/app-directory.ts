/** The connected apps (External Client Apps) the sandbox knows, by consumer key. */
import type { SandboxApp } from '../options.js';

export class AppDirectory {
  private readonly byClientId = new Map<string, SandboxApp>();

  constructor(apps: readonly SandboxApp[]) {
    for (const app of apps) {
      if (this.byClientId.has(app.clientId)) throw new Error(`duplicate clientId ${app.clientId}`);
      this.byClientId.set(app.clientId, app);
    }
  }

  get(clientId: string): SandboxApp | undefined {
    return this.byClientId.get(clientId);
  }

  require(clientId: string): SandboxApp {
    const app = this.byClientId.get(clientId);
    if (!app) throw new Error(`unknown clientId ${clientId}`);
    return app;
  }
}
