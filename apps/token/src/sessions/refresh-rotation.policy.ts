import { RefreshFamilyRecord, RefreshTokenRecord } from './session.repository';

/**
 * What presenting a refresh token means:
 * - `invalid`: unknown, expired, or its session has ended (AUTH_INVALID_REFRESH).
 * - `rotate`: unspent; spend it and issue a successor.
 * - `grace`: spent moments ago; a client retry or a concurrent duplicate gets the same successor.
 * - `reuse`: spent earlier than that; someone is replaying it, so the whole family is revoked.
 */
export type RotationDecision = 'invalid' | 'rotate' | 'grace' | 'reuse';

export function decideRotation(
  found: { token: RefreshTokenRecord; family: RefreshFamilyRecord } | null,
  now: Date,
  graceSeconds: number,
): RotationDecision {
  if (!found) return 'invalid';
  const { token, family } = found;
  const t = now.getTime();
  if (family.revokedAt || family.expiresAt.getTime() <= t || token.expiresAt.getTime() <= t) return 'invalid';
  if (!token.spentAt) return 'rotate';
  return t - token.spentAt.getTime() <= graceSeconds * 1000 ? 'grace' : 'reuse';
}
