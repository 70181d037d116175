import { Inject, Injectable, Logger } from '@nestjs/common';
import { domainEvent } from '@portcullis/common';
import { Events, LoginAttempt, LoginFailureReply } from '@portcullis/contracts';
import { failedAuthAttempts } from './failed-auth.metric';
import { LockEvent, LoginAttemptStore } from './login-attempt.store';
import { LOCKOUT_POLICY, LockoutPolicy } from './lockout-policy';
import { LoginSubject, loginSubjectOf } from './login-subject';

/**
 * Counts a failed login against the account (every IP together) and the IP (every account
 * together). The failure that reaches the limit locks the account and announces it once: the store
 * appends auth.account.locked to the bus event stream in the same atomic step as the lock, so the
 * audit trail cannot miss a lock that happened.
 */
@Injectable()
export class RecordLoginFailureUseCase {
  private readonly logger = new Logger(RecordLoginFailureUseCase.name);

  constructor(
    private readonly store: LoginAttemptStore,
    @Inject(LOCKOUT_POLICY) private readonly policy: LockoutPolicy,
  ) {}

  async execute(attempt: LoginAttempt): Promise<LoginFailureReply> {
    const subject = loginSubjectOf(attempt);
    failedAuthAttempts().inc();
    const { locked, failures } = await this.store.recordFailure(subject.account, subject.ip, this.policy, this.lockEvent(subject));
    if (locked) this.logger.warn({ msg: 'account locked', account: subject.account, failures, lockedForSeconds: this.lockedForSeconds() });
    return { locked, failures };
  }

  /** Built for every failure, sent only with the one that locks (which fills in the real count). */
  private lockEvent(subject: LoginSubject): LockEvent {
    return domainEvent(Events.accountLocked, {
      // No user id is known here (security never looks accounts up); the email's hash stands in.
      subject: { type: 'user', id: subject.account },
      data: { failures: this.policy.maxFailures, lockedForSeconds: this.lockedForSeconds() },
      ...(subject.ip ? { meta: { ip: subject.ip } } : {}),
    });
  }

  private lockedForSeconds(): number {
    return Math.round(this.policy.lockMs / 1000);
  }
}
