import { Injectable, Logger } from '@nestjs/common';
import { BusClient } from '@portcullis/bus';
import { AppError } from '@portcullis/common';
import { AuthPatterns, ErrorCode, MeReply, Principal } from '@portcullis/contracts';
import { UserViewCache } from '../auth/user-view.cache';

/**
 * Decides with the user's *current* roles and permissions (the cached user view, dropped on every
 * replica when the user app announces a change), not the roles frozen into the access token — so a
 * demotion takes effect within the broadcast's latency, not at token expiry.
 */
@Injectable()
export class PermissionChecker {
  private readonly logger = new Logger('PermissionChecker');

  constructor(
    private readonly bus: BusClient,
    private readonly views: UserViewCache,
  ) {}

  view(principal: Principal): Promise<MeReply> {
    return this.views.get(principal.userId, () => this.bus.call(AuthPatterns.me, { principal }));
  }

  async assert(principal: Principal, required: string[] | undefined, route: string): Promise<void> {
    if (required === undefined) {
      this.logger.error(`Route ${route} declares no permissions; refusing it`);
      throw new AppError(ErrorCode.AUTH_FORBIDDEN, 'You do not have permission to do this');
    }
    if (required.length === 0) return;
    const { permissions } = await this.view(principal);
    const missing = required.filter((p) => !permissions.includes(p));
    if (missing.length > 0) throw new AppError(ErrorCode.AUTH_FORBIDDEN, 'You do not have permission to do this', { missing });
  }

  async isAdmin(principal: Principal): Promise<boolean> {
    return (await this.view(principal)).roles.some((r) => r === 'admin' || r === 'super_admin');
  }
}
