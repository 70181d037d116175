import { Injectable } from '@nestjs/common';
import { RevokeUserSessionsReply, RevokeUserSessionsRequest } from '@portcullis/contracts';
import { Clock } from '@portcullis/common';
import { RevocationPublisher } from '../revocation/revocation.publisher';
import { SessionRepository } from './session.repository';

/** Ends every active session of a user, except optionally the caller's own (password change). */
@Injectable()
export class RevokeUserSessionsUseCase {
  constructor(
    private readonly sessions: SessionRepository,
    private readonly revocations: RevocationPublisher,
    private readonly clock: Clock,
  ) {}

  async execute(request: RevokeUserSessionsRequest): Promise<RevokeUserSessionsReply> {
    const { userId } = request;
    const except = request.exceptSessionId ?? null;
    const reason = typeof request.reason === 'string' && request.reason ? request.reason.slice(0, 64) : 'revoked';
    const revoked = await this.sessions.revokeUserFamilies(userId, except, reason, this.clock.now());
    await this.revocations.revokeSessions(revoked);
    return { revoked: revoked.length };
  }
}
