import { Injectable, Logger } from '@nestjs/common';
import { AppError, Clock, domainEvent } from '@portcullis/common';
import { ErrorCode, Events } from '@portcullis/contracts';
import { RevocationPublisher } from '../revocation/revocation.publisher';
import { RefreshFamilyRecord, SessionRepository } from './session.repository';

export const REUSE_REASON = 'refresh_reused';

/**
 * A spent refresh token came back after the grace window: either the client or a thief holds a
 * copy, and there is no telling which, so the whole family (that login's session) ends. Other
 * sessions of the same user are left alone. The caller always gets AUTH_REFRESH_REUSED.
 */
@Injectable()
export class RevokeReusedFamilyUseCase {
  private readonly logger = new Logger('RefreshReuse');

  constructor(
    private readonly sessions: SessionRepository,
    private readonly revocations: RevocationPublisher,
    private readonly clock: Clock,
  ) {}

  async execute(family: RefreshFamilyRecord): Promise<never> {
    const event = domainEvent(Events.refreshReused, {
      subject: { type: 'user', id: family.userId },
      data: { sessionId: family.id },
    });
    // The event commits with the revocation (outbox), and only for the call that revoked, so
    // concurrent replays make one event, and a crash right after the commit still announces it.
    const revokedNow = await this.sessions.revokeFamily(family.id, REUSE_REASON, this.clock.now(), event);
    if (revokedNow) await this.broadcastRevocation(family);
    throw new AppError(
      ErrorCode.AUTH_REFRESH_REUSED,
      'The refresh token was already used; the session has been revoked',
    );
  }

  /**
   * The revocation is already durable in PostgreSQL; a failed broadcast is logged and must not
   * turn the answer into a 500 that hides what happened from the client.
   */
  private async broadcastRevocation(family: RefreshFamilyRecord): Promise<void> {
    await this.revocations.revokeSessions([family.id]).catch((err: unknown) => {
      this.logger.error(`Broadcasting the revocation of session ${family.id} failed: ${String(err)}`);
    });
  }
}
