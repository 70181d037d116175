import { SecurityConfig } from '../config/security.config';

/** The numbers lockout decides with. Milliseconds, because the store's clock is Redis's. */
export interface LockoutPolicy {
  maxFailures: number;
  windowMs: number;
  lockMs: number;
  /** A reserved password check frees its slot by itself after this long (its caller died). */
  reservationTtlMs: number;
  /** How long a login waits for a free slot before it is refused. */
  reservationWaitMs: number;
  ipFailureLimit: number;
  ipWindowMs: number;
}

export const LOCKOUT_POLICY = Symbol('LOCKOUT_POLICY');

export function lockoutPolicyFrom(config: SecurityConfig): LockoutPolicy {
  return {
    maxFailures: config.LOCKOUT_MAX_FAILURES,
    windowMs: config.LOCKOUT_WINDOW_SECONDS * 1000,
    lockMs: config.LOCKOUT_DURATION_SECONDS * 1000,
    reservationTtlMs: config.LOCKOUT_RESERVATION_TTL_SECONDS * 1000,
    reservationWaitMs: config.LOCKOUT_RESERVATION_WAIT_MS,
    ipFailureLimit: config.IP_FAILURE_LIMIT,
    ipWindowMs: config.IP_FAILURE_WINDOW_SECONDS * 1000,
  };
}
