import { Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe } from '@nestjs/common';
import { BusClient } from '@portcullis/bus';
import { AppError } from '@portcullis/common';
import { AuthPatterns, ErrorCode, Principal, SessionView } from '@portcullis/contracts';
import { CurrentPrincipal } from './current-principal.decorator';
import { RequirePermissions } from '../rbac/require-permissions.decorator';
import { ApiProblems, ApiReply, arrayOf } from '../docs/api-responses.decorator';
import { sessionExample } from '../docs/reply-examples';

@Controller('auth/sessions')
export class SessionsController {
  constructor(private readonly bus: BusClient) {}

  @Get()
  @RequirePermissions('sessions:read')
  @ApiReply(200, arrayOf('Session'), [sessionExample])
  list(@CurrentPrincipal() principal: Principal): Promise<SessionView[]> {
    return this.bus.call(AuthPatterns.listSessions, { principal });
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
