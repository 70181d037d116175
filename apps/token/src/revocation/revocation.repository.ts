import { Revocation } from '@portcullis/contracts';

/**
 * The durable revocations, in PostgreSQL: what outlives a Redis that lost its data. Revoked
 * sessions are the refresh families' own `revoked_at`; a denied access token (logout's `jti`) has
 * a row of its own until the token would have expired anyway.
 */
export abstract class RevocationRepository {
  /** Idempotent; a second denial of the same `jti` keeps the later expiry. */
  abstract denyJti(jti: string, until: Date): Promise<void>;

  /**
   * What is still in force at `now`: denied tokens not yet expired, and sessions revoked less than
   * `sessionLifetimeSeconds` ago (after that no access token of theirs can still be valid).
   */
  abstract listActive(now: Date, sessionLifetimeSeconds: number): Promise<Revocation[]>;

  /** Forgets denied tokens that have expired; returns how many went. */
  abstract pruneExpired(now: Date): Promise<number>;
}
