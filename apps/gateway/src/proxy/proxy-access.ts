import { Injectable } from '@nestjs/common';
import { AppError } from '@portcullis/common';
import { ErrorCode, Principal } from '@portcullis/contracts';
import { ApiRecord, ApiRoute } from '../apis/api-record';
import { apiNotFound } from '../apis/api-errors';
import { SCOPE_ALL } from '../apis/api-record';
import { PermissionChecker } from '../rbac/permission-checker';

export const PROXY_PERMISSION = 'proxy:use';

/** Who is calling, for usage analytics. */
export function callerOf(principal: Principal): string {
  return `user:${principal.userId}`;
}

/**
 * May this caller use this API, and this route of it? An API is its owner's (admins with
 * apis:scope-all may use any): anyone else gets the same 404 as for an unknown id. Then the route's
 * permission, on top of proxy:use.
 */
@Injectable()
export class ProxyAccess {
  constructor(private readonly permissions: PermissionChecker) {}

  async assert(principal: Principal, api: ApiRecord, route: ApiRoute | undefined): Promise<void> {
    const { permissions } = await this.permissions.view(principal);
    if (api.ownerId !== principal.userId && !permissions.includes(SCOPE_ALL)) throw apiNotFound();
    const required = [PROXY_PERMISSION, ...(route?.permission ? [route.permission] : [])];
    const missing = required.filter((p) => !permissions.includes(p));
    if (missing.length)
      throw new AppError(ErrorCode.AUTH_FORBIDDEN, 'You do not have permission to do this', { missing });
    if (route?.capability) {
      // Only an agent token carries capabilities; a user or key calling a capability route is refused.
      throw new AppError(ErrorCode.AGENT_CAPABILITY_DENIED, `This route needs the capability ${route.capability}`, {
        capability: route.capability,
      });
    }
  }
}
