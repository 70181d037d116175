import { Inject, Injectable } from '@nestjs/common';
import { AppError } from '@portcullis/common';
import { CheckLoginReply, ErrorCode, LoginAttempt } from '@portcullis/contracts';
import { randomUUID } from 'crypto';
import { setTimeout as sleep } from 'timers/promises';
import { DeviceTokens } from './device-token';
import { LoginAttemptStore, Reservation } from './login-attempt.store';
import { LOCKOUT_POLICY, LockoutPolicy } from './lockout-policy';
import { loginSubjectOf } from './login-subject';
import { retryAfterSeconds } from './retry-after';

/** First and longest pause between tries for a slot: short next to a bcrypt compare (~250 ms). */
const FIRST_PAUSE_MS = 5;
const LONGEST_PAUSE_MS = 40;

/**
 * Asked before a password is checked; reserves the attempt in one atomic step, so however many
 * guesses arrive at once, at most LOCKOUT_MAX_FAILURES of them are ever compared (failures in the
 * window plus checks in flight). A guess beyond that waits, briefly, for a check in flight to end:
 * a correct one frees its slot, a wrong one becomes a failure and may lock the account, and then
 * the waiting guess is refused without a compare.
 *
 * A valid device token for this account (OWASP device cookies) moves the attempt onto that
 * device's own counter: a person who has logged in from this device before still gets in while
 * strangers have locked the account. A device whose own counter is locked is a stranger again.
 *
 * The answer depends only on counters, never on whether the account exists, so it reveals nothing
 * an attacker could enumerate.
 */
@Injectable()
export class CheckLoginUseCase {
  constructor(
    private readonly store: LoginAttemptStore,
    @Inject(LOCKOUT_POLICY) private readonly policy: LockoutPolicy,
    private readonly devices: DeviceTokens,
  ) {}

  async execute(attempt: LoginAttempt): Promise<CheckLoginReply> {
    const { account, ip, deviceToken } = loginSubjectOf(attempt);
    const id = randomUUID();
    const device = this.devices.counterOf(account, deviceToken);
    if (device) {
      const onDevice = await this.reserve(device, ip, id);
      if (onDevice.accountLockMs === 0) return this.granted(onDevice, id, true);
    }
    return this.granted(await this.reserve(account, ip, id), id, false);
  }

  private granted(found: Reservation, id: string, trustedDevice: boolean): CheckLoginReply {
    // The lock comes first: it is what the account holder needs to hear about, from any address.
    if (found.accountLockMs > 0) {
      throw new AppError(ErrorCode.AUTH_ACCOUNT_LOCKED, 'Account temporarily locked', {
        retryAfterSeconds: retryAfterSeconds(found.accountLockMs),
      });
    }
    if (found.ipBlockedMs > 0) {
      throw new AppError(ErrorCode.RATE_LIMITED, 'Too many failed logins from this address', {
        retryAfterSeconds: retryAfterSeconds(found.ipBlockedMs),
      });
    }
    if (!found.reserved) {
      throw new AppError(ErrorCode.RATE_LIMITED, 'Too many login attempts in progress for this account', {
        retryAfterSeconds: 1,
      });
    }
    return { reservation: { id, trustedDevice } };
  }

  /** Tries for a slot until one is free, the counter locks, or the wait runs out. */
  private async reserve(counter: string, ip: string | undefined, id: string): Promise<Reservation> {
    const deadline = Date.now() + this.policy.reservationWaitMs;
    let pause = FIRST_PAUSE_MS;
    for (;;) {
      const found = await this.store.reserve(counter, ip, id, this.policy);
      const left = deadline - Date.now();
      if (found.reserved || found.accountLockMs > 0 || found.ipBlockedMs > 0 || left <= 0) return found;
      // Jittered, so waiters released by one freed slot do not all retry in the same instant.
      await sleep(Math.min(left, pause / 2 + Math.random() * pause));
      pause = Math.min(pause * 2, LONGEST_PAUSE_MS);
    }
  }
}
