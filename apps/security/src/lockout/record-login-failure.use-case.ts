import { Inject, Injectable, Logger } from '@nestjs/common';
import { domainEvent } from '@portcullis/common';
import { Events, LoginAttempt, LoginFailureReply } from '@portcullis/contracts';
import { DeviceTokens } from './device-token';
import { failedAuthAttempts } from './failed-auth.metric';
import { counterOf } from './login-counter';
import { LockEvent, LoginAttemptStore } from './login-attempt.store';
import { LOCKOUT_POLICY, LockoutPolicy } from './lockout-policy';
import { LoginSubject, loginSubjectOf } from './login-subject';

/**
 * Counts a failed login against the account (every IP together) and the IP (every account
 * together). The failure that reaches the limit locks the account and announces it once: the store
 * appends auth.account.locked to the bus event stream in the same atomic step as the lock, so the
 * audit trail cannot miss a lock that happened. The attempt's reservation becomes this failure in
 * the same step. An attempt checkLogin put on a trusted device counts against that device alone,
 * and locking it locks out only that device (it announces nothing: the account is not locked).
 */
@Injectable()
export class RecordLoginFailureUseCase {
  private readonly logger = new Logger(RecordLoginFailureUseCase.name);

  constructor(
    private readonly store: LoginAttemptStore,
    @Inject(LOCKOUT_POLICY) private readonly policy: LockoutPolicy,
    private readonly devices: DeviceTokens,
  ) {}

  async execute(attempt: LoginAttempt): Promise<LoginFailureReply> {
    const subject = loginSubjectOf(attempt);
    failedAuthAttempts().inc();
    const { counter, device } = counterOf(subject, this.devices);
    const announce = device ? undefined : this.lockEvent(subject);
    const { locked, failures } = await this.store.recordFailure(
      counter,
      subject.ip,
      this.policy,
      announce,
      subject.reservationId,
    );
    if (locked)
      this.logger.warn({
        msg: device ? 'device locked' : 'account locked',
        account: subject.account,
        failures,
        lockedForSeconds: this.lockedForSeconds(),
      });
    return { locked, failures };
  }

  /** Built for every failure, sent only with the one that locks (which fills in the real count). */
  private lockEvent(subject: LoginSubject): LockEvent {
    return domainEvent(Events.accountLocked, {
      // No user id is known here (security never looks accounts up); the email's hash stands in.
      subject: { type: 'user', id: subject.account },
      data: { failures: this.policy.maxFailures, lockedForSeconds: this.lockedForSeconds() },
    });
  }

  private lockedForSeconds(): number {
    return Math.round(this.policy.lockMs / 1000);
  }
}
