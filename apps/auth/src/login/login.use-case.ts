import { Injectable } from '@nestjs/common';
import { BusClient } from '@portcullis/bus';
import { AppError, domainEvent, throwIfDeadlinePassed } from '@portcullis/common';
import { ErrorCode, Events, LoginRequest, SecurityPatterns, TokenPair, TokenPatterns, UserPatterns } from '@portcullis/contracts';
import { sha256Hex } from '@portcullis/security';

/**
 * Login: lockout first (so a locked account never gets a password check — no oracle), then the
 * password, then a new session. Failures count against the account and the IP whether or not the
 * account exists; the answer for unknown email and wrong password is the same.
 */
@Injectable()
export class LoginUseCase {
  constructor(private readonly bus: BusClient) {}

  async execute(request: LoginRequest): Promise<TokenPair> {
    const attempt = { email: request.email, ip: request.meta?.ip };
    const anonymous = { type: 'user' as const, id: sha256Hex(request.email.trim().toLowerCase()) };
    try {
      await this.bus.call(SecurityPatterns.checkLogin, attempt);
    } catch (err) {
      const reason = (err as AppError).code === ErrorCode.AUTH_ACCOUNT_LOCKED ? 'locked' : 'throttled';
      if (reason === 'locked' || (err as AppError).code === ErrorCode.RATE_LIMITED) {
        await this.emitFailure(anonymous, reason, request);
      }
      throw err;
    }
    const user = await this.bus.call(UserPatterns.verifyCredentials, { email: request.email, password: request.password }).catch(async (err: AppError) => {
      if (err.code === ErrorCode.AUTH_INVALID_CREDENTIALS) {
        await this.bus.call(SecurityPatterns.recordLoginFailure, attempt);
        await this.emitFailure(anonymous, 'invalid_credentials', request);
      } else if (err.code === ErrorCode.AUTH_ACCOUNT_DISABLED) {
        await this.emitFailure(anonymous, 'disabled', request);
      }
      throw err;
    });
    await this.bus.call(SecurityPatterns.recordLoginSuccess, attempt);
    // A session nobody will receive is a live credential for no one: stop if the caller gave up.
    throwIfDeadlinePassed('creating the session');
    const session = await this.bus.call(TokenPatterns.createSession, {
      userId: user.id,
      roles: user.roles,
      deviceName: request.deviceName,
      meta: request.meta,
    });
    // auth.login.succeeded is committed by the token app with the session it announces.
    const { accessToken, refreshToken, tokenType, expiresIn } = session;
    return { accessToken, refreshToken, tokenType, expiresIn };
  }

  private async emitFailure(subject: { type: 'user'; id: string }, reason: 'invalid_credentials' | 'locked' | 'throttled' | 'disabled', request: LoginRequest): Promise<void> {
    await this.bus.publish(Events.loginFailed, domainEvent(Events.loginFailed, { subject, data: { reason }, meta: request.meta }));
  }
}
