import { Injectable } from '@nestjs/common';
import { AppError } from '@portcullis/common';
import { ErrorCode, Principal } from '@portcullis/contracts';
import { ApiRecord, ApiRoute, SCOPE_ALL } from '../apis/api-record';
import { apiNotFound } from '../apis/api-errors';
import { PermissionChecker } from '../rbac/permission-checker';

export const PROXY_PERMISSION = 'proxy:use';

/** Who is calling, for usage analytics. */
export function callerOf(principal: Principal): string {
  switch (principal.kind) {
    case 'agent':
      return `agent:${principal.agentId}`;
    case 'api-key':
      return `api-key:${principal.keyId}`;
    default:
      return `user:${principal.userId}`;
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
  constructor(private readonly permissions: PermissionChecker) {}

  async assert(principal: Principal, api: ApiRecord, route: ApiRoute | undefined): Promise<void> {
    if (principal.kind === 'agent') return this.assertAgent(principal.userId, principal.capabilities, api, route);
    const held = await this.permissions.permissionsOf(principal);
    if (api.ownerId !== principal.userId && !held.includes(SCOPE_ALL)) throw apiNotFound();
    const missing = [PROXY_PERMISSION, ...(route?.permission ? [route.permission] : [])].filter(
      (p) => !held.includes(p),
    );
    if (missing.length)
      throw new AppError(ErrorCode.AUTH_FORBIDDEN, 'You do not have permission to do this', { missing });
  }

  private assertAgent(userId: string, capabilities: string[], api: ApiRecord, route: ApiRoute | undefined): void {
    if (api.ownerId !== userId) throw apiNotFound();
    if (!route?.capability)
      throw new AppError(ErrorCode.AUTH_FORBIDDEN, 'Agents may only call routes that name a capability');
    if (!capabilities.includes(route.capability)) {
      throw new AppError(ErrorCode.AGENT_CAPABILITY_DENIED, 'The agent does not hold the capability this route needs', {
        missing: [route.capability],
      });
    }
  }
}
