import { Injectable } from '@nestjs/common';
import { BusClient } from '@portcullis/bus';
import { AppError, domainEvent } from '@portcullis/common';
import { ErrorCode, Events, LogoutRequest, TokenPatterns } from '@portcullis/contracts';

/**
 * Logout ends the session the access token belongs to and denies that token's jti at once. The
 * token app records auth.logout in the transaction that ends the session.
 */
@Injectable()
export class LogoutUseCase {
  constructor(private readonly bus: BusClient) {}

  async execute({ principal, meta }: LogoutRequest): Promise<void> {
    const self = { type: 'user' as const, id: principal.userId };
    await this.bus
      .call(TokenPatterns.revokeSession, {
        userId: principal.userId,
        sessionId: principal.sessionId,
        reason: 'logout',
        accessJti: principal.jti,
        accessExpiresAt: principal.exp,
        announce: domainEvent(Events.logout, { subject: self, actor: self, data: { sessionId: principal.sessionId }, meta }),
      })
      .catch((err: AppError) => {
        // Already gone (revoked elsewhere): logging out again is still a success.
        if (err.code !== ErrorCode.SESSION_NOT_FOUND) throw err;
      });
  }
}
