import { Injectable } from '@nestjs/common';
import { LoginAttempt } from '@portcullis/contracts';
import { DeviceTokens } from './device-token';
import { LoginAttemptStore } from './login-attempt.store';
import { counterOf } from './login-counter';
import { loginSubjectOf } from './login-subject';

/**
 * Gives back the slot of a password check that ended neither right nor wrong (a timeout, an
 * outage), without counting it; had the caller died instead, the slot would expire by itself.
 */
@Injectable()
export class ReleaseLoginUseCase {
  constructor(
    private readonly store: LoginAttemptStore,
    private readonly devices: DeviceTokens,
  ) {}

  async execute(attempt: LoginAttempt): Promise<void> {
    const subject = loginSubjectOf(attempt);
    if (subject.reservationId)
      await this.store.release(counterOf(subject, this.devices).counter, subject.reservationId);
  }
}
