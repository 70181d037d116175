import { Injectable } from '@nestjs/common';
import { BusClient } from '@portcullis/bus';
import { AppError } from '@portcullis/common';
import { ErrorCode, RefreshRequest, TokenPair, TokenPatterns, UserPatterns } from '@portcullis/contracts';

/**
 * Refresh: token spends the refresh token (and handles reuse and the grace window); the new access
 * token carries the user's *current* roles, and a disabled user gets no new tokens at all.
 */
@Injectable()
export class RefreshUseCase {
  constructor(private readonly bus: BusClient) {}

  async execute(request: RefreshRequest): Promise<TokenPair> {
    const rotated = await this.bus.call(TokenPatterns.rotateRefresh, request);
    const user = await this.bus.call(UserPatterns.findById, { id: rotated.userId }).catch((err: AppError) => {
      throw err.code === ErrorCode.USER_NOT_FOUND
        ? new AppError(ErrorCode.AUTH_INVALID_REFRESH, 'Refresh token is not valid')
        : err;
    });
    if (!user.isActive) {
      await this.bus.call(TokenPatterns.revokeSession, {
        userId: user.id,
        sessionId: rotated.sessionId,
        reason: 'user_disabled',
      });
      throw new AppError(ErrorCode.AUTH_ACCOUNT_DISABLED, 'This account is disabled');
    }
    const access = await this.bus.call(TokenPatterns.signAccess, {
      userId: user.id,
      roles: user.roles,
      sessionId: rotated.sessionId,
    });
    return {
      accessToken: access.accessToken,
      refreshToken: rotated.refreshToken,
      tokenType: 'Bearer',
      expiresIn: access.expiresIn,
    };
  }
}
