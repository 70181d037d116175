import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { BusClient } from '@portcullis/bus';
import { AppError } from '@portcullis/common';
import { ErrorCode, Page, Principal, RoleName, SecurityPatterns, UserDto, UserPatterns } from '@portcullis/contracts';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { PermissionChecker } from '../rbac/permission-checker';
import { RequirePermissions } from '../rbac/require-permissions.decorator';
import { AdminUpdateUserDto, ListUsersQuery } from './dto/admin.dto';
import { ApiProblems, ApiReply, pageOf } from '../docs/api-responses.decorator';
import { pageExample, userExample } from '../docs/reply-examples';

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
  @ApiReply(200, pageOf('User'), pageExample(userExample))
  list(@Query() query: ListUsersQuery): Promise<Page<UserDto>> {
    return this.bus.call(UserPatterns.list, { page: query.page, limit: query.limit, search: query.search });
  }

  @Get(':id')
  @RequirePermissions('users:read')
  @ApiReply(200, 'User', userExample)
  @ApiProblems(ErrorCode.USER_NOT_FOUND)
  get(@Param('id', userId) id: string): Promise<UserDto> {
    return this.bus.call(UserPatterns.findById, { id });
  }

  @Patch(':id')
  @RequirePermissions('users:write')
  @ApiReply(200, 'User', userExample)
  @ApiProblems(ErrorCode.USER_NOT_FOUND)
  async update(
    @Param('id', userId) id: string,
    @Body() body: AdminUpdateUserDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<UserDto> {
    return this.bus.call(UserPatterns.adminUpdate, { actor: await this.actorOf(principal), id, ...body });
  }

  @Delete(':id')
  @RequirePermissions('users:delete')
  @HttpCode(204)
  @ApiReply(204)
  @ApiProblems(ErrorCode.USER_NOT_FOUND)
  async remove(@Param('id', userId) id: string, @CurrentPrincipal() principal: Principal): Promise<void> {
    await this.bus.call(UserPatterns.adminDelete, { actor: await this.actorOf(principal), id });
  }

  @Post(':id/unlock')
  @RequirePermissions('users:unlock')
  @HttpCode(200)
  @ApiReply(200, 'Unlocked', { unlocked: true })
  @ApiProblems(ErrorCode.USER_NOT_FOUND)
  async unlock(@Param('id', userId) id: string): Promise<{ unlocked: boolean }> {
    const user = await this.bus.call(UserPatterns.findById, { id });
    // The security app appends auth.account.unlocked atomically with the unlock (one Redis MULTI).
    return this.bus.call(SecurityPatterns.unlockAccount, { email: user.email, userId: id });
  }

  /** The rank rules go by the acting person's roles: the token's for a user, the owner's current ones for an API key. */
  private async actorOf(principal: Principal): Promise<{ userId: string; roles: RoleName[] }> {
    const roles = principal.kind === 'user' ? principal.roles : (await this.permissions.view(principal)).roles;
    return { userId: principal.userId, roles };
  }
}
