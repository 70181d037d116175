import { Inject, Injectable } from '@nestjs/common';
import { AppError, Clock, domainEvent, epochSeconds, isUuid } from '@portcullis/common';
import { DomainEvent, ErrorCode, Events, RevokeSessionRequest } from '@portcullis/contracts';
import { TOKEN_SETTINGS, TokenSettings } from '../config/token.config';
import { RevocationPublisher } from '../revocation/revocation.publisher';
import { RevocationRepository } from '../revocation/revocation.repository';
import { jtiDeniedUntil } from '../revocation/revocation-window';
import { SessionRepository } from './session.repository';

const notFound = () => new AppError(ErrorCode.SESSION_NOT_FOUND, 'No such session');

/**
 * Ends one of the user's sessions (logout, "sign out that device"). Someone else's session id gets
 * the same answer as a made-up one, so ids cannot be probed. Revoking twice is fine, and
 * republishes, which also repairs a broadcast lost the first time.
 */
@Injectable()
export class RevokeSessionUseCase {
  constructor(
    private readonly sessions: SessionRepository,
    private readonly revocations: RevocationPublisher,
    private readonly revoked: RevocationRepository,
    private readonly clock: Clock,
    @Inject(TOKEN_SETTINGS) private readonly settings: TokenSettings,
  ) {}

  async execute(request: RevokeSessionRequest): Promise<void> {
    const { userId } = request;
    // The token in hand dies first and regardless: logout must work even for a session already gone.
    if (typeof request.accessJti === 'string' && request.accessJti) {
      const expiresAt = typeof request.accessExpiresAt === 'number' ? request.accessExpiresAt : undefined;
      await this.denyJti(request.accessJti.slice(0, 128), expiresAt);
    }
    if (!isUuid(request.sessionId)) throw notFound();
    const family = await this.sessions.findFamily(request.sessionId);
    if (!family || family.userId !== userId) throw notFound();
    const reason = typeof request.reason === 'string' && request.reason ? request.reason.slice(0, 64) : 'revoked';
    await this.sessions.revokeFamily(family.id, reason, this.clock.now(), sessionEndedEvent(reason, userId, family.id));
    await this.revocations.revokeSessions([family.id]);
  }

  /**
   * Durable first (PostgreSQL survives a Redis that loses its data), then Redis and the broadcast.
   * A statement of its own, not part of the session's transaction: the token must die even when
   * the session turns out to be someone else's or gone.
   */
  private async denyJti(jti: string, expiresAt: number | undefined): Promise<void> {
    const until = jtiDeniedUntil(epochSeconds(this.clock.now()), this.settings, expiresAt);
    if (until === null) return;
    await this.revoked.denyJti(jti, new Date(until * 1000));
    await this.revocations.denyJti(jti, until);
  }
}

/** The event a user's own ending of a session makes; other reasons (disabled user, …) have their own. */
function sessionEndedEvent(reason: string, userId: string, sessionId: string): DomainEvent | undefined {
  const self = { type: 'user' as const, id: userId };
  if (reason === 'logout') return domainEvent(Events.logout, { subject: self, actor: self, data: { sessionId } });
  if (reason === 'revoked_by_user')
    return domainEvent(Events.sessionRevoked, { subject: self, actor: self, data: { sessionId, reason } });
  return undefined;
}
