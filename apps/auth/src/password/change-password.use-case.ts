import { Injectable, Logger } from '@nestjs/common';
import { BusClient } from '@portcullis/bus';
import { AppError, currentOrigin, domainEvent } from '@portcullis/common';
import {
  ChangePasswordCommand,
  ErrorCode,
  Events,
  LoginAttempt,
  SecurityPatterns,
  UserPatterns,
} from '@portcullis/contracts';

type FailureReason = 'invalid_current_password' | 'locked' | 'throttled';

/**
 * A new password ends every other session; the one that changed it stays signed in. The user app
 * does both, and records auth.password.changed, in one transaction.
 *
 * The current password is checked like a login's, through the same lockout: a reserved slot first
 * (a locked account gets no check at all), a wrong answer counted against the account (or the
 * trusted device it came from) and audited, so a stolen session is no unthrottled password oracle.
 */
@Injectable()
export class ChangePasswordUseCase {
  private readonly logger = new Logger(ChangePasswordUseCase.name);

  constructor(private readonly bus: BusClient) {}

  async execute({ principal, currentPassword, newPassword, deviceToken }: ChangePasswordCommand): Promise<void> {
    const { email } = await this.bus.call(UserPatterns.findById, { id: principal.userId });
    const attempt: LoginAttempt = { email, ip: currentOrigin().ip, deviceToken };
    try {
      attempt.reservation = (await this.bus.call(SecurityPatterns.checkLogin, attempt)).reservation;
    } catch (err) {
      const code = (err as AppError).code;
      if (code === ErrorCode.AUTH_ACCOUNT_LOCKED || code === ErrorCode.RATE_LIMITED) {
        await this.audit(principal.userId, code === ErrorCode.AUTH_ACCOUNT_LOCKED ? 'locked' : 'throttled');
      }
      throw err;
    }
    try {
      await this.bus.call(UserPatterns.changePassword, {
        id: principal.userId,
        currentPassword,
        newPassword,
        keepSessionId: principal.sessionId,
      });
    } catch (err) {
      if ((err as AppError).code === ErrorCode.AUTH_INVALID_CREDENTIALS) {
        await this.bus.call(SecurityPatterns.recordLoginFailure, attempt);
        await this.audit(principal.userId, 'invalid_current_password');
      } else {
        // A weak new password, a timeout: the current one was not shown wrong, so nothing counts.
        await this.bus
          .call(SecurityPatterns.releaseLogin, attempt)
          .catch((e: unknown) => this.logger.warn({ msg: 'reservation not released; it will expire', err: e }));
      }
      throw err;
    }
    await this.bus.call(SecurityPatterns.recordLoginSuccess, attempt);
  }

  private async audit(userId: string, reason: FailureReason): Promise<void> {
    const subject = { type: 'user' as const, id: userId };
    await this.bus.publish(
      Events.passwordChangeFailed,
      domainEvent(Events.passwordChangeFailed, { subject, actor: subject, data: { reason } }),
    );
  }
}
