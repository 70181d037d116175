import { DomainEvent } from '@portcullis/contracts';
import { LockoutPolicy } from './lockout-policy';

/** Where an account and an IP stand before a password is checked. */
export interface LoginGate {
  /** Time left on the account's lock; 0 when it is not locked. */
  accountLockMs: number;
  /** Time until the IP is back under its failure limit; 0 when it already is (or no IP was given). */
  ipBlockedMs: number;
}

/** What a reservation attempt found: a lock or an IP block (refused), no slot free (wait), or a slot taken. */
export interface Reservation extends LoginGate {
  reserved: boolean;
}

export interface FailureCount {
  /** True only for the one failure that locked the account. */
  locked: boolean;
  /** The account's failures in its window; for an account already locked, the count that locked it. */
  failures: number;
  /** The IP's failures in its window (capped at its limit, which is all the throttle needs). */
  ipFailures: number;
}

/**
 * Failure counters and locks. Each method is one atomic step: with several replicas answering at
 * once, a read-then-write in the caller would let concurrent failures lock an account twice or
 * not at all. Accounts arrive already hashed (see login-subject.ts).
 */
/** auth.account.locked, as announced with the lock. */
export type LockEvent = DomainEvent<{ failures: number; lockedForSeconds: number }>;

export abstract class LoginAttemptStore {
  abstract inspect(account: string, ip: string | undefined, policy: LockoutPolicy): Promise<LoginGate>;
  /**
   * Unless the account is locked or the IP blocked, takes slot `id` for one password check, so
   * long as failures in the window plus checks in flight stay under `policy.maxFailures`.
   */
  abstract reserve(account: string, ip: string | undefined, id: string, policy: LockoutPolicy): Promise<Reservation>;
  /**
   * `lockEvent`, if this failure locks the account, reaches the bus event stream in the same atomic
   * step as the lock, with `data.failures` set to the count that locked it. `reservationId`, if
   * given, is freed in that same step.
   */
  abstract recordFailure(
    account: string,
    ip: string | undefined,
    policy: LockoutPolicy,
    lockEvent?: LockEvent,
    reservationId?: string,
  ): Promise<FailureCount>;
  /**
   * Frees `reservationId` (if given) and forgets the account's failures; the IP's stay, so a valid
   * login cannot launder a spraying IP.
   */
  abstract clearFailures(account: string, reservationId?: string): Promise<void>;
  /** Frees a reservation without counting anything (the check ended neither way). */
  abstract release(account: string, reservationId: string): Promise<void>;
  /**
   * Removes the lock and the failures; resolves true when there was a lock to remove. `announce`
   * is appended to the bus's event stream in the same atomic step as the removal.
   */
  abstract unlock(account: string, announce?: DomainEvent<Record<string, never>>): Promise<boolean>;
}
