/** The developer apps the sandbox knows (client credentials, redirect URIs, webhook targets). */
import type { SandboxApp } from './options.js';

export class AppDirectory {
  private readonly byAppId = new Map<number, SandboxApp>();
  private readonly byClient = new Map<string, SandboxApp>();

  constructor(apps: readonly SandboxApp[]) {
    for (const app of apps) {
      this.byAppId.set(app.appId, app);
      this.byClient.set(app.clientId, app);
    }
  }

  byId(appId: number): SandboxApp | undefined {
    return this.byAppId.get(appId);
  }

  require(appId: number): SandboxApp {
    const app = this.byAppId.get(appId);
    if (!app) throw new Error(`unknown app ${appId}`);
    return app;
  }

  byClientId(clientId: string): SandboxApp | undefined {
    return this.byClient.get(clientId);
  }
}
