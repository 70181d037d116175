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
