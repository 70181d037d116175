import { Injectable } from '@nestjs/common';
import { BusClient } from '@portcullis/bus';
import { AppError, domainEvent } from '@portcullis/common';
import { ErrorCode, Events, LogoutRequest, TokenPatterns } from '@portcullis/contracts';

/** Logout ends the session the access token belongs to and denies that token's jti at once. */
@Injectable()
export class LogoutUseCase {
  constructor(private readonly bus: BusClient) {}

  async execute({ principal, meta }: LogoutRequest): Promise<void> {
    await this.bus
      .call(TokenPatterns.revokeSession, {
        userId: principal.userId,
        sessionId: principal.sessionId,
        reason: 'logout',
        accessJti: principal.jti,
        accessExpiresAt: principal.exp,
      })
      .catch((err: AppError) => {
        // Already gone (revoked elsewhere): logging out again is still a success.
        if (err.code !== ErrorCode.SESSION_NOT_FOUND) throw err;
      });
    await this.bus.publish(
      Events.logout,
      domainEvent(Events.logout, {
        subject: { type: 'user', id: principal.userId },
        actor: { type: 'user', id: principal.userId },
        data: { sessionId: principal.sessionId },
        meta,
      }),
    );
  }
}
