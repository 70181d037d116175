/** A login attempt as security counts it: by account (normalised email) and by client IP. */
export interface LoginAttempt {
  email: string;
  ip?: string;
  /**
   * The device token (the `pc_device` cookie) the client presented, if any. Security alone reads
   * it: a valid one for this account moves the attempt onto that device's own counter.
   */
  deviceToken?: string;
  /** The slot checkLogin reserved for this attempt; handed back with its failure or success. */
  reservation?: LoginReservation;
}

/**
 * One password check's place in the account's (or trusted device's) allowance: checkLogin takes it
 * atomically before the compare, a failure turns it into a counted failure, a success frees it,
 * and it expires by itself if the caller dies mid-compare.
 */
export interface LoginReservation {
  id: string;
  /** True when the attempt counts against a trusted device's counter rather than the account's. */
  trustedDevice: boolean;
}

export interface CheckLoginReply {
  reservation: LoginReservation;
}

export interface LoginSuccessReply {
  /** A fresh signed device token for the client to present at its next login. */
  deviceToken: string;
  /** Seconds the device token stays valid (the cookie's Max-Age). */
  deviceTokenTtlSeconds: number;
}

export interface LoginFailureReply {
  /** True when this failure locked the account. */
  locked: boolean;
  failures: number;
}

/** An admin clears a lockout (POST /admin/users/:id/unlock). */
export interface UnlockAccountRequest {
  email: string;
  /**
   * The account's user id: the security app then appends auth.account.unlocked (actor: the acting
   * principal from the request context) atomically with the unlock.
   */
  userId?: string;
}

export interface UnlockAccountReply {
  /** True when the account was locked and no longer is. */
  unlocked: boolean;
}
