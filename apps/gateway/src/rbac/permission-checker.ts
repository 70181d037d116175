import { Injectable, Logger } from '@nestjs/common';
import { BusClient } from '@portcullis/bus';
import { AppError } from '@portcullis/common';
import { AuthPatterns, ErrorCode, MeReply, Principal } from '@portcullis/contracts';
import { UserViewCache } from '../auth/user-view.cache';

/** What a route demands; undefined = not declared. */
export interface RouteRequirements {
  permissions?: string[];
  capabilities?: string[];
}

const forbidden = (details?: Record<string, unknown>, detail = 'You do not have permission to do this') =>
  new AppError(ErrorCode.AUTH_FORBIDDEN, detail, details);

/**
 * Decides with the user's *current* roles and permissions (the cached user view, dropped on every
 * replica when the user app announces a change), not the roles frozen into the access token — so a
 * demotion takes effect within the broadcast's latency, not at token expiry. An API key's
 * permissions are its owner's current ones ∩ its scopes; an agent holds capabilities instead.
 */
@Injectable()
export class PermissionChecker {
  private readonly logger = new Logger('PermissionChecker');

  constructor(
    private readonly bus: BusClient,
    private readonly views: UserViewCache,
  ) {}

  /** The view of the principal's user (for an agent or a key: its owner). */
  view(principal: Principal): Promise<MeReply> {
    return this.views.get(principal.userId, () => this.bus.call(AuthPatterns.me, { principal }));
  }

  /** What the principal may do by permission: nothing for an agent. */
  async permissionsOf(principal: Principal): Promise<string[]> {
    if (principal.kind === 'agent') return [];
    const { permissions } = await this.view(principal);
    return principal.kind === 'api-key' ? permissions.filter((p) => principal.scopes.includes(p)) : permissions;
  }

  async assert(principal: Principal, required: string[] | undefined, route: string): Promise<void> {
    return this.authorize(principal, { permissions: required }, route);
  }

  /** Throws 403 unless the principal meets the route's requirements (a route that declares none is refused). */
  async authorize(
    principal: Principal,
    { permissions, capabilities }: RouteRequirements,
    route: string,
  ): Promise<void> {
    if (permissions === undefined && capabilities === undefined) {
      this.logger.error(`Route ${route} declares no permissions; refusing it`);
      throw forbidden();
    }
    if (principal.kind === 'agent') {
      if (capabilities === undefined) throw forbidden(undefined, 'Agents cannot use this route');
      const missing = capabilities.filter((c) => !principal.capabilities.includes(c));
      if (missing.length > 0)
        throw new AppError(
          ErrorCode.AGENT_CAPABILITY_DENIED,
          'The agent does not hold the capabilities this route needs',
          { missing },
        );
      return;
    }
    if (permissions === undefined) throw forbidden(undefined, 'Only agents can use this route');
    if (permissions.length === 0) return;
    const held = await this.permissionsOf(principal);
    const missing = permissions.filter((p) => !held.includes(p));
    if (missing.length > 0) throw forbidden({ missing });
  }

  async isAdmin(principal: Principal): Promise<boolean> {
    return (await this.view(principal)).roles.some((r) => r === 'admin' || r === 'super_admin');
  }
}
