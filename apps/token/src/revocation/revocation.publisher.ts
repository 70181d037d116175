import { Revocation } from '@portcullis/contracts';

/**
 * Tells every gateway that access tokens are dead before they expire (DESIGN §5: refused within
 * 1 s, with no Redis call per request). Idempotent: publishing the same revocation twice is harmless.
 * Publishing comes after the revocation is durable in PostgreSQL (RevocationRepository, sessions).
 */
export abstract class RevocationPublisher {
  /** Every access token of these sessions (their `sid`), for as long as one can still be valid. */
  abstract revokeSessions(sessionIds: string[]): Promise<void>;

  /**
   * The access tokens of one session issued at or before `issuedBefore` (epoch seconds), for as long
   * as one of them can still be valid; those issued after it are left alone (an API key's roll).
   */
  abstract revokeSessionIssuedBefore(sessionId: string, issuedBefore: number): Promise<void>;

  /**
   * One access token by `jti`, until `expiresAt` (epoch seconds) when it dies anyway; when the caller
   * does not know it, for as long as any access token issued now could live.
   */
  abstract denyJti(jti: string, expiresAt?: number): Promise<void>;

  /**
   * Writes revocations read back from PostgreSQL into Redis again, each until its own `until`,
   * after Redis lost them. No broadcast: running gateways still hold them in memory.
   */
  abstract restore(revocations: Revocation[]): Promise<void>;
}
