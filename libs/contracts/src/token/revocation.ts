/**
 * How revocations reach every gateway replica: a message on the `revocations` broadcast topic for
 * speed, and the same fact as a Redis key (TTL = the longest an affected access token can live).
 * The truth is in the token app's PostgreSQL tables: a gateway that starts or reconnects loads what
 * it missed from there (`token.listActiveRevocations`), and the Redis keys only when that fails.
 */
export type Revocation =
  | { kind: 'session'; sessionId: string; until: number }
  | { kind: 'jti'; jti: string; until: number }
  /** Every access token of this user issued at or before `issuedBefore` (epoch seconds) is dead. */
  | { kind: 'user'; userId: string; issuedBefore: number; until: number };

export const REVOCATION_TOPIC = 'revocations';

export const revocationKeys = {
  pattern: (prefix: string) => `${prefix}:revoked:*`,
  of: (prefix: string, r: Revocation) =>
    r.kind === 'session' ? `${prefix}:revoked:session:${r.sessionId}` : r.kind === 'jti' ? `${prefix}:revoked:jti:${r.jti}` : `${prefix}:revoked:user:${r.userId}`,
};
