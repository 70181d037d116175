import { Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { BusClient } from '@portcullis/bus';
import { AppError } from '@portcullis/common';
import { AuthPatterns, ErrorCode, Principal, SessionView } from '@portcullis/contracts';
import { CurrentPrincipal } from './current-principal.decorator';
import { ListSessionsQuery } from './dto/auth.dto';
import { PermissionChecker } from '../rbac/permission-checker';
import { RequirePermissions } from '../rbac/require-permissions.decorator';
import { ApiProblems, ApiReply, arrayOf } from '../docs/api-responses.decorator';
import { sessionExample } from '../docs/reply-examples';

/** Power to see everyone's sessions (DESIGN: "admin sees all"); within a key's scopes, as every `*:scope-all`. */
const SESSIONS_SCOPE_ALL = 'sessions:scope-all';

@Controller('auth/sessions')
export class SessionsController {
  constructor(
    private readonly bus: BusClient,
    private readonly permissions: PermissionChecker,
  ) {}

  /** Own sessions; with `?userId=`, another user's, for a caller holding sessions:scope-all (admins). */
  @Get()
  @RequirePermissions('sessions:read')
  @ApiReply(200, arrayOf('Session'), [sessionExample])
  async list(@Query() query: ListSessionsQuery, @CurrentPrincipal() principal: Principal): Promise<SessionView[]> {
    const userId = query.userId;
    if (userId === undefined || userId === principal.userId)
      return this.bus.call(AuthPatterns.listSessions, { principal });
    await this.permissions.assert(principal, [SESSIONS_SCOPE_ALL], 'GET /auth/sessions?userId');
    return this.bus.call(AuthPatterns.listSessions, { principal, userId });
  }

  /** Someone else's (or a malformed) session id is 404, same as a missing one: ids cannot be probed. */
  @Delete(':id')
  @RequirePermissions('sessions:write')
  @HttpCode(204)
  @ApiReply(204)
  @ApiProblems(ErrorCode.SESSION_NOT_FOUND)
  async revoke(
    @Param(
      'id',
      new ParseUUIDPipe({ exceptionFactory: () => new AppError(ErrorCode.SESSION_NOT_FOUND, 'Session not found') }),
    )
    id: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<void> {
    await this.bus.call(AuthPatterns.revokeSession, { principal, sessionId: id });
  }
}
