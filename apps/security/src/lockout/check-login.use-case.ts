import { Inject, Injectable } from '@nestjs/common';
import { AppError } from '@portcullis/common';
import { ErrorCode, LoginAttempt } from '@portcullis/contracts';
import { LoginAttemptStore } from './login-attempt.store';
import { LOCKOUT_POLICY, LockoutPolicy } from './lockout-policy';
import { loginSubjectOf } from './login-subject';
import { retryAfterSeconds } from './retry-after';

/**
 * Asked before a password is checked. The answer depends only on counters, never on whether the
 * account exists, so it reveals nothing an attacker could enumerate.
 */
@Injectable()
export class CheckLoginUseCase {
  constructor(
    private readonly store: LoginAttemptStore,
    @Inject(LOCKOUT_POLICY) private readonly policy: LockoutPolicy,
  ) {}

  async execute(attempt: LoginAttempt): Promise<void> {
    const { account, ip } = loginSubjectOf(attempt);
    const gate = await this.store.inspect(account, ip, this.policy);
    // The lock comes first: it is what the account holder needs to hear about, from any address.
    if (gate.accountLockMs > 0) {
      throw new AppError(ErrorCode.AUTH_ACCOUNT_LOCKED, 'Account temporarily locked', {
        retryAfterSeconds: retryAfterSeconds(gate.accountLockMs),
      });
    }
    if (gate.ipBlockedMs > 0) {
      throw new AppError(ErrorCode.RATE_LIMITED, 'Too many failed logins from this address', {
        retryAfterSeconds: retryAfterSeconds(gate.ipBlockedMs),
      });
    }
  }
}
