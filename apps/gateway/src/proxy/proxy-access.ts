import { Injectable } from '@nestjs/common';
import { andThen, AppError, MaybePromise } from '@portcullis/common';
import { AgentPrincipal, ErrorCode, Principal } from '@portcullis/contracts';
import { CapabilityBudgets } from '../agents/budgets/capability-budgets';
import { ApiRecord, ApiRoute, SCOPE_ALL } from '../apis/api-record';
import { apiNotFound } from '../apis/api-errors';
import { PermissionChecker } from '../rbac/permission-checker';

export const PROXY_PERMISSION = 'proxy:use';

/**
 * Who is calling, for usage analytics: as the limits count it, so a token exchanged for an API key
 * (its `sid` is the key id) is that key.
 */
export function callerOf(principal: Principal): string {
  switch (principal.kind) {
    case 'agent':
      return `agent:${principal.agentId}`;
    case 'api-key':
      return `api-key:${principal.keyId}`;
    default:
      return principal.scopes ? `api-key:${principal.sessionId}` : `user:${principal.userId}`;
  }
}

/**
 * May this caller use this API, and this route of it? An API belongs to its owner, and so do the
 * owner's agents and API keys (admins with apis:scope-all may use any); anyone else gets the same
 * 404 as for an unknown id. Then: a user or key needs proxy:use plus the route's permission (a key
 * within its scopes); an agent needs the route's capability, and only routes that name one are
 * open to agents (agents hold capabilities, never permissions).
 */
@Injectable()
export class ProxyAccess {
  constructor(
    private readonly permissions: PermissionChecker,
    private readonly budgets: CapabilityBudgets,
  ) {}

  /**
   * The 404 of an unknown id for anyone the API is not theirs to use (its owner, and admins with
   * apis:scope-all; an agent only its person's). Synchronous when the view is cached.
   */
  owned(principal: Principal, api: ApiRecord): MaybePromise<void> {
    if (principal.kind === 'agent') return refuseStranger(api, principal.userId, NO_PERMISSIONS);
    return andThen(this.permissions.permissionsOf(principal), (held) => refuseStranger(api, principal.userId, held));
  }

  /** `check`, then `spend`: synchronous for a user or key whose owner's view is cached. */
  assert(principal: Principal, api: ApiRecord, route: ApiRoute | undefined): MaybePromise<void> {
    return andThen(this.check(principal, api, route), (capability) => this.spend(principal, capability));
  }

  /**
   * Throws the refusal; for an agent, answers the capability its call uses (to `spend` once the
   * limits have admitted the request), undefined for a user or key. Synchronous when the view is cached.
   */
  check(principal: Principal, api: ApiRecord, route: ApiRoute | undefined): MaybePromise<string | undefined> {
    if (principal.kind === 'agent') return this.assertAgent(principal, api, route);
    return andThen(this.permissions.permissionsOf(principal), (held) => {
      refuseStranger(api, principal.userId, held);
      const missing = [PROXY_PERMISSION, ...(route?.permission ? [route.permission] : [])].filter(
        (p) => !held.includes(p),
      );
      if (missing.length)
        throw new AppError(ErrorCode.AUTH_FORBIDDEN, 'You do not have permission to do this', { missing });
      return undefined;
    });
  }

  /** An agent's use of `capability` (from `check`), against its budgets; nothing for a user or key. */
  spend(principal: Principal, capability: string | undefined): MaybePromise<void> {
    if (principal.kind !== 'agent' || capability === undefined) return;
    return this.spendBudget(principal.agentId, capability);
  }

  /**
   * One use of a budgeted capability, counted against the agent and every ancestor in one atomic
   * step; an unbudgeted one is allowed (and logged as a use).
   */
  private async spendBudget(agentId: string, capability: string): Promise<void> {
    const use = await this.budgets.consume(agentId, capability);
    if (use.allowed) return;
    throw new AppError(ErrorCode.AGENT_CAPABILITY_DENIED, 'The agent has used up its budget for this capability', {
      denied: [{ capability, reason: use.reason }],
      ...(use.retryAfterSeconds !== undefined ? { retryAfterSeconds: use.retryAfterSeconds } : {}),
    });
  }

  private assertAgent(agent: AgentPrincipal, api: ApiRecord, route: ApiRoute | undefined): string {
    refuseStranger(api, agent.userId, NO_PERMISSIONS);
    if (!route?.capability)
      throw new AppError(ErrorCode.AUTH_FORBIDDEN, 'Agents may only call routes that name a capability');
    if (!agent.capabilities.includes(route.capability)) {
      // On the agent's record, as at verify: its decisions, agent.capability.denied.
      this.budgets.recordDenial(agent.agentId, route.capability);
      throw new AppError(ErrorCode.AGENT_CAPABILITY_DENIED, 'The agent does not hold the capability this route needs', {
        missing: [route.capability],
      });
    }
    return route.capability;
  }
}

/** What an agent holds of permissions: none (it holds capabilities). */
const NO_PERMISSIONS: readonly string[] = [];

/** The 404 of an unknown id, unless the API is `userId`'s or `held` has apis:scope-all (agents hold no permissions). */
function refuseStranger(api: ApiRecord, userId: string, held: readonly string[]): void {
  if (api.ownerId !== userId && !held.includes(SCOPE_ALL)) throw apiNotFound();
}
