import { Inject, Injectable, Logger } from '@nestjs/common';
import { BusClient } from '@portcullis/bus';
import { domainEvent } from '@portcullis/common';
import { Events, LoginAttempt, LoginFailureReply } from '@portcullis/contracts';
import { failedAuthAttempts } from './failed-auth.metric';
import { LoginAttemptStore } from './login-attempt.store';
import { LOCKOUT_POLICY, LockoutPolicy } from './lockout-policy';
import { LoginSubject, loginSubjectOf } from './login-subject';

/**
 * Counts a failed login against the account (every IP together) and the IP (every account
 * together). The failure that reaches the limit locks the account and announces it once.
 */
@Injectable()
export class RecordLoginFailureUseCase {
  private readonly logger = new Logger(RecordLoginFailureUseCase.name);

  constructor(
    private readonly store: LoginAttemptStore,
    @Inject(LOCKOUT_POLICY) private readonly policy: LockoutPolicy,
    private readonly bus: BusClient,
  ) {}

  async execute(attempt: LoginAttempt): Promise<LoginFailureReply> {
    const subject = loginSubjectOf(attempt);
    failedAuthAttempts().inc();
    const { locked, failures } = await this.store.recordFailure(subject.account, subject.ip, this.policy);
    if (locked) await this.announceLock(subject, failures);
    return { locked, failures };
  }

  /**
   * The lock is already in force when this runs, so a bus failure here must not turn the reply
   * into an error: the caller would report a failed login instead of a locked account.
   */
  private async announceLock(subject: LoginSubject, failures: number): Promise<void> {
    const lockedForSeconds = Math.round(this.policy.lockMs / 1000);
    this.logger.warn({ msg: 'account locked', account: subject.account, failures, lockedForSeconds });
    const event = domainEvent(Events.accountLocked, {
      // No user id is known here (security never looks accounts up); the email's hash stands in.
      subject: { type: 'user', id: subject.account },
      data: { failures, lockedForSeconds },
      ...(subject.ip ? { meta: { ip: subject.ip } } : {}),
    });
    await this.bus.publish(Events.accountLocked, event).catch((err: Error) => {
      this.logger.error({ msg: 'could not publish auth.account.locked', account: subject.account, err: err.message });
    });
  }
}
