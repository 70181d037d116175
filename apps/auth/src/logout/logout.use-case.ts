import { Injectable } from '@nestjs/common';
import { BusClient } from '@portcullis/bus';
import { AppError } from '@portcullis/common';
import { ErrorCode, LogoutRequest, TokenPatterns } from '@portcullis/contracts';

/**
 * Logout ends the session the access token belongs to and denies that token's jti at once. The
 * token app records auth.logout in the transaction that ends the session.
 */
@Injectable()
export class LogoutUseCase {
  constructor(private readonly bus: BusClient) {}

  async execute({ principal }: LogoutRequest): Promise<void> {
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
  }
}
