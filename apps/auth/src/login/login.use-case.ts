import { Injectable, Logger } from '@nestjs/common';
import { BusClient } from '@portcullis/bus';
import { AppError, currentOrigin, domainEvent, throwIfDeadlinePassed } from '@portcullis/common';
import {
  ErrorCode,
  Events,
  LoginAttempt,
  LoginReply,
  LoginRequest,
  SecurityPatterns,
  TokenPatterns,
  UserDto,
  UserPatterns,
} from '@portcullis/contracts';
import { sha256Hex } from '@portcullis/security';

type FailureReason = 'invalid_credentials' | 'locked' | 'throttled' | 'disabled';

/**
 * Login: lockout first, which reserves this attempt's place in the account's allowance (so a
 * locked account never gets a password check — no oracle — and a burst of parallel guesses gets no
 * more checks than the allowance), then the password, then a new session. The reservation always
 * ends: as a failure, as a success, or released. Failures count against the account and the IP
 * whether or not the account exists; the answer for unknown email and wrong password is the same.
 */
@Injectable()
export class LoginUseCase {
  private readonly logger = new Logger(LoginUseCase.name);

  constructor(private readonly bus: BusClient) {}

  async execute(request: LoginRequest): Promise<LoginReply> {
    const anonymous = { type: 'user' as const, id: sha256Hex(request.email.trim().toLowerCase()) };
    const attempt: LoginAttempt = { email: request.email, ip: currentOrigin().ip, deviceToken: request.deviceToken };
    try {
      attempt.reservation = (await this.bus.call(SecurityPatterns.checkLogin, attempt)).reservation;
    } catch (err) {
      const code = (err as AppError).code;
      if (code === ErrorCode.AUTH_ACCOUNT_LOCKED || code === ErrorCode.RATE_LIMITED) {
        await this.emitFailure(anonymous, code === ErrorCode.AUTH_ACCOUNT_LOCKED ? 'locked' : 'throttled');
      }
      throw err;
    }
    const user = await this.verify(request, attempt, anonymous);
    const { deviceToken, deviceTokenTtlSeconds } = await this.bus.call(SecurityPatterns.recordLoginSuccess, attempt);
    // A session nobody will receive is a live credential for no one: stop if the caller gave up.
    throwIfDeadlinePassed('creating the session');
    const session = await this.bus.call(TokenPatterns.createSession, {
      userId: user.id,
      roles: user.roles,
      deviceName: request.deviceName,
    });
    // auth.login.succeeded is committed by the token app with the session it announces.
    const { accessToken, refreshToken, tokenType, expiresIn } = session;
    return {
      accessToken,
      refreshToken,
      tokenType,
      expiresIn,
      device: { token: deviceToken, ttlSeconds: deviceTokenTtlSeconds },
    };
  }

  /** The password check; whatever it ends in, the attempt's reservation ends with it. */
  private async verify(
    request: LoginRequest,
    attempt: LoginAttempt,
    anonymous: { type: 'user'; id: string },
  ): Promise<UserDto> {
    try {
      return await this.bus.call(UserPatterns.verifyCredentials, { email: request.email, password: request.password });
    } catch (err) {
      const code = (err as AppError).code;
      if (code === ErrorCode.AUTH_INVALID_CREDENTIALS) {
        await this.bus.call(SecurityPatterns.recordLoginFailure, attempt);
        await this.emitFailure(anonymous, 'invalid_credentials');
      } else {
        // Disabled (the password matched, so nothing to count) or no answer at all (a timeout).
        await this.bus
          .call(SecurityPatterns.releaseLogin, attempt)
          .catch((e: unknown) => this.logger.warn({ msg: 'login reservation not released; it will expire', err: e }));
        if (code === ErrorCode.AUTH_ACCOUNT_DISABLED) await this.emitFailure(anonymous, 'disabled');
      }
      throw err;
    }
  }

  private async emitFailure(subject: { type: 'user'; id: string }, reason: FailureReason): Promise<void> {
    await this.bus.publish(Events.loginFailed, domainEvent(Events.loginFailed, { subject, data: { reason } }));
  }
}
