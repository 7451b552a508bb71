/** The portals (HubSpot accounts) a sandbox holds, by portal id. */
import { SandboxPortal, type PortalCreateInput, type PortalServices } from './portal.js';

export class PortalRegistry {
  private readonly portals = new Map<number, SandboxPortal>();

  constructor(private readonly services: PortalServices) {}

  create(input: PortalCreateInput): SandboxPortal {
    if (this.portals.has(input.portalId)) throw new Error(`portal ${input.portalId} already exists`);
    const portal = new SandboxPortal(input, this.services);
    this.portals.set(portal.portalId, portal);
    return portal;
  }

  get(portalId: number): SandboxPortal | undefined {
    return this.portals.get(portalId);
  }

  require(portalId: number): SandboxPortal {
    const portal = this.portals.get(portalId);
    if (!portal) throw new Error(`unknown portal ${portalId}`);
    return portal;
  }

  list(): SandboxPortal[] {
    return [...this.portals.values()];
  }
}
