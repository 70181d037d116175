import { Injectable, Logger } from '@nestjs/common';
import { BusClient } from '@portcullis/bus';
import { AppError, domainEvent } from '@portcullis/common';
import { ErrorCode, Events, RequestMeta } from '@portcullis/contracts';
import { Clock } from '../common/clock';
import { RevocationPublisher } from '../revocation/revocation.publisher';
import { RefreshFamilyEntity } from './refresh-family.entity';
import { SessionRepository } from './session.repository';

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
    private readonly bus: BusClient,
    private readonly clock: Clock,
  ) {}

  async execute(family: RefreshFamilyEntity, meta?: RequestMeta): Promise<never> {
    const revokedNow = await this.sessions.revokeFamily(family.id, REUSE_REASON, this.clock.now());
    // Only the call that revoked announces it, so concurrent replays make one event, not several.
    if (revokedNow) await this.announce(family, meta);
    throw new AppError(ErrorCode.AUTH_REFRESH_REUSED, 'The refresh token was already used; the session has been revoked');
  }

  /**
   * The revocation is already durable in PostgreSQL; a failure to broadcast or emit is logged and
   * must not turn the answer into a 500 that hides what happened from the client.
   */
  private async announce(family: RefreshFamilyEntity, meta?: RequestMeta): Promise<void> {
    const event = domainEvent(Events.refreshReused, {
      subject: { type: 'user', id: family.userId },
      data: { sessionId: family.id },
      meta,
    });
    const results = await Promise.allSettled([this.revocations.revokeSessions([family.id]), this.bus.publish(Events.refreshReused, event)]);
    results.forEach((r) => r.status === 'rejected' && this.logger.error(`Announcing refresh reuse of session ${family.id} failed: ${String(r.reason)}`));
  }
}
