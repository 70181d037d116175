import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { BusClient } from '@portcullis/bus';
import { AppError, domainEvent } from '@portcullis/common';
import {
  ErrorCode,
  Events,
  Page,
  Principal,
  RequestMeta,
  RoleName,
  SecurityPatterns,
  UserDto,
  UserPatterns,
} from '@portcullis/contracts';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { Meta } from '../http/request-meta.decorator';
import { PermissionChecker } from '../rbac/permission-checker';
import { RequirePermissions } from '../rbac/require-permissions.decorator';
import { AdminUpdateUserDto, ListUsersQuery } from './dto/admin.dto';

const userId = new ParseUUIDPipe({ exceptionFactory: () => new AppError(ErrorCode.USER_NOT_FOUND, 'User not found') });

/** Admin user management. Rank rules (no granting above your own role) are enforced by the user app. */
@Controller('admin/users')
export class AdminUsersController {
  constructor(
    private readonly bus: BusClient,
    private readonly permissions: PermissionChecker,
  ) {}

  @Get()
  @RequirePermissions('users:read')
  list(@Query() query: ListUsersQuery): Promise<Page<UserDto>> {
    return this.bus.call(UserPatterns.list, { page: query.page, limit: query.limit, search: query.search });
  }

  @Get(':id')
  @RequirePermissions('users:read')
  get(@Param('id', userId) id: string): Promise<UserDto> {
    return this.bus.call(UserPatterns.findById, { id });
  }

  @Patch(':id')
  @RequirePermissions('users:write')
  async update(
    @Param('id', userId) id: string,
    @Body() body: AdminUpdateUserDto,
    @CurrentPrincipal() principal: Principal,
    @Meta() meta: RequestMeta,
  ): Promise<UserDto> {
    return this.bus.call(UserPatterns.adminUpdate, { actor: await this.actorOf(principal), id, ...body, meta });
  }

  @Delete(':id')
  @RequirePermissions('users:delete')
  @HttpCode(204)
  async remove(
    @Param('id', userId) id: string,
    @CurrentPrincipal() principal: Principal,
    @Meta() meta: RequestMeta,
  ): Promise<void> {
    await this.bus.call(UserPatterns.adminDelete, { actor: await this.actorOf(principal), id, meta });
  }

  @Post(':id/unlock')
  @RequirePermissions('users:unlock')
  @HttpCode(200)
  async unlock(
    @Param('id', userId) id: string,
    @CurrentPrincipal() principal: Principal,
    @Meta() meta: RequestMeta,
  ): Promise<{ unlocked: boolean }> {
    const user = await this.bus.call(UserPatterns.findById, { id });
    // The security app appends the event atomically with the unlock (one Redis MULTI).
    const announce = domainEvent(Events.accountUnlocked, {
      subject: { type: 'user', id },
      actor: { type: 'user', id: principal.userId },
      data: {},
      meta,
    });
    return this.bus.call(SecurityPatterns.unlockAccount, { email: user.email, announce });
  }

  /** The rank rules go by the acting person's roles: the token's for a user, the owner's current ones for an API key. */
  private async actorOf(principal: Principal): Promise<{ userId: string; roles: RoleName[] }> {
    const roles = principal.kind === 'user' ? principal.roles : (await this.permissions.view(principal)).roles;
    return { userId: principal.userId, roles };
  }
}
