import { Revocation } from '@portcullis/contracts';

/**
 * The durable revocations, in PostgreSQL: what outlives a Redis that lost its data. Revoked
 * sessions are the refresh families' own `revoked_at`; an API key's exchanged tokens (their `sid`
 * is the key id) are ended by the key's `revoked_at` (all of them) and `rolled_at` (those issued up
 * to the roll); a denied access token (logout's `jti`) has a row of its own until the token would
 * have expired anyway.
 */
export abstract class RevocationRepository {
  /** Idempotent; a second denial of the same `jti` keeps the later expiry. */
  abstract denyJti(jti: string, until: Date): Promise<void>;

  /**
   * What is still in force at `now`: denied tokens not yet expired; sessions and API keys revoked
   * less than `sessionLifetimeSeconds` ago (after that no access token of theirs can still be
   * valid), each as a session revocation of every token; and keys rolled within that window and not
   * revoked, as a session revocation of the tokens issued at or before the roll (`issuedBefore`).
   */
  abstract listActive(now: Date, sessionLifetimeSeconds: number): Promise<Revocation[]>;

  /** Forgets denied tokens that have expired; returns how many went. */
  abstract pruneExpired(now: Date): Promise<number>;
}
