import { Revocation } from '../revocation';

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  tokenType: 'Bearer';
  /** Access-token lifetime in seconds. */
  expiresIn: number;
}

/** One login = one session = one refresh-token family; auth.login.succeeded commits with it. */
export interface CreateSessionRequest {
  userId: string;
  roles: string[];
  deviceName?: string;
}

export interface CreateSessionReply extends TokenPair {
  sessionId: string;
}

/**
 * Spends a refresh token and returns its successor. A spent token presented again revokes the whole
 * family (AUTH_REFRESH_REUSED) unless it is a duplicate within the grace window, which gets the same
 * successor. Unknown, expired or revoked: AUTH_INVALID_REFRESH.
 */
export interface RotateRefreshRequest {
  refreshToken: string;
}

export interface RotateRefreshReply {
  userId: string;
  sessionId: string;
  refreshToken: string;
}

export interface SignAccessRequest {
  userId: string;
  roles: string[];
  sessionId: string;
}

export interface SignAccessReply {
  accessToken: string;
  expiresIn: number;
}

export interface RevokeSessionRequest {
  userId: string;
  sessionId: string;
  /**
   * `logout` and `revoked_by_user` make the token app record auth.logout / auth.session.revoked in
   * the transaction that revokes the session (only if this call revoked it).
   */
  reason: string;
  /** The access token in hand when logging out: denied at once, even before the session check. */
  accessJti?: string;
  accessExpiresAt?: number;
}

export interface RevokeUserSessionsRequest {
  userId: string;
  /** Keep this one (the caller's own session after a password change). */
  exceptSessionId?: string;
  reason: string;
}

export interface RevokeUserSessionsReply {
  revoked: number;
}

export interface ListSessionsRequest {
  userId: string;
}

/**
 * Whether `sessionId` is still a live session of `userId`: a login's refresh family not revoked and
 * not past its (sliding) expiry, or an API key's id (the `sid` of what it authenticates) not revoked
 * and not expired. What an agent's renewal requires of the session its chain descends from.
 */
export interface SessionLiveRequest {
  userId: string;
  sessionId: string;
}

export interface SessionLiveReply {
  live: boolean;
}

export interface SessionDto {
  id: string;
  deviceName: string | null;
  ip: string | null;
  userAgent: string | null;
  createdAt: string;
  lastUsedAt: string;
}

/** RFC 7517 JWK Set with public keys only. */
export interface JwkSet {
  keys: Array<Record<string, unknown> & { kid: string; kty: string; alg?: string; use?: string }>;
}

/** Who asked, for the token.signing_key.rotated event committed with the new key. */
export interface RotateSigningKeyRequest {
  actorId?: string;
}

export interface RotateSigningKeyReply {
  kid: string;
}

/**
 * Every revocation still in force (an access token it covers could still be presented), read from
 * PostgreSQL, the source of truth: what a gateway loads when it starts or its Redis comes back.
 */
export interface ActiveRevocationsReply {
  revocations: Revocation[];
}
