import { DomainEvent } from '../../events/domain-event';
/** A login attempt as security counts it: by account (normalised email) and by client IP. */
export interface LoginAttempt {
  email: string;
  ip?: string;
}

export interface LoginFailureReply {
  /** True when this failure locked the account. */
  locked: boolean;
  failures: number;
}

/** An admin clears a lockout (POST /admin/users/:id/unlock). */
export interface UnlockAccountRequest {
  email: string;
  /** auth.account.unlocked, appended to the event stream atomically with the unlock. */
  announce?: DomainEvent<Record<string, never>>;
}

export interface UnlockAccountReply {
  /** True when the account was locked and no longer is. */
  unlocked: boolean;
}
