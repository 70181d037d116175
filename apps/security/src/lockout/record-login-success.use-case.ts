import { Injectable } from '@nestjs/common';
import { LoginAttempt, LoginSuccessReply } from '@portcullis/contracts';
import { DeviceTokens } from './device-token';
import { LoginAttemptStore } from './login-attempt.store';
import { counterOf } from './login-counter';
import { loginSubjectOf } from './login-subject';

/**
 * A correct password frees the attempt's slot and resets its counter (the account's, or the
 * trusted device's it was made from), so old typos never add up to a lock; and it gives the client
 * a fresh device token, which lets it past a lock that strangers cause later.
 */
@Injectable()
export class RecordLoginSuccessUseCase {
  constructor(
    private readonly store: LoginAttemptStore,
    private readonly devices: DeviceTokens,
  ) {}

  async execute(attempt: LoginAttempt): Promise<LoginSuccessReply> {
    const subject = loginSubjectOf(attempt);
    await this.store.clearFailures(counterOf(subject, this.devices).counter, subject.reservationId);
    return { deviceToken: this.devices.issue(subject.account), deviceTokenTtlSeconds: this.devices.ttlSeconds };
  }
}
