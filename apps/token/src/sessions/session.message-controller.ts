import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  CreateSessionReply,
  CreateSessionRequest,
  ListSessionsRequest,
  RevokeSessionRequest,
  RevokeUserSessionsReply,
  RevokeUserSessionsRequest,
  RotateRefreshReply,
  RotateRefreshRequest,
  SessionDto,
  SessionLiveReply,
  SessionLiveRequest,
  TokenPatterns,
} from '@portcullis/contracts';
import { CreateSessionUseCase } from './create-session.use-case';
import { ListSessionsUseCase } from './list-sessions.use-case';
import { RevokeSessionUseCase } from './revoke-session.use-case';
import { RevokeUserSessionsUseCase } from './revoke-user-sessions.use-case';
import { RotateRefreshUseCase } from './rotate-refresh.use-case';
import { SessionLivenessUseCase } from './session-liveness.use-case';

@Controller()
export class SessionMessageController {
  constructor(
    private readonly createSession: CreateSessionUseCase,
    private readonly rotateRefresh: RotateRefreshUseCase,
    private readonly revokeSession: RevokeSessionUseCase,
    private readonly revokeUserSessions: RevokeUserSessionsUseCase,
    private readonly listSessions: ListSessionsUseCase,
    private readonly liveness: SessionLivenessUseCase,
  ) {}

  @MessagePattern(TokenPatterns.sessionLive.pattern)
  live(@Payload() request: SessionLiveRequest): Promise<SessionLiveReply> {
    return this.liveness.execute(request);
  }

  @MessagePattern(TokenPatterns.createSession.pattern)
  create(@Payload() request: CreateSessionRequest): Promise<CreateSessionReply> {
    return this.createSession.execute(request);
  }

  @MessagePattern(TokenPatterns.rotateRefresh.pattern)
  rotate(@Payload() request: RotateRefreshRequest): Promise<RotateRefreshReply> {
    return this.rotateRefresh.execute(request);
  }

  @MessagePattern(TokenPatterns.revokeSession.pattern)
  revoke(@Payload() request: RevokeSessionRequest): Promise<void> {
    return this.revokeSession.execute(request);
  }

  @MessagePattern(TokenPatterns.revokeUserSessions.pattern)
  revokeAll(@Payload() request: RevokeUserSessionsRequest): Promise<RevokeUserSessionsReply> {
    return this.revokeUserSessions.execute(request);
  }

  @MessagePattern(TokenPatterns.listSessions.pattern)
  list(@Payload() request: ListSessionsRequest): Promise<SessionDto[]> {
    return this.listSessions.execute(request);
  }
}
