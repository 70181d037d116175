import { Provider } from '@nestjs/common';
import { CreateSessionUseCase } from './create-session.use-case';
import { ListSessionsUseCase } from './list-sessions.use-case';
import { RedisSuccessorStash } from './redis-successor-stash';
import { RefreshTokenFactory } from './refresh-token.factory';
import { RevokeReusedFamilyUseCase } from './revoke-reused-family.use-case';
import { RevokeSessionUseCase } from './revoke-session.use-case';
import { RevokeUserSessionsUseCase } from './revoke-user-sessions.use-case';
import { RotateRefreshUseCase } from './rotate-refresh.use-case';
import { SessionLivenessUseCase } from './session-liveness.use-case';
import { SessionRepository } from './session.repository';
import { SuccessorStash } from './successor-stash';
import { TypeOrmSessionRepository } from './typeorm-session.repository';

export const sessionProviders: Provider[] = [
  { provide: SessionRepository, useClass: TypeOrmSessionRepository },
  { provide: SuccessorStash, useClass: RedisSuccessorStash },
  RefreshTokenFactory,
  CreateSessionUseCase,
  RotateRefreshUseCase,
  RevokeReusedFamilyUseCase,
  RevokeSessionUseCase,
  RevokeUserSessionsUseCase,
  ListSessionsUseCase,
  SessionLivenessUseCase,
];
