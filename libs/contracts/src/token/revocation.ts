/**
 * How revocations reach every gateway replica: a message on the `revocations` broadcast topic for
 * speed, and the same fact as a Redis key (TTL = the longest an affected access token can live).
 * The truth is in the token app's PostgreSQL tables: a gateway that starts or reconnects loads what
 * it missed from there (`token.listActiveRevocations`), and the Redis keys only when that fails.
 */
export type Revocation =
  /**
   * The access tokens of this session (`sid`): all of them, or with `issuedBefore` (epoch seconds)
   * only those issued at or before it (an API key's roll ends the tokens exchanged before it).
   */
  | { kind: 'session'; sessionId: string; until: number; issuedBefore?: number }
  | { kind: 'jti'; jti: string; until: number }
  /** Every access token of this user issued at or before `issuedBefore` (epoch seconds) is dead. */
  | { kind: 'user'; userId: string; issuedBefore: number; until: number };

export const REVOCATION_TOPIC = 'revocations';

/**
 * A partial session revocation has a key of its own, so one published late (a roll racing the key's
 * revocation) cannot overwrite the total one in Redis; a gateway that loads both keeps the total.
 */
export const revocationKeys = {
  pattern: (prefix: string) => `${prefix}:revoked:*`,
  of: (prefix: string, r: Revocation) =>
    r.kind === 'session'
      ? `${prefix}:revoked:session:${r.sessionId}${r.issuedBefore === undefined ? '' : ':issued-before'}`
      : r.kind === 'jti'
        ? `${prefix}:revoked:jti:${r.jti}`
        : `${prefix}:revoked:user:${r.userId}`,
};

/**
 * API-key notices, by the same mechanism (a broadcast for speed, a Redis key with a TTL for a
 * gateway that reconnects) on a topic and key space of their own, so a gateway that only knows
 * access-token revocations is not handed a kind it cannot apply. Without `rolledAt` the key is
 * revoked: refuse every secret of it. With `rolledAt` (epoch seconds) it was rolled: drop cached
 * verifications of it and verify again. Never keep a verification cached past `until`.
 */
export interface ApiKeyRevocation {
  kind: 'api-key';
  keyId: string;
  until: number;
  rolledAt?: number;
}

export const API_KEY_REVOCATION_TOPIC = 'api-key-revocations';

export const apiKeyRevocationKeys = {
  pattern: (prefix: string) => `${prefix}:revoked-api-key:*`,
  of: (prefix: string, r: ApiKeyRevocation) =>
    `${prefix}:revoked-api-key:${r.keyId}${r.rolledAt === undefined ? '' : ':rolled'}`,
};
