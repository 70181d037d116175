import { Injectable, Logger } from '@nestjs/common';
import { BusClient } from '@portcullis/bus';
import { andThen, AppError, MaybePromise } from '@portcullis/common';
import { AuthPatterns, ErrorCode, MeReply, Principal } from '@portcullis/contracts';
import { frozenView, UserViewCache } from '../auth/user-view.cache';

/** What a route demands; undefined = not declared. */
export interface RouteRequirements {
  permissions?: string[];
  capabilities?: string[];
}

/** The user's permissions as this credential may use them: none for an agent, a key's (or exchanged token's) within its scopes. */
function withinCeiling(principal: Principal, permissions: string[]): string[] {
  const ceiling = principal.kind === 'agent' ? [] : principal.scopes;
  return ceiling ? permissions.filter((p) => ceiling.includes(p)) : permissions;
}

const forbidden = (details?: Record<string, unknown>, detail = 'You do not have permission to do this') =>
  new AppError(ErrorCode.AUTH_FORBIDDEN, detail, details);

/**
 * Decides with the user's *current* roles and permissions (the cached user view, dropped on every
 * replica when the user app announces a change), not the roles frozen into the access token — so a
 * demotion takes effect within the broadcast's latency, not at token expiry. An API key's
 * permissions are its owner's current ones ∩ its scopes (so are those of a user token exchanged for a key,
 * which carries the scopes as its `scope` claim); an agent holds capabilities instead.
 */
@Injectable()
export class PermissionChecker {
  private readonly logger = new Logger('PermissionChecker');
  /**
   * A scoped credential's cut of its owner's view, with the view it was cut from. Every request of
   * a key shares one principal object (the strategies keep one per verification) and the owner's one
   * cached view, so they share one cut too, rather than filtering and copying per request; a changed
   * view (a demotion reaches the cache as a new object) is cut again.
   */
  private readonly cuts = new WeakMap<Principal, { of: MeReply; cut: MeReply }>();

  constructor(
    private readonly bus: BusClient,
    private readonly views: UserViewCache,
  ) {}

  /** The view of the principal's user (for an agent or a key: its owner). */
  view(principal: Principal): MaybePromise<MeReply> {
    return this.views.get(principal.userId, () => this.bus.call(AuthPatterns.me, { principal }));
  }

  /**
   * The view as this credential sees it (`GET /auth/me`: effective permissions): a key, or a token
   * exchanged for one, holds only its owner's permissions within its scopes. A user token without
   * scopes gets the cached view itself, no copy.
   */
  effectiveView(principal: Principal): MaybePromise<MeReply> {
    return andThen(this.view(principal), (view) => this.cut(principal, view));
  }

  private cut(principal: Principal, view: MeReply): MeReply {
    const known = this.cuts.get(principal);
    if (known?.of === view) return known.cut;
    const permissions = withinCeiling(principal, view.permissions);
    if (permissions === view.permissions) return view;
    const cut = frozenView({ ...view, permissions });
    this.cuts.set(principal, { of: view, cut });
    return cut;
  }

  /**
   * What the principal may do by permission: nothing for an agent. Synchronous (no promise) when the
   * user's view is cached, as it is on the hot path; so are `authorize` and `assert`.
   */
  permissionsOf(principal: Principal): MaybePromise<string[]> {
    if (principal.kind === 'agent') return [];
    return andThen(this.view(principal), (view) => this.cut(principal, view).permissions);
  }

  assert(principal: Principal, required: string[] | undefined, route: string): MaybePromise<void> {
    return this.authorize(principal, { permissions: required }, route);
  }

  /**
   * Throws 403 unless the principal meets the route's requirements (a route that declares none is
   * refused): synchronously when it can decide from memory, else as a rejected promise.
   */
  authorize(principal: Principal, { permissions, capabilities }: RouteRequirements, route: string): MaybePromise<void> {
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
    return andThen(this.permissionsOf(principal), (held) => {
      const missing = permissions.filter((p) => !held.includes(p));
      if (missing.length > 0) throw forbidden({ missing });
    });
  }

  async isAdmin(principal: Principal): Promise<boolean> {
    return (await this.view(principal)).roles.some((r) => r === 'admin' || r === 'super_admin');
  }
}
